"""The shipped course has every part the course promises, in English and Chinese."""

from __future__ import annotations

import re

import pytest
import yaml

from kubelearn.course import load_course
from kubelearn.course.loader import display_width
from kubelearn.course.validate import load_all
from kubelearn.paths import shipped_lessons

LESSON_IDS = ["intro", "pods", "replicasets", "deployments", "configmaps", "services", "ingress"]
COURSES = load_all(shipped_lessons())
LESSONS = [(lang, lesson) for lang, course in COURSES.items() for lesson in course.lessons]
LESSON_IDS_FOR_TESTS = [f"{lang}-{lesson.id}" for lang, lesson in LESSONS]


def test_both_languages_have_every_lesson_in_order() -> None:
    assert set(COURSES) == {"en", "zh"}
    for course in COURSES.values():
        assert [lesson.id for lesson in course.lessons] == LESSON_IDS


@pytest.mark.parametrize(("lang", "lesson"), LESSONS, ids=LESSON_IDS_FOR_TESTS)
def test_lesson_has_all_its_parts(lang: str, lesson) -> None:
    assert lesson.problems == ()
    assert 4 <= len(lesson.steps) <= 8
    assert lesson.diagram_count >= 2
    assert len(lesson.quiz) >= 6
    assert all(choice.explanation for q in lesson.quiz for choice in q.choices)
    assert len(lesson.exercises) >= 3
    for exercise in lesson.exercises:
        assert exercise.hints and exercise.solution.strip() and exercise.prompt
    for step in lesson.steps:
        assert "kubernetes.io" in step.markdown, f"step '{step.title}' has no further reading"
        for diagram in step.diagrams:
            assert max(display_width(row) for row in diagram.text.splitlines()) <= 76


@pytest.mark.parametrize(("lang", "lesson"), LESSONS, ids=LESSON_IDS_FOR_TESTS)
def test_steps_are_short(lang: str, lesson) -> None:
    """Readable in about a minute: roughly 250 English words or 600 Chinese characters."""
    for step in lesson.steps:
        prose = "\n".join(p.text for p in step.parts if p.kind == "markdown")
        prose = re.sub(r"```.*?```", "", prose, flags=re.S)
        size = len(prose.split()) if lang == "en" else len(re.findall(r"[\u4e00-\u9fff]", prose))
        assert size <= (260 if lang == "en" else 650), f"step '{step.title}' is long ({size})"


def _yaml(text: str) -> object:
    try:
        return list(yaml.safe_load_all(text))
    except yaml.YAMLError:  # a starter may be broken on purpose
        return [line.split("#")[0].rstrip() for line in text.splitlines()]


def test_translations_keep_the_english_exercises() -> None:
    for en, zh in zip(COURSES["en"].lessons, COURSES["zh"].lessons, strict=True):
        assert en.id == zh.id
        assert [e.id for e in en.exercises] == [e.id for e in zh.exercises]
        for a, b in zip(en.exercises, zh.exercises, strict=True):
            # Comments may be translated; the YAML itself must be the same.
            assert _yaml(a.starter) == _yaml(b.starter), a.id
            assert _yaml(a.solution) == _yaml(b.solution), a.id
            assert len(a.expectations) == len(b.expectations), a.id
        assert len(en.quiz) == len(zh.quiz)
        assert [q.answer for q in en.quiz] == [q.answer for q in zh.quiz]


def test_chinese_course_is_written_in_chinese() -> None:
    for lesson in load_course(None, lang="zh").lessons:
        assert lesson.lang == "zh"
        text = "".join(step.markdown for step in lesson.steps)
        assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 200


def test_capstone_checks_across_objects() -> None:
    exercise = COURSES["en"].exercise("ingress-capstone")
    assert exercise is not None
    forms = {next(iter(k for k in e if k not in ("message",))) for e in exercise.expectations}
    assert {"selects", "routes", "mounts"} <= forms


def test_every_exercise_starter_fails_and_solution_passes() -> None:
    from kubelearn.course.validate import exercise_problems

    problems = [str(p) for lang, course in COURSES.items() for lesson in course.lessons
                for ex in lesson.exercises for p in exercise_problems(lesson.path, ex, lang)]
    assert problems == []
