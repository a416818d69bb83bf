"""``kubelearn class watch CLASSDIR``: the instructor's live view of a class (registered by
:mod:`kubelearn.cli.classroom` under ``kubelearn class``).

Reads the class folder that ``kubelearn serve`` writes (``class.db``, ``class.toml``) while
the class works; it only reads, so it can run beside the server, on a copy of the folder,
or after the class.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kubelearn.cli.common import UsageError, add_common, data_dir, lang, lessons_root, shown_path

COMMAND = "class watch"


def add_subparser(class_subparsers: Any) -> argparse.ArgumentParser:
    """Register ``watch`` under ``kubelearn class``."""
    from kubelearn.classroom.watch import DEFAULT_STUCK_MINUTES

    parser = class_subparsers.add_parser(
        "watch", help="watch a class live: who is where, who is stuck, what fails",
        description="A live grid of the class's students x lessons, where each one is, who "
                    "is stuck, and the exercises and findings the class gets wrong most. "
                    "Keys: s sort, n/p/i/t by name/progress/idle/stuck, q quit.",
    )
    parser.add_argument("class_dir", metavar="CLASSDIR",
                        help="the class folder (kubelearn serve prints it)")
    parser.add_argument("--stuck-minutes", type=int, default=DEFAULT_STUCK_MINUTES,
                        metavar="N", help="stuck after N minutes without progress "
                                          f"(default {DEFAULT_STUCK_MINUTES})")
    add_common(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        raise UsageError("the watch needs an interactive terminal", COMMAND)
    if args.stuck_minutes < 1:
        raise UsageError("--stuck-minutes must be at least 1", COMMAND)
    folder = Path(args.class_dir)
    if not (folder / "class.db").is_file():
        raise UsageError(f"{shown_path(folder)}: not a class folder (no class.db); "
                         "`kubelearn serve` makes one", COMMAND)
    from kubelearn.classroom.db import ClassDB, ClassDBError
    from kubelearn.classroom.serve import read_class
    from kubelearn.classroom.watch import ClassWatch
    from kubelearn.course.cache import load_course_cached
    from kubelearn.paths import cache_dir

    language = lang(args)
    course = load_course_cached(lessons_root(args), language, cache_dir(data_dir(args)))
    info = read_class(folder)
    try:
        db = ClassDB(folder)
    except ClassDBError as exc:
        raise UsageError(str(exc), COMMAND) from None
    from kubelearn.ui.screens.class_watch import ClassWatchApp

    try:
        watch = ClassWatch(db, course, stuck_minutes=args.stuck_minutes)
        ClassWatchApp(watch, info.name if info else folder.resolve().name, language).run()
    finally:
        db.close()
    return 0
