"""``kubelearn`` with no command: start the tutor in the terminal.

Textual is imported only here, and only once the terminal has been found interactive, so
every other command starts without it.
"""

from __future__ import annotations

import argparse
import sys

from kubelearn.cli.common import UsageError, data_dir, lang, lessons_root


def run(args: argparse.Namespace) -> int:
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        raise UsageError(
            "the tutor needs an interactive terminal; see `kubelearn --help` for the commands"
        )
    root = lessons_root(args)
    language = lang(args)
    from kubelearn.course.cache import load_course_soon
    from kubelearn.paths import cache_dir, progress_path
    from kubelearn.progress import ProgressStore
    from kubelearn.ui.run import run_tutor

    # Parsed (on a cold cache, in a forked child) while run_tutor imports Textual.
    course = load_course_soon(root, language, cache_dir(data_dir(args)))
    store = ProgressStore(progress_path(data_dir(args)))
    return run_tutor(course, store, language)
