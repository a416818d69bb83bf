"""Answers people write, judged as the exercise screen judges them.

Each exercise of the shipped course has a folder ``tests/course/answers/<exercise-id>/`` of
answers: ``good-<what>.yaml`` must pass (other names, order, flow style, extra harmless
fields, equivalent forms), ``bad-<what>.yaml`` must fail, and its first line,
``# expect: <text>``, is a piece of what the learner reads about it (the English message,
explanation or hint of a finding). Wrong answers come runtime-broken first: accepted by
Kubernetes, but they would not work, which only the goals that run the answer catch.

To add answers, add files: this one test runs them all (in English; the goals of both
languages are the same, tests/content/test_course_content.py checks).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelearn.checker import check
from kubelearn.course import load_course

ANSWERS = Path(__file__).resolve().parent / "answers"
COURSE = load_course(None, lang="en")
EXERCISES = {ex.id: (lesson, ex) for lesson in COURSE.lessons for ex in lesson.exercises}
#: Answers each exercise needs, of each kind.
AT_LEAST = 4


def _files() -> list:
    found = []
    for path in sorted(ANSWERS.glob("*/*.yaml")):
        kind = path.name.split("-", 1)[0]
        found.append(pytest.param(path, kind, id=f"{path.parent.name}/{path.stem}"))
    return found


def _expected(text: str) -> str:
    first = text.split("\n", 1)[0]
    assert first.startswith("# expect: ") and first[len("# expect: "):].strip(), (
        "a bad answer starts with '# expect: <a piece of the failure message>'")
    return first[len("# expect: "):].strip()


def _said(report) -> list[str]:
    return [f"{f.message}\n{f.explanation}\n{f.hint}" for f in report.findings]


@pytest.mark.parametrize(("path", "kind"), _files())
def test_answer(path: Path, kind: str) -> None:
    assert kind in ("good", "bad"), f"{path.name}: name answers good-*.yaml or bad-*.yaml"
    assert path.parent.name in EXERCISES, f"{path.parent.name}: no such exercise in the course"
    _, exercise = EXERCISES[path.parent.name]
    text = path.read_text(encoding="utf-8")
    report = check(text, exercise.goals, lang="en", cluster=exercise.cluster)
    said = "\n".join(_said(report))
    if kind == "good":
        assert report.passed, said
        return
    wanted = _expected(text)
    assert not report.passed, f"{path.name} passes, but it should fail"
    assert wanted in said, f"{path.name}: no finding says {wanted!r}; they say:\n{said}"


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_every_exercise_has_answers_of_both_kinds(exercise_id: str) -> None:
    folder = ANSWERS / exercise_id
    good = sorted(folder.glob("good-*.yaml"))
    bad = sorted(folder.glob("bad-*.yaml"))
    assert len(good) >= AT_LEAST and len(bad) >= AT_LEAST, (
        f"{exercise_id}: {len(good)} good and {len(bad)} bad answers in {folder}; "
        f"at least {AT_LEAST} of each")
