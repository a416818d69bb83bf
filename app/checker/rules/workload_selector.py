"""A workload's ``spec.selector`` must select the Pods its template makes: Kubernetes rejects a
Deployment, ReplicaSet, StatefulSet or DaemonSet whose selector is empty or does not match the
template's labels. What a selector term means is :mod:`kubelearn.kube.selectors`."""

from __future__ import annotations

from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.messages import Words
from kubelearn.checker.rules.base import ERROR, Context, Rule
from kubelearn.kube.document import Document, format_path
from kubelearn.kube.names import label_value_problem
from kubelearn.kube.objects import SELECTOR_KINDS, as_dict, as_list, pod_labels, pod_labels_path
from kubelearn.kube.selectors import OPERATORS, expression_holds


def check_workload_selector(doc: Document, ctx: Context) -> Iterator[Finding]:
    selector = doc.value_at(("spec", "selector"))
    if not isinstance(selector, dict):
        return
    if not isinstance(doc.value_at(("spec", "template")), dict):
        return  # the schema stage says the template is missing
    where = format_path(pod_labels_path(doc) or ())
    labels = pod_labels(doc)
    kind = doc.kind
    match_labels = selector.get("matchLabels")
    expressions = selector.get("matchExpressions")
    if not as_dict(match_labels) and not as_list(expressions):
        if any(key not in ("matchLabels", "matchExpressions") for key in selector):
            return  # `matchlabels:`: the schema's "did you mean matchLabels?" is the cause
        yield ctx.at(doc, ("spec", "selector"), "selector-empty", on_key=True, kind=kind,
                     value=next(iter(labels.values()), "web"), key=next(iter(labels), "app"))
        return
    shown = ctx.labels(labels)
    for label, value in as_dict(match_labels).items():
        if not isinstance(value, str) or labels.get(label) == value:
            continue
        if label in labels and not isinstance(labels[label], str):
            continue  # a label that is not text: the schema reports that first
        # The fix offers first the value most of the file uses (the other is likely the
        # typo); on a tie, the template's.
        best, other = labels.get(label), value
        if label in labels and ctx.value_uses(label, value) > ctx.value_uses(label, best):
            best, other = value, best
        # The other value is offered too, unless it could never be a label's value
        # (`track: "!canary"`, a negation matchLabels cannot say: invalid-label says why).
        alternative = (ctx.word("or-both", value=other)
                       if isinstance(other, str) and label_value_problem(other) is None
                       else Words(""))
        yield ctx.at(doc, ("spec", "selector", "matchLabels", label), "selector-mismatch",
                     "selector-value" if label in labels else "selector-key", on_key=True,
                     value=value, has=labels.get(label), where=where, labels=shown, kind=kind,
                     key=label, best=best, alternative=alternative)
    for i, expr in enumerate(as_list(expressions)):
        if not isinstance(expr, dict):
            continue
        path = ("spec", "selector", "matchExpressions", i)
        label, op, values = expr.get("key"), expr.get("operator"), as_list(expr.get("values"))
        if not isinstance(label, str) or not isinstance(op, str):
            continue
        if op not in OPERATORS:
            continue  # the schema reports an unknown operator (unsupported-value)
        if op in ("In", "NotIn") and not values:
            yield ctx.at(doc, path, "invalid-selector", "selector-needs-values", op=op)
            continue
        if op in ("Exists", "DoesNotExist") and values:
            yield ctx.at(doc, (*path, "values"), "invalid-selector", "selector-no-values",
                         on_key=True, op=op)
            continue
        if not isinstance(labels.get(label, ""), str):
            continue  # a label that is not text: the schema reports that first
        if expression_holds(label, op, values, labels):
            continue
        has = (
            ctx.word("has-label", label=f"{label}={labels[label]}")
            if label in labels
            else ctx.word("has-no-label", key=label)
        )
        listed = f" [{', '.join(map(str, values))}]" if values else ""
        yield ctx.at(doc, (*path, "key"), "selector-mismatch", "selector-expression",
                     on_key=True, expression=f"{label} {op}{listed}", has=has, where=where,
                     labels=shown, kind=kind)


RULE = Rule(
    "workload_selector",
    {"selector-empty": ERROR, "selector-mismatch": ERROR, "invalid-selector": ERROR},
    check_workload_selector,
    kinds=SELECTOR_KINDS,
)
