"""Where things are in a Kubernetes object: its Pod spec, containers, labels, namespace.

Every accessor takes the data as the learner wrote it, whatever its shape: a mapping where a
list belongs reads as empty, never as an error, so the rules and goals built on these can run
on any input.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kubelearn.kube.document import DocPath, Document

#: Kinds whose Pods come from ``spec.template``.
TEMPLATE_KINDS = frozenset(
    {"ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicationController"}
)
#: Kinds that Kubernetes rejects when ``spec.selector`` does not match the template labels.
SELECTOR_KINDS = frozenset({"ReplicaSet", "Deployment", "StatefulSet", "DaemonSet"})
#: Kinds that have a Pod spec (their own or a template's).
POD_KINDS = frozenset({"Pod", "CronJob"} | TEMPLATE_KINDS)
CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")
#: Scalars a label value can be compared as (a mapping or a list never equals a label).
SCALARS = (str, int, float, bool, type(None))


def as_dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def as_int(value: Any) -> int | None:
    """``value`` if it is a whole number (a boolean is not), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def objects(docs: Any) -> list[Document]:
    """The documents of ``docs`` that are objects (mappings), in order."""
    if not isinstance(docs, list | tuple):
        return []
    return [d for d in docs if isinstance(d, Document) and isinstance(d.data, dict)]


def pod_spec_path(doc: Document) -> DocPath | None:
    """Where the Pod spec of ``doc`` is: a Pod's spec or a workload's Pod template."""
    kind = doc.kind
    if kind == "Pod":
        return ("spec",)
    if kind in TEMPLATE_KINDS:
        return ("spec", "template", "spec")
    if kind == "CronJob":
        return ("spec", "jobTemplate", "spec", "template", "spec")
    return None


def pod_labels_path(doc: Document) -> DocPath | None:
    """Where the labels of the Pods that ``doc`` makes are."""
    spec = pod_spec_path(doc)
    if spec is None:
        return None
    return (*spec[:-1], "metadata", "labels") if spec != ("spec",) else ("metadata", "labels")


def pod_labels(doc: Document) -> dict:
    path = pod_labels_path(doc)
    return as_dict(doc.value_at(path)) if path else {}


def controller_labels(doc: Document) -> dict[str, str | None]:
    """The labels Kubernetes adds to the Pods of ``doc`` beyond its template's, with their value,
    or None where the controller picks a value no manifest can know (a uid, a hash, an index).

    - Job: ``job-name`` and ``batch.kubernetes.io/job-name`` (the Job's name) and both
      ``controller-uid`` labels, unless ``manualSelector`` (pkg/registry/batch/job/strategy.go,
      ``generateSelector``); an Indexed Job's Pods also carry their completion index.
    - CronJob: the same, for Jobs named ``<name>-<time>``.
    - StatefulSet: ``statefulset.kubernetes.io/pod-name``, ``apps.kubernetes.io/pod-index`` and
      ``controller-revision-hash`` (pkg/controller/statefulset/stateful_set_utils.go).
    - Deployment: ``pod-template-hash``; DaemonSet: ``controller-revision-hash`` and
      ``pod-template-generation`` (pkg/controller/daemon).

    A label the template sets itself keeps the template's value.
    """
    kind = doc.kind
    added: dict[str, str | None] = {}
    if kind == "Job" and doc.value_at(("spec", "manualSelector")) is not True:
        name = doc.name
        added = dict.fromkeys(("job-name", "batch.kubernetes.io/job-name"), name)
        added |= dict.fromkeys(("controller-uid", "batch.kubernetes.io/controller-uid"))
        if doc.value_at(("spec", "completionMode")) == "Indexed":
            added["batch.kubernetes.io/job-completion-index"] = None
    elif kind == "CronJob":
        added = dict.fromkeys(("job-name", "batch.kubernetes.io/job-name", "controller-uid",
                               "batch.kubernetes.io/controller-uid"))
    elif kind == "StatefulSet":
        added = dict.fromkeys(("statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index",
                               "controller-revision-hash"))
    elif kind == "Deployment":
        added = {"pod-template-hash": None}
    elif kind == "DaemonSet":
        added = dict.fromkeys(("controller-revision-hash", "pod-template-generation"))
    own = pod_labels(doc)
    return {k: v for k, v in added.items() if k not in own}


def containers(doc: Document) -> Iterator[tuple[DocPath, dict]]:
    """Every container of the Pod spec in ``doc`` (init containers too), with its path."""
    spec = pod_spec_path(doc)
    if spec is None:
        return
    for group in CONTAINER_LISTS:
        for i, container in enumerate(as_list(doc.value_at((*spec, group)))):
            if isinstance(container, dict):
                yield (*spec, group, i), container


def volumes(doc: Document) -> Iterator[tuple[DocPath, Any]]:
    """Every entry of the Pod spec's ``volumes`` (whatever its shape), with its path."""
    spec = pod_spec_path(doc)
    if spec is None:
        return
    for i, volume in enumerate(as_list(doc.value_at((*spec, "volumes")))):
        yield (*spec, "volumes", i), volume


def claim_templates(doc: Document) -> Iterator[tuple[DocPath, str]]:
    """The names of a StatefulSet's ``volumeClaimTemplates``, with where each is.

    The StatefulSet controller gives every Pod a volume of each name, backed by that Pod's own
    claim (pkg/controller/statefulset/stateful_set_utils.go, ``updateStorage``), so a
    volumeMount may name a claim template as it names a volume of the template.
    """
    if doc.kind != "StatefulSet":
        return
    for i, template in enumerate(as_list(doc.value_at(("spec", "volumeClaimTemplates")))):
        name = as_dict(as_dict(template).get("metadata")).get("name")
        if isinstance(name, str):
            yield ("spec", "volumeClaimTemplates", i, "metadata", "name"), name


def container_ports(docs: Iterable[Document]) -> tuple[list[str], list[int]]:
    """The port names and numbers the containers of ``docs`` declare, each once, sorted."""
    names: set[str] = set()
    numbers: set[int] = set()
    for doc in docs:
        for _, container in containers(doc):
            for port in as_list(container.get("ports")):
                if isinstance(port, dict):
                    if isinstance(port.get("name"), str):
                        names.add(port["name"])
                    number = as_int(port.get("containerPort"))
                    if number is not None:
                        numbers.add(number)
    return sorted(names), sorted(numbers)


def namespace(doc: Document) -> str | None:
    ns = doc.value_at(("metadata", "namespace"))
    return ns if isinstance(ns, str) and ns else None


def same_namespace(a: Document, b: Document) -> bool:
    """Unless both say otherwise, two objects in one answer land in the same namespace."""
    na, nb = namespace(a), namespace(b)
    return na is None or nb is None or na == nb


def by_name(docs: Iterable[Document]) -> dict[str, list[Document]]:
    """The named objects of ``docs`` by name, in order."""
    out: dict[str, list[Document]] = {}
    for doc in docs:
        if doc.name:
            out.setdefault(doc.name, []).append(doc)
    return out


def data_keys(doc: Document) -> list[str]:
    """The keys a ConfigMap holds (``data`` and ``binaryData``), as text."""
    return [str(k) for f in ("data", "binaryData") for k in as_dict(doc.value_at((f,)))]


def values_equal(a: Any, b: Any) -> bool:
    """Parsed-value equality: 3 == 3.0, but true != 1 and "3" != 3."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(values_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(values_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b
