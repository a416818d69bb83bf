"""What a label selector selects: a plain map (a Service's ``spec.selector``) or a
``matchLabels``/``matchExpressions`` selector (a workload's ``spec.selector``).

:class:`PodIndex` keeps the Pod makers by each of their labels, so a selector finds what it
selects by intersecting a few sets instead of testing every Pod maker: relating thousands of
Services to thousands of Pods stays near-linear.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kubelearn.kube.document import Document
from kubelearn.kube.objects import (
    SCALARS,
    container_ports,
    controller_labels,
    namespace,
    pod_labels,
    same_namespace,
)

#: The operators of a ``matchExpressions`` term.
OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


def selector_selects(selector: Any, labels: Any) -> bool:
    """A plain-map selector selects ``labels``; an empty selector selects nothing."""
    if not isinstance(selector, dict) or not selector or not isinstance(labels, dict):
        return False
    return all(k in labels and labels[k] == v for k, v in selector.items())


def first_unmatched(selector: dict, labels: dict) -> Any:
    """The first key of a plain-map ``selector`` that ``labels`` do not have as asked, or None."""
    return next((k for k, v in selector.items() if k not in labels or labels[k] != v), None)


def expression_holds(key: str, operator: str, values: list, labels: dict) -> bool:
    """Whether one ``matchExpressions`` term (a known operator) holds for ``labels``."""
    present = key in labels
    if operator == "In":
        return present and labels.get(key) in values
    if operator == "NotIn":
        return not present or labels.get(key) not in values
    if operator == "Exists":
        return present
    if operator == "DoesNotExist":
        return not present
    raise ValueError(f"unknown operator {operator!r}")


@dataclass
class Selection:
    """What a selector selects among the Pod makers, and what their containers declare."""

    docs: list[Document]
    port_names: list[str]
    port_numbers: list[int]


class PodIndex:
    """The Pod makers by each of their labels (``key=value``).

    A selection is computed once per selector and namespace, however many Services share it.
    """

    def __init__(self, pod_makers: list[Document], *, added: bool = False) -> None:
        """``added``: count the labels Kubernetes adds to the Pods too
        (:func:`~kubelearn.kube.objects.controller_labels`), as a cluster would see them."""
        self.pod_makers = pod_makers
        self.by_label: dict[tuple[str, Any], set[int]] = {}
        #: Pod makers whose Pods carry a label with a value chosen in the cluster, by key.
        self.any_value: dict[str, set[int]] = {}
        for i, doc in enumerate(pod_makers):
            for key, value in pod_labels(doc).items():
                if isinstance(value, SCALARS):
                    self.by_label.setdefault((key, value), set()).add(i)
            for key, value in (controller_labels(doc) if added else {}).items():
                if value is None:
                    self.any_value.setdefault(key, set()).add(i)
                else:
                    self.by_label.setdefault((key, value), set()).add(i)
        self._cache: dict[tuple, Selection] = {}

    def selected(self, selector: dict, near: Document) -> Selection:
        """The Pod makers in ``near``'s namespace that ``selector`` (a plain map) selects, as
        :func:`selector_selects` says; an empty selector selects nothing."""
        pairs = list(selector.items())
        if not pairs or not all(isinstance(v, SCALARS) for _, v in pairs):
            return Selection([], [], [])
        key = (frozenset(pairs), namespace(near))
        if key in self._cache:
            return self._cache[key]
        sets = sorted((self.by_label.get(p, set()) | self.any_value.get(p[0], set())
                       for p in pairs), key=len)
        chosen = set(sets[0]).intersection(*sets[1:]) if sets[0] else set()
        docs = [self.pod_makers[i] for i in sorted(chosen)]
        docs = [d for d in docs if same_namespace(d, near)]
        names, numbers = container_ports(docs)
        selection = Selection(docs, names, numbers)
        self._cache[key] = selection
        return selection
