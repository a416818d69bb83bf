"""``exec: {pod: {app: web}, container: nginx, command: [cat, /etc/foo/mode], contains: TEXT}``:
once the answer runs, ``kubectl exec POD -c CONTAINER -- COMMAND`` in every running Pod with
those labels (at most five) exits 0 and, with ``contains``, prints that text.

The command runs in the kubelet model (:mod:`kubelearn.cluster.kubectl.logs`), which sees the
container's files as the Pod spec makes them: a ConfigMap volume's keys, a ``subPath`` file,
the image's own files. ``container`` defaults to the Pod's first (as kubectl does);
``namespace`` defaults to ``default``.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kubelearn.checker.goals.base import Failure, Form, Say
from kubelearn.checker.goals.outcome import (
    PodsRef,
    check_keys,
    parse_pods,
    parse_text,
    running_pods,
)
from kubelearn.checker.messages import Words

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

#: The most of a command's output a failure shows.
SHOWN = 200


@dataclass(frozen=True)
class ExecGoal:
    message: str
    pods: PodsRef
    command: tuple[str, ...]
    container: str | None = None
    contains: str | None = None


def parse(raw: dict, message: str) -> ExecGoal:
    body = check_keys(raw["exec"], "exec", ("pod", "container", "command", "contains",
                                            "namespace"),
                      "{pod: {app: web}, command: [cat, /etc/foo/mode], contains: debug}")
    command = body.get("command")
    if (not isinstance(command, list) or not command or len(command) > 20
            or not all(isinstance(word, str) and word for word in command)):
        raise ValueError("exec.command must be a list of words, e.g. [cat, /etc/foo/mode]")
    return ExecGoal(message, parse_pods(body, "pod", "exec"), tuple(command),
                    parse_text(body, "container", "exec"), parse_text(body, "contains", "exec"))


def kubectl_line(verb: str, pod: dict, container: str | None, rest: tuple[str, ...] = ()) -> str:
    meta = pod["metadata"]
    words = ["kubectl", verb, meta["name"], "-n", meta.get("namespace", "default")]
    if container:
        words += ["-c", container]
    if rest:
        words += ["--", *rest]
    return shlex.join(words)


def output_words(text: str) -> Words:
    """What a command printed, on one line (lines joined by " / "), clipped, escaped."""
    from kubelearn.safe_text import visible

    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = " / ".join(line for line in lines if line) or "-"
    text = text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"
    return Words(visible(text, keep_newlines=False))


def judge(goal: ExecGoal, cluster: Cluster, say: Say) -> Failure | None:
    from kubelearn.cluster.kubectl import run

    found, failure = running_pods(cluster, goal.pods, say)
    if failure is not None:
        return failure
    for pod in found:
        line = kubectl_line("exec", pod, goal.container, goal.command)
        result = run(cluster, line)
        shown = " ".join(goal.command)
        if result.status != 0:
            return Failure(say("exec_failed", pod=pod["metadata"]["name"], command=shown,
                               output=output_words(result.output + result.error)))
        if goal.contains is not None and goal.contains not in result.output:
            return Failure(say("exec_lacks", pod=pod["metadata"]["name"], command=shown,
                               output=output_words(result.output), text=goal.contains))
    return None


FORM = Form("exec", frozenset({"exec", "message"}), ExecGoal, parse, judge, outcome=True)
