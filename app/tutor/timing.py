"""Time spent on a screen, recorded once when the learner leaves it (never per keystroke).

A visit is counted from :meth:`ScreenTimer.start` to :meth:`ScreenTimer.stop`, at most
MAX_VISIT_S: a tab left open over lunch is not an hour of work on one exercise.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kubelearn.progress.model import Screen
    from kubelearn.progress.store import ProgressChanges

#: One visit counts for at most this long.
MAX_VISIT_S = 30 * 60


class ScreenTimer:
    """The learner's visit to one screen of ``lesson_id`` (and ``exercise_id``)."""

    def __init__(self, store: ProgressChanges, lesson_id: str, screen: Screen,
                 exercise_id: str | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.lesson_id = lesson_id
        self.screen = screen
        self.exercise_id = exercise_id
        self._clock = clock
        self._started: float | None = None

    @property
    def running(self) -> bool:
        return self._started is not None

    def start(self) -> None:
        """The learner is on the screen (again: a running visit goes on)."""
        if self._started is None:
            self._started = self._clock()

    def stop(self) -> None:
        """The learner left: record the visit (the store drops one under a second)."""
        if self._started is None:
            return
        seconds = min(self._clock() - self._started, MAX_VISIT_S)
        self._started = None
        self.store.record_time(self.lesson_id, self.screen, seconds,
                               exercise_id=self.exercise_id)
