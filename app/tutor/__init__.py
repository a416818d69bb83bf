"""The tutoring, without Textual: what the screens show and record, decided in plain Python.

- :class:`Tutor` (``course``): the learner's way through the course, their progress and where
  to continue; the only way the interface reads or writes the progress store.
- :class:`ExerciseSession` (``exercise``): check a draft, say whether it passed and what the
  status line says, save drafts, hints, the solution, reset.
- :class:`QuizSession` (``quiz``): answer, feedback, score, resume, retry.

Screens render what these say; a test of a passing exercise or a finished quiz needs no app.
"""

from __future__ import annotations

from kubelearn.tutor.course import LessonProgress, Resume, Tutor
from kubelearn.tutor.exercise import (
    ExerciseSession,
    Mark,
    Verdict,
    editor_text,
    status_line,
    status_lines,
)
from kubelearn.tutor.quiz import Feedback, QuizSession, Review, Score

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
