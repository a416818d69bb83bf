"""The first thing the checker says names the learner's real slip, at its line: one row per
slip of issue 12 (a missing `---`, colon or `- `, a quote closed by a later quote, a key in
the wrong column, `replicas` in a Pod, a label value with a space, and a cause said before its
consequence). Each row: the manifest, the first finding's line and code, and words its message
or explanation must hold."""

from __future__ import annotations

import pytest

from kubelearn.checker import check

SLIPS = {
    "missing-separator": (
        """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  MODE: production
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
""",
        7, "missing-separator", '`---`',
    ),
    "missing-colon-key-alone": (
        """\
apiVersion: v1
kind: Pod
metadata
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
""",
        3, "missing-colon", '`metadata:`',
    ),
    "missing-colon-key-and-value": (
        """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image nginx:1.27
      ports:
        - containerPort: 80
""",
        8, "missing-colon", '`image: nginx:1.27`',
    ),
    "missing-colon-before-a-list": (
        """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers
    - name: web
      image: nginx:1.27
""",
        6, "missing-colon", '`containers:`',
    ),
    "missing-colon-name-web": (
        """\
apiVersion: v1
kind: Pod
metadata:
  name web
  labels:
    app: web
spec:
  containers:
    - name: web
      image: nginx:1.27
""",
        4, "missing-colon", '`name: web`',
    ),
    "missing-colon-before-a-mapping": (
        """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      resources
        limits:
          cpu: 100m
""",
        9, "missing-colon", '`resources:`',
    ),
    "missing-dash-only-item": (
        """\
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
        7, "wrong-type", '`containers`',
    ),
    "missing-dash-env": (
        """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      env:
        name: MODE
        value: production
""",
        10, "wrong-type", '`env`',
    ),
    "missing-dash-first-of-two": (
        """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
      name: web
      image: nginx:1.27
    - name: sidecar
      image: busybox
""",
        7, "missing-dash", '`name: web`',
    ),
    "unclosed-quote-closed-later": (
        """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    note: "the first
spec:
  containers:
    - name: web
      image: nginx:1.27
      command: ["sh", "-c", "echo hi"]
""",
        6, "unclosed-quote", 'not closed',
    ),
    "indent-one-too-few": (
        """\
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
        9, "bad-indent", 'column 7',
    ),
    "indent-one-too-many": (
        """\
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
""",
        5, "bad-indent", 'column 3',
    ),
    "replicas-in-a-pod": (
        """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  replicas: 3
  containers:
    - name: web
      image: nginx:1.27
""",
        6, "unknown-field", 'Deployment',
    ),
    "label-value-with-a-space": (
        """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: my web
spec:
  containers:
    - name: web
      image: nginx:1.27
""",
        6, "invalid-label", None,
    ),
    "matchlabels-before-empty-selector": (
        """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchlabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
""",
        8, "unknown-field", 'matchLabels',
    ),
    "volumes-not-a-list-before-no-volume": (
        """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      volumeMounts:
        - name: config
          mountPath: /etc/config
  volumes:
    name: config
    configMap:
      name: settings
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
""",
        13, "wrong-type", '`volumes`',
    ),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", list(SLIPS))
def test_first_finding_names_the_slip(name, lang):
    text, line, code, words = SLIPS[name]
    first = check(text, lang=lang).findings[0]
    assert (first.line, first.code) == (line, code), first
    if words and lang == "en":
        assert words in first.message + " " + first.explanation, first


def test_label_value_space_is_named():
    first = check(SLIPS["label-value-with-a-space"][0]).findings[0]
    assert "space" in first.explanation


def test_a_repeated_apiversion_inside_one_object_is_a_duplicate_key():
    text = "apiVersion: v1\nkind: Pod\napiVersion: v1\nmetadata: {name: a}\n" \
           "spec: {containers: [{name: a, image: b}]}\n"
    assert [(f.line, f.code) for f in check(text).findings] == [(3, "duplicate-key")]


def test_objects_after_a_missing_separator_are_checked_as_two():
    report = check(SLIPS["missing-separator"][0])
    assert [(f.line, f.code) for f in report.findings] == [(7, "missing-separator")]
