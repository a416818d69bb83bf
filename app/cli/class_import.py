"""``kubelearn class import CLASSDIR FILE... [--name NAME]``: add learners' exports to a class.

Each FILE is what ``kubelearn progress export`` wrote on a learner's laptop. Every file is
read and checked before anything is written, so one damaged file in a batch imports nothing
and says which file and why (exit 2). Importing is a merge: a student already in the class
keeps what they did and gains what the export adds; importing a file twice adds nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kubelearn.cli.common import EXIT_OK, UsageError, one_line, shown_path

COMMAND = "class import"


def add_subparser(class_subparsers: Any) -> argparse.ArgumentParser:
    """Register ``import`` under ``kubelearn class``."""
    parser = class_subparsers.add_parser(
        "import", help="add learners' progress exports to a class",
        description="Add progress exports (from `kubelearn progress export`) to the class in "
                    "CLASSDIR (created if missing). A student already in the class is merged: "
                    "nothing they did is lost, and importing a file twice adds nothing.",
    )
    parser.add_argument("class_dir", metavar="CLASSDIR", help="the class folder")
    parser.add_argument("files", metavar="FILE", nargs="+", help="an export file")
    parser.add_argument("--name", help="the student's name (one FILE only; default: the name "
                                       "in the export, else the file's name without .json)")
    return parser


def _read(path: str, name: str | None) -> tuple[str, Any]:
    """The student's name and the export in ``path``; UsageError in one line otherwise."""
    from kubelearn.classroom.db import InvalidName, shown_name
    from kubelearn.classroom.export import MAX_EXPORT_BYTES, ExportError, read_export
    from kubelearn.readfile import read_limited

    where = shown_path(path)
    try:
        raw = read_limited(path, MAX_EXPORT_BYTES)[0]
    except FileNotFoundError:
        raise UsageError(f"{where}: no such file", COMMAND) from None
    except OSError as exc:
        raise UsageError(f"{where}: cannot read it ({one_line(exc.strerror or exc)})",
                         COMMAND) from None
    try:
        export = read_export(raw)
    except ExportError as exc:
        raise UsageError(f"{where}: {one_line(exc)}", COMMAND) from None
    chosen = name or export.name or Path(path).name.removesuffix(".json")
    try:
        return shown_name(chosen), export
    except InvalidName as exc:
        hint = "" if name else " (give one with --name)"
        raise UsageError(f"{where}: the student's name cannot be used: {one_line(exc)}{hint}",
                         COMMAND) from None


def run(args: argparse.Namespace) -> int:
    from kubelearn.classroom.db import ClassDB, ClassDBError

    if args.name is not None and len(args.files) > 1:
        raise UsageError("--name names one student: give one FILE with it", COMMAND)
    exports = [_read(path, args.name) for path in args.files]
    try:
        db = ClassDB(args.class_dir)
    except ClassDBError as exc:
        raise UsageError(one_line(exc), COMMAND) from None
    try:
        for (name, export), path in zip(exports, args.files, strict=True):
            try:
                student = db.join(name)
                new = db.merge(student, export.progress, export.events)
            except ClassDBError as exc:
                raise UsageError(f"{shown_path(path)}: {one_line(exc)}", COMMAND) from None
            print(f"{shown_path(path)}: {one_line(student.name)} (student {student.id}): "
                  f"{new} new event{'s' if new != 1 else ''}")
    finally:
        db.close()
    sys.stdout.flush()
    return EXIT_OK
