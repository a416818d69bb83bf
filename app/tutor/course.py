"""The learner's way through a course: where they are, what they have done, where to go on.

:class:`Tutor` is what the interface asks about progress, and the one way it records any:
steps seen, the place to continue from, how much of a lesson is done, and the sessions for a
quiz (:mod:`kubelearn.tutor.quiz`) and an exercise (:mod:`kubelearn.tutor.exercise`). It sits
between the screens and the progress store so that no screen reads or writes the store itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from kubelearn.tutor.timing import ScreenTimer

if TYPE_CHECKING:
    from kubelearn.course.model import Course, Exercise, Lesson
    from kubelearn.progress.store import ProgressChanges
    from kubelearn.tutor.exercise import ExerciseSession
    from kubelearn.tutor.quiz import QuizSession


@dataclass(frozen=True)
class LessonProgress:
    """How far the learner is in one lesson, as the course map shows it."""

    steps_seen: int
    #: The best quiz score, ``None`` before the quiz was finished once.
    quiz_best: int | None
    exercises_passed: int
    #: Steps seen, quiz taken and exercises passed, as a share of all of them (0..1).
    completion: float


@dataclass(frozen=True)
class Resume:
    """Where "continue" goes: a lesson to ``start``, or the ``lesson`` step, the ``quiz`` or
    the ``exercise`` the learner was last at."""

    lesson: Lesson
    screen: Literal["start", "lesson", "quiz", "exercise"]
    #: The step to show (within the lesson's steps), for ``lesson``.
    step: int = 0
    exercise: Exercise | None = None


class Tutor:
    """One learner (``store``) taking ``course`` in ``lang``."""

    def __init__(self, course: Course, store: ProgressChanges, lang: str,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.course = course
        self.store = store
        self.lang = lang
        self._timers: dict[str, ScreenTimer] = {}
        #: What time on a screen is measured with (a test passes its own).
        self._clock = clock

    @property
    def warning(self) -> str | None:
        """What went wrong with the progress file, to tell the learner at start."""
        return self.store.warning

    # Sessions

    def exercise(self, lesson: Lesson, exercise: Exercise) -> ExerciseSession:
        from kubelearn.tutor.exercise import ExerciseSession

        return ExerciseSession(self.store, lesson, exercise, self.lang, self._clock)

    def quiz(self, lesson: Lesson) -> QuizSession:
        from kubelearn.tutor.quiz import QuizSession

        return QuizSession(self.store, lesson, self._clock)

    # Lessons

    def step_shown(self, lesson: Lesson, step: int) -> None:
        """Step ``step`` of ``lesson`` is on screen: it counts as seen, and is where to continue."""
        self.store.mark_step_seen(lesson.id, step)
        self.store.set_position(lesson.id, "lesson", step=step)
        self._lesson_timer(lesson).start()

    def lesson_left(self, lesson: Lesson) -> None:
        """The learner left ``lesson``'s steps (for its quiz, an exercise, the map): record
        the time spent reading them."""
        timer = self._timers.pop(lesson.id, None)
        if timer is not None:
            timer.stop()

    def _lesson_timer(self, lesson: Lesson) -> ScreenTimer:
        if lesson.id not in self._timers:
            self._timers[lesson.id] = ScreenTimer(self.store, lesson.id, "lesson",
                                                  clock=self._clock)
        return self._timers[lesson.id]

    def back_at_step(self, lesson: Lesson, step: int) -> None:
        """Back on a lesson step (from its quiz or an exercise): continue from here again."""
        self.store.set_position(lesson.id, "lesson", step=step)
        self._lesson_timer(lesson).start()

    def lesson_progress(self, lesson: Lesson) -> LessonProgress:
        progress = self.store.progress
        state = progress.lessons.get(lesson.id)
        seen = len(state.steps_seen & set(range(len(lesson.steps)))) if state else 0
        passed = sum(
            1
            for exercise in lesson.exercises
            if (done := progress.exercises.get(exercise.id)) and done.status == "passed"
        )
        completion = 0.0 if lesson.broken else self.store.lesson_completion(lesson)
        return LessonProgress(seen, state.quiz_best if state else None, passed, completion)

    def exercise_to_do(self, lesson: Lesson) -> Exercise | None:
        """The lesson's first exercise not passed yet (the first, when all are)."""
        progress = self.store.progress
        todo = [e for e in lesson.exercises if progress.exercise(e.id).status != "passed"]
        return next(iter(todo or lesson.exercises), None)

    # Continue

    def resume_lesson(self) -> Lesson | None:
        """The lesson "continue" goes to: the last one open, else the first that works."""
        last = self.store.progress.last
        lesson = self.course.lesson(last.lesson_id) if last else None
        if lesson and not lesson.broken:
            return lesson
        return next((lesson for lesson in self.course.lessons if not lesson.broken), None)

    def resume(self) -> Resume | None:
        """Where "continue" goes; ``None`` for a course with no lesson that opens."""
        lesson, last = self.resume_lesson(), self.store.progress.last
        if lesson is None:
            return None
        if last is None or last.lesson_id != lesson.id:
            return Resume(lesson, "start")
        exercise = self.course.exercise(last.exercise_id or "")
        if last.screen == "exercise" and exercise:
            return Resume(lesson, "exercise", exercise=exercise)
        if last.screen == "quiz" and lesson.quiz:
            return Resume(lesson, "quiz")
        return Resume(lesson, "lesson", step=min(last.step, max(len(lesson.steps) - 1, 0)))
