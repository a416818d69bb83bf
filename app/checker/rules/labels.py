"""Label keys and values, wherever labels are written: an object's own, its Pods' (a
template's), and the selectors that match them. The syntax is :mod:`kubelearn.kube.names`."""

from __future__ import annotations

from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import ERROR, Context, Rule
from kubelearn.kube.document import DocPath, Document
from kubelearn.kube.names import label_key_problem, label_value_problem
from kubelearn.kube.objects import SELECTOR_KINDS, as_dict, pod_labels_path


def label_maps(doc: Document) -> Iterator[DocPath]:
    """Where ``doc`` writes labels, or a selector that matches labels."""
    yield ("metadata", "labels")
    labels = pod_labels_path(doc)
    if labels and labels != ("metadata", "labels"):
        yield labels
    if doc.kind in SELECTOR_KINDS or doc.kind == "Job":
        yield ("spec", "selector", "matchLabels")
    if doc.kind in ("Service", "ReplicationController"):
        yield ("spec", "selector")


def check_labels(doc: Document, ctx: Context) -> Iterator[Finding]:
    for path in label_maps(doc):
        for label, value in as_dict(doc.value_at(path)).items():
            if not isinstance(label, str):
                continue
            problem = label_key_problem(label)
            if problem:
                yield ctx.at(doc, (*path, label), "invalid-label", "invalid-label-key",
                             on_key=True, problem=ctx.problem(problem), key=label)
            if isinstance(value, str):
                problem = label_value_problem(value)
                if problem:
                    yield ctx.at(doc, (*path, label), "invalid-label", "invalid-label-value",
                                 value=value, problem=ctx.problem(problem))


RULE = Rule("labels", {"invalid-label": ERROR}, check_labels)
