"""The Services lesson's exercises: answers a learner might type, judged as lessonkit describes.

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

services = ShippedLesson("services")


# --- the Deployments each exercise ships with --------------------------------------------------

DEPLOYMENT_WEB = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
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
"""

DEPLOYMENT_API = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
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
          image: nginxinc/nginx-unprivileged:1.27
          ports:
            - name: http
              containerPort: 8080
"""

DEPLOYMENT_SHOP = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: shop
      tier: frontend
  template:
    metadata:
      labels:
        app: shop
        tier: frontend
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - containerPort: 80
"""


def with_deployment(deployment: str, service: str, *, service_first: bool = False) -> str:
    deployment = textwrap.dedent(deployment).strip("\n")
    service = textwrap.dedent(service).strip("\n")
    first, second = (service, deployment) if service_first else (deployment, service)
    return f"{first}\n---\n{second}\n"


# --- correct answers written differently pass ---------------------------------------------------

CORRECT = [
    pytest.param(
        "services-fix-selector",
        with_deployment(
            DEPLOYMENT_WEB,
            """
            kind: Service
            apiVersion: v1
            metadata: {name: web}
            spec:
              ports: [{port: 80, targetPort: 80}]
              selector: {app: web}
            """,
        ),
        id="fix-selector-flow-style-keys-reordered",
    ),
    pytest.param(
        "services-fix-selector",
        with_deployment(
            DEPLOYMENT_WEB,
            """
            # The Service now looks for the label the Pods really carry.
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              labels:
                app.kubernetes.io/part-of: shop   # extra labels on the Service are harmless
            spec:
              selector:
                app: "web"
              ports:
                - port: 80          # targetPort left out: it defaults to port
            """,
            service_first=True,
        ),
        id="fix-selector-service-first-comments-extra-labels-no-targetPort",
    ),
    pytest.param(
        "services-fix-selector",
        with_deployment(
            DEPLOYMENT_WEB,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              type: ClusterIP
              selector:
                app: web
              ports:
                - name: http
                  protocol: TCP
                  port: 80
                  targetPort: 80
            """,
        ),
        id="fix-selector-explicit-clusterip-named-port",
    ),
    pytest.param(
        "services-clusterip-ports",
        with_deployment(
            DEPLOYMENT_API,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: api
            spec:
              selector:
                app: api
              ports:
                - protocol: TCP
                  port: 80
                  targetPort: http   # the container port's name
            """,
        ),
        id="clusterip-named-targetPort",
    ),
    pytest.param(
        "services-clusterip-ports",
        with_deployment(
            DEPLOYMENT_API,
            """
            apiVersion: v1
            kind: Service
            metadata: {name: api}
            spec: {type: ClusterIP, selector: {app: api}, ports: [{targetPort: 8080, port: 80}]}
            """,
        ),
        id="clusterip-flow-style-explicit-type",
    ),
    pytest.param(
        "services-clusterip-ports",
        with_deployment(
            DEPLOYMENT_API,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: api                     # the name clients call: http://api
              labels: {team: payments}
            spec:
              ports:
                - targetPort: 8080
                  name: web
                  port: 80
              selector:
                app: api
            """,
            service_first=True,
        ),
        id="clusterip-other-name-port-name-service-first",
    ),
    pytest.param(
        "services-nodeport-scratch",
        with_deployment(
            DEPLOYMENT_SHOP,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: shop-public
            spec:
              type: NodePort
              selector: {app: shop, tier: frontend}
              ports:
                - {port: 80, nodePort: 30080}
            """,
        ),
        id="nodeport-other-name-flow-style-no-targetPort",
    ),
    pytest.param(
        "services-nodeport-scratch",
        with_deployment(
            DEPLOYMENT_SHOP,
            """
            # Reachable at http://<any node IP>:30080
            kind: Service
            apiVersion: v1
            metadata:
              name: storefront
              labels:
                app: shop
            spec:
              ports:
                - nodePort: 30080
                  targetPort: 80
                  port: 8080        # clients inside the cluster would use 8080
                  name: http
                  protocol: TCP
              selector:
                app: shop           # one of the Pods' labels is enough to select them
              type: NodePort
            """,
            service_first=True,
        ),
        id="nodeport-subset-selector-other-port-keys-reordered",
    ),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "text"), CORRECT)
def test_correct_answer_passes(exercise_id, text, lang):
    assert_passes(services.judge(exercise_id, text, lang))


# --- common mistakes fail, with a finding that names the problem ---------------------------------


WRONG = [
    pytest.param(
        "services-fix-selector",
        with_deployment(
            DEPLOYMENT_WEB,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector:
                app: web
                tier: frontend
              ports:
                - port: 80
            """,
        ),
        {"service-selects-nothing"},
        "selector",
        id="fix-selector-extra-label-no-pod-has",
    ),
    pytest.param(
        "services-fix-selector",
        with_deployment(
            DEPLOYMENT_WEB,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector:
                matchLabels:
                  app: web
              ports:
                - port: 80
            """,
        ),
        {"plain-selector"},
        "matchLabels",
        id="fix-selector-matchLabels-copied-from-deployment",
    ),
    pytest.param(
        "services-fix-selector",
        with_deployment(
            DEPLOYMENT_WEB,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector:
                name: web
              ports:
                - port: 80
            """,
        ),
        {"service-selects-nothing", "expectation"},
        "selector",
        id="fix-selector-matches-the-deployment-name-not-its-labels",
    ),
    pytest.param(
        "services-fix-selector",
        with_deployment(
            DEPLOYMENT_WEB.replace("app: web", "app: webapp"),
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector:
                app: webapp
              ports:
                - port: 80
                  targetPort: 80
            """,
        ),
        {"expectation"},
        "Deployment",
        id="fix-selector-changes-the-deployment-instead",
    ),
    pytest.param(
        "services-clusterip-ports",
        with_deployment(
            DEPLOYMENT_API,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: api
            spec:
              selector:
                app: api
              ports:
                - port: 8080
                  targetPort: 80
            """,
        ),
        {"expectation"},
        "80",
        id="clusterip-port-and-targetPort-swapped",
    ),
    pytest.param(
        "services-clusterip-ports",
        with_deployment(
            DEPLOYMENT_API,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: api
            spec:
              selector:
                app: api
              ports:
                - targetPort: 8080
            """,
        ),
        {"missing-field"},
        "port",
        id="clusterip-targetPort-without-port",
    ),
    pytest.param(
        "services-clusterip-ports",
        with_deployment(
            DEPLOYMENT_API,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: api
            spec:
              selector:
                app: api
              ports:
                - port: 80
                  targetPort: "8080"
            """,
        ),
        {"invalid-name"},
        "8080",
        id="clusterip-targetPort-number-quoted-as-a-name",
    ),
    pytest.param(
        "services-nodeport-scratch",
        with_deployment(
            DEPLOYMENT_SHOP,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: shop
            spec:
              type: NodePort
              selector:
                app: shop
              ports:
                - port: 80
                  nodePort: 8080
            """,
        ),
        {"nodeport-range"},
        "30000",
        id="nodeport-outside-the-range",
    ),
    pytest.param(
        "services-nodeport-scratch",
        with_deployment(
            DEPLOYMENT_SHOP,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: shop
            spec:
              selector:
                app: shop
              ports:
                - port: 80
                  nodePort: 30080
            """,
        ),
        {"nodeport-clusterip"},
        "nodePort",
        id="nodeport-without-type",
    ),
    pytest.param(
        "services-nodeport-scratch",
        with_deployment(
            DEPLOYMENT_SHOP,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: shop
            spec:
              type: NodePort
              selector:
                app: frontend
              ports:
                - port: 80
                  nodePort: 30080
            """,
        ),
        {"service-selects-nothing"},
        "selector",
        id="nodeport-selector-mixes-up-label-key-and-value",
    ),
    pytest.param(
        "services-nodeport-scratch",
        with_deployment(
            DEPLOYMENT_SHOP,
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: shop
            spec:
              type: nodeport
              selector:
                app: shop
              ports:
                - port: 80
                  nodePort: 30080
            """,
        ),
        {"unsupported-value"},
        "NodePort",
        id="nodeport-type-in-lowercase",
    ),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise_id", "text", "codes", "word"), WRONG)
def test_common_mistake_fails_helpfully(exercise_id, text, codes, word, lang):
    report = services.judge(exercise_id, text, lang)
    assert_fails_helpfully(report, codes, word, lang, word_in="any message")


# --- checker gaps found while writing this lesson, now closed and guarded --------------------------


def test_lowercase_service_type_is_rejected():
    report = check(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  type: nodeport\n"
        "  selector:\n    app: shop\n  ports:\n    - port: 80\n"
    )
    assert not report.ok, describe(report)


@pytest.mark.parametrize(
    ("exercise_id", "text", "code"),
    [
        pytest.param(
            "services-fix-selector", None, "service-selects-nothing", id="service-selects-nothing"
        ),
        pytest.param(
            "services-nodeport-scratch",
            with_deployment(
                DEPLOYMENT_SHOP,
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  type: NodePort\n"
                "  selector:\n    app: shop\n  ports:\n    - port: 80\n      nodePort: 8080\n",
            ),
            "nodeport-range",
            id="nodeport-range",
        ),
    ],
)
def test_service_findings_speak_chinese(exercise_id, text, code):
    ex = services.exercise(exercise_id, "zh")
    report = check(text or ex.starter, ex.goals, lang="zh")
    finding = next(f for f in report.findings if f.code == code)
    assert has_chinese(finding.message), finding.message
