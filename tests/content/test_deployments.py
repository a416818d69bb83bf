"""The Deployments lesson's exercises: answers a learner might type, judged as lessonkit describes.

Other correct answers must pass; common mistakes must fail with a finding that names them.
"""

from __future__ import annotations

import textwrap

import pytest
from lessonkit import LANGS, ShippedLesson, assert_fails_helpfully, assert_passes, describe

from kubelearn.checker import check

deployments = ShippedLesson("deployments")


def checkout(strategy: str) -> str:
    """The rolling-strategy exercise's Deployment with ``strategy`` (already indented) filled in."""
    return textwrap.dedent(
        """\
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: checkout
        spec:
          replicas: 4
          selector:
            matchLabels:
              app: checkout
          strategy:
        {strategy}
          template:
            metadata:
              labels:
                app: checkout
            spec:
              containers:
                - name: checkout
                  image: nginx:1.27
        """
    ).format(strategy=textwrap.indent(textwrap.dedent(strategy).strip("\n"), "    "))


def test_scale_update_starter_is_valid_but_unfinished():
    """The starter is a working Deployment: only the two asked-for changes are missing."""
    ex = deployments.exercise("deployments-scale-update", "en")
    report = check(ex.starter, ex.goals, cluster=ex.cluster)
    assert [f for f in report.errors if f.code != "expectation"] == [], describe(report)
    # unmet: the image, 5 ready Pods, and the rollout to the new template
    assert report.expectations_met == report.expectations_total - 3, describe(report)
    failed = " ".join(f.message for f in report.findings if f.code == "expectation")
    assert "5 replicas" in failed and "nginx:1.27" in failed, describe(report)


# --- correct answers written differently pass ---------------------------------------------------

CORRECT = [
    pytest.param(
        "deployments-scale-update",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          annotations:
            kubernetes.io/change-cause: "update to nginx 1.27"
        spec:
          replicas: 5
          revisionHistoryLimit: 5
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - {name: nginx, image: nginx:1.27, ports: [{containerPort: 80}]}
        """,
        id="scale-update/flow-style-change-cause-history-limit",
    ),
    pytest.param(
        "deployments-scale-update",
        """
        kind: Deployment
        apiVersion: apps/v1
        metadata:
          name: web
        spec:
          template:
            metadata:
              labels:
                app: web
                version: "1.27"      # a quoted label value
            spec:
              containers:
                - image: 'nginx:1.27'
                  name: nginx
                  ports:
                    - containerPort: 80
                      name: http
          selector:
            matchLabels:
              app: web
          replicas: 5
        """,
        id="scale-update/other-key-order-extra-label-quoted-image",
    ),
    pytest.param(
        "deployments-scale-update",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 5
          strategy:
            type: RollingUpdate
            rollingUpdate: {maxSurge: 25%, maxUnavailable: "25%"}
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
                  ports:
                    - containerPort: 80
                - name: log-shipper
                  image: busybox:1.36
                  command: ["sh", "-c", "tail -f /dev/null"]
        """,
        id="scale-update/explicit-default-strategy-and-a-sidecar",
    ),
    pytest.param(
        "deployments-rolling-strategy",
        checkout("rollingUpdate: {maxSurge: 1, maxUnavailable: 0}"),
        id="rolling-strategy/flow-style-type-left-to-default",
    ),
    pytest.param(
        "deployments-rolling-strategy",
        checkout(
            """
            type: RollingUpdate
            rollingUpdate:
              maxUnavailable: "0%"   # zero, written as a percentage
              maxSurge: 1
            """
        ),
        id="rolling-strategy/zero-percent-other-order",
    ),
    pytest.param(
        "deployments-rolling-strategy",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: checkout, labels: {app: checkout}}
        spec:
          strategy:
            rollingUpdate:
              maxSurge: 1
              maxUnavailable: 0
            type: RollingUpdate
          replicas: 4
          minReadySeconds: 5
          selector:
            matchLabels: {app: checkout}
          template:
            metadata: {labels: {app: checkout}}
            spec:
              containers: [{name: checkout, image: nginx:1.27}]
        """,
        id="rolling-strategy/strategy-first-minReadySeconds",
    ),
    pytest.param(
        "deployments-from-scratch",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          labels: {app.kubernetes.io/name: api, app.kubernetes.io/part-of: shop}
        spec:
          selector:
            matchLabels:
              app.kubernetes.io/name: api
          replicas: 3
          template:
            metadata:
              labels:
                app.kubernetes.io/name: api
                app.kubernetes.io/part-of: shop
            spec:
              containers:
                - name: http
                  image: "nginx:1.27"
                  ports:
                    - name: http
                      containerPort: 80
                      protocol: TCP
        """,
        id="from-scratch/recommended-labels-named-port",
    ),
    pytest.param(
        "deployments-from-scratch",
        """
        ---
        # API server
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        spec:
          replicas: 3
          strategy: {type: RollingUpdate}
          selector: {matchExpressions: [{key: component, operator: In, values: [api]}]}
          template:
            metadata: {labels: {component: api}}
            spec: {containers: [{name: nginx, image: nginx:1.27, ports: [{containerPort: 80}]}]}
        """,
        id="from-scratch/flow-style-matchExpressions",
    ),
    pytest.param(
        "deployments-from-scratch",
        """
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"},
         "spec": {"replicas": 3, "selector": {"matchLabels": {"run": "api"}},
                  "template": {"metadata": {"labels": {"run": "api"}},
                               "spec": {"containers": [{"name": "api", "image": "nginx:1.27",
                                                        "ports": [{"containerPort": 80}]}]}}}}
        """,
        id="from-scratch/json",
    ),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "text"), CORRECT)
def test_correct_answer_passes(exercise_id, text, lang):
    assert_passes(deployments.judge(exercise_id, text, lang))


# --- common mistakes fail, with a finding that names the problem ---------------------------------

SCALE_UPDATE = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
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
          image: {image}
          ports:
            - containerPort: 80
"""

WRONG = [
    pytest.param(
        "deployments-scale-update",
        SCALE_UPDATE.format(replicas=5, image="nginx:1.25"),
        "expectation",
        "nginx:1.27",
        id="scale-update/scaled-but-image-forgotten",
    ),
    pytest.param(
        "deployments-scale-update",
        SCALE_UPDATE.format(replicas='"5"', image="nginx:1.27"),
        "wrong-type",
        "replicas",
        id="scale-update/quoted-replicas",
    ),
    pytest.param(
        "deployments-scale-update",
        SCALE_UPDATE.format(replicas=5, image="nginx:latest"),
        "expectation",
        "nginx:1.27",
        id="scale-update/latest-instead-of-a-version",
    ),
    pytest.param(
        "deployments-scale-update",
        SCALE_UPDATE.format(replicas=5, image="nginx: 1.27"),
        "nested-mapping",
        "quotes",
        id="scale-update/space-after-colon-in-image",
    ),
    pytest.param(
        "deployments-rolling-strategy",
        checkout(
            """
            type: RollingUpdate
            maxSurge: 1
            maxUnavailable: 0
            """
        ),
        "unknown-field",
        "rollingUpdate",
        id="rolling-strategy/numbers-directly-under-strategy",
    ),
    pytest.param(
        "deployments-rolling-strategy",
        checkout(
            """
            type: RollingUpdate
            rollingUpdate:
              maxSurge: 0
              maxUnavailable: 0
            """
        ),
        "invalid-strategy",
        "maxSurge",
        id="rolling-strategy/both-zero",
    ),
    pytest.param(
        "deployments-rolling-strategy",
        checkout(
            """
            type: RollingUpdate
            rollingUpdate:
              maxSurge: 1
              maxUnavailable: 25%
            """
        ),
        "expectation",
        "maxUnavailable",
        id="rolling-strategy/default-unavailable-left",
    ),
    pytest.param(
        "deployments-from-scratch",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: api
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: api
                  image: nginx:1.27
                  ports:
                    - containerPort: 80
        """,
        "selector-mismatch",
        "selector",
        id="from-scratch/selector-and-template-disagree",
    ),
    pytest.param(
        "deployments-from-scratch",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: api
          template:
            metadata:
              labels:
                app: api
            spec:
              containers:
                - name: api
                  image: nginx:1.27
                  ports:
                    - containerPort: "80"
        """,
        "wrong-type",
        "containerPort",
        id="from-scratch/quoted-port",
    ),
    pytest.param(
        "deployments-from-scratch",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: api
          template:
            metadata:
              labels:
                app: api
            spec:
              containers:
                - name: api
                  image: nginx:1.27
                  port: 80
        """,
        "unknown-field",
        "ports",
        id="from-scratch/port-instead-of-ports",
    ),
    pytest.param(
        "deployments-from-scratch",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: api
          template:
            metadata:
              labels:
                app: api
            spec:
              containers:
                - name: api
                  image: nginx:1.27
          ports:
            - containerPort: 80
        """,
        "unknown-field",
        "ports",
        id="from-scratch/ports-dedented-into-deployment-spec",
    ),
    pytest.param(
        "deployments-from-scratch",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          selector:
            matchLabels:
              app: api
          template:
            metadata:
              labels:
                app: api
            spec:
              containers:
                - name: api
                  image: nginx:1.27
                  ports:
                    - containerPort: 80
        """,
        "expectation",
        "3 replicas",
        id="from-scratch/replicas-left-to-default",
    ),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "text", "code", "word"), WRONG)
def test_common_mistake_fails_helpfully(exercise_id, text, code, word, lang):
    report = deployments.judge(exercise_id, text, lang)
    assert_fails_helpfully(report, code, word, lang, word_in="its message or hint")


# --- what Kubernetes rejects (once checker gaps, now guarded) ------------------------------------

REJECTED_BY_KUBERNETES = [
    pytest.param(
        """
        rollingUpdate:
          maxSurge: 0
          maxUnavailable: 0
        """,
        id="maxSurge-and-maxUnavailable-both-0",
    ),
    pytest.param(
        """
        type: Recreate
        rollingUpdate:
          maxSurge: 1
          maxUnavailable: 0
        """,
        id="rollingUpdate-with-Recreate",
    ),
    pytest.param("type: rollingUpdate", id="strategy-type-lowercase"),
    pytest.param(
        """
        rollingUpdate:
          maxSurge: "1"
          maxUnavailable: 0
        """,
        id="maxSurge-string-without-percent",
    ),
    pytest.param(
        """
        rollingUpdate:
          maxSurge: 1
          maxUnavailable: -1
        """,
        id="maxUnavailable-negative",
    ),
    pytest.param(
        """
        rollingUpdate:
          maxSurge: 1
          maxUnavailable: 200%
        """,
        id="maxUnavailable-over-100-percent",
    ),
]


@pytest.mark.parametrize("strategy", REJECTED_BY_KUBERNETES)
def test_invalid_strategy_is_rejected(strategy):
    report = check(checkout(strategy))
    assert not report.ok, describe(report)
