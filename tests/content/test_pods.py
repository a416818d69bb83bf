"""The Pods lesson's exercises, judged the way a learner meets them.

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
LESSON = "pods"
EXERCISE_IDS = ("pods-fix-typo", "pods-complete-image-port", "pods-sidecar-localhost")


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
        "pods-fix-typo",
        """
        # the same Pod, keys in another order
        kind: Pod
        apiVersion: v1
        spec:
          containers:
            - image: nginx:1.27
              name: web
              ports:
                - containerPort: 80
        metadata:
          labels:
            app: web
          name: web
        """,
        id="fix-typo/other-key-order",
    ),
    pytest.param(
        "pods-fix-typo",
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, labels: {app: web, tier: frontend}}
        spec:
          containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 80}]}]
        """,
        id="fix-typo/flow-style-extra-label",
    ),
    pytest.param(
        "pods-fix-typo",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
          - name: web
            image: nginx:1.27
            ports:
            - containerPort: 80
              name: http
              protocol: TCP
        """,
        id="fix-typo/unindented-lists-named-port",
    ),
    pytest.param(
        "pods-complete-image-port",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels:
            app: web
        spec:
          containers:
            - image: 'nginx:1.27'   # quoted image, image before name
              name: web
              ports: [{containerPort: 80}]
        """,
        id="complete/quoted-image-flow-ports",
    ),
    pytest.param(
        "pods-complete-image-port",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: frontend
        spec:
          containers:
            - name: nginx
              image: nginx:1.27
              ports:
                - name: http
                  containerPort: 80
                  protocol: TCP
        """,
        id="complete/other-names-named-port",
    ),
    pytest.param(
        "pods-complete-image-port",
        """
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "web"},
         "spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                                  "ports": [{"containerPort": 80}]}]}}
        """,
        id="complete/json",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: shop
          labels:
            app: shop
        spec:
          containers:
            # the sidecar first: order does not matter
            - name: fetcher
              image: busybox:1.36
              command:
                - sh
                - -c
                - while true; do wget -qO- localhost; sleep 5; done
            - name: nginx
              image: nginx:1.27
              ports:
                - containerPort: 80
                  name: http
        """,
        id="sidecar/sidecar-first-block-command",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: demo}
        spec:
          containers:
            - {name: web, image: nginx:1.27, ports: [{containerPort: 80}]}
            - name: poller
              image: busybox:1.36
              command: ["/bin/sh", "-c", "while true; do wget -qO- http://localhost:80/; sleep 5; done"]
        """,
        id="sidecar/flow-items-full-url",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-with-poller
        spec:
          restartPolicy: Always
          containers:
            - name: web
              image: nginx:1.27
              ports:
                - containerPort: 80
            - name: poller
              image: busybox:1.36
              command: ['sh', '-c', 'while true; do wget -qO- localhost; sleep 5; done']
              resources:
                requests:
                  cpu: 10m
                  memory: "16Mi"
        """,
        id="sidecar/single-quotes-resources",
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
        "pods-fix-typo",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          Containers:
            - name: web
              image: nginx:1.27
              ports:
                - containerPort: 80
        """,
        "unknown-field",
        "containers",
        id="fix-typo/capitalised-Containers",
    ),
    pytest.param(
        "pods-fix-typo",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            name: web
            image: nginx:1.27
            ports:
              - containerPort: 80
        """,
        "wrong-type",
        "containers",
        id="fix-typo/containers-as-mapping-not-list",
    ),
    pytest.param(
        "pods-fix-typo",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
          ports:
            - containerPort: 80
        """,
        "unknown-field",
        "ports",
        id="fix-typo/ports-dedented-into-pod-spec",
    ),
    pytest.param(
        "pods-complete-image-port",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
              ports:
                - containerPort: "80"
        """,
        "wrong-type",
        "containerPort",
        id="complete/quoted-port-number",
    ),
    pytest.param(
        "pods-complete-image-port",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
              ports:
                - port: 80
        """,
        "unknown-field",
        "port",
        id="complete/port-instead-of-containerPort",
    ),
    pytest.param(
        "pods-complete-image-port",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
              ports:
                containerPort: 80
        """,
        "wrong-type",
        "ports",
        id="complete/ports-as-mapping-not-list",
    ),
    pytest.param(
        "pods-complete-image-port",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx
              ports:
                - containerPort: 80
        """,
        "expectation",
        "nginx:1.27",
        id="complete/image-without-tag",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
              ports:
                - containerPort: 80
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: poller
        spec:
          containers:
            - name: poller
              image: busybox:1.36
              command: ["sh", "-c", "while true; do wget -qO- localhost; sleep 5; done"]
        """,
        "expectation",
        "one Pod",
        id="sidecar/two-pods-instead-of-one",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
              ports:
                - containerPort: 80
            - name: web
              image: busybox:1.36
              command: ["sh", "-c", "while true; do wget -qO- localhost; sleep 5; done"]
        """,
        "duplicate-container-name",
        "web",
        id="sidecar/same-name-twice",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
              ports:
                - containerPort: 80
            - name: poller
              image: busybox:1.36
              command: sh -c 'while true; do wget -qO- localhost; sleep 5; done'
        """,
        "wrong-type",
        "command",
        id="sidecar/command-as-one-string",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
              ports:
                - containerPort: 80
            - name: poller
              image: busybox:1.36
              command: ["sh", "-c", "while true; do wget -qO- web:80; sleep 5; done"]
        """,
        "expectation",
        "localhost",
        id="sidecar/container-name-instead-of-localhost",
    ),
    pytest.param(
        "pods-sidecar-localhost",
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx:1.27
            - name: poller
              image: busybox:1.36
              ports:
                - containerPort: 80
              command: ["sh", "-c", "while true; do wget -qO- localhost; sleep 5; done"]
        """,
        "expectation",
        "nginx",
        id="sidecar/port-declared-on-the-wrong-container",
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
