"""What the progress file holds, and how it is read and written as JSON.

The file is untrusted: :func:`parse_progress` checks every value's type and range and raises
ValueError for anything a kubelearn could not have written (``1e400``, deep nesting, a draft
over the limit), so the store can treat it as damage instead of crashing.
:class:`NewerFormatError` marks a valid file from a newer kubelearn, which is kept untouched.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = 1
#: A progress file larger than this is damage; it is never read whole.
MAX_FILE_BYTES = 16 * 1024 * 1024
#: The checker refuses larger input, so a larger draft is never saved.
MAX_DRAFT_BYTES = 1024 * 1024
#: Step and question indices, hint and quiz counts: anything above is not a real course.
MAX_INDEX = 100_000
MAX_ANSWER_BYTES = 1024
#: The event history (:mod:`kubelearn.progress.history`) keeps the newest this many events.
MAX_EVENTS = 5_000
#: An event's ``detail`` (finding codes, seconds) as compact JSON; larger is damage.
MAX_DETAIL_BYTES = 2048
#: An event's identifier, lesson and item ids, kind: at most this many bytes each.
MAX_EVENT_TEXT_BYTES = 200
#: Event times are milliseconds since 1970; anything later than this is not a real time.
MAX_TIME_MS = 10**15
_MAX_INT_DIGITS = 18
_NEWEST_PLAUSIBLE_VERSION = 1_000_000

Screen = Literal["lesson", "quiz", "exercise"]
ExerciseStatus = Literal["new", "started", "passed"]
SCREENS = ("lesson", "quiz", "exercise")
STATUSES = ("new", "started", "passed")
#: What an event records. ``ok`` is right/wrong for a quiz answer and passed or not for a
#: check; ``detail`` holds ``codes`` for a check, ``n`` for a hint, ``seconds`` and
#: ``screen`` for time spent.
EVENT_KINDS = ("step_seen", "quiz_answer", "exercise_checked", "hint_revealed",
               "solution_revealed", "exercise_passed", "time_spent")


class NewerFormatError(ValueError):
    """The file was written by a newer kubelearn: valid, but not ours to read or write."""

    def __init__(self, version: int) -> None:
        super().__init__(f"written by a newer kubelearn (format {version})")
        self.version = version


@dataclass
class LessonProgress:
    steps_seen: set[int] = field(default_factory=set)
    quiz_answers: dict[int, str] = field(default_factory=dict)
    quiz_best: int | None = None
    quiz_total: int = 0
    #: The quiz's attempt, counted from 0 and moved on by each retry: the order its choices
    #: are shown in is drawn from it, so a resumed attempt shows the same order.
    quiz_attempt: int = 0


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


@dataclass(frozen=True)
class EventRecord:
    """One thing the learner did, as the history keeps it.

    ``uid`` is random and unique: an event written twice (a save interrupted by a signal
    handler that saves too) is read once, and importing the same export into a class twice
    adds nothing the second time.
    """

    uid: str
    at_ms: int
    kind: str
    lesson_id: str | None = None
    item: str | None = None
    ok: bool | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"uid": self.uid, "at_ms": self.at_ms, "kind": self.kind,
                "lesson": self.lesson_id, "item": self.item, "ok": self.ok,
                "detail": self.detail}

    @classmethod
    def from_json(cls, raw: Any) -> EventRecord:
        """Read one event; ValueError for anything kubelearn could not have written."""
        raw = _object(raw, "an event")
        at_ms = raw.get("at_ms")
        if type(at_ms) is not int or not 0 <= at_ms <= MAX_TIME_MS:
            raise ValueError("an event's at_ms is not a time")
        ok = raw.get("ok")
        if ok is not None and type(ok) is not bool:
            raise ValueError("an event's ok is not true, false or null")
        return cls(
            uid=_short_text(raw.get("uid"), "an event's uid"),
            at_ms=at_ms,
            kind=_choice(raw.get("kind"), EVENT_KINDS, "an event's kind"),
            lesson_id=_optional_short_text(raw.get("lesson"), "an event's lesson"),
            item=_optional_short_text(raw.get("item"), "an event's item"),
            ok=ok,
            detail=check_detail(raw.get("detail", {})),
        )


def _plain(value: Any, depth: int = 0) -> None:
    """ValueError unless ``value`` is what the progress file can hold: text, whole numbers,
    booleans, null, and lists and objects of them (no fractions: the reader refuses them)."""
    if depth > 4:
        raise ValueError("an event's detail is nested too deeply")
    if isinstance(value, dict):
        for k, v in value.items():
            _text(k, "a key in an event's detail")
            _plain(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _plain(v, depth + 1)
    elif type(value) is int:
        if len(str(abs(value))) > _MAX_INT_DIGITS:
            raise ValueError("a number in an event's detail is too large")
    elif not (value is None or type(value) is bool or isinstance(value, str)):
        raise ValueError("an event's detail holds something that is not text or a number")


def check_detail(detail: Any) -> dict[str, Any]:
    """``detail`` if it is a JSON object of at most MAX_DETAIL_BYTES with nothing the file
    reader would refuse (fractions, huge numbers); else ValueError."""
    detail = _object(detail, "an event's detail")
    _plain(detail)
    try:
        size = len(json.dumps(detail, ensure_ascii=False, separators=(",", ":"))
                   .encode("utf-8"))
    except (TypeError, ValueError, UnicodeEncodeError, RecursionError):
        raise ValueError("an event's detail is not JSON") from None
    if size > MAX_DETAIL_BYTES:
        raise ValueError(f"an event's detail is larger than {MAX_DETAIL_BYTES} bytes")
    return detail


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
                    "quiz_attempt": lp.quiz_attempt,
                }
                for lesson_id, lp in sorted(self.lessons.items())
            },
            "exercises": {k: asdict(v) for k, v in sorted(self.exercises.items())},
            "last": asdict(self.last) if self.last else None,
        }

    @classmethod
    def from_json(cls, data: Any) -> Progress:
        """Read the saved form.

        Raises:
            NewerFormatError: the file is from a newer kubelearn.
            ValueError: it is not a progress file, or a value has the wrong type or range.
        """
        data = _object(data, "the file")
        version = data.get("version")
        if type(version) is not int or not 1 <= version <= _NEWEST_PLAUSIBLE_VERSION:
            raise ValueError("not a kubelearn progress file")
        if version > SCHEMA_VERSION:
            raise NewerFormatError(version)
        lessons = {_text(k, "a lesson id"): _lesson_from_json(v)
                   for k, v in _object(data.get("lessons", {}), "lessons").items()}
        exercises = {_text(k, "an exercise id"): _exercise_from_json(v)
                     for k, v in _object(data.get("exercises", {}), "exercises").items()}
        return cls(lessons, exercises, _position_from_json(data.get("last")))


# --------------------------------------------------------------------- reading the saved form
# Every value is checked for type and range: a file is either wholly understood or damage.


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{what} is not a JSON object")
    return value


def _int(value: Any, what: str) -> int:
    if type(value) is not int or not 0 <= value <= MAX_INDEX:
        raise ValueError(f"{what} is not a whole number from 0 to {MAX_INDEX}")
    return value


def _text(value: Any, what: str, max_bytes: int | None = None) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} is not text")
    try:
        size = len(value.encode("utf-8"))
    except UnicodeEncodeError:
        raise ValueError(f"{what} is not valid text") from None
    if max_bytes is not None and size > max_bytes:
        raise ValueError(f"{what} is larger than {max_bytes} bytes")
    return value


def _short_text(value: Any, what: str) -> str:
    return _text(value, what, MAX_EVENT_TEXT_BYTES)


def _optional_short_text(value: Any, what: str) -> str | None:
    return None if value is None else _short_text(value, what)


def _choice(value: Any, allowed: tuple[str, ...], what: str) -> Any:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{what} is not one of {', '.join(allowed)}")
    return value


def _question_index(key: str) -> int:
    if not (key.isascii() and key.isdigit() and len(key) <= len(str(MAX_INDEX))):
        raise ValueError("a quiz question number is not a whole number")
    return _int(int(key), "a quiz question number")


def _lesson_from_json(raw: Any) -> LessonProgress:
    raw = _object(raw, "a lesson entry")
    steps = raw.get("steps_seen", [])
    if not isinstance(steps, list):
        raise ValueError("steps_seen is not a list")
    answers = _object(raw.get("quiz_answers", {}), "quiz_answers")
    best = raw.get("quiz_best")
    return LessonProgress(
        steps_seen={_int(s, "a step in steps_seen") for s in steps},
        quiz_answers={_question_index(k): _text(v, "a quiz answer", MAX_ANSWER_BYTES)
                      for k, v in answers.items()},
        quiz_best=None if best is None else _int(best, "quiz_best"),
        quiz_total=_int(raw.get("quiz_total", 0), "quiz_total"),
        quiz_attempt=_int(raw.get("quiz_attempt", 0), "quiz_attempt"),
    )


def _exercise_from_json(raw: Any) -> ExerciseProgress:
    raw = _object(raw, "an exercise entry")
    draft = raw.get("draft")
    revealed = raw.get("solution_revealed", False)
    if type(revealed) is not bool:
        raise ValueError("solution_revealed is not true or false")
    return ExerciseProgress(
        status=_choice(raw.get("status", "new"), STATUSES, "an exercise status"),
        draft=None if draft is None else _text(draft, "a draft", MAX_DRAFT_BYTES),
        hints_shown=_int(raw.get("hints_shown", 0), "hints_shown"),
        solution_revealed=revealed,
    )


def _position_from_json(raw: Any) -> Position | None:
    if raw is None:
        return None
    raw = _object(raw, "last")
    exercise_id = raw.get("exercise_id")
    return Position(
        lesson_id=_text(raw.get("lesson_id"), "last.lesson_id"),
        screen=_choice(raw.get("screen", "lesson"), SCREENS, "last.screen"),
        step=_int(raw.get("step", 0), "last.step"),
        exercise_id=None if exercise_id is None else _text(exercise_id, "last.exercise_id"),
    )


def _reject_number(token: str) -> Any:
    raise ValueError("a number that is not a whole number of at most 18 digits")


def _small_int(token: str) -> int:
    if len(token.lstrip("-")) > _MAX_INT_DIGITS:
        _reject_number(token)
    return int(token)


def parse_progress(raw: bytes) -> Progress:
    """The progress in ``raw`` (the file's bytes; a UTF-8 BOM is fine).

    Raises ValueError (NewerFormatError for a newer format) for anything else, including
    input that would otherwise raise RecursionError or OverflowError.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise ValueError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    try:
        # Not the "utf-8-sig" codec: its lazy import can fail inside a signal handler.
        text = raw.removeprefix(codecs.BOM_UTF8).decode("utf-8")
        data = json.loads(text, parse_int=_small_int,
                          parse_float=_reject_number, parse_constant=_reject_number)
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except ValueError as exc:  # json.JSONDecodeError is one
        raise ValueError(f"not JSON: {exc}") from None
    return Progress.from_json(data)


def encode_progress(progress: Progress) -> bytes:
    text = json.dumps(progress.to_json(), ensure_ascii=False, indent=1)
    # A lone surrogate (from a paste) cannot be stored as UTF-8; it becomes "?".
    return text.encode("utf-8", errors="replace")


# --------------------------------------------------------------------- files
