"""``kubelearn grade DIR``: grade a repository of answer files, for CI and GitHub Classroom.

Each exercise's answer is ``<exercise id>.yaml`` (or ``.yml``) anywhere under DIR, or the
file a ``--map`` names; it is judged exactly as the tutor judges it. Exit status: 0 when every
exercise passed, 1 when some did not, 2 for a usage mistake.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kubelearn.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    add_common,
    emit,
    json_text,
    lang,
    load,
    one_line,
    shown_path,
)

COMMAND = "grade"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``grade``."""
    parser = subparsers.add_parser(
        "grade", help="grade a repository of answer files (for CI)",
        description="Check the answer files in DIR against the course's exercises, the way "
                    "the tutor checks them, and print the points. An exercise's answer is "
                    "<exercise id>.yaml (or .yml) anywhere under DIR, or the file --map names. "
                    "Exit 0 when all passed, 1 when some did not, 2 for a usage mistake.",
    )
    parser.add_argument("dir", metavar="DIR", help="the repository (folder) of answers")
    parser.add_argument("--map", metavar="FILE",
                        help="a YAML or JSON mapping of exercise id to answer file (relative "
                             "to DIR); only the exercises it names are graded")
    parser.add_argument("--format", choices=("text", "junit", "json"), default="text",
                        help="text (default), junit (JUnit XML) or json (GitHub Classroom's "
                             "autograding result)")
    add_common(parser, data_dir=True)
    return parser


def _text(results: list, out: Any) -> None:  # type: ignore[type-arg]
    width = max((len(g.exercise.id) for g in results), default=0)
    for g in results:
        mark = "PASS" if g.passed else "FAIL"
        where = f"  {one_line(g.path)}" if g.path else ""
        out.write(f"{mark}  {one_line(g.exercise.id).ljust(width)}{where}".rstrip() + "\n")
        if not g.passed:
            out.write(f"      {one_line(g.message)}\n")
    points = sum(g.score for g in results)
    out.write(f"Points: {points}/{len(results)}\n")


def run(args: argparse.Namespace) -> int:
    from kubelearn.classroom.grade import GradeError, grade, read_mapping, to_autograding, to_junit

    root = Path(args.dir)
    if not root.is_dir():
        what = "not a folder" if root.exists() else "no such directory"
        raise UsageError(f"{shown_path(root)}: {what}", COMMAND)
    course = load(args)
    try:
        mapping = read_mapping(args.map, course) if args.map else None
    except GradeError as exc:
        raise UsageError(one_line(exc), COMMAND) from None
    results = grade(root, course, mapping, lang(args))
    if not results:
        raise UsageError("the course has no exercises to grade", COMMAND)
    status = EXIT_OK if all(g.passed for g in results) else EXIT_PROBLEMS
    if args.format == "json":
        return emit(status, lambda out: out.write(json_text(to_autograding(results)) + "\n"))
    if args.format == "junit":
        name = f"kubelearn grade {root.resolve().name}"
        return emit(status, lambda out: out.write(to_junit(results, name).decode("utf-8")))
    return emit(status, lambda out: _text(results, out))
