"""ConfigMaps a Pod spec uses (volumes, projected sources, ``env`` and ``envFrom``) should be
in the input, with the keys it asks for; a missing one that is not ``optional`` keeps the Pod
from starting. They may already be in the cluster, so these are warnings. Which parts of a Pod
spec use a ConfigMap is :func:`kubelearn.kube.relations.references`."""

from __future__ import annotations

from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import WARNING, Context, Rule, line_col
from kubelearn.kube.document import Document
from kubelearn.kube.objects import POD_KINDS
from kubelearn.kube.relations import references


def check_configmap_refs(doc: Document, ctx: Context) -> Iterator[Finding]:
    # In text order, so a missing ConfigMap is reported at its first use (see missing_reference).
    for ref in sorted(references(doc, "ConfigMap"), key=lambda r: line_col(doc, r.path)):
        if ref.optional:
            continue
        cm = ctx.configmap(ref.name, doc)
        if cm is None:
            yield from ctx.missing_reference(doc, (*ref.path, "name"), "configmap-missing",
                                             "configmap-none", "ConfigMap", ref.name,
                                             ctx.configmap_names)
            continue
        have = ctx.configmap_keys(cm)
        for key_path, key in ref.keys:
            if key not in have:
                yield ctx.at(doc, key_path, "configmap-key-missing", name=ref.name,
                             keys=ctx.listing(have), maybe=ctx.maybe(key, have), key=key)


RULE = Rule(
    "configmap_refs",
    {"configmap-missing": WARNING, "configmap-key-missing": WARNING},
    check_configmap_refs,
    kinds=POD_KINDS,
)
