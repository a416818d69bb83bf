"""``exec: {pod: {app: web}, container: nginx, command: [cat, /etc/foo/mode], contains: TEXT}``:
once the answer runs, ``kubectl exec POD -c CONTAINER -- COMMAND`` in every running Pod with
those labels (at most five) exits 0 and, with ``contains``, prints that text.

The command runs in the kubelet model (:mod:`kubelearn.cluster.kubectl.logs`), which sees the
container's files as the Pod spec makes them: a ConfigMap volume's keys, a ``subPath`` file,
the image's own files. ``container`` defaults to the Pod's first (as kubectl does); ``image``
instead names the container that runs that image (when the learner picks the container
names: ``image: redis`` is any redis tag, ``image: nginx:1.27`` that tag, as containerd reads
the reference); ``namespace`` defaults to ``default``.
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
    image: str | None = None


def parse_image(body: dict, what: str) -> str | None:
    """The ``image`` that names a container instead of ``container`` (one of them at most)."""
    from kubelearn.cluster.images import parse as parse_reference

    image = parse_text(body, "image", what)
    if image is not None and (body.get("container") is not None or not parse_reference(image)):
        raise ValueError(f"{what}.image must be an image reference such as redis or nginx:1.27, "
                         "and not given with container")
    return image


def container_for(pod: dict, container: str | None, image: str | None,
                  say: Say) -> tuple[str | None, Failure | None]:
    """The container a goal looks into: ``container``, or the first that runs ``image`` (its
    repository, and its tag when ``image`` names one), or None for kubectl's default."""
    from kubelearn.cluster.images import parse as parse_reference

    if image is None:
        return container, None
    wanted = parse_reference(image)
    spec = pod.get("spec") or {}
    images = []
    for entry in (spec.get("initContainers") or []) + (spec.get("containers") or []):
        written = str(entry.get("image", ""))
        images.append(written)
        ref = parse_reference(written)
        if (ref and wanted and ref.repository == wanted.repository
                and (":" not in image.rsplit("/", 1)[-1] or ref.tag == wanted.tag)):
            return str(entry.get("name", "")), None
    return None, Failure(say("no_container_image", pod=pod["metadata"]["name"],
                             image=output_words(image), images=output_words(", ".join(images))))


def parse(raw: dict, message: str) -> ExecGoal:
    body = check_keys(raw["exec"], "exec", ("pod", "container", "image", "command", "contains",
                                            "namespace"),
                      "{pod: {app: web}, command: [cat, /etc/foo/mode], contains: debug}")
    command = body.get("command")
    if (not isinstance(command, list) or not command or len(command) > 20
            or not all(isinstance(word, str) and word for word in command)):
        raise ValueError("exec.command must be a list of words, e.g. [cat, /etc/foo/mode]")
    return ExecGoal(message, parse_pods(body, "pod", "exec"), tuple(command),
                    parse_text(body, "container", "exec"), parse_text(body, "contains", "exec"),
                    parse_image(body, "exec"))


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
        container, failure = container_for(pod, goal.container, goal.image, say)
        if failure is not None:
            return failure
        line = kubectl_line("exec", pod, container, goal.command)
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
