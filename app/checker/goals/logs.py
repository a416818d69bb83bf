"""``logs: {pod: {app: web}, container: NAME, contains: TEXT}``: once the answer runs, what
``kubectl logs POD -c CONTAINER`` prints holds the text, for every running Pod with those
labels (at most five). ``container`` defaults to the Pod's first, ``image`` names the container
that runs it (as for ``exec``); ``namespace`` defaults to ``default``. The logs are the kubelet model's (:mod:`kubelearn.cluster.kubectl.logs`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kubelearn.checker.goals.base import Failure, Form, Say
from kubelearn.checker.goals.exec_goal import (
    container_for,
    kubectl_line,
    output_words,
    parse_image,
)
from kubelearn.checker.goals.outcome import (
    PodsRef,
    check_keys,
    parse_pods,
    parse_text,
    running_pods,
)

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster


@dataclass(frozen=True)
class LogsGoal:
    message: str
    pods: PodsRef
    contains: str
    container: str | None = None
    image: str | None = None


def parse(raw: dict, message: str) -> LogsGoal:
    body = check_keys(raw["logs"], "logs", ("pod", "container", "image", "contains",
                                            "namespace"),
                      "{pod: {app: web}, contains: ready}")
    return LogsGoal(message, parse_pods(body, "pod", "logs"),
                    parse_text(body, "contains", "logs", required=True) or "",
                    parse_text(body, "container", "logs"), parse_image(body, "logs"))


def judge(goal: LogsGoal, cluster: Cluster, say: Say) -> Failure | None:
    from kubelearn.cluster.kubectl import run

    found, failure = running_pods(cluster, goal.pods, say)
    if failure is not None:
        return failure
    for pod in found:
        container, failure = container_for(pod, goal.container, goal.image, say)
        if failure is not None:
            return failure
        result = run(cluster, kubectl_line("logs", pod, container))
        if result.status != 0:
            return Failure(say("logs_failed", pod=pod["metadata"]["name"],
                               output=output_words(result.error or result.output)))
        if goal.contains not in result.output:
            tail = "\n".join(result.output.strip().splitlines()[-3:])
            return Failure(say("logs_lack", pod=pod["metadata"]["name"], text=goal.contains,
                               output=output_words(tail)))
    return None


FORM = Form("logs", frozenset({"logs", "message"}), LogsGoal, parse, judge, outcome=True)
