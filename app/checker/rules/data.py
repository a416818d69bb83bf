"""A ConfigMap's or Secret's data: base64 where bytes go (``binaryData``, a Secret's ``data``),
as Go's decoder reads it, and each ConfigMap key in ``data`` or ``binaryData``, not both."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import ERROR, Context, Rule, line_col
from kubelearn.kube.document import Document
from kubelearn.kube.names import Problem
from kubelearn.kube.objects import as_dict

_BASE64 = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")


def base64_problem(value: str) -> Problem | None:
    """Why Go's base64.StdEncoding (as Kubernetes decodes []byte) refuses ``value``, if it does."""
    text = value.replace("\r", "").replace("\n", "")
    if _BASE64.match(text) and len(text) % 4 == 0:
        try:
            base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            return ("b64-length", {"length": len(text)})
        return None
    bad = next(
        (c for c in text.rstrip("=") if not (c.isascii() and (c.isalnum() or c in "+/"))), None
    )
    if bad is not None:
        return ("b64-char", {"char": bad})
    return ("b64-length", {"length": len(text)})


def check_data(doc: Document, ctx: Context) -> Iterator[Finding]:
    if doc.kind == "ConfigMap":
        data, binary = as_dict(doc.value_at(("data",))), as_dict(doc.value_at(("binaryData",)))
        for key in data.keys() & binary.keys():
            first, second = ("data", key), ("binaryData", key)
            if line_col(doc, first) > line_col(doc, second):
                first, second = second, first
            yield ctx.at(doc, second, "data-key-twice", on_key=True, key=key, field=first[0],
                         line=doc.pos(first).line)
        fields: tuple[str, ...] = ("binaryData",)
    else:
        fields = ("data",)
    for field in fields:
        for key, value in as_dict(doc.value_at((field,))).items():
            if not isinstance(value, str):
                continue  # the schema reports a number or a boolean
            problem = base64_problem(value)
            if problem is None:
                continue
            yield ctx.at(doc, (field, key), "invalid-base64", key=key, field=field,
                         kind=doc.kind, problem=ctx.problem(problem),
                         advice=ctx.word("b64-hint-secret" if doc.kind == "Secret"
                                         else "b64-hint-configmap"))


RULE = Rule(
    "data",
    {"data-key-twice": ERROR, "invalid-base64": ERROR},
    check_data,
    kinds=frozenset({"ConfigMap", "Secret"}),
)
