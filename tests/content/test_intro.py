"""The intro lesson's exercises, judged the way a learner meets them.

Every case loads its exercise from the shipped lesson files, in English and in Chinese, so a
change to a starter, a solution or an expectation is caught here. Each table row is one answer
a learner might type: correct answers written differently must pass; common mistakes must fail
with a finding that names the problem.
"""

from __future__ import annotations

import textwrap

import pytest

from kubelearn.checker import check
from kubelearn.course import load_course

LANGS = ("en", "zh")
LESSON = "intro"
EXERCISE_IDS = ("intro-fix-top-level-key", "intro-complete-kind-name", "intro-write-namespace")


@pytest.fixture(scope="module")
def courses():
    return {lang: load_course(None, lang=lang) for lang in LANGS}


def exercise(courses, exercise_id: str, lang: str):
    found = courses[lang].exercise(exercise_id)
    assert found is not None, f"exercise {exercise_id} missing in {lang}"
    assert found.lesson_id == LESSON
    return found


def describe(report) -> str:
    lines = [
        f"{f.severity.value} {f.line}:{f.column} [{f.code}] {f.message}" for f in report.findings
    ]
    lines.append(f"expectations met: {report.expectations_met}/{report.expectations_total}")
    return "\n".join(lines)


def judge(courses, exercise_id: str, text: str, lang: str):
    ex = exercise(courses, exercise_id, lang)
    return check(textwrap.dedent(text).lstrip("\n"), list(ex.expectations), lang=lang)


# --- starters fail, solutions pass, both languages hold the same exercise ----------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_starter_fails(courses, exercise_id, lang):
    ex = exercise(courses, exercise_id, lang)
    report = check(ex.starter, list(ex.expectations), lang=lang)
    assert not report.passed, describe(report)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_solution_passes(courses, exercise_id, lang):
    ex = exercise(courses, exercise_id, lang)
    report = check(ex.solution, list(ex.expectations), lang=lang)
    assert report.ok, describe(report)
    assert report.passed, describe(report)


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_languages_hold_the_same_exercise(courses, exercise_id):
    en, zh = exercise(courses, exercise_id, "en"), exercise(courses, exercise_id, "zh")

    def meaning(expectations) -> list[dict]:
        return [{k: v for k, v in e.items() if k != "message"} for e in expectations]

    assert en.solution == zh.solution
    assert en.starter == zh.starter
    assert meaning(en.expectations) == meaning(zh.expectations)
    assert len(en.hints) == len(zh.hints)


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_hints_are_progressive(courses, exercise_id):
    ex = exercise(courses, exercise_id, "en")
    assert 2 <= len(ex.hints) <= 4


# --- the lesson's shape --------------------------------------------------------------------------

READING = {"en": "Further reading: [", "zh": "延伸阅读：["}
DOCS = {"en": "https://kubernetes.io/docs/", "zh": "https://kubernetes.io/zh-cn/docs/"}


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_shape(courses, lang):
    lesson = courses[lang].lesson(LESSON)
    assert lesson is not None and lesson.lang == lang and not lesson.problems
    assert 4 <= len(lesson.steps) <= 8
    for step in lesson.steps:
        last = step.parts[-1].text.strip().splitlines()[-1]
        assert last.startswith(READING[lang]) and DOCS[lang] in last, step.title
    assert lesson.diagram_count >= 2
    assert len(lesson.quiz) >= 6
    for question in lesson.quiz:
        assert all(choice.explanation.strip() for choice in question.choices)
    assert len({question.answer for question in lesson.quiz}) >= 3, "vary the right answer"
    assert [ex.id for ex in lesson.exercises] == list(EXERCISE_IDS)


# --- correct answers written differently pass ---------------------------------------------------

CORRECT = [
    pytest.param(
        "intro-fix-top-level-key",
        """
        {apiVersion: v1, kind: Pod, metadata: {name: hello},
         spec: {containers: [{name: hello, image: nginx:1.27}]}}
        """,
        id="fix-key/flow-style",
    ),
    pytest.param(
        "intro-fix-top-level-key",
        """
        # metadata first, comments, an extra label
        metadata:
          name: hello     # the name the prompt asked to keep
          labels:
            app: hello
        spec:
          containers:
          - name: main
            image: nginx:1.27
        kind: Pod
        apiVersion: v1
        """,
        id="fix-key/other-order-comments-label",
    ),
    pytest.param(
        "intro-fix-top-level-key",
        """
        {
          "apiVersion": "v1",
          "kind": "Pod",
          "metadata": {"name": "hello"},
          "spec": {"containers": [{"name": "hello", "image": "nginx:1.27"}]}
        }
        """,
        id="fix-key/json",
    ),
    pytest.param(
        "intro-complete-kind-name",
        """
        apiVersion: v1
        metadata:
          labels:
            app: web
          name: "web"
        spec:
          containers:
            - name: web
              image: nginx:1.27
        kind: Pod
        """,
        id="complete/kind-last-quoted-name",
    ),
    pytest.param(
        "intro-complete-kind-name",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: default
          labels: {app: web, team: blue}
          annotations:
            owner: "ops@example.com"
        spec:
          containers: [{name: web, image: nginx:1.27}]
        """,
        id="complete/namespace-annotation-flow",
    ),
    pytest.param(
        "intro-write-namespace",
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: "team-a"
          labels:
            team: a
        """,
        id="namespace/quoted-name-label",
    ),
    pytest.param(
        "intro-write-namespace",
        """
        {apiVersion: v1, kind: Namespace, metadata: {name: team-a}}
        """,
        id="namespace/flow-style",
    ),
    pytest.param(
        "intro-write-namespace",
        """
        ---
        # the team's namespace
        kind: Namespace
        apiVersion: v1
        metadata:
          name: team-a
        spec: {}
        """,
        id="namespace/document-marker-empty-spec",
    ),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "text"), CORRECT)
def test_correct_answer_passes(courses, exercise_id, text, lang):
    report = judge(courses, exercise_id, text, lang)
    assert report.passed, describe(report)


# --- common mistakes fail, with a finding that names the problem ---------------------------------

WRONG = [
    pytest.param(
        "intro-fix-top-level-key",
        """
        apiVersion: v1
        kind: Pod
        name: hello
        spec:
          containers:
            - name: hello
              image: nginx:1.27
        """,
        "unknown-field",
        "name",
        id="fix-key/name-at-top-level",
    ),
    pytest.param(
        "intro-fix-top-level-key",
        """
        apiversion: v1
        kind: Pod
        metadata:
          name: hello
        spec:
          containers:
            - name: hello
              image: nginx:1.27
        """,
        "missing-api-version",
        "apiVersion",
        id="fix-key/lowercase-apiversion",
    ),
    pytest.param(
        "intro-fix-top-level-key",
        """
        apiVersion: v1
        kind: Pod
        Metadata:
          name: hello
        spec:
          containers:
            - name: hello
              image: nginx:1.27
        """,
        "unknown-field",
        "metadata",
        id="fix-key/capitalised-Metadata",
    ),
    pytest.param(
        "intro-complete-kind-name",
        """
        apiVersion: v1
        kind: pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
        """,
        "unknown-kind",
        "Pod",
        id="complete/lowercase-kind",
    ),
    pytest.param(
        "intro-complete-kind-name",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          labels:
            app: web
        spec:
          name: web
          containers:
            - name: web
              image: nginx:1.27
        """,
        "unknown-field",
        "name",
        id="complete/name-under-spec",
    ),
    pytest.param(
        "intro-complete-kind-name",
        """
        apiVersion: apps/v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
        """,
        "wrong-api-version",
        "v1",
        id="complete/pod-in-apps-v1",
    ),
    pytest.param(
        "intro-write-namespace",
        """
        apiVersion: v1
        kind: namespace
        metadata:
          name: team-a
        """,
        "unknown-kind",
        "Namespace",
        id="namespace/lowercase-kind",
    ),
    pytest.param(
        "intro-write-namespace",
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team_a
        """,
        "invalid-name",
        "team_a",
        id="namespace/underscore-in-name",
    ),
    pytest.param(
        "intro-write-namespace",
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: Team-A
        """,
        "invalid-name",
        "Team-A",
        id="namespace/capitals-in-name",
    ),
    pytest.param(
        "intro-write-namespace",
        """
        apiVersion: apps/v1
        kind: Namespace
        metadata:
          name: team-a
        """,
        "wrong-api-version",
        "v1",
        id="namespace/apps-v1",
    ),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "text", "code", "word"), WRONG)
def test_common_mistake_fails_helpfully(courses, exercise_id, text, code, word, lang):
    report = judge(courses, exercise_id, text, lang)
    assert not report.passed, describe(report)
    codes = [f.code for f in report.findings]
    assert code in codes, describe(report)
    if lang == "en":
        messages = " ".join(f.message for f in report.findings if f.code == code)
        assert word.lower() in messages.lower(), describe(report)
