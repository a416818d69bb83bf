"""``selects: {service: Service/web, target: Deployment/web}``: a Service's selector selects
the Pods the target makes (what a selector selects is :mod:`kubelearn.kube.selectors`)."""

from __future__ import annotations

from dataclasses import dataclass

from kubelearn.checker.goals.base import (
    Failure,
    Form,
    ObjectRef,
    Say,
    describe,
    missing,
    parse_ref,
    relation_body,
    show,
)
from kubelearn.checker.messages import Words, quote
from kubelearn.kube.document import Document, format_path
from kubelearn.kube.objects import POD_KINDS, pod_labels, pod_labels_path
from kubelearn.kube.selectors import PodIndex, first_unmatched


@dataclass(frozen=True)
class SelectsGoal:
    message: str
    service: ObjectRef
    target: ObjectRef


def parse(raw: dict, message: str) -> SelectsGoal:
    body = relation_body(raw, "selects", {"service", "target"}, set())
    return SelectsGoal(message,
                       parse_ref(body["service"], "selects.service", frozenset({"Service"})),
                       parse_ref(body["target"], "selects.target", POD_KINDS))


def _labels(labels: dict) -> Words:
    shown = [f"{quote(show(k))}={quote(show(v))}" for k, v in list(labels.items())[:10]]
    if len(labels) > 10:
        shown.append("…")
    return Words(", ".join(shown) if labels else "-")


def judge(goal: SelectsGoal, objects: list[Document], say: Say) -> Failure | None:
    services = [d for d in objects if goal.service.matches(d)]
    targets = [d for d in objects if goal.target.matches(d)]
    if not services:
        return missing(goal.service, objects, say)
    if not targets:
        return missing(goal.target, objects, say)
    pods = PodIndex(targets)  # by label: not every Service against every target
    for svc in services:
        selector = svc.value_at(("spec", "selector"))
        if isinstance(selector, dict) and pods.selected(selector, svc).docs:
            return None
    svc, target = services[0], targets[0]
    hint_path = format_path(pod_labels_path(target) or ("metadata", "labels"))
    hint = say("selects_hint", target=describe(target, say), labels=hint_path)
    selector = svc.value_at(("spec", "selector"))
    if not isinstance(selector, dict) or not selector:
        return Failure(say("no_selector", svc=svc.name or "?"), svc, ("spec", "selector"), hint)
    labels = pod_labels(target)
    wrong = first_unmatched(selector, labels)
    return Failure(
        say("selector_off", svc=svc.name or "?", selector=_labels(selector),
            target=describe(target, say), labels=_labels(labels)),
        svc,
        ("spec", "selector", wrong) if wrong is not None else ("spec", "selector"),
        hint,
    )


FORM = Form("selects", frozenset({"selects", "message"}), SelectsGoal, parse, judge)
