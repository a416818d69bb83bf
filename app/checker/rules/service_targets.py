"""What a Service reaches: the Pods its selector selects, and on them the container port each
of its ports sends to. Kubernetes accepts a Service that selects nothing or names a port no
container declares; it just gets no endpoints, so these are warnings (a number no container
lists is only info: a container may listen without declaring it)."""

from __future__ import annotations

from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.messages import Words
from kubelearn.checker.rules.base import INFO, WARNING, Context, Rule
from kubelearn.kube.document import Document
from kubelearn.kube.objects import as_int, as_list, pod_labels
from kubelearn.kube.relations import target_port


def check_service_targets(svc: Document, ctx: Context) -> Iterator[Finding]:
    selector = svc.value_at(("spec", "selector"))
    if not isinstance(selector, dict) or not selector or not ctx.pod_makers:
        return
    if not all(isinstance(v, str) for v in selector.values()):
        return
    selection = ctx.pods.selected(selector, svc)
    selected = selection.docs
    if not selected:
        seen = Words("; ".join(
            ctx.word("has-labels", kind=d.kind, name=d.name or ctx.word("no-name"),
                     labels=ctx.labels(pod_labels(d)))
            for d in ctx.pod_makers[:3]
        ))
        yield ctx.at(svc, ("spec", "selector"), "service-selects-nothing", on_key=True,
                     selector=ctx.labels(selector), seen=seen)
        return
    names, numbers = selection.port_names, selection.port_numbers
    where = Words(", ".join(ctx.describe(d) for d in selected[:3]))
    for i, port in enumerate(as_list(svc.value_at(("spec", "ports")))):
        if not isinstance(port, dict):
            continue
        target, field = target_port(port)
        path = ("spec", "ports", i, field)
        if isinstance(target, str) and target not in names:
            yield ctx.at(svc, path, "target-port-unknown", target=target, where=where,
                         names=ctx.listing(names), maybe=ctx.maybe(target, names))
        elif as_int(target) and numbers and target not in numbers:
            yield ctx.at(svc, path, "target-port-undeclared", target=target, where=where,
                         numbers=ctx.listing(numbers))


RULE = Rule(
    "service_targets",
    {"service-selects-nothing": WARNING, "target-port-unknown": WARNING,
     "target-port-undeclared": INFO},
    check_service_targets,
    kinds=frozenset({"Service"}),
)
