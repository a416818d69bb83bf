"""The intro lesson's exercises: answers a learner might type, judged as lessonkit describes.

Other correct answers must pass; common mistakes must fail with a finding that names them.
"""

from __future__ import annotations

import pytest
from lessonkit import LANGS, ShippedLesson, assert_fails_helpfully, assert_passes

intro = ShippedLesson("intro")

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
def test_correct_answer_passes(exercise_id, text, lang):
    assert_passes(intro.judge(exercise_id, text, lang))


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
def test_common_mistake_fails_helpfully(exercise_id, text, code, word, lang):
    assert_fails_helpfully(intro.judge(exercise_id, text, lang), code, word, lang)
