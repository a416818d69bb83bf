"""Counts Kubernetes rejects when negative (replicas, minReadySeconds, revisionHistoryLimit,
a Pod's terminationGracePeriodSeconds), and a Deployment's progress deadline, which must be
longer than its minReadySeconds."""

from __future__ import annotations

from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import ERROR, Context, Rule
from kubelearn.kube.document import Document
from kubelearn.kube.objects import POD_KINDS, as_int, pod_spec_path

#: Counts Kubernetes rejects when negative, per kind (fields of ``spec``).
COUNTS = {
    "Deployment": ("replicas", "minReadySeconds", "revisionHistoryLimit",
                   "progressDeadlineSeconds"),
    "ReplicaSet": ("replicas", "minReadySeconds"),
    "StatefulSet": ("replicas", "minReadySeconds", "revisionHistoryLimit"),
    "DaemonSet": ("minReadySeconds", "revisionHistoryLimit"),
    "ReplicationController": ("replicas", "minReadySeconds"),
}


def check_counts(doc: Document, ctx: Context) -> Iterator[Finding]:
    for field in COUNTS.get(doc.kind or "", ()):
        value = as_int(doc.value_at(("spec", field)))
        if value is not None and value < 0:
            yield ctx.at(doc, ("spec", field), "negative-value", field=field)
    spec = pod_spec_path(doc)
    if spec is not None:
        value = as_int(doc.value_at((*spec, "terminationGracePeriodSeconds")))
        if value is not None and value < 0:
            yield ctx.at(doc, (*spec, "terminationGracePeriodSeconds"), "negative-value",
                         field="terminationGracePeriodSeconds")
    if doc.kind == "Deployment":
        deadline = as_int(doc.value_at(("spec", "progressDeadlineSeconds")))
        ready = as_int(doc.value_at(("spec", "minReadySeconds"))) or 0
        if deadline is not None and 0 <= ready and 0 <= deadline <= ready:
            yield ctx.at(doc, ("spec", "progressDeadlineSeconds"), "progress-deadline",
                         deadline=deadline, ready=ready)


RULE = Rule("counts", {"negative-value": ERROR, "progress-deadline": ERROR}, check_counts,
            kinds=frozenset(COUNTS) | POD_KINDS)
