"""Names Kubernetes validates: ``metadata.name`` (by each kind's rule, see
:data:`kubelearn.kube.names.NAME_RULES`) and ``namespace``, volume, container and port
names, a Service's port and targetPort names, and the keys of a ConfigMap or Secret (which
can become file names). The syntax itself is :mod:`kubelearn.kube.names`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import ERROR, Context, Rule
from kubelearn.kube.document import DocPath, Document
from kubelearn.kube.names import (
    DNS1123_LABEL,
    IANA_SVC_NAME,
    NameRule,
    data_key_problem,
    name_rule,
    suggest_data_key,
    suggest_name,
)
from kubelearn.kube.objects import as_dict, as_list, pod_spec_path

#: The maps whose keys become file names, per kind (``stringData`` is merged into ``data``).
DATA_FIELDS = {"ConfigMap": ("data", "binaryData"), "Secret": ("data", "stringData")}


def check_name(doc: Document, ctx: Context, path: DocPath, what: str, rule: NameRule,
               **what_fields: Any) -> Iterator[Finding]:
    """An ``invalid-name`` finding when the name at ``path`` breaks ``rule``; ``what`` (with
    ``what_fields``) is the word for what is named."""
    name = doc.value_at(path)
    if not isinstance(name, str):
        return
    problem = rule.problem(name)
    if problem is None:
        return
    if not ctx.wording("invalid-name"):  # past the ones worth wording: only counted
        yield ctx.at(doc, path, "invalid-name")
        return
    fixed = suggest_name(name, rule)
    yield ctx.at(doc, path, "invalid-name", hint=fixed is not None, name=name,
                 what=ctx.word(what, **what_fields),
                 title=ctx.word(rule.title), rule=ctx.word(rule.rule),
                 problem=ctx.problem(problem), fixed=fixed)


def check_names(doc: Document, ctx: Context) -> Iterator[Finding]:
    if doc.kind is not None:
        yield from check_name(doc, ctx, ("metadata", "name"), "name", name_rule(doc.kind),
                              kind=doc.kind)
    yield from check_name(doc, ctx, ("metadata", "namespace"), "namespace",
                          DNS1123_LABEL)
    spec = pod_spec_path(doc)
    if spec is not None:
        for i, _ in enumerate(as_list(doc.value_at((*spec, "volumes")))):
            yield from check_name(doc, ctx, (*spec, "volumes", i, "name"), "volume",
                                  DNS1123_LABEL)
    for path, container in ctx.containers(doc):
        yield from check_name(doc, ctx, (*path, "name"), "container", DNS1123_LABEL)
        for j, _ in enumerate(as_list(container.get("ports"))):
            yield from check_name(doc, ctx, (*path, "ports", j, "name"), "port",
                                  IANA_SVC_NAME)
    if doc.kind == "Service":
        for i, port in enumerate(as_list(doc.value_at(("spec", "ports")))):
            yield from check_name(doc, ctx, ("spec", "ports", i, "name"),
                                  "service-port", DNS1123_LABEL)
            if isinstance(as_dict(port).get("targetPort"), str):
                yield from check_name(doc, ctx, ("spec", "ports", i, "targetPort"),
                                      "target-port", IANA_SVC_NAME)
    for field in DATA_FIELDS.get(doc.kind or "", ()):
        for key in as_dict(doc.value_at((field,))):
            if not isinstance(key, str):
                continue
            problem = data_key_problem(key)
            if problem is not None:
                yield ctx.at(doc, (field, key), "invalid-key",
                             "invalid-key-dots" if problem[0] == "dots" else None,
                             on_key=True, fixed=suggest_data_key(key), key=key, kind=doc.kind)


RULE = Rule("names", {"invalid-name": ERROR, "invalid-key": ERROR}, check_names)
