"""A container's resource requests and limits: each a quantity Kubernetes can read, not
negative, in a unit that makes sense for the resource (memory in millibytes and CPU in
megacores are legal but almost always a slip), and no request above its limit. Reading a
quantity is :mod:`kubelearn.kube.quantity`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import ERROR, WARNING, Context, Rule
from kubelearn.kube.document import DocPath, Document
from kubelearn.kube.objects import POD_KINDS, as_dict
from kubelearn.kube.quantity import BINARY_SUFFIXES, parse_quantity, suggest_quantity

_MEMORY_LIKE = ("memory", "ephemeral-storage", "storage")
_BIG_SUFFIXES = ("M", "G", "T", "P", "E")


def check_resources(doc: Document, ctx: Context) -> Iterator[Finding]:
    for path, container in ctx.containers(doc):
        yield from _container_resources(doc, ctx, path, container)


def _container_resources(doc: Document, ctx: Context, path: DocPath,
                         container: dict) -> Iterator[Finding]:
    resources = as_dict(container.get("resources"))
    amounts: dict[str, dict[str, Any]] = {}
    for group in ("requests", "limits"):
        for resource, value in as_dict(resources.get(group)).items():
            if not isinstance(resource, str):
                continue
            at = (*path, "resources", group, resource)
            amount = parse_quantity(value)
            if isinstance(value, bool):
                continue  # the schema reports yes/no/true read as a boolean (unquoted-bool)
            if amount is None:
                if isinstance(value, str):
                    fixed = suggest_quantity(value)
                    yield ctx.at(doc, at, "invalid-quantity",
                                 None if fixed else "invalid-quantity-example", value=value,
                                 fixed=fixed)
                continue
            if amount < 0:
                yield ctx.at(doc, at, "invalid-quantity", "quantity-negative", resource=resource)
                continue
            amounts.setdefault(resource, {})[group] = (amount, value)
            text = value if isinstance(value, str) else ""
            if resource in _MEMORY_LIKE and text.endswith("m"):
                yield ctx.at(doc, at, "quantity-unit", "quantity-millibytes", resource=resource,
                             value=text, number=text[:-1])
            elif resource == "cpu" and (text[-2:] in BINARY_SUFFIXES or text[-1:] in _BIG_SUFFIXES):
                yield ctx.at(doc, at, "quantity-unit", "quantity-megacores", value=text,
                             number=text.rstrip("iMGTPE"))
    for resource, both in amounts.items():
        if "requests" in both and "limits" in both and both["requests"][0] > both["limits"][0]:
            yield ctx.at(doc, (*path, "resources", "requests", resource),
                         "requests-exceed-limits", resource=resource,
                         request=both["requests"][1], limit=both["limits"][1])


RULE = Rule(
    "resources",
    {"invalid-quantity": ERROR, "quantity-unit": WARNING, "requests-exceed-limits": ERROR},
    check_resources,
    kinds=POD_KINDS,
)
