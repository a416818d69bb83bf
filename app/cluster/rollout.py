"""What ``kubectl rollout`` does to a Deployment, as domain operations kubectl calls and
prints: status (kubectl/pkg/polymorphichelpers/rollout_status.go), history (history.go), undo
(rollback.go), restart (objectrestarter.go), pause and resume (objectpauser.go,
objectresumer.go).

Each takes the Deployment as the API returned it (kubectl reports NotFound itself). The
changing ones send a new Deployment through :meth:`Cluster.update`, as kubectl's patch does,
and return kubectl's verb for the ``deployment.apps/web rolled back`` line. What kubectl
refuses raises :class:`RolloutError`, whose ``message`` is the whole line kubectl prints on
stderr.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kubelearn.cluster import deployment_util as util
from kubelearn.cluster.store import controller_uid

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

#: kubectl.kubernetes.io/restartedAt, the template annotation ``rollout restart`` sets.
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"


class RolloutError(Exception):
    """kubectl refused or failed; ``message`` is what it prints (``error: ...``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Revision:
    """One line of ``rollout history``: the revision and its change-cause (None: <none>)."""

    number: int
    change_cause: str | None


def _name(d: dict) -> str:
    return d["metadata"]["name"]


def _refusal(d: dict, why: str) -> RolloutError:
    """How kubectl words a patch function's error for one object (pause.go, resume.go,
    restart.go): ``error: deployments.apps "web" is already paused``."""
    return RolloutError(f'error: deployments.apps "{_name(d)}" {why}')


def status(cluster: Cluster, d: dict, revision: int = 0) -> tuple[str, bool]:
    """DeploymentStatusViewer.Status: the line ``rollout status`` prints now (with its
    newline) and whether the rollout is done. A Deployment past its progress deadline raises
    :class:`RolloutError` (``error: deployment "web" exceeded its progress deadline``)."""
    del cluster  # the status is all in the object, as for kubectl
    name = _name(d)
    if revision > 0:
        current = util.revision(d)
        if current != revision:
            raise RolloutError(f"error: desired revision ({revision}) is different from the "
                               f"running revision ({current})")
    st = d.get("status") or {}
    if d["metadata"].get("generation", 0) <= st.get("observedGeneration", 0):
        cond = util.condition(st, "Progressing")
        if cond is not None and cond.get("reason") == util.TIMED_OUT:
            raise RolloutError(f'error: deployment "{name}" exceeded its progress deadline')
        want = util.replicas(d)
        updated = st.get("updatedReplicas", 0)
        if updated < want:
            return (f'Waiting for deployment "{name}" rollout to finish: {updated} out of {want} '
                    "new replicas have been updated...\n", False)
        if st.get("replicas", 0) > updated:
            return (f'Waiting for deployment "{name}" rollout to finish: '
                    f"{st.get('replicas', 0) - updated} old replicas are pending termination...\n",
                    False)
        available = st.get("availableReplicas", 0)
        if available < updated:
            return (f'Waiting for deployment "{name}" rollout to finish: {available} of {updated} '
                    "updated replicas are available...\n", False)
        return f'deployment "{name}" successfully rolled out\n', True
    return "Waiting for deployment spec update to be observed...\n", False


def watch(cluster: Cluster, d: dict, timeout_s: float | None = None) -> tuple[list[str], bool]:
    """``kubectl rollout status`` (watching): a line each time the Deployment changed, until
    the rollout is done, the deadline error, or ``timeout_s`` of virtual time passed. Returns
    the lines and whether it finished; a deadline error raises :class:`RolloutError` with the
    lines so far in ``lines``. The clock advances as it waits. Several writes at one instant
    show as one line here, where a real watch may print the same line twice."""
    ns, name = d["metadata"]["namespace"], _name(d)
    limit = None if timeout_s is None else cluster.now_ms + round(timeout_s * 1000)
    lines: list[str] = []
    seen = None
    while True:
        cluster.settle()
        current = cluster.find("Deployment", ns, name)
        if current is None:
            return lines, False
        version = current["metadata"].get("resourceVersion")
        if version != seen:
            seen = version
            try:
                line, done = status(cluster, current)
            except RolloutError as error:
                error.lines = lines  # type: ignore[attr-defined]
                raise
            lines.append(line)
            if done:
                return lines, True
        upcoming = cluster.next_timer()
        if upcoming is None or (limit is not None and upcoming > limit):
            if limit is not None:
                cluster.advance_to(limit)
            return lines, False
        cluster.advance_to(upcoming)


def _replica_sets(cluster: Cluster, d: dict) -> list[dict]:
    """deploymentutil.ListReplicaSets: the sets the Deployment selects and controls."""
    from kubelearn.cluster import pods

    uid = d["metadata"]["uid"]
    return [rs for rs in cluster.list("ReplicaSet", d["metadata"]["namespace"])
            if controller_uid(rs) == uid
            and pods.selector_matches(d["spec"].get("selector"), rs["metadata"].get("labels") or {})]


def history(cluster: Cluster, d: dict, revision: int | None = None) -> list[Revision] | dict:
    """DeploymentHistoryViewer.ViewHistory: the revisions in order with their change-cause, or
    for ``revision`` the Pod template it ran (with its change-cause annotation), which kubectl
    prints as ``describe`` prints a template. An empty list is "No rollout history found."."""
    templates: dict[int, dict] = {}
    for rs in _replica_sets(cluster, d):
        try:
            number = util.revision(rs)
        except ValueError:
            continue
        template = copy.deepcopy(rs["spec"].get("template") or {})
        cause = util.annotations(rs).get(util.CHANGE_CAUSE)
        if cause:
            template.setdefault("metadata", {}).setdefault("annotations", {})[util.CHANGE_CAUSE] = cause
        templates[number] = template
    if revision:
        if revision not in templates:
            raise RolloutError("error: unable to find the specified revision")
        return templates[revision]
    return [Revision(n, (templates[n].get("metadata", {}).get("annotations") or {})
                     .get(util.CHANGE_CAUSE) or None) for n in sorted(templates)]


def undo(cluster: Cluster, d: dict, to_revision: int = 0) -> str:
    """DeploymentRollbacker.Rollback: put the template of ``to_revision`` (0: the previous
    revision) back into the Deployment, with that set's annotations; the controller then
    finds that set as the new one and gives it the next revision."""
    if d["spec"].get("paused"):
        raise RolloutError("error: you cannot rollback a paused deployment; resume it first with "
                           "'kubectl rollout resume' and try again")
    target = _revision_set(cluster, d, to_revision)
    template = copy.deepcopy(target["spec"].get("template") or {})
    if util.equal_ignore_hash(template, d["spec"].get("template") or {}):
        return f"skipped rollback (current template already matches revision {to_revision})"
    labels = template.get("metadata", {}).get("labels")
    if labels:
        labels.pop(util.HASH_LABEL, None)
    changed = copy.deepcopy(d)
    kept = {k: v for k, v in util.annotations(d).items() if k in util.ANNOTATIONS_TO_SKIP}
    kept.update({k: v for k, v in util.annotations(target).items()
                 if k not in util.ANNOTATIONS_TO_SKIP})
    changed["metadata"]["annotations"] = kept
    changed["spec"]["template"] = template
    cluster.update(changed)
    return "rolled back"


def _revision_set(cluster: Cluster, d: dict, to_revision: int) -> dict:
    """deploymentRevision: the set of ``to_revision``, or the second newest revision."""
    latest: tuple[int, dict | None] = (-1, None)
    previous: tuple[int, dict | None] = (-1, None)
    for rs in _replica_sets(cluster, d):
        try:
            number = util.revision(rs)
        except ValueError:
            continue
        if to_revision == 0:
            if latest[0] < number:
                previous, latest = latest, (number, rs)
            elif previous[0] < number:
                previous = (number, rs)
        elif number == to_revision:
            return rs
    if to_revision > 0:
        raise RolloutError(f"error: unable to find specified revision {to_revision} in history")
    if previous[1] is None:
        raise RolloutError(f'error: no rollout history found for deployment "{_name(d)}"')
    return previous[1]


def restart(cluster: Cluster, d: dict) -> str:
    """ObjectRestarter: stamp the template with restartedAt (the virtual clock's time), so
    the template changes and every Pod is replaced by a rollout."""
    if d["spec"].get("paused"):
        raise _refusal(d, "can't restart paused deployment (run rollout resume first)")
    changed = copy.deepcopy(d)
    meta = changed["spec"].setdefault("template", {}).setdefault("metadata", {})
    meta.setdefault("annotations", {})[RESTARTED_AT] = cluster.timestamp()
    cluster.update(changed)
    return "restarted"


def pause(cluster: Cluster, d: dict) -> str:
    if d["spec"].get("paused"):
        raise _refusal(d, "is already paused")
    return _set_paused(cluster, d, True, "paused")


def resume(cluster: Cluster, d: dict) -> str:
    if not d["spec"].get("paused"):
        raise _refusal(d, "is not paused")
    return _set_paused(cluster, d, False, "resumed")


def _set_paused(cluster: Cluster, d: dict, paused: bool, verb: str) -> str:
    changed = copy.deepcopy(d)
    if paused:
        changed["spec"]["paused"] = True
    else:
        changed["spec"].pop("paused", None)
    cluster.update(changed)
    return verb
