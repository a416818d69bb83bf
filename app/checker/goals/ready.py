"""``ready: {labels: {app: web}, count: 3}``: once the answer runs, that many Pods with those
labels are Ready and not being deleted (what a Service lists as ready endpoints;
pkg/controller/endpointslice counts a Pod whose Ready condition is True). ``count`` may be
``{min: N, max: M}``; ``namespace`` defaults to ``default``. Instead of ``labels``, ``pods:
Deployment`` (or ``Deployment/web``, ``Pod``...) names the Pods of an object, for a task that
lets the learner choose the labels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kubelearn.checker.goals.base import Failure, Form, Say
from kubelearn.checker.goals.outcome import (
    PodsRef,
    check_keys,
    count_holds,
    count_words,
    parse_count,
    parse_pods,
    pod_states,
    pods_of,
    ready_of,
)
from kubelearn.checker.messages import Words

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster


@dataclass(frozen=True)
class ReadyGoal:
    message: str
    pods: PodsRef
    count: int | tuple[int, int | None]


def parse(raw: dict, message: str) -> ReadyGoal:
    body = check_keys(raw["ready"], "ready", ("labels", "pods", "count", "namespace"),
                      "{labels: {app: web}, count: 3}")
    if "count" not in body:
        raise ValueError("'ready' needs 'count': a whole number or {min: N, max: M}")
    if ("labels" in body) == ("pods" in body):
        raise ValueError("'ready' needs 'labels' (e.g. {app: web}) or 'pods' (e.g. Deployment)")
    if "pods" in body and not isinstance(body["pods"], str):
        raise ValueError("ready.pods is an object such as Deployment or Deployment/web")
    key = "labels" if "labels" in body else "pods"
    return ReadyGoal(message, parse_pods(body, key, "ready"),
                     parse_count(body["count"], "ready.count"))


def state(goal: ReadyGoal, cluster: Cluster, say: Say) -> Words:
    """How many of the Pods are ready now, and how the others are."""
    ready = ready_of(cluster, goal.pods)
    text = say("ready_now", found=len(ready), pods=goal.pods.shown(say))
    waiting = [p for p in pods_of(cluster, goal.pods) if p not in ready]
    if waiting:
        text = say.join(text, say("not_ready", pods=pod_states(waiting, say)))
    return text


def holds(goal: ReadyGoal, cluster: Cluster) -> bool:
    return count_holds(len(ready_of(cluster, goal.pods)), goal.count)


def judge(goal: ReadyGoal, cluster: Cluster, say: Say) -> Failure | None:
    if holds(goal, cluster):
        return None
    return Failure(say.join(state(goal, cluster, say),
                            say("ready_want", want=count_words(goal.count, say))))


FORM = Form("ready", frozenset({"ready", "message"}), ReadyGoal, parse, judge, outcome=True)
