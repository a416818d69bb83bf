"""Starting the tutor from the command line: check the terminal, then run the app.

The CLI calls :func:`run_tutor` once it has a course and a progress store. What happens
before the first frame and after the last (a terminal that cannot draw the app, the signals
that end it from outside) lives here, next to the app, rather than in the CLI.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from kubelearn.course.model import Course
from kubelearn.progress import ProgressStore

#: Exit status when the terminal cannot show the tutor (the CLI's usage error).
EXIT_TERMINAL = 2

#: Terminals without cursor addressing: the app's escape sequences would be printed as text.
DUMB_TERMINALS = frozenset({"dumb", "unknown"})


def terminal_problem(environ: dict[str, str] | os._Environ[str] = os.environ) -> str | None:
    """One line saying why this terminal cannot show the tutor, or ``None`` when it can."""
    term = environ.get("TERM", "")
    if term in DUMB_TERMINALS:
        return (
            f"kubelearn: this terminal (TERM={term}) cannot show the tutor; use a terminal "
            "such as xterm, or run `kubelearn check FILE` or `kubelearn lessons show ID`"
        )
    return None


def run_tutor(
    course: Course | Callable[[], Course], store: ProgressStore, lang: str = "en", *,
    stderr: TextIO | None = None,
) -> int:
    """Run the tutor on ``course`` and ``store``; the exit status for the CLI to return.

    ``course`` may be a call that gives the course (:func:`kubelearn.course.cache.load_course_soon`):
    it is made once Textual is imported, so a course parsed elsewhere meanwhile is ready.
    """
    problem = terminal_problem()
    if problem:
        print(problem, file=stderr or sys.stderr)
        return EXIT_TERMINAL
    from kubelearn.ui.app import KubelearnApp

    if not isinstance(course, Course):
        course = course()

    app = KubelearnApp(course=course, store=store, lang=lang)
    _collect_from_here()
    app.run()
    return app.return_code or 0


def _collect_from_here() -> None:
    """Everything made so far (Textual's modules, the course) lives as long as the app:
    move it out of the collector's sight (``gc.freeze``) and collect again (the command
    line turned collection off while starting), so collections while the app runs scan
    only what it makes."""
    gc.freeze()
    gc.enable()


#: The typing pause before a check in class mode (alone: ``exercise.CHECK_DELAY_S``).
CLASS_CHECK_DELAY_S = 0.4


def run_class(course: Course, class_dir: Path, lang: str = "en", *,
              stderr: TextIO | None = None) -> int:
    """Run the tutor in class mode on ``class_dir`` (what ``kubelearn serve`` starts for each
    browser): the join screen, then the student's own progress from the class database."""
    from kubelearn.classroom.db import ClassDB
    from kubelearn.classroom.serve import read_class

    info = read_class(class_dir)
    if info is None:
        print(f"kubelearn: {class_dir}: not a class folder (no class.toml); start it with "
              "`kubelearn serve`", file=stderr or sys.stderr)
        return EXIT_TERMINAL
    from kubelearn.ui.app import KubelearnApp
    from kubelearn.ui.screens import exercise

    # One machine checks for the whole room: check a draft once its student pauses, not
    # between two keys (bench/classroom.py: a check costs more than the echo of a key).
    exercise.CHECK_DELAY_S = max(exercise.CHECK_DELAY_S, CLASS_CHECK_DELAY_S)
    db = ClassDB(class_dir)
    try:
        app = KubelearnApp(course=course, store=None, lang=lang, classroom=(info, db))
        _collect_from_here()
        app.run()
    finally:
        db.close()
    return app.return_code or 0
