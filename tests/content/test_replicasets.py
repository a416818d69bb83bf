"""The ReplicaSets lesson's exercises: answers a learner might type, judged as lessonkit describes.

Other correct answers must pass; common mistakes must fail with a finding that names them.
"""

from __future__ import annotations

import textwrap

import pytest
from lessonkit import (
    LANGS,
    ShippedLesson,
    assert_fails_helpfully,
    assert_passes,
    describe,
    has_chinese,
)

from kubelearn.checker import check

replicasets = ShippedLesson("replicasets")


def test_the_broken_starter_is_rejected_for_its_selector():
    """The first exercise teaches one thing: the checker must say the selector is the problem."""
    ex = replicasets.exercise("replicasets-fix-selector", "en")
    report = check(ex.starter, ex.goals, lang="en")
    assert [f.code for f in report.errors] == ["selector-mismatch"], describe(report)
    # The goals that run the answer wait until Kubernetes would accept it; the rest hold.
    assert report.expectations_met + len(report.goals_pending) == report.expectations_total


# --- correct answers written differently pass ---------------------------------------------------

CORRECT = [
    pytest.param(
        "replicasets-fix-selector",
        """
        # fixed the other way round: the selector follows the template
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: frontend
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: front-end
          template:
            metadata:
              labels:
                app: front-end
                tier: web          # extra labels on the Pods are fine
            spec:
              containers:
                - name: web
                  image: nginx:1.27
        """,
        id="fix-selector/selector-follows-template-extra-label",
    ),
    pytest.param(
        "replicasets-fix-selector",
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: frontend, labels: {team: shop}}
        spec:
          template:
            spec:
              containers: [{name: web, image: "nginx:1.27"}]
            metadata:
              labels: {app: frontend, version: "2"}
          selector:
            matchExpressions:
              - {key: app, operator: In, values: [frontend, backend]}
          replicas: 3
        """,
        id="fix-selector/flow-style-matchExpressions-quoted-label",
    ),
    pytest.param(
        "replicasets-fix-selector",
        """
        kind: ReplicaSet
        apiVersion: apps/v1
        metadata:
          name: frontend
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: frontend
          template:
            metadata:
              labels:
                app: frontend
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports:
                - containerPort: 80
        """,
        id="fix-selector/other-key-order-unindented-lists-port",
    ),
    pytest.param(
        "replicasets-add-replicas-selector",
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: cache
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: cache           # one of the template's labels is enough
          template:
            metadata:
              labels:
                app: cache
                tier: backend
            spec:
              containers:
                - name: redis
                  image: redis:7
        """,
        id="add-replicas-selector/subset-of-labels",
    ),
    pytest.param(
        "replicasets-add-replicas-selector",
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: cache
        spec:
          selector:
            matchExpressions:
            - key: tier
              operator: In
              values: ["backend"]
            - {key: app, operator: Exists}
          replicas: 3
          template:
            metadata:
              labels:
                app: cache
                tier: backend
            spec:
              containers:
                - name: redis
                  image: redis:7
        """,
        id="add-replicas-selector/matchExpressions-before-replicas",
    ),
    pytest.param(
        "replicasets-add-replicas-selector",
        """
        {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "cache"},
         "spec": {"replicas": 3,
                  "selector": {"matchLabels": {"tier": "backend", "app": "cache"}},
                  "template": {"metadata": {"labels": {"app": "cache", "tier": "backend"}},
                               "spec": {"containers": [{"name": "redis", "image": "redis:7"}]}}}}
        """,
        id="add-replicas-selector/json",
    ),
    pytest.param(
        "replicasets-from-scratch",
        """
        # my ReplicaSet, with recommended labels
        kind: ReplicaSet
        apiVersion: apps/v1
        metadata:
          name: web
          labels:
            app.kubernetes.io/name: hello
        spec:
          template:
            metadata:
              labels:
                app.kubernetes.io/name: hello
                tier: "frontend"
            spec:
              containers:
              - name: server
                image: "nginx:1.27"
          selector:
            matchLabels:
              app.kubernetes.io/name: hello
          replicas: 3
        """,
        id="from-scratch/dotted-label-keys-other-order",
    ),
    pytest.param(
        "replicasets-from-scratch",
        """
        {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "web"},
         "spec": {"replicas": 3, "selector": {"matchLabels": {"run": "web"}},
                  "template": {"metadata": {"labels": {"run": "web"}},
                               "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}}
        """,
        id="from-scratch/json-other-label",
    ),
    pytest.param(
        "replicasets-from-scratch",
        """
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: web}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web, env: dev}}
          template:
            metadata: {labels: {app: web, env: dev}}
            spec:
              restartPolicy: Always
              containers:
                - name: nginx
                  image: nginx:1.27
                  ports: [{containerPort: 80, name: http}]
        """,
        id="from-scratch/document-marker-two-labels-restartPolicy",
    ),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "text"), CORRECT)
def test_correct_answer_passes(exercise_id, text, lang):
    assert_passes(replicasets.judge(exercise_id, text, lang))


# --- common mistakes fail, with a finding that names the problem ---------------------------------

WRONG = [
    pytest.param(
        "replicasets-fix-selector",
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: frontend
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: frontend
              tier: web
          template:
            metadata:
              labels:
                app: frontend
            spec:
              containers:
                - name: web
                  image: nginx:1.27
        """,
        "selector-mismatch",
        "selector",
        id="fix-selector/selector-asks-for-a-label-the-template-lacks",
    ),
    pytest.param(
        "replicasets-fix-selector",
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: frontend
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: frontend
          template:
            spec:
              containers:
                - name: web
                  image: nginx:1.27
        """,
        "selector-mismatch",
        "template labels",
        id="fix-selector/template-labels-deleted",
    ),
    pytest.param(
        "replicasets-fix-selector",
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: frontend
        spec:
          replicas: 3
          selector: {}
          template:
            metadata:
              labels:
                app: frontend
            spec:
              containers:
                - name: web
                  image: nginx:1.27
        """,
        "selector-empty",
        "selector",
        id="fix-selector/selector-emptied",
    ),
    pytest.param(
        "replicasets-fix-selector",
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: frontend
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: frontend
              version: 2
          template:
            metadata:
              labels:
                app: frontend
                version: 2
            spec:
              containers:
                - name: web
                  image: nginx:1.27
        """,
        "unquoted-number",
        "version",
        id="fix-selector/number-as-label-value",
    ),
    pytest.param(
        "replicasets-add-replicas-selector",
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: cache
        spec:
          replicas: "3"
          selector:
            matchLabels:
              app: cache
          template:
            metadata:
              labels:
                app: cache
                tier: backend
            spec:
              containers:
                - name: redis
                  image: redis:7
        """,
        "wrong-type",
        "replicas",
        id="add-replicas-selector/quoted-replicas",
    ),
    pytest.param(
        "replicasets-add-replicas-selector",
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: cache
        spec:
          replicas: 3
          selector:
            app: cache
          template:
            metadata:
              labels:
                app: cache
                tier: backend
            spec:
              containers:
                - name: redis
                  image: redis:7
        """,
        "unknown-field",
        "matchLabels",
        id="add-replicas-selector/labels-without-matchLabels",
    ),
    pytest.param(
        "replicasets-add-replicas-selector",
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: cache
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: redis
          template:
            metadata:
              labels:
                app: cache
                tier: backend
            spec:
              containers:
                - name: redis
                  image: redis:7
        """,
        "selector-mismatch",
        "selector",
        id="add-replicas-selector/selector-uses-the-container-name",
    ),
    pytest.param(
        "replicasets-add-replicas-selector",
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: cache
        spec:
          selector:
            matchLabels:
              app: cache
          template:
            replicas: 3
            metadata:
              labels:
                app: cache
                tier: backend
            spec:
              containers:
                - name: redis
                  image: redis:7
        """,
        "unknown-field",
        "replicas",
        id="add-replicas-selector/replicas-inside-template",
    ),
    pytest.param(
        "replicasets-from-scratch",
        """
        apiVersion: v1
        kind: ReplicaSet
        metadata:
          name: web
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: nginx
                  image: nginx:1.27
        """,
        "wrong-api-version",
        "apps/v1",
        id="from-scratch/apiVersion-v1",
    ),
    pytest.param(
        "replicasets-from-scratch",
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web
        spec:
          replicas: 3
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: nginx
                  image: nginx:1.27
        """,
        "missing-field",
        "selector",
        id="from-scratch/no-selector",
    ),
    pytest.param(
        "replicasets-from-scratch",
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            containers:
              - name: nginx
                image: nginx:1.27
        """,
        "unknown-field",
        "containers",
        id="from-scratch/containers-directly-under-template",
    ),
    pytest.param(
        "replicasets-from-scratch",
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: webapp
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: nginx
                  image: nginx:1.27
        """,
        "expectation",
        "named web",
        id="from-scratch/other-name-than-asked",
    ),
    pytest.param(
        "replicasets-from-scratch",
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: nginx
                  image: nginx
        """,
        "expectation",
        "nginx:1.27",
        id="from-scratch/image-without-tag",
    ),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "text", "code", "word"), WRONG)
def test_common_mistake_fails_helpfully(exercise_id, text, code, word, lang):
    report = replicasets.judge(exercise_id, text, lang)
    assert_fails_helpfully(report, code, word, lang, word_in="its message or hint")


def test_only_the_name_is_reported_when_the_name_is_wrong():
    """A learner who picks another name hears about the name, not about three things at once."""
    text = replicasets.exercise("replicasets-from-scratch", "en").solution.replace(
        "name: web\n", "name: webapp\n", 1
    )
    report = check(text, replicasets.exercise("replicasets-from-scratch", "en").goals)
    assert len(report.findings) == 1, describe(report)
    assert report.findings[0].message.startswith("Write a ReplicaSet named web"), describe(report)


# --- what Kubernetes rejects (once checker gaps, now guarded) ------------------------------------


def test_restart_policy_other_than_always_is_rejected():
    text = textwrap.dedent(
        """\
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: web
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              restartPolicy: OnFailure
              containers:
                - name: nginx
                  image: nginx:1.27
        """
    )
    assert not check(text).ok


SELECTOR_MISTAKES = [
    pytest.param("replicasets-fix-selector", "selector-mismatch", id="selector-mismatch"),
    pytest.param("replicasets-add-replicas-selector", "selector-empty", id="selector-empty"),
]


@pytest.mark.parametrize(("exercise_id", "code"), SELECTOR_MISTAKES)
def test_selector_findings_speak_chinese(exercise_id, code):
    ex = replicasets.exercise(exercise_id, "zh")
    text = (
        ex.starter
        if code == "selector-mismatch"
        else ex.solution.replace(
            "selector:\n    matchLabels:\n      app: cache\n      tier: backend\n", "selector: {}\n"
        )
    )
    report = check(text, ex.goals, lang="zh")
    finding = next(f for f in report.findings if f.code == code)
    assert has_chinese(finding.message), finding.message
    assert has_chinese(finding.hint), finding.hint
