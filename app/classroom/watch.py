"""The instructor's live view of a class, without Textual: who is where, who is stuck, and
what the class gets wrong.

:class:`ClassWatch` reads the class database: the roster, and the event log from the last
event it saw (``events(since_id=...)``, one indexed query), so a poll every second costs
what happened in that second. A student's lessons are read from their progress (the same
model the tutor keeps) only when one of their events arrived.

"Progress" is a step seen for the first time, a right quiz answer, or an exercise passed:
checking a draft again and again is work, not progress. A student is stuck when they have
made no progress for ``stuck_minutes`` while in a session, or when their last three checks
of one exercise all failed with the same finding code.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from kubelearn.classroom.db import ClassDB, Event, Student
    from kubelearn.course.model import Course

Status = Literal["todo", "doing", "done"]
Sort = Literal["name", "progress", "idle", "stuck"]
SORTS: tuple[Sort, ...] = ("stuck", "name", "progress", "idle")

#: How many of a student's last checks of one exercise, failing with one code, make "stuck".
REPEATS = 3
DEFAULT_STUCK_MINUTES = 10


@dataclass(frozen=True)
class Place:
    """Where a student is: a lesson's step, its quiz or one of its exercises."""

    lesson_title: str
    screen: str
    step: int = 0
    exercise_title: str | None = None


@dataclass(frozen=True)
class Row:
    """One student's line of the grid."""

    student_id: int
    name: str
    #: One status per lesson of the course, in course order.
    lessons: tuple[Status, ...]
    place: Place | None
    #: Minutes since their last progress (since joining, before any); None if never active.
    idle_minutes: int | None
    #: Why they look stuck: ``"idle"`` or the finding code they keep hitting; None if not.
    stuck: str | None
    #: Share of the whole course done (0..1): what "progress" sorts by.
    done: float


@dataclass(frozen=True)
class Hard:
    """An exercise the class finds hard: how many students failed a check of it, how many
    of those have not passed it yet."""

    exercise_id: str
    title: str
    failed: int
    not_passed: int


@dataclass(frozen=True)
class Mistake:
    """A finding code and how often it was hit, with where (an example exercise)."""

    code: str
    checks: int
    students: int
    example: str


@dataclass
class _Student:
    """What the watch knows of one student from their events."""

    student: Student
    last_progress_ms: int
    last_event_ms: int = 0
    lessons: tuple[Status, ...] = ()
    place: Place | None = None
    done: float = 0.0
    #: The codes of their last checks, newest last, per exercise, and which exercise was last.
    checks: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    last_checked: str | None = None
    seen_steps: set[tuple[str, int]] = field(default_factory=set)


def _status(completion: float) -> Status:
    return "done" if completion >= 1.0 else "doing" if completion > 0 else "todo"


class ClassWatch:
    """The live model of one class's room."""

    def __init__(self, db: ClassDB, course: Course, *, stuck_minutes: int = DEFAULT_STUCK_MINUTES,
                 clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.course = course
        self.stuck_minutes = stuck_minutes
        self.clock = clock
        self.last_id = 0
        self._students: dict[int, _Student] = {}
        #: exercise id -> students who failed a check of it / who passed it
        self._failed: dict[str, set[int]] = {}
        self._passed: dict[str, set[int]] = {}
        #: finding code -> checks hitting it, students hitting it, exercises where it was hit
        self._code_checks: Counter[str] = Counter()
        self._code_students: dict[str, set[int]] = {}
        self._code_where: dict[str, Counter[str]] = {}

    # Reading the database

    def poll(self) -> bool:
        """Read what happened since the last poll; whether anything changed."""
        changed: set[int] = set()
        for student in self.db.roster():
            if student.id not in self._students:
                self._students[student.id] = _Student(student, student.joined_ms)
                changed.add(student.id)
        events = self.db.events(since_id=self.last_id)
        for event in events:
            self.last_id = max(self.last_id, event.id)
            known = self._students.get(event.student_id)
            if known is None:
                continue  # a student the roster has not shown yet: the next poll has them
            self._note(known, event)
            changed.add(event.student_id)
        for student_id in sorted(changed):
            self._read_progress(self._students[student_id])
        return bool(changed)

    def _note(self, known: _Student, event: Event) -> None:
        known.last_event_ms = max(known.last_event_ms, event.at_ms)
        sid = known.student.id
        progressed = False
        if event.kind == "step_seen":
            step = event.detail.get("step", event.item)
            key = (event.lesson_id or "", step)
            progressed = key not in known.seen_steps
            known.seen_steps.add(key)  # type: ignore[arg-type]
        elif event.kind == "quiz_answer":
            progressed = bool(event.ok)
        elif event.kind == "exercise_passed" and event.item:
            progressed = True
            self._passed.setdefault(event.item, set()).add(sid)
            known.checks.pop(event.item, None)
        elif event.kind == "exercise_checked" and event.item:
            codes = tuple(sorted(str(c) for c in event.detail.get("codes", ()) or ()))
            known.last_checked = event.item
            if event.ok:
                self._passed.setdefault(event.item, set()).add(sid)
                known.checks.pop(event.item, None)
                progressed = True
            else:
                self._failed.setdefault(event.item, set()).add(sid)
                recent = known.checks.setdefault(event.item, [])
                recent.append(codes)
                del recent[:-REPEATS]
                for code in codes:
                    self._code_checks[code] += 1
                    self._code_students.setdefault(code, set()).add(sid)
                    self._code_where.setdefault(code, Counter())[event.item] += 1
        if progressed:
            known.last_progress_ms = max(known.last_progress_ms, event.at_ms)

    def _read_progress(self, known: _Student) -> None:
        """The student's lessons and place, from their progress in the class database."""
        store = self.db.store_for(known.student)
        lessons = self.course.lessons
        completions = [0.0 if lesson.broken else store.lesson_completion(lesson)
                       for lesson in lessons]
        known.lessons = tuple(_status(c) for c in completions)
        known.done = sum(completions) / len(lessons) if lessons else 0.0
        last = store.progress.last
        lesson = self.course.lesson(last.lesson_id) if last else None
        if last is None or lesson is None:
            known.place = None
            return
        exercise = self.course.exercise(last.exercise_id or "") if last.screen == "exercise" \
            else None
        known.place = Place(lesson.title, last.screen, last.step,
                            exercise.title if exercise else None)

    # What the screen shows

    def _stuck(self, known: _Student, now_ms: int) -> str | None:
        recent = known.checks.get(known.last_checked or "", [])
        if len(recent) >= REPEATS:
            common = set(recent[0]).intersection(*recent[1:])
            if common:
                return sorted(common)[0]
        active = known.last_event_ms > 0
        if active and now_ms - known.last_progress_ms >= self.stuck_minutes * 60_000:
            return "idle"
        return None

    def rows(self, sort: Sort = "stuck") -> list[Row]:
        """The grid, one row per student, sorted: stuck first, by name, by least progress,
        or by longest without progress."""
        now_ms = int(self.clock() * 1000)
        rows = []
        for known in self._students.values():
            idle = (max(0, now_ms - known.last_progress_ms) // 60_000
                    if known.last_event_ms else None)
            lessons = known.lessons or tuple("todo" for _ in self.course.lessons)
            rows.append(Row(known.student.id, known.student.name, lessons, known.place, idle,
                            self._stuck(known, now_ms), known.done))

        def by_name(row: Row) -> tuple[str, int]:
            return (row.name.casefold(), row.student_id)

        rows.sort(key=by_name)
        if sort == "progress":
            rows.sort(key=lambda row: row.done)
        elif sort == "idle":
            rows.sort(key=lambda row: -(row.idle_minutes if row.idle_minutes is not None else -1))
        elif sort == "stuck":
            rows.sort(key=lambda row: row.stuck is None)
        return rows

    def hardest(self, limit: int = 5) -> list[Hard]:
        """The exercises most students failed a check of (ties: most not passed yet)."""
        found = []
        for exercise_id, failed in self._failed.items():
            exercise = self.course.exercise(exercise_id)
            not_passed = len(failed - self._passed.get(exercise_id, set()))
            found.append(Hard(exercise_id, exercise.title if exercise else exercise_id,
                              len(failed), not_passed))
        found.sort(key=lambda h: (-h.failed, -h.not_passed, h.exercise_id))
        return found[:limit]

    def mistakes(self, limit: int = 5) -> list[Mistake]:
        """The finding codes hit most, each with the exercise where it was hit most."""
        found = []
        for code, checks in self._code_checks.items():
            where = self._code_where[code].most_common()
            top = min(where, key=lambda item: (-item[1], item[0]))[0]
            exercise = self.course.exercise(top)
            found.append(Mistake(code, checks, len(self._code_students[code]),
                                 exercise.title if exercise else top))
        found.sort(key=lambda m: (-m.students, -m.checks, m.code))
        return found[:limit]
