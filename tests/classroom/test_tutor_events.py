"""The tutor records what the learner does, on either store, without flooding the log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kubelearn.classroom import ClassDB
from kubelearn.course import load_course
from kubelearn.progress import ProgressStore
from kubelearn.progress.model import MAX_DETAIL_BYTES, EventRecord, parse_progress
from kubelearn.tutor import Tutor
from kubelearn.tutor.exercise import SAME_CHECK_INTERVAL_S

FIXTURE_COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "ui_course"
EXERCISE = "pods-fix-typo"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["json", "class"])
def store(request, tmp_path: Path):
    if request.param == "json":
        return ProgressStore(tmp_path / "progress.json")
    db = ClassDB(tmp_path / "class")
    return db.store_for(db.join("Ana"))


def _events(store) -> list[tuple[str, object, object]]:  # type: ignore[no-untyped-def]
    if isinstance(store, ProgressStore):
        found = [(e.kind, e.item, e.ok, e.detail) for e in store.history.read()]
    else:
        found = [(e.kind, e.item, e.ok, e.detail) for e in store.db.events()]
    return [(kind, item, ok) for kind, item, ok, _ in found], [d for *_, d in found]


def _session(store, clock: Clock):  # type: ignore[no-untyped-def]
    course = load_course(FIXTURE_COURSE, lang="en")
    tutor = Tutor(course, store, "en", clock)
    lesson = next(lesson for lesson in course.lessons
                  if any(e.id == EXERCISE for e in lesson.exercises))
    from kubelearn.tutor.exercise import ExerciseSession

    return ExerciseSession(store, lesson, course.exercise(EXERCISE), "en", clock=clock), tutor


def test_checks_are_recorded_once_per_text_and_bounded(store) -> None:
    clock = Clock()
    session, _ = _session(store, clock)
    session.open()
    starter = session.check(session.text_to_open())
    session.settle(starter)  # the text as it opened: not the learner's check
    assert _events(store)[0] == []

    session.note_edit()
    wrong = session.exercise.starter + "\n# typing\n"
    for _ in range(3):  # the same text settling again (a resize, a re-check) counts once
        session.settle(session.check(wrong))
    clock.now += 1
    session.settle(session.check(wrong + "# more\n"))  # same outcome, soon after: skipped
    clock.now += SAME_CHECK_INTERVAL_S
    session.settle(session.check(wrong + "# more still\n"))  # same outcome, later: kept
    clock.now += 1
    session.settle(session.check(session.exercise.solution))  # a new outcome: kept
    clock.now += 100
    session.leave()
    session.leave()  # left once
    kinds, details = _events(store)
    assert kinds == [("exercise_checked", EXERCISE, False), ("exercise_checked", EXERCISE, False),
                     ("exercise_checked", EXERCISE, True), ("exercise_passed", EXERCISE, True),
                     ("time_spent", EXERCISE, None)]
    assert details[0]["codes"] and set(details[0]["examples"]) <= set(details[0]["codes"])
    assert details[2] == {"codes": []}
    assert details[4] == {"seconds": 122, "screen": "exercise"}


def test_quiz_answers_say_right_or_wrong(store) -> None:
    clock = Clock()
    _, tutor = _session(store, clock)
    lesson = next(lesson for lesson in tutor.course.lessons if lesson.quiz)
    quiz = tutor.quiz(lesson)
    quiz.resume()
    question = quiz.question
    wrong = next(c.key for c in question.choices if c.key != question.answer)
    quiz.answer(wrong)
    quiz.go_to(1 if len(quiz.questions) > 1 else 0)
    if quiz.may_answer:
        quiz.answer(quiz.question.answer)
    kinds, _ = _events(store)
    oks = [ok for kind, _, ok in kinds if kind == "quiz_answer"]
    assert oks[0] is False and all(ok is True for ok in oks[1:])


def test_a_check_with_huge_codes_still_fits(store) -> None:
    codes = [f"{n}-" + "码" * 60 for n in range(30)]
    store.record_check("x", codes, False, examples={c: "例" * 200 for c in codes})
    _, details = _events(store)
    detail = details[-1]
    assert detail["codes"] and len(str(detail).encode()) < MAX_DETAIL_BYTES * 2


def test_the_history_is_bounded_and_survives_a_torn_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("kubelearn.progress.history.MAX_EVENTS", 30)
    monkeypatch.setattr("kubelearn.progress.history.ROTATE_BYTES", 8_000)
    store = ProgressStore(tmp_path / "progress.json")
    for n in range(100):
        store.history.append(EventRecord(f"u{n}", n, "step_seen", "pods", str(n)))
        if n == 90:  # a write cut short by a kill, then a duplicate, then a stranger's line
            with store.history.path.open("ab") as f:
                f.write(b'{"uid": "half", "at_ms": 1, "ki\n')
                f.write(b'{"uid":"u88","at_ms":3,"kind":"step_seen","lesson":"pods","item":"3"}\n')
                f.write(b'["not", "an", "event"]\n\xff\xfe\n')
    assert store.history.path.stat().st_size < 8_000, "rotated"
    events = ProgressStore(tmp_path / "progress.json").history.read()
    assert [e.uid for e in events] == [f"u{n}" for n in range(70, 100)]
    assert events[18].item == "88", "the first of two copies is the one kept"


def test_the_progress_file_keeps_its_format(tmp_path: Path) -> None:
    """The history lives beside the progress file, which an older kubelearn still reads."""
    path = tmp_path / "progress.json"
    path.write_bytes(b'{"version": 1, "lessons": {"pods": {"steps_seen": [0]}}}')
    store = ProgressStore(path)
    assert store.warning is None and store.progress.lesson("pods").steps_seen == {0}
    store.mark_step_seen("pods", 1)
    saved = json.loads(path.read_bytes())
    assert saved["version"] == 1 and "events" not in saved
    assert parse_progress(path.read_bytes()).lesson("pods").steps_seen == {0, 1}
    assert [(e.kind, e.item) for e in store.history.read()] == [("step_seen", "1")]
    assert store.history.path.name == "progress.events.jsonl"


def test_a_history_that_cannot_be_written_waits_in_memory(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    store.history.path.mkdir()  # not a file: nothing can be appended
    store.mark_step_seen("pods", 0)
    assert store.unsaved_changes == 0, "the progress itself is saved"
    assert store.history.unwritten == 1
    assert [e.item for e in store.history.read()] == ["0"]
    store.history.path.rmdir()
    assert store.flush() and store.history.unwritten == 0
    assert [e.item for e in ProgressStore(tmp_path / "progress.json").history.read()] == ["0"]


def test_lesson_and_quiz_time_is_recorded_on_leaving(store) -> None:
    clock = Clock()
    _, tutor = _session(store, clock)
    lesson = next(lesson for lesson in tutor.course.lessons if lesson.quiz)
    tutor.step_shown(lesson, 0)
    clock.now += 30
    tutor.step_shown(lesson, 1)  # the same visit goes on
    clock.now += 15
    tutor.lesson_left(lesson)
    tutor.lesson_left(lesson)  # once
    quiz = tutor.quiz(lesson)
    quiz.resume()
    clock.now += 4000  # left open for an hour: counts as MAX_VISIT_S
    quiz.leave()
    kinds, details = _events(store)
    spent = [d for (kind, _, _), d in zip(kinds, details, strict=True) if kind == "time_spent"]
    assert spent == [{"seconds": 45, "screen": "lesson"}, {"seconds": 1800, "screen": "quiz"}]


def test_a_reset_forgets_the_history(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    store.mark_step_seen("pods", 0)
    assert store.history.read()
    assert store.reset_all()
    assert ProgressStore(tmp_path / "progress.json").history.read() == []
