"""References to objects that are not in the input: said once per missing object, as info when
the input is one file of several (``check(partial=True)``), and never about an object the
exercise's task says the cluster already has."""

from __future__ import annotations

import pytest

from kubelearn.checker import check

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: web
      image: nginx:1.27
      envFrom: [{configMapRef: {name: settings}}]
      env:
        - {name: A, valueFrom: {configMapKeyRef: {name: settings, key: a}}}
        - {name: B, valueFrom: {configMapKeyRef: {name: other, key: b}}}
---
apiVersion: v1
kind: Pod
metadata: {name: web2, namespace: team}
spec:
  containers:
    - name: web
      image: nginx:1.27
      envFrom: [{configMapRef: {name: settings}}]
"""

USES_SETTINGS = [{"env_from": {"pod": "Pod/web", "configmap": "settings"},
                  "message": "Take the variables from the ConfigMap settings."}]


def missing(report) -> list[tuple[str, int, str]]:
    return [(f.severity.value, f.line, f.message) for f in report.findings
            if f.code == "configmap-missing"]


@pytest.mark.parametrize("kwargs, expected", [
    ({}, [("warning", 8, "No ConfigMap named 'settings' in this input"),
          ("warning", 11, "No ConfigMap named 'other' in this input"),
          ("warning", 20, "No ConfigMap named 'settings' in this input")]),  # another namespace
    ({"partial": True}, [("info", 8, "No ConfigMap named 'settings' in this input"),
                         ("info", 11, "No ConfigMap named 'other' in this input"),
                         ("info", 20, "No ConfigMap named 'settings' in this input")]),
    ({"goals": USES_SETTINGS}, [("warning", 11, "No ConfigMap named 'other' in this input")]),
], ids=["once-per-object-and-namespace", "one-file-of-several", "the-task-names-it"])
def test_missing_references(kwargs, expected):
    report = check(POD, **kwargs)
    assert missing(report) == expected
    assert report.ok


def test_the_task_names_it_and_the_goal_is_met():
    report = check(POD, USES_SETTINGS)
    assert (report.expectations_met, report.expectations_total) == (1, 1)
