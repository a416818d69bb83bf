"""``kubelearn`` with no command: start the tutor in the terminal.

Textual is imported only here, and only once the terminal has been found interactive, so
every other command starts without it.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from kubelearn.cli.common import UsageError, data_dir, lang, lessons_root


def add_class_option(parser: argparse.ArgumentParser) -> None:
    """``--class-dir DIR``, not in ``--help``: what ``kubelearn serve`` runs for each browser
    (class mode: the join screen first, the student's progress in the class database)."""
    parser.add_argument("--class-dir", dest="class_dir", default=None, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    class_dir = getattr(args, "class_dir", None)
    # Under `kubelearn serve` stdin and stdout are textual-serve's pipes, and Textual's web
    # driver (which textual-serve names in TEXTUAL_DRIVER) draws on them.
    served = bool(class_dir) and "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")
    if not served and (not sys.stdout.isatty() or not sys.stdin.isatty()):
        raise UsageError(
            "the tutor needs an interactive terminal; see `kubelearn --help` for the commands"
        )
    root = lessons_root(args)
    language = lang(args)
    # No garbage collection while starting: importing Textual and reading the course make
    # objects that live as long as the process, and the collector scanning them again and
    # again took about a tenth of the start. run_tutor freezes them and turns it back on.
    gc.disable()
    try:
        return _start(args, root, language, class_dir)
    finally:
        gc.enable()  # run_tutor turned it on already, unless it stopped before the app ran


def _start(args: argparse.Namespace, root: Path | None, language: str, class_dir: str | None
           ) -> int:
    from kubelearn.course.cache import load_course_soon
    from kubelearn.paths import cache_dir, progress_path
    from kubelearn.progress import ProgressStore
    from kubelearn.ui.run import run_tutor

    # Parsed (on a cold cache, in a forked child) while run_tutor imports Textual.
    course = load_course_soon(root, language, cache_dir(data_dir(args)))
    if class_dir:
        from kubelearn.ui.run import run_class

        return run_class(course(), Path(class_dir), language)
    store = ProgressStore(progress_path(data_dir(args)))
    return run_tutor(course, store, language)
