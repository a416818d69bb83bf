"""How long ``kubelearn class report`` takes for a class of 40 students who did the whole course.

A plain script, not a test: it prints figures and ratios against baselines measured the same
way in the same run.

    .venv/bin/python bench/classroom_report.py [--students 40] [--runs 5]

The class is made once, in a temporary folder, with the shipped course: every student saw
every step, answered every quiz question, and on every exercise failed four checks, took a
hint, passed, and spent a few minutes (about 300 events each, 12,000 for 40). Then, medians
over the runs, each in-process and from a fresh connection:

(a) the report: build the summary from the database and write all four formats (HTML, CSV,
    JUnit XML, GitHub Classroom JSON), for the whole class;
(b) the same for a class of one student (a baseline: what a report costs at all);
(c) reading the event log alone (a baseline: what SQLite costs for the events).

Target: (a) under 2 s.
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from kubelearn.classroom import ClassDB
from kubelearn.classroom import report as render
from kubelearn.course import load_course
from kubelearn.paths import shipped_lessons
from kubelearn.progress.model import EventRecord, Progress

TARGET_S = 2.0


def _student_work(course, start_ms: int  # type: ignore[no-untyped-def]
                  ) -> tuple[Progress, list[EventRecord]]:
    """A student who did the whole course, with the events the tutor would have recorded."""
    p = Progress()
    at = start_ms
    events = []

    def event(kind: str, lesson: str, item: str | None, ok: bool | None = None,
              detail: dict | None = None) -> None:
        nonlocal at
        at += 7_000
        events.append(EventRecord(secrets.token_hex(8), at, kind, lesson, item, ok,
                                  detail or {}))

    for lesson in course.lessons:
        lp = p.lessons.setdefault(lesson.id, type(p.lesson(lesson.id))())
        for step in range(len(lesson.steps)):
            lp.steps_seen.add(step)
            event("step_seen", lesson.id, str(step))
        for index, question in enumerate(lesson.quiz):
            lp.quiz_answers[index] = question.answer
            event("quiz_answer", lesson.id, str(index), True, {"choice": question.answer})
        if lesson.quiz:
            lp.quiz_best, lp.quiz_total = len(lesson.quiz), len(lesson.quiz)
        for exercise in lesson.exercises:
            for _ in range(4):
                event("exercise_checked", lesson.id, exercise.id, False,
                      {"codes": ["required", "unknown-field"],
                       "examples": {"required": "spec.containers is required"}})
            event("hint_revealed", lesson.id, exercise.id, None, {"n": 1})
            event("exercise_checked", lesson.id, exercise.id, True, {"codes": []})
            event("exercise_passed", lesson.id, exercise.id, True)
            event("time_spent", lesson.id, exercise.id, None,
                  {"seconds": 240, "screen": "exercise"})
            ep = p.exercises.setdefault(exercise.id, type(p.exercise(exercise.id))())
            ep.status, ep.draft, ep.hints_shown = "passed", exercise.solution, 1
    return p, events


def _make_class(folder: Path, course, students: int) -> int:  # type: ignore[no-untyped-def]
    db = ClassDB(folder)
    total = 0
    for n in range(students):
        total += db.merge(db.join(f"Student {n:02d}"), *_student_work(course, 1_700_000_000_000))
    db.close()
    return total


def _report(folder: Path, course) -> None:  # type: ignore[no-untyped-def]
    db = ClassDB(folder)
    try:
        report = render.build_report(db, course, "bench")
    finally:
        db.close()
    render.to_html(report)
    render.to_csv(report)
    render.to_junit(report)
    json.dumps(render.to_autograding(report))


def _events(folder: Path) -> None:
    db = ClassDB(folder)
    try:
        db.events()
    finally:
        db.close()


def _median(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    course = load_course(shipped_lessons(), lang="en")
    exercises = sum(len(lesson.exercises) for lesson in course.lessons)
    with tempfile.TemporaryDirectory(prefix="kubelearn-bench-") as tmp:
        big, one = Path(tmp) / "class", Path(tmp) / "one"
        events = _make_class(big, course, args.students)
        _make_class(one, course, 1)
        _report(big, course)  # warm: imports, the page cache
        whole = _median(args.runs, lambda: _report(big, course))
        single = _median(args.runs, lambda: _report(one, course))
        raw = _median(args.runs, lambda: _events(big))
    print(f"class: {args.students} students x {len(course.lessons)} lessons, {exercises} "
          f"exercises; {events} events; medians of {args.runs} runs")
    print(f"(a) report, whole class : {whole * 1000:8.1f} ms   target < {TARGET_S * 1000:.0f} ms"
          f"  {'OK' if whole < TARGET_S else 'OVER'}")
    print(f"(b) report, one student : {single * 1000:8.1f} ms   (a)/(b) = {whole / single:5.1f}x"
          f" for {args.students}x the students")
    print(f"(c) reading the events  : {raw * 1000:8.1f} ms   (a)/(c) = {whole / raw:5.1f}x")


if __name__ == "__main__":
    main()
