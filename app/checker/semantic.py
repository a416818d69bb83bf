"""Meaning checks that a schema cannot express.

The schema says a field has the right type; the API server then runs its own validation
(names, selectors, quantities, port ranges) and the objects have to fit together (a Service
that selects the Pods, a mount that names a volume). These checks catch both, each at the line
the learner has to change.

Severities follow one rule: ``error`` when the API server would reject the object, ``warning``
when it would accept it but it cannot work as written (a Service that selects nothing, a
missing ConfigMap), ``info`` for a likely slip that is often deliberate. A named ``targetPort``
that no selected container declares is a warning: Kubernetes accepts it, the Service just
gets no endpoints for that port.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kubelearn.checker.document import DocPath, Document, format_path
from kubelearn.checker.findings import Finding, Severity
from kubelearn.checker.quantity import (
    BINARY_SUFFIXES,
    parse_quantity,
    suggest_quantity,
)

#: Kinds whose Pods come from ``spec.template``.
TEMPLATE_KINDS = frozenset(
    {"ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicationController"}
)
#: Kinds that Kubernetes rejects when ``spec.selector`` does not match the template labels.
SELECTOR_KINDS = frozenset({"ReplicaSet", "Deployment", "StatefulSet", "DaemonSet"})
CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")
NODE_PORT_RANGE = (30000, 32767)

_DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_QUALIFIED_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_CONFIGMAP_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")


# --- Where things are in an object -------------------------------------------------------------


def as_dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def pod_spec_path(doc: Document) -> DocPath | None:
    """Where the Pod spec of ``doc`` is: a Pod's spec or a workload's Pod template."""
    if doc.kind == "Pod":
        return ("spec",)
    if doc.kind in TEMPLATE_KINDS:
        return ("spec", "template", "spec")
    if doc.kind == "CronJob":
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


def containers(doc: Document) -> Iterator[tuple[DocPath, dict]]:
    """Every container of the Pod spec in ``doc`` (init containers too), with its path."""
    spec = pod_spec_path(doc)
    if spec is None:
        return
    for group in CONTAINER_LISTS:
        for i, container in enumerate(as_list(doc.value_at((*spec, group)))):
            if isinstance(container, dict):
                yield (*spec, group, i), container


def namespace(doc: Document) -> str | None:
    ns = doc.value_at(("metadata", "namespace"))
    return ns if isinstance(ns, str) and ns else None


def same_namespace(a: Document, b: Document) -> bool:
    """Unless both say otherwise, two objects in one answer land in the same namespace."""
    na, nb = namespace(a), namespace(b)
    return na is None or nb is None or na == nb


def selector_selects(selector: Any, labels: Any) -> bool:
    """A Service selector (a plain map) selects ``labels``; an empty selector selects nothing."""
    if not isinstance(selector, dict) or not selector or not isinstance(labels, dict):
        return False
    return all(k in labels and labels[k] == v for k, v in selector.items())


# --- Name rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameRule:
    title: str
    rule: str

    def problem(self, name: str) -> str | None:
        raise NotImplementedError


class _Dns1123Label(NameRule):
    def problem(self, name: str) -> str | None:
        return _label_problem(name, 63, first_letter=False)


class _Dns1035Label(NameRule):
    def problem(self, name: str) -> str | None:
        return _label_problem(name, 63, first_letter=True)


class _Dns1123Subdomain(NameRule):
    def problem(self, name: str) -> str | None:
        if len(name) > 253:
            return f"it is {len(name)} characters long; the limit is 253"
        if not name:
            return "it is empty"
        for part in name.split("."):
            problem = _label_problem(part, 253, first_letter=False, dots=True)
            if problem:
                return problem
        return None


class _IanaServiceName(NameRule):
    def problem(self, name: str) -> str | None:
        if not name:
            return "it is empty"
        if len(name) > 15:
            return f"it is {len(name)} characters long; the limit is 15"
        bad = _bad_chars(name, "-")
        if bad:
            return bad
        if not any(c.isalpha() for c in name):
            return "it needs at least one letter"
        if name.startswith("-") or name.endswith("-"):
            return "it starts or ends with '-'"
        if "--" in name:
            return "it has two '-' in a row"
        return None


def _bad_chars(name: str, allowed: str) -> str | None:
    if any(c.isupper() for c in name):
        return "it has uppercase letters"
    for c in name:
        if not (c.isascii() and (c.islower() or c.isdigit())) and c not in allowed:
            return "it contains a space" if c == " " else f"it contains '{c}'"
    return None


def _label_problem(name: str, limit: int, *, first_letter: bool, dots: bool = False) -> str | None:
    if not name:
        return "it has an empty part between dots" if dots else "it is empty"
    if len(name) > limit:
        return f"it is {len(name)} characters long; the limit is {limit}"
    bad = _bad_chars(name, "-" if not dots else "-.")
    if bad:
        return bad
    if first_letter and not name[0].isalpha():
        return "it must start with a letter"
    if not name[0].isalnum() or not name[-1].isalnum():
        return "it must start and end with a letter or digit"
    return None


DNS1123_LABEL = _Dns1123Label(
    "DNS-1123 label",
    "at most 63 characters: lowercase letters, digits and '-', starting and ending with a "
    "letter or digit",
)
DNS1035_LABEL = _Dns1035Label(
    "DNS-1035 label",
    "at most 63 characters: lowercase letters, digits and '-', starting with a letter and "
    "ending with a letter or digit",
)
DNS1123_SUBDOMAIN = _Dns1123Subdomain(
    "DNS-1123 subdomain",
    "at most 253 characters: lowercase letters, digits, '-' and '.', starting and ending with "
    "a letter or digit",
)
IANA_SVC_NAME = _IanaServiceName(
    "IANA service name",
    "at most 15 characters: lowercase letters, digits and '-', with at least one letter, and "
    "no '-' at the start, at the end or twice in a row",
)


#: How Kubernetes validates ``metadata.name``, for the kinds where we know. Other kinds (RBAC
#: roles allow ``system:...``, for one) are left alone rather than guessed.
NAME_RULES: dict[str, NameRule] = {
    "Service": DNS1035_LABEL,
    "Namespace": DNS1123_LABEL,
    **dict.fromkeys(
        (
            "Pod",
            "ReplicaSet",
            "Deployment",
            "StatefulSet",
            "DaemonSet",
            "Job",
            "CronJob",
            "ReplicationController",
            "ConfigMap",
            "Secret",
            "Ingress",
            "IngressClass",
            "PersistentVolumeClaim",
            "PersistentVolume",
            "ServiceAccount",
            "NetworkPolicy",
        ),
        DNS1123_SUBDOMAIN,
    ),
}


def suggest_name(name: str, rule: NameRule) -> str | None:
    """The nearest valid name: lowercase, other characters turned into '-'."""
    keep = "-." if rule is DNS1123_SUBDOMAIN else "-"
    fixed = "".join(c if (c.isascii() and c.isalnum()) or c in keep else "-" for c in name.lower())
    fixed = re.sub(r"-{2,}", "-", fixed).strip("-.")
    limit = {DNS1123_SUBDOMAIN: 253, IANA_SVC_NAME: 15}.get(rule, 63)
    fixed = fixed[:limit].strip("-.")
    if rule is DNS1035_LABEL:
        fixed = fixed.lstrip("0123456789-")
    if fixed and fixed != name and rule.problem(fixed) is None:
        return fixed
    return None


def label_key_problem(key: str) -> str | None:
    prefix, slash, name = key.rpartition("/")
    if slash:
        if not prefix:
            return "the part before '/' is empty"
        problem = DNS1123_SUBDOMAIN.problem(prefix)
        if problem:
            return f"its prefix '{prefix}' is not a DNS subdomain: {problem}"
    if not name:
        return "the name part is empty"
    if len(name) > 63:
        return f"the name part is {len(name)} characters long; the limit is 63"
    if not _QUALIFIED_NAME.match(name):
        return "the name part may hold only letters, digits, '-', '_' and '.', and must start and end with a letter or digit"
    return None


def label_value_problem(value: str) -> str | None:
    if value == "":
        return None
    if len(value) > 63:
        return f"it is {len(value)} characters long; the limit is 63"
    if not _QUALIFIED_NAME.match(value):
        return "it may hold only letters, digits, '-', '_' and '.', and must start and end with a letter or digit"
    return None


# --- The checks ---------------------------------------------------------------------------------


class _Context:
    """Every object in the input, indexed for the checks that relate objects."""

    def __init__(self, docs: list[Document]) -> None:
        self.docs = [d for d in docs if isinstance(d, Document) and isinstance(d.data, dict)]
        self.configmaps = [d for d in self.docs if d.kind == "ConfigMap"]
        self.services = [d for d in self.docs if d.kind == "Service"]
        self.pod_makers = [d for d in self.docs if pod_spec_path(d) is not None]

    def configmap(self, name: str, near: Document) -> Document | None:
        for cm in self.configmaps:
            if cm.name == name and same_namespace(cm, near):
                return cm
        return None

    def service(self, name: str, near: Document) -> Document | None:
        for svc in self.services:
            if svc.name == name and same_namespace(svc, near):
                return svc
        return None


def semantic_findings(docs: list[Document]) -> list[Finding]:
    """Every meaning problem in ``docs`` (all objects of one input), in text order."""
    ctx = _Context(list(docs) if isinstance(docs, (list, tuple)) else [])
    findings: list[Finding] = []
    for doc in ctx.docs:
        for check in _CHECKS:
            findings.extend(check(doc, ctx))
    findings.sort(key=lambda f: (f.line, f.column))
    return findings


def _at(
    doc: Document,
    path: DocPath,
    severity: Severity,
    code: str,
    message: str,
    explanation: str,
    hint: str = "",
    *,
    key: bool = False,
) -> Finding:
    pos = doc.pos(path, prefer_key=key)
    return Finding(
        severity=severity,
        line=pos.line,
        column=pos.column,
        code=code,
        message=message,
        path=format_path(path),
        explanation=explanation,
        hint=hint,
    )


def _line_col(doc: Document, path: DocPath) -> tuple[int, int]:
    pos = doc.pos(path, prefer_key=False)
    return pos.line, pos.column


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f"Did you mean '{close[0]}'? " if close else ""


def _check_name(doc: Document, path: DocPath, what: str, rule: NameRule) -> Iterator[Finding]:
    name = doc.value_at(path)
    if not isinstance(name, str):
        return
    problem = rule.problem(name)
    if problem is None:
        return
    fixed = suggest_name(name, rule)
    yield _at(
        doc,
        path,
        Severity.ERROR,
        "invalid-name",
        f"'{name}' is not a valid {what}",
        f"A {what} must be a {rule.title}: {rule.rule}. Here {problem}.",
        f"Try '{fixed}'." if fixed else "",
    )


def check_names(doc: Document, ctx: _Context) -> Iterator[Finding]:
    rule = NAME_RULES.get(doc.kind or "")
    if rule is not None:
        yield from _check_name(doc, ("metadata", "name"), f"{doc.kind} name", rule)
    yield from _check_name(doc, ("metadata", "namespace"), "namespace name", DNS1123_LABEL)
    spec = pod_spec_path(doc)
    if spec is not None:
        for i, _ in enumerate(as_list(doc.value_at((*spec, "volumes")))):
            yield from _check_name(doc, (*spec, "volumes", i, "name"), "volume name", DNS1123_LABEL)
    for path, container in containers(doc):
        yield from _check_name(doc, (*path, "name"), "container name", DNS1123_LABEL)
        for j, _ in enumerate(as_list(container.get("ports"))):
            yield from _check_name(doc, (*path, "ports", j, "name"), "port name", IANA_SVC_NAME)
    if doc.kind == "Service":
        for i, port in enumerate(as_list(doc.value_at(("spec", "ports")))):
            yield from _check_name(
                doc, ("spec", "ports", i, "name"), "Service port name", DNS1123_LABEL
            )
            if isinstance(as_dict(port).get("targetPort"), str):
                yield from _check_name(
                    doc, ("spec", "ports", i, "targetPort"), "targetPort name", IANA_SVC_NAME
                )
    if doc.kind == "ConfigMap":
        for field in ("data", "binaryData"):
            for key in as_dict(doc.value_at((field,))):
                if isinstance(key, str) and (len(key) > 253 or not _CONFIGMAP_KEY.match(key)):
                    yield _at(
                        doc,
                        (field, key),
                        Severity.ERROR,
                        "invalid-key",
                        f"'{key}' is not a valid ConfigMap key",
                        "ConfigMap keys may hold only letters, digits, '-', '_' and '.' "
                        "(at most 253 characters), because each key can become a file name.",
                        f"Try '{re.sub(r'[^-._a-zA-Z0-9]', '-', key)}'.",
                        key=True,
                    )


def _label_maps(doc: Document) -> Iterator[DocPath]:
    yield ("metadata", "labels")
    labels = pod_labels_path(doc)
    if labels and labels != ("metadata", "labels"):
        yield labels
    if doc.kind in SELECTOR_KINDS or doc.kind == "Job":
        yield ("spec", "selector", "matchLabels")
    if doc.kind in ("Service", "ReplicationController"):
        yield ("spec", "selector")


def check_labels(doc: Document, ctx: _Context) -> Iterator[Finding]:
    for path in _label_maps(doc):
        for key, value in as_dict(doc.value_at(path)).items():
            if not isinstance(key, str):
                continue
            problem = label_key_problem(key)
            if problem:
                yield _at(
                    doc,
                    (*path, key),
                    Severity.ERROR,
                    "invalid-label",
                    f"'{key}' is not a valid label key",
                    f"A label key is an optional DNS prefix and '/', then a name of at most 63 "
                    f"characters. Here {problem}.",
                    "Use letters, digits, '-', '_' and '.', e.g. 'app' or 'app.kubernetes.io/name'.",
                    key=True,
                )
            if isinstance(value, str):
                problem = label_value_problem(value)
                if problem:
                    yield _at(
                        doc,
                        (*path, key),
                        Severity.ERROR,
                        "invalid-label",
                        f"'{value}' is not a valid label value",
                        f"A label value is empty or at most 63 letters, digits, '-', '_' and "
                        f"'.', starting and ending with a letter or digit. Here {problem}.",
                        "Shorten it or replace the other characters with '-'.",
                    )


def _label_text(labels: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in labels.items()) if labels else "no labels"


_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


def check_workload_selector(doc: Document, ctx: _Context) -> Iterator[Finding]:
    if doc.kind not in SELECTOR_KINDS:
        return
    selector = doc.value_at(("spec", "selector"))
    if not isinstance(selector, dict):
        return
    labels_path = pod_labels_path(doc) or ()
    labels = pod_labels(doc)
    kind = doc.kind
    match_labels = selector.get("matchLabels")
    expressions = selector.get("matchExpressions")
    if not as_dict(match_labels) and not as_list(expressions):
        yield _at(
            doc,
            ("spec", "selector"),
            Severity.ERROR,
            "selector-empty",
            f"The {kind}'s selector is empty",
            f"A {kind} finds its Pods by spec.selector; Kubernetes rejects an empty selector "
            "because it would claim every Pod in the namespace.",
            f"Add matchLabels with the labels of spec.template.metadata.labels, e.g. "
            f"'{next(iter(labels), 'app')}: {next(iter(labels.values()), 'web')}'.",
            key=True,
        )
        return
    found = f"The template's labels ({format_path(labels_path)}) are: {_label_text(labels)}."
    for key, value in as_dict(match_labels).items():
        if not isinstance(value, str) or labels.get(key) == value:
            continue
        if key in labels:
            why = f"The selector asks for {key}={value}, but the template has {key}={labels[key]}."
            hint = f"Make both say {key}: {labels[key]} (or both {value})."
        else:
            why = f"The selector asks for {key}={value}, but the template has no label '{key}'."
            hint = f"Add '{key}: {value}' to {format_path(labels_path)}, or remove it from the selector."
        yield _at(
            doc,
            ("spec", "selector", "matchLabels", key),
            Severity.ERROR,
            "selector-mismatch",
            "selector does not match template labels",
            f"{why} {found} Kubernetes rejects a {kind} whose selector would not select "
            "the Pods it creates.",
            hint,
            key=True,
        )
    for i, expr in enumerate(as_list(expressions)):
        if not isinstance(expr, dict):
            continue
        path = ("spec", "selector", "matchExpressions", i)
        key, op, values = expr.get("key"), expr.get("operator"), expr.get("values")
        if not isinstance(key, str) or not isinstance(op, str):
            continue
        values_list = [v for v in as_list(values)]
        if op not in _OPERATORS:
            yield _at(
                doc,
                (*path, "operator"),
                Severity.ERROR,
                "invalid-selector",
                f"'{op}' is not a selector operator",
                "matchExpressions operators are In, NotIn, Exists and DoesNotExist.",
                _did_you_mean(op, _OPERATORS).strip(),
            )
            continue
        if op in ("In", "NotIn") and not values_list:
            yield _at(
                doc,
                path,
                Severity.ERROR,
                "invalid-selector",
                f"'{op}' needs values",
                f"With operator {op}, list the label values in 'values'.",
                "Add values: [...] with at least one value.",
            )
            continue
        if op in ("Exists", "DoesNotExist") and values_list:
            yield _at(
                doc,
                (*path, "values"),
                Severity.ERROR,
                "invalid-selector",
                f"'{op}' takes no values",
                f"With operator {op} only the label key matters; Kubernetes rejects 'values'.",
                "Remove 'values', or use In / NotIn.",
                key=True,
            )
            continue
        present = key in labels
        ok = {
            "In": present and labels.get(key) in values_list,
            "NotIn": not present or labels.get(key) not in values_list,
            "Exists": present,
            "DoesNotExist": not present,
        }[op]
        if ok:
            continue
        shown = f" {values_list}" if values_list else ""
        has = f"{key}={labels[key]}" if present else f"no label '{key}'"
        yield _at(
            doc,
            (*path, "key"),
            Severity.ERROR,
            "selector-mismatch",
            "selector does not match template labels",
            f"The selector needs '{key} {op}{shown}', but the template has {has}. {found} "
            f"Kubernetes rejects a {kind} whose selector would not select the Pods it creates.",
            "Change the expression or the template labels so they agree.",
            key=True,
        )


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _selected(svc: Document, ctx: _Context) -> list[Document]:
    selector = svc.value_at(("spec", "selector"))
    return [
        d
        for d in ctx.pod_makers
        if same_namespace(d, svc) and selector_selects(selector, pod_labels(d))
    ]


def check_service(doc: Document, ctx: _Context) -> Iterator[Finding]:
    if doc.kind != "Service":
        return
    spec = as_dict(doc.value_at(("spec",)))
    svc_type = spec.get("type", "ClusterIP")
    ports = as_list(spec.get("ports"))
    seen_ports: dict[tuple, int] = {}
    seen_names: dict[str, int] = {}
    seen_node: dict[int, int] = {}
    for i, port in enumerate(ports):
        if not isinstance(port, dict):
            continue
        path = ("spec", "ports", i)
        number, node_port = _int(port.get("port")), _int(port.get("nodePort"))
        target = port.get("targetPort")
        for field, value in (("port", number), ("targetPort", _int(target))):
            if (
                value is not None
                and not 1 <= value <= 65535
                and not (field == "targetPort" and value == 0)
            ):
                yield _at(
                    doc,
                    (*path, field),
                    Severity.ERROR,
                    "invalid-port",
                    f"{field} {value} is not a port number",
                    "Port numbers go from 1 to 65535.",
                    "",
                )
        if node_port:
            if svc_type == "ClusterIP" or svc_type == "ExternalName":
                yield _at(
                    doc,
                    (*path, "nodePort"),
                    Severity.ERROR,
                    "nodeport-clusterip",
                    f"nodePort is not allowed on a {svc_type} Service",
                    f"A {svc_type} Service is reachable only inside the cluster, so Kubernetes "
                    "rejects a nodePort on it. Without 'type', a Service is ClusterIP.",
                    "Add 'type: NodePort' under spec, or remove nodePort.",
                    key=True,
                )
            elif not NODE_PORT_RANGE[0] <= node_port <= NODE_PORT_RANGE[1]:
                yield _at(
                    doc,
                    (*path, "nodePort"),
                    Severity.ERROR,
                    "nodeport-range",
                    f"nodePort {node_port} is outside 30000-32767",
                    "Kubernetes opens node ports only in the range 30000-32767 (the default "
                    "service-node-port-range); it rejects any other value.",
                    "Pick a port between 30000 and 32767, or leave nodePort out and let "
                    "Kubernetes choose one.",
                )
            elif node_port in seen_node:
                yield _at(
                    doc,
                    (*path, "nodePort"),
                    Severity.ERROR,
                    "service-port-duplicate",
                    f"nodePort {node_port} is used twice",
                    f"spec.ports[{seen_node[node_port]}] already uses nodePort {node_port}.",
                    "Give each port its own nodePort.",
                )
            seen_node.setdefault(node_port, i)
        if number is not None:
            protocol = port.get("protocol", "TCP")
            key = (number, protocol)
            if key in seen_ports:
                yield _at(
                    doc,
                    (*path, "port"),
                    Severity.ERROR,
                    "service-port-duplicate",
                    f"port {number}/{protocol} is listed twice",
                    f"spec.ports[{seen_ports[key]}] already has port {number} with protocol "
                    f"{protocol}; Kubernetes rejects the duplicate.",
                    "Remove one, or give it another port number or protocol.",
                )
            seen_ports.setdefault(key, i)
        name = port.get("name")
        if isinstance(name, str):
            if name in seen_names:
                yield _at(
                    doc,
                    (*path, "name"),
                    Severity.ERROR,
                    "service-port-duplicate",
                    f"port name '{name}' is used twice",
                    f"spec.ports[{seen_names[name]}] is already named '{name}'.",
                    "Give each port its own name.",
                )
            seen_names.setdefault(name, i)
        elif name is None and len(ports) > 1:
            yield _at(
                doc,
                path,
                Severity.ERROR,
                "service-port-name-required",
                "Each port needs a name when a Service has several",
                "With more than one port, Kubernetes requires a name on each so that "
                "endpoints and Ingresses can tell them apart.",
                "Add e.g. 'name: http' to this port.",
            )
    yield from _check_service_targets(doc, ctx)


def _check_service_targets(svc: Document, ctx: _Context) -> Iterator[Finding]:
    selector = svc.value_at(("spec", "selector"))
    if not isinstance(selector, dict) or not selector or not ctx.pod_makers:
        return
    if not all(isinstance(v, str) for v in selector.values()):
        return
    selected = _selected(svc, ctx)
    if not selected:
        seen = "; ".join(
            f"{d.kind} {d.name or '(no name)'} has {_label_text(pod_labels(d))}"
            for d in ctx.pod_makers[:3]
        )
        yield _at(
            svc,
            ("spec", "selector"),
            Severity.WARNING,
            "service-selects-nothing",
            "This Service's selector matches no Pod in the file",
            f"The Service sends traffic to Pods having all of {_label_text(selector)}. "
            f"None here does: {seen}.",
            "Copy the Pod labels (for a Deployment: spec.template.metadata.labels) into the "
            "Service's spec.selector.",
            key=True,
        )
        return
    declared: list[dict] = []
    for d in selected:
        for _, container in containers(d):
            declared.extend(p for p in as_list(container.get("ports")) if isinstance(p, dict))
    names = {p.get("name") for p in declared}
    numbers = {_int(p.get("containerPort")) for p in declared}
    where = ", ".join(f"{d.kind} {d.name or '(no name)'}" for d in selected[:3])
    for i, port in enumerate(as_list(svc.value_at(("spec", "ports")))):
        if not isinstance(port, dict):
            continue
        target = port.get("targetPort", port.get("port"))
        path = ("spec", "ports", i, "targetPort" if "targetPort" in port else "port")
        if isinstance(target, str) and target not in names:
            listed = sorted(n for n in names if isinstance(n, str))
            yield _at(
                svc,
                path,
                Severity.WARNING,
                "target-port-unknown",
                f"No selected container has a port named '{target}'",
                f"A named targetPort sends traffic to the container port with that name. The "
                f"selected Pods ({where}) name their ports: "
                f"{', '.join(listed) if listed else 'none'}. Kubernetes accepts this Service, "
                "but it would have no endpoint for this port.",
                (_did_you_mean(target, listed) or "")
                + "Name the container port the same, or use the port number.",
            )
        elif _int(target) and declared and target not in numbers:
            listed = sorted(n for n in numbers if n is not None)
            yield _at(
                svc,
                path,
                Severity.INFO,
                "target-port-undeclared",
                f"No selected container declares port {target}",
                f"The selected Pods ({where}) declare containerPort "
                f"{', '.join(map(str, listed))}. Traffic still reaches port {target} if the "
                "program listens there; declaring it is documentation.",
                "Check the port number the container listens on.",
            )


def check_ingress(doc: Document, ctx: _Context) -> Iterator[Finding]:
    if doc.kind != "Ingress":
        return
    backends: list[DocPath] = [("spec", "defaultBackend")]
    for i, rule in enumerate(as_list(doc.value_at(("spec", "rules")))):
        paths = as_list(as_dict(as_dict(rule).get("http")).get("paths"))
        backends.extend(
            ("spec", "rules", i, "http", "paths", j, "backend") for j in range(len(paths))
        )
    for path in backends:
        service = doc.value_at((*path, "service"))
        if not isinstance(service, dict):
            continue
        name = service.get("name")
        if not isinstance(name, str):
            continue
        svc_path = (*path, "service")
        yield from _check_name(doc, (*svc_path, "name"), "Service name", DNS1035_LABEL)
        yield from _check_name(doc, (*svc_path, "port", "name"), "port name", IANA_SVC_NAME)
        target = ctx.service(name, doc)
        if target is None:
            known = [s.name for s in ctx.services if s.name]
            yield _at(
                doc,
                (*svc_path, "name"),
                Severity.WARNING,
                "ingress-unknown-service",
                f"No Service named '{name}' in this input",
                "The Ingress sends this traffic to a Service by name. "
                + (
                    f"The Services here are: {', '.join(known)}."
                    if known
                    else "This input has no Service; the Ingress works only if one exists in the cluster."
                ),
                _did_you_mean(name, known) + "Write the Service too, or fix the name.",
            )
            continue
        port = as_dict(service.get("port"))
        svc_ports = [p for p in as_list(target.value_at(("spec", "ports"))) if isinstance(p, dict)]
        numbers = [_int(p.get("port")) for p in svc_ports if _int(p.get("port")) is not None]
        names = [p.get("name") for p in svc_ports if isinstance(p.get("name"), str)]
        number, port_name = _int(port.get("number")), port.get("name")
        if number is not None and number not in numbers:
            yield _at(
                doc,
                (*svc_path, "port", "number"),
                Severity.WARNING,
                "ingress-unknown-port",
                f"Service '{name}' has no port {number}",
                f"The Ingress must name one of the Service's ports (spec.ports[].port): "
                f"{', '.join(map(str, numbers)) or 'none'}. The container's targetPort does "
                "not count here.",
                f"Use port number {numbers[0]}." if len(numbers) == 1 else "",
            )
        elif isinstance(port_name, str) and port_name not in names:
            yield _at(
                doc,
                (*svc_path, "port", "name"),
                Severity.WARNING,
                "ingress-unknown-port",
                f"Service '{name}' has no port named '{port_name}'",
                f"The Service's port names are: {', '.join(names) or 'none'}.",
                _did_you_mean(port_name, names).strip(),
            )


def check_pod_spec(doc: Document, ctx: _Context) -> Iterator[Finding]:
    spec = pod_spec_path(doc)
    if spec is None:
        return
    seen: dict[str, DocPath] = {}
    named = [(path, c.get("name")) for path, c in containers(doc) if isinstance(c.get("name"), str)]
    named.sort(key=lambda item: _line_col(doc, (*item[0], "name")))
    for path, name in named:
        if name in seen:
            yield _at(
                doc,
                (*path, "name"),
                Severity.ERROR,
                "duplicate-container-name",
                f"Two containers are named '{name}'",
                f"{format_path(seen[name])} already has this name. Every container of a Pod, "
                "init containers included, needs its own name.",
                "Rename one of them.",
            )
        else:
            seen[name] = path
    volumes: dict[str, DocPath] = {}
    for i, volume in enumerate(as_list(doc.value_at((*spec, "volumes")))):
        name = as_dict(volume).get("name")
        if not isinstance(name, str):
            continue
        if name in volumes:
            yield _at(
                doc,
                (*spec, "volumes", i, "name"),
                Severity.ERROR,
                "duplicate-volume-name",
                f"Two volumes are named '{name}'",
                f"{format_path(volumes[name])} already has this name; Kubernetes rejects the Pod.",
                "Rename one of them, and the volumeMounts that use it.",
            )
        else:
            volumes[name] = (*spec, "volumes", i)
    for path, container in containers(doc):
        mount_paths: dict[str, int] = {}
        for j, mount in enumerate(as_list(container.get("volumeMounts"))):
            mount = as_dict(mount)
            name, mount_path = mount.get("name"), mount.get("mountPath")
            if isinstance(name, str) and name not in volumes:
                yield _at(
                    doc,
                    (*path, "volumeMounts", j, "name"),
                    Severity.ERROR,
                    "volume-mount-unknown",
                    f"No volume named '{name}'",
                    "A volumeMount names one of the Pod's volumes (spec.volumes). "
                    + (
                        f"This Pod's volumes are: {', '.join(volumes)}."
                        if volumes
                        else "This Pod has no volumes."
                    ),
                    _did_you_mean(name, volumes)
                    + f"Add a volume named '{name}' under {format_path((*spec, 'volumes'))}.",
                )
            if isinstance(mount_path, str):
                if mount_path in mount_paths:
                    yield _at(
                        doc,
                        (*path, "volumeMounts", j, "mountPath"),
                        Severity.ERROR,
                        "duplicate-mount-path",
                        f"Two mounts at {mount_path}",
                        f"volumeMounts[{mount_paths[mount_path]}] already mounts at this path; "
                        "mount paths must be unique in a container.",
                        "Mount the second volume somewhere else.",
                    )
                mount_paths.setdefault(mount_path, j)
        yield from _check_resources(doc, path, container)
        yield from _check_container_ports(doc, path, container)
    yield from _check_configmap_refs(doc, spec, ctx)


def _check_container_ports(doc: Document, path: DocPath, container: dict) -> Iterator[Finding]:
    names: set[str] = set()
    for j, port in enumerate(as_list(container.get("ports"))):
        port = as_dict(port)
        number = _int(port.get("containerPort"))
        if number is not None and not 1 <= number <= 65535:
            yield _at(
                doc,
                (*path, "ports", j, "containerPort"),
                Severity.ERROR,
                "invalid-port",
                f"containerPort {number} is not a port number",
                "Port numbers go from 1 to 65535.",
                "",
            )
        name = port.get("name")
        if isinstance(name, str):
            if name in names:
                yield _at(
                    doc,
                    (*path, "ports", j, "name"),
                    Severity.ERROR,
                    "duplicate-port-name",
                    f"Two ports are named '{name}'",
                    "Port names must be unique within a container.",
                    "Rename one of them.",
                )
            names.add(name)


_MEMORY_LIKE = ("memory", "ephemeral-storage", "storage")


def _check_resources(doc: Document, path: DocPath, container: dict) -> Iterator[Finding]:
    resources = as_dict(container.get("resources"))
    amounts: dict[str, dict[str, Any]] = {}
    for group in ("requests", "limits"):
        for resource, value in as_dict(resources.get(group)).items():
            if not isinstance(resource, str):
                continue
            at = (*path, "resources", group, resource)
            amount = parse_quantity(value)
            if amount is None:
                if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                    if isinstance(value, bool):
                        yield _at(
                            doc,
                            at,
                            Severity.ERROR,
                            "invalid-quantity",
                            f"{resource}: {str(value).lower()} is not a quantity",
                            "YAML reads this word as true/false, not as an amount.",
                            "",
                        )
                    continue
                fixed = suggest_quantity(value)
                yield _at(
                    doc,
                    at,
                    Severity.ERROR,
                    "invalid-quantity",
                    f"'{value}' is not a valid quantity",
                    "Kubernetes writes amounts as a number with an optional suffix. For memory "
                    "use the binary suffixes Ki, Mi, Gi (1Mi = 1024 x 1024 bytes) or decimal k, "
                    "M, G (1M = 1,000,000 bytes). Lowercase 'm' means one thousandth: for CPU, "
                    "500m is half a core; for memory it would be a fraction of a byte. Units "
                    "like 'mb' or 'GB' are not accepted.",
                    f"Write {fixed}." if fixed else "For example 128Mi for memory, 500m for CPU.",
                )
                continue
            if amount < 0:
                yield _at(
                    doc,
                    at,
                    Severity.ERROR,
                    "invalid-quantity",
                    f"{resource} must not be negative",
                    "Resource requests and limits must be 0 or more.",
                    "",
                )
                continue
            amounts.setdefault(resource, {})[group] = (amount, value)
            text = value if isinstance(value, str) else ""
            if resource in _MEMORY_LIKE and text.endswith("m"):
                yield _at(
                    doc,
                    at,
                    Severity.WARNING,
                    "quantity-unit",
                    f"{resource}: {text} means {text[:-1]} thousandths of a byte",
                    "Lowercase 'm' is milli (one thousandth). It makes sense for CPU (500m = half "
                    "a core), not for bytes. For megabytes write M (1,000,000) or Mi (1024 x 1024).",
                    f"Write {text[:-1]}Mi.",
                )
            elif (
                resource == "cpu"
                and text
                and (text[-2:] in BINARY_SUFFIXES or text[-1:] in ("M", "G", "T", "P", "E"))
            ):
                yield _at(
                    doc,
                    at,
                    Severity.WARNING,
                    "quantity-unit",
                    f"cpu: {text} asks for millions of cores",
                    "CPU is counted in cores: 1 is one core, 500m (lowercase m) is half a core. "
                    "M and Mi are byte-sized multipliers meant for memory.",
                    f"Write {text.rstrip('iMGTPE')}m for thousandths of a core.",
                )
    for resource, both in amounts.items():
        if "requests" in both and "limits" in both and both["requests"][0] > both["limits"][0]:
            yield _at(
                doc,
                (*path, "resources", "requests", resource),
                Severity.ERROR,
                "requests-exceed-limits",
                f"{resource} request is above its limit",
                f"The request ({both['requests'][1]}) must be less than or equal to the limit "
                f"({both['limits'][1]}); Kubernetes rejects the Pod.",
                "Lower the request or raise the limit.",
            )


def _check_configmap_refs(doc: Document, spec: DocPath, ctx: _Context) -> Iterator[Finding]:
    # (path to the reference, ConfigMap name, optional, [(path to key, key)])
    refs: list[tuple[DocPath, str, bool, list[tuple[DocPath, str]]]] = []

    def add(path: DocPath, ref: dict, keys: list[tuple[DocPath, str]]) -> None:
        name = ref.get("name")
        if isinstance(name, str):
            refs.append((path, name, ref.get("optional") is True, keys))

    def item_keys(path: DocPath, source: dict) -> list[tuple[DocPath, str]]:
        return [
            ((*path, "items", k, "key"), item["key"])
            for k, item in enumerate(as_list(source.get("items")))
            if isinstance(item, dict) and isinstance(item.get("key"), str)
        ]

    for i, volume in enumerate(as_list(doc.value_at((*spec, "volumes")))):
        volume = as_dict(volume)
        cm = volume.get("configMap")
        if isinstance(cm, dict):
            path = (*spec, "volumes", i, "configMap")
            add(path, cm, item_keys(path, cm))
        for k, source in enumerate(as_list(as_dict(volume.get("projected")).get("sources"))):
            cm = as_dict(source).get("configMap")
            if isinstance(cm, dict):
                path = (*spec, "volumes", i, "projected", "sources", k, "configMap")
                add(path, cm, item_keys(path, cm))
    for path, container in containers(doc):
        for j, env in enumerate(as_list(container.get("env"))):
            ref = as_dict(as_dict(as_dict(env).get("valueFrom")).get("configMapKeyRef"))
            key = ref.get("key")
            ref_path = (*path, "env", j, "valueFrom", "configMapKeyRef")
            add(ref_path, ref, [((*ref_path, "key"), key)] if isinstance(key, str) else [])
        for j, source in enumerate(as_list(container.get("envFrom"))):
            ref = as_dict(source).get("configMapRef")
            if isinstance(ref, dict):
                add((*path, "envFrom", j, "configMapRef"), ref, [])
    for path, name, optional, keys in refs:
        if optional:
            continue
        cm = ctx.configmap(name, doc)
        if cm is None:
            known = [c.name for c in ctx.configmaps if c.name]
            yield _at(
                doc,
                (*path, "name"),
                Severity.WARNING,
                "configmap-missing",
                f"No ConfigMap named '{name}' in this input",
                "The Pod will not start until a ConfigMap with this name exists in its "
                "namespace. " + (f"The ConfigMaps here are: {', '.join(known)}." if known else ""),
                _did_you_mean(name, known)
                + "Write the ConfigMap too, fix the name, or add 'optional: true'.",
            )
            continue
        have = [k for field in ("data", "binaryData") for k in as_dict(cm.value_at((field,)))]
        for key_path, key in keys:
            if key not in have:
                yield _at(
                    doc,
                    key_path,
                    Severity.WARNING,
                    "configmap-key-missing",
                    f"ConfigMap '{name}' has no key '{key}'",
                    f"Its keys are: {', '.join(map(str, have)) or 'none'}. The Pod will not start "
                    "while the key is missing.",
                    _did_you_mean(key, [str(k) for k in have])
                    + "Fix the key, or add it to the ConfigMap.",
                )


_CHECKS = (
    check_names,
    check_labels,
    check_workload_selector,
    check_service,
    check_ingress,
    check_pod_spec,
)
