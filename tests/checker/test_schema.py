"""What the schema stage reports, as a table of named cases: (code, line, column, path) exactly.

Unknown fields point at the key, wrong types at the value, missing fields at their parent's key.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from kubelearn.checker import Severity, check
from kubelearn.words import load

#: The checker's own codes (and variant entries), as its catalogue names them.
CORE_CODES = {key.split(".")[1] for key in load("en")
              if key.startswith("checker.") and not key.startswith("checker._")}

POD = """\
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
"""

DEPLOYMENT = """\
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
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
"""


def edit(base: str, old: str, new: str) -> str:
    assert old in base
    return base.replace(old, new, 1)


CASES = {
    "valid Pod": (POD, []),
    "valid Deployment": (DEPLOYMENT, []),
    "unknown field, typo": (
        edit(POD, "  containers:", "  contaners:"),
        [("unknown-field", 8, 3, "spec.contaners")],
    ),
    "unknown field, wrong case": (
        edit(DEPLOYMENT, "containerPort", "ContainerPort"),
        [("unknown-field", 19, 11, "spec.template.spec.containers[0].ports[0].ContainerPort")],
    ),
    "unknown field at the top": (
        POD + "extra: 1\n",
        [("unknown-field", 11, 1, "extra")],
    ),
    "every unknown field is reported": (
        edit(edit(POD, "  name: web\n  labels", "  nme: web\n  labels"), "image:", "imag:"),
        [
            ("unknown-field", 4, 3, "metadata.nme"),
            ("unknown-field", 10, 5, "spec.containers[0].imag"),
        ],
    ),
    "missing required field": (
        edit(POD, "  - name: web\n    image", "  - image"),
        [("missing-field", 9, 5, "spec.containers[0].name")],
    ),
    "container without image": (
        edit(POD, "    image: nginx:1.27\n", ""),
        [("missing-field", 9, 5, "spec.containers[0].image")],
    ),
    "container with empty image": (
        edit(POD, "image: nginx:1.27", 'image: ""'),
        [("missing-field", 10, 5, "spec.containers[0].image")],
    ),
    "init container in a template without image": (
        edit(
            DEPLOYMENT,
            "      containers:",
            "      initContainers:\n      - name: init\n      containers:",
        ),
        [("missing-field", 16, 9, "spec.template.spec.initContainers[0].image")],
    ),
    "no name": (
        edit(POD, "  name: web\n", ""),
        [("missing-field", 3, 1, "metadata.name")],
    ),
    "name with nothing after it": (
        edit(POD, "  name: web\n", "  name:\n"),
        [("missing-field", 4, 3, "metadata.name")],
    ),
    "generateName instead of name": (edit(POD, "  name: web", "  generateName: web-"), []),
    "no metadata": (
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n",
        [("missing-field", 1, 1, "metadata.name")],
    ),
    "empty metadata": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\ndata:\n  a: b\n",
        [("missing-field", 3, 1, "metadata.name")],
    ),
    "Pod without spec": (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n",
        [("missing-field", 1, 1, "spec")],
    ),
    "Pod with empty spec": (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n",
        [("missing-field", 5, 1, "spec")],
    ),
    "Pod with no containers": (
        edit(POD, "  containers:\n  - name: web\n    image: nginx:1.27\n", "  containers: []\n"),
        [("missing-field", 8, 3, "spec.containers")],
    ),
    "template with no containers": (
        DEPLOYMENT.split("      containers:")[0] + "      containers: []\n",
        [("missing-field", 15, 7, "spec.template.spec.containers")],
    ),
    "template without spec": (
        DEPLOYMENT.split("    spec:")[0],
        [("missing-field", 10, 3, "spec.template.spec")],
    ),
    "ReplicaSet without template": (
        edit(DEPLOYMENT, "Deployment", "ReplicaSet").split("  template:")[0],
        [("missing-field", 5, 1, "spec.template")],
    ),
    "Deployment without template, reported once": (
        DEPLOYMENT.split("  template:")[0],
        [("missing-field", 5, 1, "spec.template")],
    ),
    "Deployment without spec": (
        DEPLOYMENT.split("spec:")[0],
        [("missing-field", 1, 1, "spec")],
    ),
    "Service selector written with matchLabels": (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n"
        "    matchLabels:\n      app: web\n  ports:\n  - port: 80\n",
        [("plain-selector", 7, 5, "spec.selector.matchLabels")],
    ),
    "Service selector written with matchExpressions": (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n"
        "    matchExpressions: [{key: app, operator: In, values: [web]}]\n  ports:\n  - port: 80\n",
        [("plain-selector", 7, 5, "spec.selector.matchExpressions")],
    ),
    "key read as a boolean": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  on: x\n",
        [("unquoted-key", 6, 3, "data.true")],
    ),
    "key and value read as booleans": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  on: yes\n",
        [("unquoted-key", 6, 3, "data.true"), ("unquoted-bool", 6, 7, "data.true")],
    ),
    "two keys that both become true": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  on: a\n  y: b\n",
        [("unquoted-key", 6, 3, "data.true"), ("duplicate-key", 7, 3, "data.true")],
    ),
    "field key read as a boolean": (
        edit(POD, "image: nginx:1.27", "image: nginx:1.27\n    y: 1"),
        [("unquoted-key", 11, 5, "spec.containers[0].true")],
    ),
    "numeric key keeps its text": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  1: y\n  2: two\n",
        [("unquoted-bool", 6, 6, "data.1")],
    ),
    "each item of a List is checked": (
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n"
        "  metadata:\n    name: c\n  data:\n    on: x\n- apiVersion: v1\n  kind: Pod\n"
        "  metadata:\n    name: p\n  spec:\n    containers:\n    - name: c\n      imag: x\n"
        "- just text\n",
        [
            ("unquoted-key", 9, 5, "data.true"),
            ("unknown-field", 17, 7, "spec.containers[0].imag"),
            ("not-an-object", 18, 3, "items[2]"),
        ],
    ),
    # kubectl: "error: no objects passed to apply"
    "empty List": ("apiVersion: v1\nkind: List\nitems: []\n", [("no-objects", 1, 1, "")]),
    "missing selector": (
        edit(DEPLOYMENT, "  selector:\n    matchLabels:\n      app: web\n", ""),
        [("missing-field", 5, 1, "spec.selector")],
    ),
    "wrong type, text for a number": (
        edit(DEPLOYMENT, "replicas: 2", 'replicas: "2"'),
        [("wrong-type", 6, 13, "spec.replicas")],
    ),
    "wrong type, text for a list": (
        edit(POD, "  containers:\n  - name: web\n    image: nginx:1.27\n", "  containers: nginx\n"),
        [("wrong-type", 8, 15, "spec.containers")],
    ),
    "wrong type, fraction for a whole number": (
        edit(DEPLOYMENT, "replicas: 2", "replicas: 1.5"),
        [("wrong-type", 6, 13, "spec.replicas")],
    ),
    "1e3 is a whole number": (edit(DEPLOYMENT, "replicas: 2", "replicas: 1e3"), []),
    "unquoted bool in env value": (
        edit(
            POD,
            "    image: nginx:1.27\n",
            "    image: nginx:1.27\n    env:\n    - name: DEBUG\n      value: yes\n",
        ),
        [("unquoted-bool", 13, 14, "spec.containers[0].env[0].value")],
    ),
    "unquoted bool label": (
        edit(POD, "    app: web", "    app: web\n    canary: on"),
        [("unquoted-bool", 7, 13, "metadata.labels.canary")],
    ),
    "unquoted number label": (
        edit(POD, "    app: web", "    version: 1.10"),
        [("unquoted-number", 6, 14, "metadata.labels.version")],
    ),
    "unquoted octal in a ConfigMap": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  mode: 0644\n",
        [("unquoted-number", 6, 9, "data.mode")],
    ),
    "int-or-string accepts a name": (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n"
        "    targetPort: http\n",
        [],
    ),
    "quantity accepts a number": (
        edit(
            POD,
            "    image: nginx:1.27\n",
            "    image: nginx:1.27\n    resources:\n      limits:\n        cpu: 1\n        memory: 128Mi\n",
        ),
        [],
    ),
    "empty value is allowed": (edit(POD, "    app: web\n", "    app: web\n  annotations:\n"), []),
    "missing apiVersion": (
        POD.replace("apiVersion: v1\n", ""),
        [("missing-api-version", 1, 1, "")],
    ),
    "missing apiVersion in the second document": (
        POD + "---\n# a comment\n" + POD.replace("apiVersion: v1\n", ""),
        [("missing-api-version", 13, 1, "")],
    ),
    "missing kind": (POD.replace("kind: Pod\n", ""), [("missing-kind", 1, 1, "")]),
    "wrong apiVersion": (
        edit(DEPLOYMENT, "apps/v1", "v1"),
        [("wrong-api-version", 1, 13, "apiVersion")],
    ),
    "wrong apiVersion still checks the fields": (
        edit(edit(DEPLOYMENT, "apps/v1", "extensions/v1beta1"), "replicas", "replica"),
        [("wrong-api-version", 1, 13, "apiVersion"), ("unknown-field", 6, 3, "spec.replica")],
    ),
    "unknown kind": (edit(POD, "kind: Pod", "kind: Pdo"), [("unknown-kind", 2, 7, "kind")]),
    "kind in the wrong case": (
        edit(POD, "kind: Pod", "kind: pod"),
        [("unknown-kind", 2, 7, "kind")],
    ),
    "custom resource is not checked": (
        "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: c\n",
        [("not-checked", 2, 7, "kind")],
    ),
    "every document is checked": (
        POD + "---\n" + edit(POD, "  name: web\n  labels", "  nam: web\n  labels"),
        [("unknown-field", 15, 3, "metadata.nam")],
    ),
    "Ingress": (
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n  rules:\n"
        "  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n"
        "          service:\n            name: web\n            port:\n              numbr: 80\n",
        [("unknown-field", 15, 15, "spec.rules[0].http.paths[0].backend.service.port.numbr")],
    ),
    "Secret with stringData": (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: no\n",
        [("unquoted-bool", 6, 13, "stringData.password")],
    ),
    "unsupported value, wrong case": (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: nodeport\n"
        "  ports:\n  - port: 80\n",
        [("unsupported-value", 6, 9, "spec.type")],
    ),
    "unsupported value in a list item": (
        edit(DEPLOYMENT, "containerPort: 80", "containerPort: 80\n          protocol: HTTP"),
        [("unsupported-value", 20, 21, "spec.template.spec.containers[0].ports[0].protocol")],
    ),
    "empty value is not unsupported": (
        edit(DEPLOYMENT, "replicas: 2", "replicas: 2\n  strategy:\n    type:"),
        [],
    ),
    "wrong type is not also an unsupported value": (
        edit(POD, "image: nginx:1.27", "image: nginx:1.27\n    imagePullPolicy: no"),
        [("unquoted-bool", 11, 22, "spec.containers[0].imagePullPolicy")],
    ),
    "Namespace": ("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n", []),
    "IngressClass": (
        "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\nspec:\n"
        "  controler: k8s.io/ingress-nginx\n",
        [("unknown-field", 6, 3, "spec.controler")],
    ),
    # A field called "description" is kept when the validator's schema loses its annotations.
    "PriorityClass description": (
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: low\n"
        "value: 10\ndescription: low jobs\n",
        [],
    ),
    "PriorityClass description not text": (
        "apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata:\n  name: low\n"
        "value: 10\ndescription: [low]\n",
        [("wrong-type", 6, 14, "description")],
    ),
    "ReplicaSet": (
        edit(edit(DEPLOYMENT, "Deployment", "ReplicaSet"), "  replicas: 2\n", "  replicas: two\n"),
        [("wrong-type", 6, 13, "spec.replicas")],
    ),
}


def found(text: str) -> list[tuple[str, int, int, str]]:
    return [
        (f.code, f.line, f.column, f.path) for f in check(text).findings if f.code in CORE_CODES
    ]


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_schema_findings(text, expected):
    assert found(text) == expected


def test_unknown_field_suggests_the_field_meant():
    (f,) = [f for f in check(edit(POD, "  containers:", "  contaners:")).findings]
    assert "Did you mean `containers`?" in f.message
    assert f.severity is Severity.ERROR


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        (
            edit(
                POD, "metadata:\n  name: web\n  labels:\n    app: web\n", "metadata:\nname: web\n"
            ),
            "`name` belongs under `metadata:`: check its indentation.",
        ),
        (
            edit(POD, "spec:\n", "spec:\n  image: nginx\n"),
            "`image` belongs in an item (`- `) of `containers:`: check its indentation.",
        ),
        (   # a sibling with a similar name (readinessGates) must not be offered instead
            edit(POD, "spec:\n", "spec:\n  readinessProbe:\n    tcpSocket: {port: 80}\n"),
            "`readinessProbe` belongs in an item (`- `) of `containers:`: check its indentation.",
        ),
    ],
    ids=["metadata.name at the top", "image outside its container",
         "a probe outside its container"],
)
def test_unknown_field_says_where_it_belongs(text, hint):
    (f,) = [f for f in check(text).findings if f.code == "unknown-field"]
    assert f.hint == hint
    assert "Did you mean" not in f.message


def test_value_with_colon_space_hints_at_quotes():
    text = edit(POD, "image: nginx:1.27", "image: nginx:1.27\n    command: [sh, -c, echo a: b]")
    (f,) = check(text).findings
    assert (f.code, f.line, f.column) == ("wrong-type", 11, 23)
    assert "must be quoted" in f.hint


def test_missing_field_says_what_it_is_for():
    report = check(edit(POD, "  - name: web\n    image", "  - image"))
    (f,) = [f for f in report.findings if f.code == "missing-field"]
    assert "`name`" in f.message and "Name of the container" in f.explanation


def test_wrong_api_version_names_the_right_one():
    (f,) = check(edit(DEPLOYMENT, "apps/v1", "v1")).findings
    assert "Deployment lives in apps/v1" in f.message


def test_import_is_cheap():
    code = (
        "import sys, kubelearn.checker\n"
        "heavy = {'yaml', 'textual', 'kubelearn.checker.schema'} & set(sys.modules)\n"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_schema_ships_the_kinds_the_course_teaches():
    from kubelearn.checker.schema import validator

    for api_version, kind in [
        ("v1", "Pod"),
        ("apps/v1", "ReplicaSet"),
        ("apps/v1", "Deployment"),
        ("v1", "ConfigMap"),
        ("v1", "Secret"),
        ("v1", "Service"),
        ("networking.k8s.io/v1", "Ingress"),
        ("networking.k8s.io/v1", "IngressClass"),
        ("v1", "Namespace"),
    ]:
        assert validator(api_version, kind) is not None, kind
