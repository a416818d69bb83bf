"""The tutor records what the learner does, on either store, without flooding the log."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelearn.classroom import ClassDB
from kubelearn.course import load_course
from kubelearn.progress import ProgressStore
from kubelearn.progress.model import MAX_DETAIL_BYTES, MAX_EVENTS, parse_progress
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
        found = [(e.kind, e.item, e.ok, e.detail) for e in store.progress.events]
    else:
        found = [(e.kind, e.item, e.ok, e.detail) for e in store.db.events()]
    return [(kind, item, ok) for kind, item, ok, _ in found], [d for *_, d in found]


def _session(store, clock: Clock):  # type: ignore[no-untyped-def]
    course = load_course(FIXTURE_COURSE, lang="en")
    tutor = Tutor(course, store, "en")
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


def test_the_progress_file_keeps_the_newest_events(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    for _ in range(3):
        store.update(lambda p: None)
    progress = store.progress
    from kubelearn.progress.model import EventRecord, encode_progress

    progress.events = [EventRecord(f"u{n}", n, "step_seen", "pods", str(n))
                       for n in range(MAX_EVENTS + 10)]
    again = parse_progress(encode_progress(progress))
    assert len(again.events) == MAX_EVENTS and again.events[0].uid == "u10"


def test_a_format_1_file_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_bytes(b'{"version": 1, "lessons": {"pods": {"steps_seen": [0]}}}')
    store = ProgressStore(path)
    assert store.warning is None and store.progress.lesson("pods").steps_seen == {0}
    store.mark_step_seen("pods", 1)
    saved = parse_progress(path.read_bytes())
    assert saved.lesson("pods").steps_seen == {0, 1}
    assert [(e.kind, e.item) for e in saved.events] == [("step_seen", "1")]
