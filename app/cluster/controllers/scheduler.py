"""kube-scheduler: binds each new Pod to a node.

Filters as the default plugins do (pkg/scheduler/framework/plugins): the node's taints the Pod
does not tolerate (TaintToleration), ``nodeSelector`` (NodeAffinity), ``spec.nodeName``
already set, and the node's ``pods`` capacity (NodeResourcesFit counts Pods that have not
finished). Among the nodes left, upstream scores and picks at random among the best; the model
spreads a controller's Pods (the default PodTopologySpread constraint on hostname), then the
least loaded node, then node order, so the choice is deterministic. A Pod no node fits stays
Pending with the ``FailedScheduling`` event upstream words, and is tried again when a Pod
goes away.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kubelearn.cluster.store import controller_uid

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

PodKey = tuple[str, str]


def tolerates(tolerations: list, taint: dict) -> bool:
    """``v1helper.TolerationsTolerateTaint`` for one taint."""
    for t in tolerations or ():
        if not isinstance(t, dict):
            continue
        if t.get("effect") and t.get("effect") != taint.get("effect"):
            continue
        operator = t.get("operator", "Equal")
        if operator == "Exists":
            if not t.get("key") or t.get("key") == taint.get("key"):
                return True
        elif t.get("key") == taint.get("key") and (t.get("value") or "") == (taint.get("value") or ""):
            return True
    return False


def _finished(pod: dict) -> bool:
    return pod.get("status", {}).get("phase") in ("Succeeded", "Failed")


class Scheduler:
    name = "default-scheduler"

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        #: node name -> the Pods bound to it that have not finished, with their controller uid.
        self.bound: dict[str, dict[PodKey, str | None]] = {}
        #: node name -> controller uid -> how many of ``bound`` it has there (the spread score).
        self.owned: dict[str, dict[str | None, int]] = {}
        self.waiting: dict[PodKey, None] = {}

    def _bind(self, node: str, key: PodKey, owner: str | None) -> None:
        counted = self.bound.setdefault(node, {})
        owned = self.owned.setdefault(node, {})
        if key in counted:
            self._count(owned, counted[key], -1)
        counted[key] = owner
        self._count(owned, owner, 1)

    def _unbind(self, node: str, key: PodKey) -> bool:
        """Forget a Pod bound to ``node``; whether it was counted."""
        counted = self.bound.setdefault(node, {})
        if key not in counted:
            return False
        self._count(self.owned.setdefault(node, {}), counted.pop(key), -1)
        return True

    @staticmethod
    def _count(owned: dict[str | None, int], owner: str | None, step: int) -> None:
        left = owned.get(owner, 0) + step
        if left:
            owned[owner] = left
        else:
            owned.pop(owner, None)

    def watches(self) -> dict:
        return {"Pod": self._pod_changed}

    def _pod_changed(self, pod: dict, deleted: bool) -> Iterable[PodKey]:
        meta = pod["metadata"]
        key = (meta["namespace"], meta["name"])
        node = pod["spec"].get("nodeName")
        if node:
            if deleted or _finished(pod):
                if self._unbind(node, key) and self.waiting:
                    return list(self.waiting)  # room on a node: try the waiting Pods again
            else:
                self._bind(node, key, controller_uid(pod))
            return ()
        if deleted:
            self.waiting.pop(key, None)
            return ()
        return (key,)

    def sync(self, key: PodKey) -> None:
        pod = self.cluster.store.get("Pod", *key)
        if pod is None or pod["spec"].get("nodeName") or "deletionTimestamp" in pod["metadata"]:
            self.waiting.pop(key, None)
            return
        node, reasons = self._choose(pod)
        if node is None:
            self._unschedulable(pod, key, reasons)
            return
        self.waiting.pop(key, None)
        pod["spec"]["nodeName"] = node
        status = pod.setdefault("status", {})
        _set_condition(status, "PodScheduled", "True", None, self.cluster.timestamp())
        self._bind(node, key, controller_uid(pod))
        self.cluster.write(pod)
        meta = pod["metadata"]
        self.cluster.record(pod, "Normal", "Scheduled",
                            f"Successfully assigned {meta['namespace']}/{meta['name']} to {node}",
                            self.name)

    def _choose(self, pod: dict) -> tuple[str | None, dict[str, int]]:
        spec = pod["spec"]
        selector = spec.get("nodeSelector") or {}
        owner = controller_uid(pod)
        reasons: dict[str, int] = {}
        best: tuple | None = None
        chosen = None
        for index, node in enumerate(self.cluster.store.list("Node")):
            name = node["metadata"]["name"]
            labels = node["metadata"].get("labels", {})
            untolerated = [t for t in node["spec"].get("taints", [])
                           if t.get("effect") in ("NoSchedule", "NoExecute")
                           and not tolerates(spec.get("tolerations", []), t)]
            pods = self.bound.get(name, {})
            if untolerated:
                taint = untolerated[0]
                why = f"untolerated taint {{{taint['key']}: {taint.get('value', '')}}}"
                reasons[f"node(s) had {why}"] = reasons.get(f"node(s) had {why}", 0) + 1
                continue
            if any(labels.get(k) != v for k, v in selector.items()):
                reasons["node(s) didn't match Pod's node affinity/selector"] = (
                    reasons.get("node(s) didn't match Pod's node affinity/selector", 0) + 1)
                continue
            if len(pods) >= int(node["status"]["allocatable"]["pods"]):
                reasons["Too many pods"] = reasons.get("Too many pods", 0) + 1
                continue
            same = self.owned.get(name, {}).get(owner, 0) if owner is not None else 0
            score = (same, len(pods), index)
            if best is None or score < best:
                best, chosen = score, name
        return chosen, reasons

    def _unschedulable(self, pod: dict, key: PodKey, reasons: dict[str, int]) -> None:
        self.waiting[key] = None
        total = self.cluster.store.count("Node")
        # framework.FitError.Error(): the reasons sorted, "N reason" joined with ", ".
        parts = sorted(f"{n} {r}" for r, n in reasons.items())
        message = f"0/{total} nodes are available: {', '.join(parts)}."
        # Preemption cannot help where a taint or a selector rules the node out; on a full
        # node it finds no victim (the Pod has the default priority, as every Pod here).
        helpless: dict[str, int] = {}
        for reason, n in reasons.items():
            why = ("Preemption is not helpful for scheduling" if reason.startswith("node(s)")
                   else "No preemption victims found for incoming pod")
            helpless[why] = helpless.get(why, 0) + n
        preemption = sorted(f"{n} {r}" for r, n in helpless.items())
        message += f" preemption: 0/{total} nodes are available: {', '.join(preemption)}."
        status = pod.setdefault("status", {})
        status.setdefault("phase", "Pending")
        old = next((c for c in status.get("conditions", []) if c["type"] == "PodScheduled"), None)
        if old is None or old.get("message") != message:
            _set_condition(status, "PodScheduled", "False", "Unschedulable",
                           self.cluster.timestamp(), message)
            self.cluster.write(pod)
        self.cluster.record(pod, "Warning", "FailedScheduling", message, self.name)


def _set_condition(status: dict, type_: str, value: str, reason: str | None, now: str,
                   message: str | None = None) -> None:
    conditions = status.setdefault("conditions", [])
    for condition in conditions:
        if condition["type"] == type_:
            if condition["status"] != value:
                condition["lastTransitionTime"] = now
            condition["status"] = value
            break
    else:
        condition = {"type": type_, "status": value, "lastProbeTime": None,
                     "lastTransitionTime": now}
        conditions.append(condition)
    for field, given in (("reason", reason), ("message", message)):
        if given is None:
            condition.pop(field, None)
        else:
            condition[field] = given
