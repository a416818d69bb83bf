"""Goals judged by what the answer DOES: it runs in the offline cluster (:mod:`kubelearn.cluster`).

The answer (after the exercise's ``cluster:`` objects) is applied to a fresh seeded cluster
as ``kubectl apply -f`` would apply it, the virtual clock runs until the cluster is quiet
(nothing changed for :data:`QUIET_S` seconds, and never more than :data:`SETTLE_LIMIT_S`),
and then each outcome goal (``ready``, ``request``, ``exec``, ``logs``, ``scenario``) is
judged on that cluster. The pipeline runs this only when Kubernetes would accept the answer
(no checker errors): an answer the API server would reject never runs. A ``scenario`` with
commands changes the cluster, so each one gets a fresh cluster of its own.

The forms live one per module (``ready.py``...); what they share is here: the cluster run,
the Pods a goal names (by labels, or by an object of the answer), and how those Pods are
described in a failure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kubelearn.checker.findings import Finding, Severity
from kubelearn.checker.goals.base import Failure, ObjectRef, Say, is_int, parse_ref
from kubelearn.checker.messages import Words, internal_error, quote
from kubelearn.kube.document import Pos

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

#: The cluster's seed: the same answer gives the same Pod names, IPs and messages.
SEED = 0
#: The cluster is quiet when nothing changed for this long (virtual seconds): longer than a
#: readiness probe's default period (10 s) and an image pull.
QUIET_S = 30
#: The most virtual time an answer runs before it is judged (a CrashLoopBackOff never goes
#: quiet; ten minutes is past its longest back-off of five).
SETTLE_LIMIT_S = 600
#: The most timer steps one settling takes (bounded work whatever the answer asks for).
MAX_STEPS = 5000
#: Where a failure is shown when the answer has no first object to point at.
START = Pos(1, 1)
#: The most of the cluster's refusal a failure shows (its reason ends the message).
REFUSAL_LIMIT = 400
#: Pods one goal looks into (``exec``, ``logs``): a Deployment of 100 replicas costs 5.
MAX_PODS = 5

_LABEL_KEY = re.compile(r"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")


# --- parsing, shared by the forms ---------------------------------------------------------------


def parse_labels(value: Any, what: str) -> dict[str, str]:
    """A Pod's labels as a goal names them: ``{app: web}``."""
    if (not isinstance(value, dict) or not value
            or not all(isinstance(k, str) and _LABEL_KEY.match(k) and isinstance(v, str)
                       for k, v in value.items())):
        raise ValueError(f"{what} must be a mapping of label names to text values, "
                         "e.g. {app: web}, or an object such as Deployment or Deployment/web")
    return dict(value)


def parse_count(value: Any, what: str) -> int | tuple[int, int | None]:
    """A whole number, or ``{min: N, max: M}`` (either may be left out)."""
    if isinstance(value, dict):
        unknown = [k for k in value if k not in ("min", "max")]
        if not value or unknown or not all(is_int(v) and v >= 0 for v in value.values()):
            raise ValueError(f"{what} is a whole number or {{min: N, max: M}}")
        return (value.get("min", 0), value.get("max"))
    if not (is_int(value) and value >= 0):
        raise ValueError(f"{what} is a whole number or {{min: N, max: M}}")
    return value


def count_holds(n: int, wanted: int | tuple[int, int | None]) -> bool:
    if isinstance(wanted, tuple):
        low, high = wanted
        return n >= low and (high is None or n <= high)
    return n == wanted


def count_words(wanted: int | tuple[int, int | None], say: Say) -> Words:
    if isinstance(wanted, int):
        return say("want_exactly", n=wanted)
    low, high = wanted
    if high is None:
        return say("want_min", n=low)
    if not low:
        return say("want_max", n=high)
    return say("want_between", low=low, high=high)


def parse_text(body: dict, key: str, what: str, required: bool = False) -> str | None:
    value = body.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what}.{key} must be text")
    return value


def check_keys(body: Any, form: str, allowed: Sequence[str], example: str) -> dict:
    """The mapping under a form's key: a mapping of the allowed keys only."""
    if not isinstance(body, dict):
        raise ValueError(f"'{form}' holds a mapping, e.g. {example}")
    from kubelearn.checker.goals.base import unknown_key

    for key in body:
        if key not in allowed:
            raise ValueError(unknown_key(key, allowed) + f" under '{form}'")
    return body


#: The kinds whose Pods a goal may name by the object (``pod: Deployment``): the Pod itself,
#: or the Pods the workload's selector selects (its Pods, as kubectl's ``deploy/web`` picks).
OWNER_KINDS = frozenset({"Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"})


@dataclass(frozen=True)
class PodsRef:
    """The Pods a goal names: those with all of ``labels``, or those of ``owner`` (``Pod``,
    ``Deployment``, ``Deployment/web``: whatever its name, when the task lets the learner
    choose the names), in ``namespace``."""

    labels: tuple[tuple[str, str], ...] = ()
    namespace: str = "default"
    owner: ObjectRef | None = None

    def shown(self, say: Say) -> Words:
        """``labelled app=web`` or ``of Deployment web``, as a failure names them."""
        if self.owner is not None:
            return say("pods_of", ref=Words(str(self.owner).replace("/", " ")))
        return say("pods_labelled",
                   labels=Words(",".join(f"{quote(k)}={quote(v)}" for k, v in self.labels)))


def parse_pods(body: dict, key: str, what: str) -> PodsRef:
    """Pods by labels (``{app: web}``) or by object (``Deployment``, ``Deployment/web``)."""
    namespace = parse_text(body, "namespace", what) or "default"
    value = body.get(key)
    if isinstance(value, str):
        try:
            return PodsRef((), namespace, parse_ref(value, f"{what}.{key}", OWNER_KINDS))
        except ValueError as exc:
            raise ValueError(f"{exc}; or labels, e.g. {{app: web}}") from None
    return PodsRef(tuple(parse_labels(value, f"{what}.{key}").items()), namespace)


# --- the Pods a goal names ----------------------------------------------------------------------


def pods_of(cluster: Cluster, ref: PodsRef) -> list[dict]:
    """Every Pod of ``ref``, not being deleted, oldest first (by name at a tie)."""
    from kubelearn.cluster import pods

    if ref.owner is None:
        found = cluster.store.pods_with_labels(ref.namespace, dict(ref.labels))
    else:
        owners = [o for o in cluster.list(ref.owner.kind, ref.namespace)
                  if ref.owner.name is None or o["metadata"]["name"] == ref.owner.name]
        if ref.owner.kind == "Pod":
            found = owners
        else:
            selectors = [(o.get("spec") or {}).get("selector") for o in owners]
            found = [p for p in cluster.list("Pod", ref.namespace)
                     if any(isinstance(s, dict) and s and pods.selector_matches(
                         s, p["metadata"].get("labels") or {}) for s in selectors)]
    found = [p for p in found if not pods.is_terminating(p)]
    return sorted(found, key=lambda p: (p["metadata"].get("creationTimestamp", ""),
                                        p["metadata"]["name"]))


def carries(pod: dict, ref: PodsRef, cluster: Cluster) -> bool:
    """Whether ``pod`` is one of ``ref``'s Pods."""
    if ref.owner is None:
        labels = pod["metadata"].get("labels") or {}
        return all(labels.get(k) == v for k, v in ref.labels)
    return any(p["metadata"]["name"] == pod["metadata"]["name"] for p in pods_of(cluster, ref))


def ready_of(cluster: Cluster, ref: PodsRef) -> list[dict]:
    from kubelearn.cluster import pods

    return [p for p in pods_of(cluster, ref) if pods.is_ready(p)]


def pod_states(pods: list[dict], say: Say, limit: int = 4) -> Words:
    """``web-7c9d-x2lq (ImagePullBackOff), ...``: each Pod as ``kubectl get pods`` shows it."""
    from kubelearn.cluster.podstatus import status_column

    shown = []
    for pod in pods[:limit]:
        ready, status, _ = status_column(pod)
        shown.append(say("pod_state", pod=pod["metadata"]["name"], status=status, ready=ready))
    if len(pods) > limit:
        shown.append(Words("…"))
    return Words(", ".join(shown))


def no_pods(cluster: Cluster, ref: PodsRef, say: Say) -> Failure:
    """No running Pod carries the labels: say which Pods there are instead."""
    from kubelearn.cluster.tree import SYSTEM_NAMESPACES

    others = [p for p in cluster.list("Pod", ref.namespace)
              if p["metadata"].get("namespace") not in SYSTEM_NAMESPACES]
    text = say("no_pods", pods=ref.shown(say), ns=ref.namespace)
    if others:
        text = say.join(text, say("pods_there", pods=pod_states(others, say)))
    return Failure(text)


def running_pods(cluster: Cluster, ref: PodsRef, say: Say) -> tuple[list[dict], Failure | None]:
    """The Pods of ``ref`` whose containers run (at most :data:`MAX_PODS`), or why none does."""
    from kubelearn.cluster.podstatus import status_column

    found = pods_of(cluster, ref)
    if not found:
        return [], no_pods(cluster, ref, say)
    running = [p for p in found if (p.get("status") or {}).get("phase") == "Running"]
    if not running:
        pod = found[0]
        _, status, _ = status_column(pod)
        return [], Failure(say("pod_not_running", pod=pod["metadata"]["name"], status=status))
    return running[:MAX_PODS], None


# --- running the answer -------------------------------------------------------------------------


def settle(cluster: Cluster, limit_s: float = SETTLE_LIMIT_S) -> None:
    """Run the clock until nothing changed for :data:`QUIET_S` (or ``limit_s`` passed).

    The clock stands at the end of the quiet time, not at the last change: the containers'
    programs run in it (a sidecar whose first fetch came before nginx listened fetches
    again five seconds later, as it would in a real cluster)."""
    cluster.settle()
    limit = cluster.now_ms + round(limit_s * 1000)
    version, changed_at = cluster.store.resource_version, cluster.now_ms
    for _ in range(MAX_STEPS):
        upcoming = cluster.next_timer()
        if upcoming is None or upcoming > limit or upcoming - changed_at > QUIET_S * 1000:
            cluster.advance_to(min(limit, changed_at + QUIET_S * 1000))
            return
        cluster.advance_to(upcoming)
        if cluster.store.resource_version != version:
            version, changed_at = cluster.store.resource_version, cluster.now_ms


@dataclass
class Started:
    """A cluster running the answer, or the reason the cluster refused it."""

    cluster: Cluster
    refused: str = ""


def start(text: str, cluster_text: str, lang: str) -> Started:
    """A fresh cluster with the exercise's objects and the answer applied, run until quiet."""
    from kubelearn.cluster.cluster import Cluster
    from kubelearn.cluster.playground import Playground

    playground = Playground(cluster=Cluster(seed=SEED, lang=lang), lang=lang)
    files = {}
    if cluster_text.strip():
        files["cluster.yaml"] = cluster_text
    files["answer.yaml"] = text
    for result in playground.apply(files):
        if result.status != 0:
            return Started(playground.cluster, (result.error or result.output).strip())
    settle(playground.cluster)
    return Started(playground.cluster)


def judge_outcomes(goals: Sequence[Any], text: str, cluster_text: str, lang: str,
                   at: Pos = START) -> tuple[int, list[Finding]]:
    """How many outcome ``goals`` the answer ``text`` meets when it runs, and a finding for
    each one it does not (at ``at``, the answer's first object: what failed is the whole
    answer's doing, not one line's)."""
    from kubelearn.checker.goals import FORMS

    say = Say(lang)
    judges: dict[type, Callable] = {form.goal: form.judge for form in FORMS if form.outcome}
    met, findings = 0, []
    started: Started | None = None
    for index, goal in enumerate(goals, start=1):
        try:
            fresh = getattr(goal, "fresh", False)  # a scenario changes its cluster
            run = start(text, cluster_text, lang) if fresh or started is None else started
            if not fresh:
                started = run
            # The API server's reason comes last ("...: field is immutable"): keep it whole.
            failure = (Failure(say("refused", error=quote(run.refused, REFUSAL_LIMIT)))
                       if run.refused
                       else judges[type(goal)](goal, run.cluster, say))
        except Exception as exc:  # one goal's failure costs only that goal
            findings.append(internal_error(exc, "expectations", at, lang, f"goal {index}"))
            continue
        if failure is None:
            met += 1
            continue
        findings.append(Finding(Severity.ERROR, at.line, at.column, "expectation", goal.message,
                                explanation=failure.explanation, hint=failure.hint))
    return met, findings
