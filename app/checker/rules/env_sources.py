"""Where an environment variable's value comes from: ``value`` or ``valueFrom``, and
``valueFrom`` (like each ``envFrom`` item) names exactly one source.

Ported from pkg/apis/core/validation/validation.go: validateEnvVarValueFrom ("must specify
one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`", "may not be
specified when `value` is not empty", "may not have more than one field specified at a
time") and ValidateEnvFrom ("must specify one of: `configMapRef` or `secretRef`"). The API
server rejects the Pod for each.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import ERROR, Context, Rule
from kubelearn.kube.document import Document
from kubelearn.kube.objects import POD_KINDS, as_dict, as_list

#: valueFrom's sources, in the order upstream counts them.
VALUE_SOURCES = ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef")
#: envFrom's sources.
ENV_FROM_SOURCES = ("configMapRef", "secretRef")


def _given(body: dict, keys: tuple[str, ...]) -> list[str]:
    """The source keys set in ``body`` (null counts as not set, as a nil pointer)."""
    return [key for key in keys if body.get(key) is not None]


def check_env_sources(doc: Document, ctx: Context) -> Iterator[Finding]:
    for path, container in ctx.containers(doc):
        for i, item in enumerate(as_list(container.get("env"))):
            body = as_dict(item).get("valueFrom")
            if not isinstance(body, dict):
                continue
            at = (*path, "env", i, "valueFrom")
            given = _given(body, VALUE_SOURCES)
            name = as_dict(item).get("name", "")
            if not given:
                yield ctx.at(doc, at, "env-source", "env-source-none", on_key=True, name=name,
                             sources=", ".join(VALUE_SOURCES))
            elif as_dict(item).get("value") not in (None, ""):
                yield ctx.at(doc, at, "env-source", "env-source-and-value", on_key=True,
                             name=name)
            elif len(given) > 1:
                yield ctx.at(doc, (*at, given[1]), "env-source", "env-source-several",
                             on_key=True, name=name, sources=", ".join(given))
        for i, item in enumerate(as_list(container.get("envFrom"))):
            if not isinstance(item, dict):
                continue
            at = (*path, "envFrom", i)
            given = _given(item, ENV_FROM_SOURCES)
            if not given:
                yield ctx.at(doc, at, "env-source", "env-from-none")
            elif len(given) > 1:
                yield ctx.at(doc, (*at, given[1]), "env-source", "env-from-several",
                             on_key=True)


RULE = Rule("env_sources", {"env-source": ERROR}, check_env_sources, kinds=POD_KINDS)
