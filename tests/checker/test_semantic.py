"""The meaning checks: one named case per problem, each at its exact line and column."""

from __future__ import annotations

import re
import string
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubelearn.checker import check, semantic
from kubelearn.checker.document import Document
from kubelearn.checker.quantity import parse_quantity, suggest_quantity
from kubelearn.checker.semantic import semantic_findings
from kubelearn.checker.yamlread import read


def docs(text: str) -> list[Document]:
    result = read(textwrap.dedent(text).lstrip("\n"))
    assert not result.findings, result.findings
    return result.documents


def found(text: str) -> list[tuple[str, str, int, int]]:
    return [(f.severity.value, f.code, f.line, f.column) for f in semantic_findings(docs(text))]


DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
{selector}
  template:
    metadata:
      labels:
        app: web
        tier: front
    spec:
      containers:
        - name: web
          image: nginx:1.27
"""


def deployment(selector: str) -> str:
    return DEPLOYMENT.format(selector=textwrap.indent(textwrap.dedent(selector).strip(), "    "))


POD_WITH = """
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
    - name: web
      image: nginx:1.27
{extra}
"""


def pod(extra: str, indent: int = 6) -> str:
    return POD_WITH.format(extra=textwrap.indent(textwrap.dedent(extra).strip("\n"), " " * indent))


CASES = {
    # --- selectors of workloads -----------------------------------------------------------
    "deployment selector matches": (deployment("matchLabels: {app: web}"), []),
    "deployment matchLabels value differs": (
        deployment("matchLabels:\n  app: webapp"),
        [("error", "selector-mismatch", 8, 7)],
    ),
    "deployment matchLabels key missing": (
        deployment("matchLabels:\n  app: web\n  role: db"),
        [("error", "selector-mismatch", 9, 7)],
    ),
    "matchExpressions In, NotIn, Exists, DoesNotExist that hold": (
        deployment(
            """
            matchExpressions:
              - {key: app, operator: In, values: [web, api]}
              - {key: tier, operator: NotIn, values: [back]}
              - {key: tier, operator: Exists}
              - {key: role, operator: DoesNotExist}
            """
        ),
        [],
    ),
    "matchExpressions In fails": (
        deployment("matchExpressions:\n  - key: app\n    operator: In\n    values: [api]"),
        [("error", "selector-mismatch", 8, 9)],
    ),
    "matchExpressions NotIn fails": (
        deployment("matchExpressions:\n  - {key: tier, operator: NotIn, values: [front]}"),
        [("error", "selector-mismatch", 8, 10)],
    ),
    "matchExpressions Exists fails": (
        deployment("matchExpressions:\n  - {key: role, operator: Exists}"),
        [("error", "selector-mismatch", 8, 10)],
    ),
    "matchExpressions DoesNotExist fails": (
        deployment("matchExpressions:\n  - {key: app, operator: DoesNotExist}"),
        [("error", "selector-mismatch", 8, 10)],
    ),
    "matchExpressions unknown operator": (
        deployment("matchExpressions:\n  - {key: app, operator: Equals, values: [web]}"),
        [],  # the schema reports it (unsupported-value),
    ),
    "matchExpressions In without values": (
        deployment("matchExpressions:\n  - {key: app, operator: In}"),
        [("error", "invalid-selector", 8, 9)],
    ),
    "matchExpressions Exists with values": (
        deployment("matchExpressions:\n  - {key: app, operator: Exists, values: [web]}"),
        [("error", "invalid-selector", 8, 38)],
    ),
    "template label that is not text is left to the schema": (
        deployment("matchLabels: {app: web, version: '1'}").replace(
            "tier: front", "tier: front\n        version: 1"
        ),
        [],
    ),
    "empty selector": (deployment("matchLabels: {}"), [("error", "selector-empty", 6, 3)]),
    "replicaset selector mismatch": (
        deployment("matchLabels: {app: db}").replace(
            "apps/v1\nkind: Deployment", "apps/v1\nkind: ReplicaSet"
        ),
        [("error", "selector-mismatch", 7, 19)],
    ),
    "selector of a ReplicaSet without template is left to the schema": (
        deployment("matchLabels: {app: db}")
        .replace("apps/v1\nkind: Deployment", "apps/v1\nkind: ReplicaSet")
        .split("  template:")[0],
        [],
    ),
    # --- Deployment strategy and restart policies ------------------------------------------
    "maxSurge negative percentage": (
        deployment("matchLabels: {app: web}").replace(
            "  template:", "  strategy:\n    rollingUpdate: {maxSurge: -10%}\n  template:"
        ),
        [("error", "invalid-strategy", 9, 31)],
    ),
    "rollingUpdate with Recreate": (
        deployment("matchLabels: {app: web}").replace(
            "  template:",
            "  strategy:\n    type: Recreate\n    rollingUpdate: {maxSurge: 1}\n  template:",
        ),
        [("error", "invalid-strategy", 10, 5)],
    ),
    "maxSurge quoted without percent": (
        deployment("matchLabels: {app: web}").replace(
            "  template:", "  strategy:\n    rollingUpdate:\n      maxSurge: '1'\n  template:"
        ),
        [("error", "invalid-strategy", 10, 17)],
    ),
    "maxUnavailable negative": (
        deployment("matchLabels: {app: web}").replace(
            "  template:", "  strategy:\n    rollingUpdate: {maxUnavailable: -1}\n  template:"
        ),
        [("error", "invalid-strategy", 9, 37)],
    ),
    "maxUnavailable over 100%": (
        deployment("matchLabels: {app: web}").replace(
            "  template:", "  strategy:\n    rollingUpdate: {maxUnavailable: 200%}\n  template:"
        ),
        [("error", "invalid-strategy", 9, 37)],
    ),
    "maxSurge and maxUnavailable both 0": (
        deployment("matchLabels: {app: web}").replace(
            "  template:",
            "  strategy:\n    rollingUpdate:\n      maxSurge: 0%\n      maxUnavailable: 0\n  template:",
        ),
        [("error", "invalid-strategy", 11, 23)],
    ),
    "valid rolling update": (
        deployment("matchLabels: {app: web}").replace(
            "  template:",
            "  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}\n  template:",
        ),
        [],
    ),
    "negative replicas": (
        deployment("matchLabels: {app: web}").replace(
            "spec:\n  selector:", "spec:\n  replicas: -1\n  selector:"
        ),
        [("error", "negative-value", 6, 13)],
    ),
    "progress deadline not above minReadySeconds": (
        deployment("matchLabels: {app: web}").replace(
            "spec:\n  selector:",
            "spec:\n  minReadySeconds: 30\n  progressDeadlineSeconds: 30\n  selector:",
        ),
        [("error", "progress-deadline", 7, 28)],
    ),
    "ReplicaSet with restartPolicy OnFailure": (
        deployment("matchLabels: {app: web}")
        .replace("kind: Deployment", "kind: ReplicaSet")
        .replace("      containers:", "      restartPolicy: OnFailure\n      containers:"),
        [("error", "restart-policy", 14, 22)],
    ),
    "Deployment with restartPolicy Always": (
        deployment("matchLabels: {app: web}").replace(
            "      containers:", "      restartPolicy: Always\n      containers:"
        ),
        [],
    ),
    # --- Services and what they select ----------------------------------------------------
    "service selects the pod": (
        pod("") + "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        "spec:\n  selector: {app: web}\n  ports: [{port: 80}]\n",
        [],
    ),
    "service selects nothing": (
        pod("") + "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        "spec:\n  selector:\n    app: webapp\n  ports: [{port: 80}]\n",
        [("warning", "service-selects-nothing", 17, 3)],
    ),
    "service alone is fine": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        "spec:\n  selector: {app: nothing-here}\n  ports: [{port: 80}]\n",
        [],
    ),
    "named targetPort no container declares": (
        pod("ports:\n  - {name: http, containerPort: 8080}")
        + "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        "spec:\n  selector: {app: web}\n  ports:\n    - port: 80\n      targetPort: htp\n",
        [("warning", "target-port-unknown", 21, 19)],
    ),
    "named targetPort declared": (
        pod("ports:\n  - {name: http, containerPort: 8080}")
        + "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        "spec:\n  selector: {app: web}\n  ports:\n    - port: 80\n      targetPort: http\n",
        [],
    ),
    "numeric targetPort not declared is only info": (
        pod("ports:\n  - {name: http, containerPort: 8080}")
        + "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        "spec:\n  selector: {app: web}\n  ports:\n    - port: 80\n      targetPort: 9090\n",
        [("info", "target-port-undeclared", 21, 19)],
    ),
    "nodePort outside the range": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n"
        "  ports:\n    - port: 80\n      nodePort: 8080\n",
        [("error", "nodeport-range", 8, 17)],
    ),
    "nodePort on a ClusterIP Service": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
        "  ports:\n    - port: 80\n      nodePort: 30080\n",
        [("error", "nodeport-clusterip", 7, 7)],
    ),
    "nodePort in range on a NodePort Service": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n"
        "  ports:\n    - port: 80\n      nodePort: 30080\n",
        [],
    ),
    "duplicate Service port": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n"
        "    - {name: a, port: 80}\n    - {name: b, port: 80}\n",
        [("error", "service-port-duplicate", 7, 23)],
    ),
    "duplicate Service port name": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n"
        "    - {name: http, port: 80}\n    - {name: http, port: 443}\n",
        [("error", "service-port-duplicate", 7, 14)],
    ),
    "same port, other protocol": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: dns}\nspec:\n  ports:\n"
        "    - {name: a, port: 53, protocol: UDP}\n    - {name: b, port: 53}\n",
        [],
    ),
    "several ports need names": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n"
        "    - port: 80\n    - port: 443\n",
        [
            ("error", "service-port-name-required", 6, 7),
            ("error", "service-port-name-required", 7, 7),
        ],
    ),
    "port number out of range": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n"
        "    - port: 80000\n",
        [("error", "invalid-port", 6, 13)],
    ),
    # --- Ingress backends -----------------------------------------------------------------
    "ingress backend service missing": (
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n"
        "  defaultBackend:\n    service:\n      name: web\n      port: {number: 80}\n",
        [("warning", "ingress-unknown-service", 7, 13)],
    ),
    "ingress backend port number missing": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  ports: [{port: 8080}]\n"
        "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n"
        "  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n"
        "            backend:\n              service:\n                name: api\n"
        "                port:\n                  number: 80\n",
        [("warning", "ingress-unknown-port", 20, 27)],
    ),
    "ingress backend port name missing": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n"
        "  ports: [{name: http, port: 8080}]\n"
        "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n"
        "  defaultBackend:\n    service: {name: api, port: {name: web}}\n",
        [("warning", "ingress-unknown-port", 12, 39)],
    ),
    "ingress backend fine": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n"
        "  ports: [{name: http, port: 8080}]\n"
        "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n"
        "  defaultBackend:\n    service: {name: api, port: {name: http}}\n",
        [],
    ),
    # --- Pod specs ------------------------------------------------------------------------
    "volumeMount names no volume": (
        pod("volumeMounts:\n  - name: config\n    mountPath: /etc/config"),
        [("error", "volume-mount-unknown", 12, 17)],
    ),
    "volumeMount names a volume": (
        pod("volumeMounts:\n  - {name: config, mountPath: /etc/config}")
        + "  volumes:\n    - name: config\n      emptyDir: {}\n",
        [],
    ),
    "two mounts at one path": (
        pod("volumeMounts:\n  - {name: a, mountPath: /data}\n  - {name: b, mountPath: /data}")
        + "  volumes: [{name: a, emptyDir: {}}, {name: b, emptyDir: {}}]\n",
        [("error", "duplicate-mount-path", 13, 32)],
    ),
    "two volumes with one name": (
        pod("") + "  volumes: [{name: a, emptyDir: {}}, {name: a, emptyDir: {}}]\n",
        [("error", "duplicate-volume-name", 12, 45)],
    ),
    "duplicate container names, init containers included": (
        pod("") + "  initContainers:\n    - name: web\n      image: busybox\n",
        [("error", "duplicate-container-name", 13, 13)],
    ),
    "configmap volume missing": (
        pod("") + "  volumes:\n    - name: config\n      configMap:\n        name: settings\n",
        [("warning", "configmap-missing", 15, 15)],
    ),
    "configmap optional may be missing": (
        pod("")
        + "  volumes:\n    - name: config\n      configMap: {name: settings, optional: true}\n",
        [],
    ),
    "configmap env key missing from the ConfigMap": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {LOG_LEVEL: debug}\n---\n"
        + pod(
            "env:\n  - name: MODE\n    valueFrom:\n      configMapKeyRef: {name: settings, key: MODE}"
        ).lstrip("\n"),
        [("warning", "configmap-key-missing", 19, 52)],
    ),
    "configmap volume item key missing": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a.conf: x}\n---\n"
        + pod("").lstrip("\n")
        + "  volumes:\n    - name: config\n      configMap:\n        name: settings\n"
        "        items:\n          - {key: b.conf, path: b.conf}\n",
        [("warning", "configmap-key-missing", 22, 19)],
    ),
    "configmap envFrom missing": (
        pod("envFrom:\n  - configMapRef:\n      name: settings"),
        [("warning", "configmap-missing", 13, 19)],
    ),
    "configmap envFrom present": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n---\n"
        + pod("envFrom:\n  - configMapRef:\n      name: settings").lstrip("\n"),
        [],
    ),
    # --- names, labels and quantities -----------------------------------------------------
    "pod name with uppercase": (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: Web\nspec:\n  containers: [{name: web, image: nginx}]\n",
        [("error", "invalid-name", 4, 9)],
    ),
    "pod name with dots is fine": (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web.v1\nspec:\n  containers: [{name: web, image: nginx}]\n",
        [],
    ),
    "service name starting with a digit": (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: 1web\nspec:\n  ports: [{port: 80}]\n",
        [("error", "invalid-name", 4, 9)],
    ),
    "service name with a dot": (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web.v1\nspec:\n  ports: [{port: 80}]\n",
        [("error", "invalid-name", 4, 9)],
    ),
    "container name with underscore": (
        pod("").replace("- name: web", "- name: my_web"),
        [("error", "invalid-name", 9, 13)],
    ),
    "container port name too long": (
        pod("ports:\n  - name: http-alternative\n    containerPort: 8080"),
        [("error", "invalid-name", 12, 17)],
    ),
    "container port name without a letter": (
        pod("ports:\n  - {name: '8080', containerPort: 8080}"),
        [("error", "invalid-name", 12, 18)],
    ),
    "kinds with other name rules are left alone": (
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: system:viewer\nrules: []\n",
        [],
    ),
    "ingress backend port name invalid": (
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n"
        "  defaultBackend:\n    service: {name: api, port: {name: HTTP}}\n",
        [
            ("warning", "ingress-unknown-service", 6, 21),
            ("error", "invalid-name", 6, 39),
        ],
    ),
    "label value with a space": (
        pod("").replace("app: web", "app: my web"),
        [("error", "invalid-label", 6, 10)],
    ),
    "label key with two slashes": (
        pod("").replace("app: web", "a/b/c: web"),
        [("error", "invalid-label", 6, 5)],
    ),
    "configmap key with a space": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  log level: debug\n",
        [("error", "invalid-key", 5, 3)],
    ),
    "secret key with a slash": (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  tls/key: x\n",
        [("error", "invalid-key", 5, 3)],
    ),
    "configmap key '..'": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  ..data: x\n",
        [("error", "invalid-key", 5, 3)],
    ),
    "configmap key longer than 253": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  " + "k" * 254 + ": x\n",
        [("error", "invalid-key", 5, 3)],
    ),
    "configmap key in data and binaryData": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nbinaryData:\n  a: eA==\n"
        "data:\n  b: x\n  a: x\n",
        [("error", "data-key-twice", 8, 3)],
    ),
    "binaryData that is not base64": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nbinaryData:\n  a: hello!\n",
        [("error", "invalid-base64", 5, 6)],
    ),
    "binaryData and Secret data in base64": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nbinaryData:\n  a: aGVsbG8=\n"
        "  b: |\n    aGVs\n    bG8=\n  c: ''\n---\napiVersion: v1\nkind: Secret\n"
        "metadata: {name: s}\ndata:\n  p: aGk=\nstringData:\n  q: not base64!\n",
        [],
    ),
    "Secret data without padding": (
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  password: aGk\n",
        [("error", "invalid-base64", 5, 13)],
    ),
    "memory 128mb": (
        pod("resources:\n  requests:\n    memory: 128mb"),
        [("error", "invalid-quantity", 13, 19)],
    ),
    "valid quantities: 128M, 0.5, 500m, 1Gi, 2": (
        pod(
            "resources:\n  requests: {memory: 128M, cpu: 0.5}\n"
            "  limits: {memory: 1Gi, cpu: 2, ephemeral-storage: 1e9}"
        ),
        [],
    ),
    "memory in millibytes": (
        pod("resources:\n  limits:\n    memory: 128m"),
        [("warning", "quantity-unit", 13, 19)],
    ),
    "cpu in megacores": (
        pod("resources:\n  limits:\n    cpu: 500M"),
        [("warning", "quantity-unit", 13, 16)],
    ),
    "negative quantity": (
        pod("resources:\n  requests:\n    cpu: -1"),
        [("error", "invalid-quantity", 13, 16)],
    ),
    "yes is not a quantity": (
        pod("resources:\n  requests:\n    cpu: yes"),
        [],  # the schema reports it (unquoted-bool)
    ),
    "quantity with no likely fix": (
        pod("resources:\n  requests:\n    cpu: lots"),
        [("error", "invalid-quantity", 13, 16)],
    ),
    "container port out of range": (
        pod("ports:\n  - containerPort: 0"),
        [("error", "invalid-port", 12, 26)],
    ),
    "two container ports with one name": (
        pod("ports:\n  - {name: web, containerPort: 80}\n  - {name: web, containerPort: 81}"),
        [("error", "duplicate-port-name", 13, 18)],
    ),
    "nodePort used twice": (
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  ports:\n"
        "    - {name: a, port: 80, nodePort: 30080}\n    - {name: b, port: 81, nodePort: 30080}\n",
        [("error", "service-port-duplicate", 8, 37)],
    ),
    "request above limit": (
        pod("resources:\n  requests: {cpu: '2'}\n  limits: {cpu: 500m}"),
        [("error", "requests-exceed-limits", 12, 25)],
    ),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_semantic_findings(text: str, expected: list[tuple[str, str, int, int]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_chinese_findings_at_the_same_places(text: str, expected: list) -> None:
    findings = semantic_findings(docs(text), lang="zh")
    assert [(f.severity.value, f.code, f.line, f.column) for f in findings] == expected


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_sentence_is_translated_with_the_same_fields() -> None:
    en, zh = semantic._TEXTS["en"], semantic._TEXTS["zh"]
    words_en, words_zh = semantic._WORDS["en"], semantic._WORDS["zh"]
    assert (sorted(en), sorted(words_en)) == (sorted(zh), sorted(words_zh))
    mismatched = [
        key for key in en for part in range(3) if _fields(en[key][part]) != _fields(zh[key][part])
    ] + [key for key in words_en if _fields(words_en[key]) != _fields(words_zh[key])]
    assert mismatched == []


@pytest.mark.parametrize("text", [t for t, _ in CASES.values()], ids=CASES.keys())
def test_check_reports_each_problem_once(text: str) -> None:
    """The schema stage and these checks never both report the same spot."""
    report = check(textwrap.dedent(text).lstrip("\n"))
    places = [(f.line, f.column) for f in report.findings if f.severity.value != "info"]
    assert len(places) == len(set(places)), report.findings


def test_every_code_has_a_case() -> None:
    source = Path(semantic.__file__).read_text(encoding="utf-8")
    emitted = set(re.findall(r'Severity\.[A-Z]+,\s*"([a-z-]+)"', source))
    covered = {code for _, expected in CASES.values() for _, code, _, _ in expected}
    assert sorted(emitted - covered) == []


HINTS = {
    "memory 128mb": "128Mi",
    "pod name with uppercase": "'web'",
    "container name with underscore": "'my-web'",
    "volumeMount names no volume": "Add a volume named 'config'",
    "named targetPort no container declares": "Did you mean 'http'?",
    "deployment matchLabels value differs": "app: web",
    "quantity with no likely fix": "500m",
    "nodePort on a ClusterIP Service": "type: NodePort",
    "maxSurge quoted without percent": "1 or 1%",
    "Secret data without padding": "stringData",
    "binaryData that is not base64": "base64",
}


@pytest.mark.parametrize("case, hint", HINTS.items(), ids=HINTS.keys())
def test_hints(case: str, hint: str) -> None:
    findings = semantic_findings(docs(CASES[case][0]))
    assert hint in findings[0].hint


QUANTITIES = {
    "128Mi": True,
    "128M": True,
    "0.5": True,
    "500m": True,
    "1e3": True,
    "1.5Gi": True,
    "+1": True,
    ".5": True,
    "128mb": False,
    "128 Mi": False,
    "1K": False,
    "one": False,
    "": False,
    "1Gb": False,
}


@pytest.mark.parametrize("value, valid", QUANTITIES.items(), ids=QUANTITIES.keys())
def test_quantities(value: str, valid: bool) -> None:
    assert (parse_quantity(value) is not None) == valid


SUGGESTIONS = {"128mb": "128Mi", "1Gb": "1Gi", "128 Mi": "128Mi", "1K": "1k", "two": None}


@pytest.mark.parametrize("value, fixed", SUGGESTIONS.items(), ids=SUGGESTIONS.keys())
def test_quantity_suggestions(value: str, fixed: str | None) -> None:
    assert suggest_quantity(value) == fixed


ODD = {
    "none": None,
    "int": 3,
    "list": [1, 2],
    "spec is a list": {"kind": "Pod", "spec": []},
    "containers is a map": {"kind": "Pod", "spec": {"containers": {"a": 1}}},
    "container is a string": {
        "kind": "Deployment",
        "spec": {"template": {"spec": {"containers": ["x"]}}},
    },
    "selector is a list": {"kind": "Deployment", "spec": {"selector": [1]}},
    "matchExpressions odd": {
        "kind": "ReplicaSet",
        "spec": {"selector": {"matchExpressions": [1, {"key": 2}]}},
    },
    "service ports odd": {
        "kind": "Service",
        "spec": {"ports": [None, 1, {"port": "x", "nodePort": True}]},
    },
    "ingress odd": {
        "kind": "Ingress",
        "spec": {"rules": [None, {"http": {"paths": [1]}}], "defaultBackend": []},
    },
    "labels odd": {"kind": "Pod", "metadata": {"labels": {1: None, "a": [1]}}},
    "resources odd": {
        "kind": "Pod",
        "spec": {"containers": [{"resources": {"limits": [1], "requests": {"cpu": None}}}]},
    },
}


@pytest.mark.parametrize("data", ODD.values(), ids=ODD.keys())
def test_odd_input_never_raises(data: object) -> None:
    assert isinstance(semantic_findings([Document(index=0, data=data)]), list)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    kind=st.sampled_from(["Pod", "Deployment", "ReplicaSet", "Service", "Ingress", "ConfigMap"]),
    spec=_json,
    other=_json,
)
def test_random_objects_never_raise(kind: str, spec: object, other: object) -> None:
    docs_ = [
        Document(
            index=0, data={"kind": kind, "metadata": {"name": "x"}, "spec": spec, "data": other}
        ),
        Document(index=1, data={"kind": "Service", "spec": {"selector": other, "ports": spec}}),
    ]
    assert isinstance(semantic_findings(docs_), list)


def _paths(node: object, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*path, i))
    return found


def replaced(data: object, path: tuple, junk: object) -> object:
    """A copy of ``data`` with the value at ``path`` replaced by ``junk``."""
    if not path:
        return junk
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: replaced(v, rest, junk) if k == head else v for k, v in data.items()}
    return [replaced(v, rest, junk) if i == head else v for i, v in enumerate(data)]


_SOURCES = [d for text, _ in CASES.values() for d in docs(text)]


@settings(max_examples=300, deadline=None)
@given(data=st.data(), junk=_json)
def test_damaged_manifests_never_raise(data: st.DataObject, junk: object) -> None:
    """Any part of a real manifest replaced by anything: the checks still answer."""
    doc = data.draw(st.sampled_from(_SOURCES))
    path = data.draw(st.sampled_from(_paths(doc.data)))
    damaged = Document(index=0, data=replaced(doc.data, path, junk), value_pos=doc.value_pos)
    assert isinstance(semantic_findings([damaged, *_SOURCES[:3]], lang="zh"), list)
