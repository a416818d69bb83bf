"""``kubelearn class report CLASSDIR [--out DIR] [--format html,csv,junit,json]``: what a class
did, as files an instructor keeps, opens in a spreadsheet or hands to CI and GitHub Classroom.

The formats are :mod:`kubelearn.classroom.report`'s; the README documents each file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kubelearn.cli.class_list import open_class
from kubelearn.cli.common import (
    EXIT_OK,
    UsageError,
    add_common,
    lang,
    load,
    one_line,
    shown_path,
)
from kubelearn.writefile import write_atomically

COMMAND = "class report"
#: Each format and the file it is written to.
FILES = {"html": "report.html", "csv": "gradebook.csv", "junit": "junit.xml",
         "json": "autograding.json"}


def add_subparser(class_subparsers: Any) -> argparse.ArgumentParser:
    """Register ``report`` under ``kubelearn class``."""
    parser = class_subparsers.add_parser(
        "report", help="write a class's report and grades (HTML, CSV, JUnit, JSON)",
        description="Write the report of the class in CLASSDIR: report.html (completion, "
                    "time, hardest exercises, commonest findings, a row per student), "
                    "gradebook.csv (a row per student), junit.xml (a test case per exercise "
                    "per student) and autograding.json (GitHub Classroom's autograding "
                    "result).",
    )
    parser.add_argument("class_dir", metavar="CLASSDIR", help="the class folder")
    parser.add_argument("--out", metavar="DIR",
                        help="the folder to write to (default: CLASSDIR/report)")
    parser.add_argument("--format", default=",".join(FILES), metavar="LIST",
                        help=f"which files, comma-separated (default: {','.join(FILES)})")
    add_common(parser)
    return parser


def _formats(text: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [f for f in chosen if f not in FILES]
    if unknown or not chosen:
        raise UsageError(f"--format: {one_line(', '.join(unknown) or text)!s} is not one of "
                         f"{', '.join(FILES)}", COMMAND)
    return list(dict.fromkeys(chosen))


def _class_name(folder: Path) -> str | None:
    from kubelearn.classroom.serve import read_class

    info = read_class(folder)
    return info.name if info else None


def run(args: argparse.Namespace) -> int:
    from kubelearn.classroom import report as render

    formats = _formats(args.format)
    folder = Path(args.class_dir)
    out = Path(args.out) if args.out else folder / "report"
    db = open_class(args.class_dir, COMMAND)
    try:
        course = load(args)
        report = render.build_report(db, course, _class_name(folder))
    finally:
        db.close()
    writers = {
        "html": lambda: render.to_html(report, lang(args)).encode("utf-8", errors="replace"),
        "csv": lambda: render.to_csv(report).encode("utf-8-sig", errors="replace"),
        "junit": lambda: render.to_junit(report),
        "json": lambda: (json.dumps(render.to_autograding(report), ensure_ascii=False,
                                    indent=2) + "\n").encode("utf-8", errors="replace"),
    }
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name in formats:
            write_atomically(out / FILES[name], writers[name]())
    except OSError as exc:
        raise UsageError(f"--out {shown_path(out)}: cannot write there "
                         f"({one_line(exc.strerror or exc)})", COMMAND) from None
    if not report.students:
        print(f"{shown_path(folder)}: the class has no students yet; the report says so.",
              file=sys.stderr)
    for name in formats:
        print(shown_path(out / FILES[name]))
    return EXIT_OK
