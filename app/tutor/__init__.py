"""The tutoring, without Textual: what the screens show and record, decided in plain Python.

- :class:`Tutor` (``course``): the learner's way through the course, their progress and where
  to continue; the only way the interface reads or writes the progress store.
- :class:`ExerciseSession` (``exercise``): check a draft, say whether it passed and what the
  status line says, save drafts, hints, the solution, reset.
- :class:`QuizSession` (``quiz``): answer, feedback, score, resume, retry.

Screens render what these say; a test of a passing exercise or a finished quiz needs no app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubelearn.tutor.course import LessonProgress, Resume, Tutor

if TYPE_CHECKING:
    from kubelearn.tutor.exercise import (
        ExerciseSession,
        Mark,
        Verdict,
        editor_text,
        status_line,
        status_lines,
    )
    from kubelearn.tutor.quiz import Feedback, QuizSession, Review, Score

#: Names imported from their module on first use: the course map needs only the Tutor, and
#: the exercise module brings the checker in (what a first frame need not wait for).
_LAZY = {
    "ExerciseSession": "exercise", "Mark": "exercise", "Verdict": "exercise",
    "editor_text": "exercise", "status_line": "exercise", "status_lines": "exercise",
    "Feedback": "quiz", "QuizSession": "quiz", "Review": "quiz", "Score": "quiz",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"kubelearn.tutor.{module}"), name)


__all__ = [
    "ExerciseSession",
    "Feedback",
    "LessonProgress",
    "Mark",
    "QuizSession",
    "Resume",
    "Review",
    "Score",
    "Tutor",
    "Verdict",
    "editor_text",
    "status_line",
    "status_lines",
]
