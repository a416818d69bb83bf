"""The learner's progress: one JSON file, saved after every change, never half-written.

Every change goes through :meth:`ProgressStore.update`, which takes an inter-process lock,
reads the file again, applies the change and writes a temporary file that replaces the old
one (``os.replace``). So a crash or kill mid-write leaves the previous file intact, and two
kubelearn processes at once each add their changes instead of overwriting the other's.
A corrupt or unreadable file is moved aside (``progress.json.corrupt-<time>``), a warning is
kept for the UI to show, and a fresh file is started.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

SCHEMA_VERSION = 1
LOCK_TIMEOUT_S = 10.0

Screen = Literal["lesson", "quiz", "exercise"]
ExerciseStatus = Literal["new", "started", "passed"]


@dataclass
class LessonProgress:
    steps_seen: set[int] = field(default_factory=set)
    quiz_answers: dict[int, str] = field(default_factory=dict)
    quiz_best: int | None = None
    quiz_total: int = 0


@dataclass
class ExerciseProgress:
    status: ExerciseStatus = "new"
    draft: str | None = None
    hints_shown: int = 0
    solution_revealed: bool = False


@dataclass
class Position:
    lesson_id: str
    screen: Screen = "lesson"
    step: int = 0
    exercise_id: str | None = None


@dataclass
class Progress:
    lessons: dict[str, LessonProgress] = field(default_factory=dict)
    exercises: dict[str, ExerciseProgress] = field(default_factory=dict)
    last: Position | None = None

    def lesson(self, lesson_id: str) -> LessonProgress:
        return self.lessons.get(lesson_id) or LessonProgress()

    def exercise(self, exercise_id: str) -> ExerciseProgress:
        return self.exercises.get(exercise_id) or ExerciseProgress()

    # ----------------------------------------------------------------- JSON form

    def to_json(self) -> dict[str, Any]:
        return {
            "version": SCHEMA_VERSION,
            "lessons": {
                lesson_id: {
                    "steps_seen": sorted(lp.steps_seen),
                    "quiz_answers": {str(k): v for k, v in sorted(lp.quiz_answers.items())},
                    "quiz_best": lp.quiz_best,
                    "quiz_total": lp.quiz_total,
                }
                for lesson_id, lp in sorted(self.lessons.items())
            },
            "exercises": {k: asdict(v) for k, v in sorted(self.exercises.items())},
            "last": asdict(self.last) if self.last else None,
        }

    @classmethod
    def from_json(cls, data: Any) -> Progress:
        """Read the saved form; raises ValueError when it is not a progress file."""
        if not isinstance(data, dict) or not isinstance(data.get("version"), int):
            raise ValueError("not a kubelearn progress file")
        if data["version"] > SCHEMA_VERSION:
            raise ValueError(f"written by a newer kubelearn (format {data['version']})")
        try:
            lessons = {
                str(lesson_id): LessonProgress(
                    steps_seen={int(s) for s in raw.get("steps_seen", [])},
                    quiz_answers={int(k): str(v) for k, v in raw.get("quiz_answers", {}).items()},
                    quiz_best=None if raw.get("quiz_best") is None else int(raw["quiz_best"]),
                    quiz_total=int(raw.get("quiz_total", 0)),
                )
                for lesson_id, raw in data.get("lessons", {}).items()
            }
            exercises = {}
            for exercise_id, raw in data.get("exercises", {}).items():
                status = raw.get("status", "new")
                if status not in ("new", "started", "passed"):
                    raise ValueError(f"unknown exercise status {status!r}")
                draft = raw.get("draft")
                exercises[str(exercise_id)] = ExerciseProgress(
                    status=status,
                    draft=draft if isinstance(draft, str) else None,
                    hints_shown=int(raw.get("hints_shown", 0)),
                    solution_revealed=bool(raw.get("solution_revealed", False)),
                )
            last = data.get("last")
            position = None
            if last:
                screen = last.get("screen", "lesson")
                if screen not in ("lesson", "quiz", "exercise"):
                    screen = "lesson"
                position = Position(str(last["lesson_id"]), screen, int(last.get("step", 0)),
                                    last.get("exercise_id"))
        except (AttributeError, KeyError, TypeError) as exc:
            raise ValueError(f"malformed progress file ({exc})") from exc
        return cls(lessons, exercises, position)


class ProgressStore:
    """Loads, changes and saves the progress file at ``path``."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.warning: str | None = None
        self._progress = self._read()

    @property
    def progress(self) -> Progress:
        return self._progress

    # ----------------------------------------------------------------- reading and writing

    def _lock(self):
        from filelock import FileLock

        self.path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_S)

    def _read(self) -> Progress:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Progress()
        except OSError as exc:
            self.warning = f"Could not read {self.path} ({exc.strerror}); starting fresh."
            return Progress()
        try:
            return Progress.from_json(json.loads(raw.decode("utf-8")))
        except (ValueError, UnicodeDecodeError) as exc:
            aside = self._move_aside()
            self.warning = (
                f"Your progress file was damaged ({exc}). It was kept as {aside} "
                "and a fresh one started."
            )
            return Progress()

    def _move_aside(self) -> Path:
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        n = 1
        while aside.exists():
            aside = aside.with_name(f"{aside.name}-{n}")
            n += 1
        with contextlib.suppress(OSError):
            os.replace(self.path, aside)
        return aside

    def _write(self, progress: Progress) -> None:
        data = json.dumps(progress.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                   dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def update(self, change: Callable[[Progress], None]) -> Progress:
        """Apply ``change`` to the newest saved progress and save it, under the lock.

        A failure to save (disk full, read-only home) keeps the change in memory and sets
        :attr:`warning`, so the learner can go on.
        """
        try:
            with self._lock():
                current = self._read() if self.path.exists() else self._progress
                change(current)
                self._write(current)
        except OSError as exc:
            change(self._progress)
            self.warning = f"Could not save progress to {self.path} ({exc}); it is kept for now."
            return self._progress
        except Exception as exc:  # filelock.Timeout and friends
            change(self._progress)
            self.warning = f"Could not save progress ({exc}); it is kept for now."
            return self._progress
        self._progress = current
        return current

    def reset_all(self) -> None:
        def clear(p: Progress) -> None:
            p.lessons.clear()
            p.exercises.clear()
            p.last = None

        self.update(clear)

    # ----------------------------------------------------------------- changes

    def _lesson(self, p: Progress, lesson_id: str) -> LessonProgress:
        return p.lessons.setdefault(lesson_id, LessonProgress())

    def _exercise(self, p: Progress, exercise_id: str) -> ExerciseProgress:
        return p.exercises.setdefault(exercise_id, ExerciseProgress())

    def mark_step_seen(self, lesson_id: str, step: int) -> None:
        if step in self._progress.lesson(lesson_id).steps_seen:
            return
        self.update(lambda p: self._lesson(p, lesson_id).steps_seen.add(step))

    def set_position(self, lesson_id: str, screen: Screen, step: int = 0,
                     exercise_id: str | None = None) -> None:
        position = Position(lesson_id, screen, step, exercise_id)
        if self._progress.last == position:
            return

        def move(p: Progress) -> None:
            p.last = position

        self.update(move)

    def record_quiz_answer(self, lesson_id: str, question_index: int, choice_key: str) -> None:
        def answer(p: Progress) -> None:
            self._lesson(p, lesson_id).quiz_answers[question_index] = choice_key

        self.update(answer)

    def clear_quiz_answers(self, lesson_id: str) -> None:
        """Start the quiz afresh (the best score stays)."""
        if not self._progress.lesson(lesson_id).quiz_answers:
            return
        self.update(lambda p: self._lesson(p, lesson_id).quiz_answers.clear())

    def record_quiz_score(self, lesson_id: str, score: int, total: int) -> None:
        def record(p: Progress) -> None:
            lp = self._lesson(p, lesson_id)
            lp.quiz_total = total
            if lp.quiz_best is None or score > lp.quiz_best:
                lp.quiz_best = score

        self.update(record)

    def save_draft(self, exercise_id: str, text: str) -> None:
        if self._progress.exercise(exercise_id).draft == text:
            return

        def save(p: Progress) -> None:
            ep = self._exercise(p, exercise_id)
            ep.draft = text
            if ep.status == "new":
                ep.status = "started"

        self.update(save)

    def set_hints_shown(self, exercise_id: str, n: int) -> None:
        def hints(p: Progress) -> None:
            ep = self._exercise(p, exercise_id)
            ep.hints_shown = max(ep.hints_shown, n)

        self.update(hints)

    def mark_solution_revealed(self, exercise_id: str) -> None:
        def reveal(p: Progress) -> None:
            self._exercise(p, exercise_id).solution_revealed = True

        self.update(reveal)

    def mark_exercise_passed(self, exercise_id: str, text: str) -> None:
        def passed(p: Progress) -> None:
            ep = self._exercise(p, exercise_id)
            ep.status = "passed"
            ep.draft = text

        self.update(passed)

    def reset_exercise(self, exercise_id: str) -> None:
        """Back to the starter: forget the draft and hints (a pass stays recorded)."""

        def reset(p: Progress) -> None:
            ep = self._exercise(p, exercise_id)
            ep.draft = None
            ep.hints_shown = 0
            if ep.status == "started":
                ep.status = "new"

        self.update(reset)

    # ----------------------------------------------------------------- summaries

    def lesson_completion(self, lesson: Any) -> float:
        """How much of a lesson is done, 0..1: steps seen, quiz taken, exercises passed."""
        lp = self._progress.lesson(lesson.id)
        steps = len(lesson.steps)
        parts = steps + (1 if lesson.quiz else 0) + len(lesson.exercises)
        if parts == 0:
            return 0.0
        done = len([s for s in lp.steps_seen if 0 <= s < steps])
        if lesson.quiz and lp.quiz_best is not None:
            done += 1
        done += sum(1 for ex in lesson.exercises
                    if self._progress.exercise(ex.id).status == "passed")
        return min(1.0, done / parts)
