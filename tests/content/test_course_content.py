"""The shipped course has every part the course promises, in English and Chinese.

What must hold for every lesson and every exercise is checked here, once, over the whole
course: each starter fails, each solution passes, each quiz answer is one of its choices, both
languages hold the same exercise, hints are progressive, and each lesson has its steps, further
reading, diagrams and quiz. (The UI smoke test walks only one lesson per language for this.) Each
lesson's own test file keeps only the answers a learner might type for its exercises.
"""

from __future__ import annotations

import re

import pytest
import yaml
from lessonkit import COURSES, LANGS, ShippedLesson, assert_passes, describe, has_chinese

from kubelearn.checker import check
from kubelearn.course.loader import display_width
from kubelearn.course.validate import load_all
from kubelearn.paths import shipped_lessons

#: Every lesson in order, with its exercises in order.
OUTLINE = {
    "intro": ("intro-fix-top-level-key", "intro-complete-kind-name", "intro-write-namespace"),
    "pods": ("pods-fix-typo", "pods-complete-image-port", "pods-sidecar-localhost"),
    "labels": ("labels-recommended", "labels-exclude-canary", "labels-cross-namespace"),
    "replicasets": (
        "replicasets-fix-selector",
        "replicasets-add-replicas-selector",
        "replicasets-from-scratch",
    ),
    "deployments": (
        "deployments-scale-update",
        "deployments-rolling-strategy",
        "deployments-from-scratch",
    ),
    "health": ("health-readiness-probe", "health-fix-liveness", "health-requests-limits"),
    "configmaps": (
        "configmaps-fix-mount",
        "configmaps-complete-volume",
        "configmaps-envfrom-scratch",
        "configmaps-immutable-v2",
    ),
    "secrets": ("secrets-fix-secretkeyref", "secrets-fix-base64", "secrets-volume-mode"),
    "services": ("services-fix-selector", "services-clusterip-ports", "services-nodeport-scratch"),
    "ingress": ("ingress-fix-backend", "ingress-fanout", "ingress-tls", "ingress-capstone"),
    "troubleshooting": (
        "troubleshooting-fix-ingress-404",
        "troubleshooting-fix-pending",
        "troubleshooting-fix-config-key",
    ),
}
#: Lessons whose starters carry translated comments; every other starter is the same text in
#: both languages.
STARTER_COMMENTS_TRANSLATED = {"services", "ingress"}

EXERCISES = [
    pytest.param(lesson_id, exercise_id, id=exercise_id)
    for lesson_id, exercise_ids in OUTLINE.items()
    for exercise_id in exercise_ids
]
READING = {"en": "Further reading: [", "zh": "延伸阅读：["}
DOCS = {"en": "https://kubernetes.io/docs/", "zh": "https://kubernetes.io/zh-cn/docs/"}


def test_both_languages_have_every_lesson_in_order() -> None:
    as_written = load_all(shipped_lessons())
    assert set(as_written) == {"en", "zh"}
    for course in as_written.values():
        assert [lesson.id for lesson in course.lessons] == list(OUTLINE)


# --- every lesson ------------------------------------------------------------------------------


@pytest.mark.parametrize("lesson_id", OUTLINE)
@pytest.mark.parametrize("lang", LANGS)
def test_lesson_has_all_its_parts(lang: str, lesson_id: str) -> None:
    lesson = COURSES[lang].lesson(lesson_id)
    assert lesson is not None and lesson.lang == lang
    assert lesson.problems == ()
    assert 4 <= len(lesson.steps) <= 8
    for step in lesson.steps:
        last = step.parts[-1].text.strip().splitlines()[-1]
        assert last.startswith(READING[lang]) and DOCS[lang] in last, step.title
        for diagram in step.diagrams:
            assert max(display_width(row) for row in diagram.text.splitlines()) <= 76
    assert lesson.diagram_count >= 2
    assert len(lesson.quiz) >= 6
    assert all(choice.explanation.strip() for q in lesson.quiz for choice in q.choices)
    assert len({q.answer for q in lesson.quiz}) >= 3, "vary the right answer"
    assert len(lesson.exercises) >= 3
    assert [ex.id for ex in lesson.exercises] == list(OUTLINE[lesson_id])
    for exercise in lesson.exercises:
        assert exercise.hints and exercise.solution.strip() and exercise.prompt


@pytest.mark.parametrize("lesson_id", OUTLINE)
@pytest.mark.parametrize("lang", LANGS)
def test_steps_are_short(lang: str, lesson_id: str) -> None:
    """Readable in about a minute: roughly 250 English words or 600 Chinese characters."""
    for step in COURSES[lang].lesson(lesson_id).steps:
        prose = "\n".join(p.text for p in step.parts if p.kind == "markdown")
        prose = re.sub(r"```.*?```", "", prose, flags=re.S)
        size = len(prose.split()) if lang == "en" else len(re.findall(r"[\u4e00-\u9fff]", prose))
        assert size <= (260 if lang == "en" else 650), f"step '{step.title}' is long ({size})"


@pytest.mark.parametrize("lesson_id", OUTLINE)
@pytest.mark.parametrize("lang", LANGS)
def test_code_in_steps_fits_80_columns(lang: str, lesson_id: str) -> None:
    """Code blocks are not wrapped; at 80 columns the lesson pane leaves about 74 for them."""
    for step in COURSES[lang].lesson(lesson_id).steps:
        prose = "\n".join(p.text for p in step.parts if p.kind == "markdown")
        for block in re.findall(r"```[^\n]*\n(.*?)```", prose, flags=re.S):
            for row in block.splitlines():
                assert display_width(row) <= 74, f"step '{step.title}': {row!r}"


@pytest.mark.parametrize("lesson_id", OUTLINE)
@pytest.mark.parametrize("lang", LANGS)
def test_every_quiz_answer_is_one_of_its_choices(lang: str, lesson_id: str) -> None:
    """What the quiz screen needs of every question: distinct choice keys the letter keys can
    reach (a-f), the right answer among them, and a first line to show in the review."""
    for question in COURSES[lang].lesson(lesson_id).quiz:
        keys = [choice.key for choice in question.choices]
        assert len(keys) == len(set(keys)) and set(keys) <= set("abcdef"), question.question
        assert question.choice(question.answer) is not None, question.question
        assert question.question.strip(), "a question without words"


def test_translations_keep_the_english_quiz() -> None:
    for en, zh in zip(COURSES["en"].lessons, COURSES["zh"].lessons, strict=True):
        assert len(en.quiz) == len(zh.quiz)
        assert [q.answer for q in en.quiz] == [q.answer for q in zh.quiz]


def test_chinese_course_is_written_in_chinese() -> None:
    for lesson in COURSES["zh"].lessons:
        assert lesson.lang == "zh"
        text = "".join(step.markdown for step in lesson.steps)
        assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 200


# --- every exercise ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("lesson_id", "exercise_id"), EXERCISES)
def test_starter_fails(lesson_id: str, exercise_id: str, lang: str) -> None:
    ex = ShippedLesson(lesson_id).exercise(exercise_id, lang)
    report = check(ex.starter, ex.goals, lang=lang, cluster=ex.cluster)
    assert not report.passed, describe(report)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("lesson_id", "exercise_id"), EXERCISES)
def test_solution_passes(lesson_id: str, exercise_id: str, lang: str) -> None:
    ex = ShippedLesson(lesson_id).exercise(exercise_id, lang)
    assert_passes(check(ex.solution, ex.goals, lang=lang, cluster=ex.cluster))


def _yaml(text: str) -> object:
    try:
        return list(yaml.safe_load_all(text))
    except yaml.YAMLError:  # a starter may be broken on purpose
        return [line.split("#")[0].rstrip() for line in text.splitlines()]


def _code(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.strip().startswith("#")]


def _meaning(expectations):
    """The goals without their messages, at every depth (a scenario's goals have theirs)."""
    if isinstance(expectations, dict):
        return {k: _meaning(v) for k, v in expectations.items() if k != "message"}
    if isinstance(expectations, list | tuple):
        return [_meaning(e) for e in expectations]
    return expectations


@pytest.mark.parametrize(("lesson_id", "exercise_id"), EXERCISES)
def test_languages_hold_the_same_exercise(lesson_id: str, exercise_id: str) -> None:
    lesson = ShippedLesson(lesson_id)
    en, zh = lesson.exercise(exercise_id, "en"), lesson.exercise(exercise_id, "zh")
    assert en.solution == zh.solution
    if lesson_id in STARTER_COMMENTS_TRANSLATED:
        # Comments may be translated; the YAML itself must be the same.
        assert _code(en.starter) == _code(zh.starter)
        assert _yaml(en.starter) == _yaml(zh.starter)
    else:
        assert en.starter == zh.starter
    assert _meaning(en.expectations) == _meaning(zh.expectations)
    assert all(e.get("message") for e in en.expectations), en.expectations
    assert all(has_chinese(e.get("message", "")) for e in zh.expectations), zh.expectations
    assert len(en.hints) == len(zh.hints)


@pytest.mark.parametrize(("lesson_id", "exercise_id"), EXERCISES)
def test_hints_are_progressive(lesson_id: str, exercise_id: str) -> None:
    for lang in LANGS:
        assert 2 <= len(ShippedLesson(lesson_id).exercise(exercise_id, lang).hints) <= 4
