"""kube-scheduler: binds each new Pod to a node.

Filters as the default plugins do (pkg/scheduler/framework/plugins), in their order, a node
failing at the first that rules it out: the node's taints the Pod does not tolerate
(TaintToleration), ``nodeSelector`` (NodeAffinity), then NodeResourcesFit
(noderesources/fit.go ``fitsRequest``): the node's ``pods`` capacity ("Too many pods") and
its allocatable cpu and memory against the requests of the Pods bound to it that have not
finished plus this Pod's (``PodRequests``: containers summed, the largest init container,
the overhead), each shortfall a reason of its own ("Insufficient cpu", "Insufficient
memory"). ``spec.nodeName`` already set skips the scheduler. Among the nodes left, upstream scores and picks at random among the best; the model
spreads a controller's Pods (the default PodTopologySpread constraint on hostname), then the
least loaded node, then node order, so the choice is deterministic. A Pod no node fits stays
Pending with the ``FailedScheduling`` event upstream words, and is tried again when a Pod
goes away.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kubelearn.cluster.podresources import cpu_memory, parse, pod_requests
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
        #: node name -> the milli-CPU and memory bytes its ``bound`` Pods request.
        self.requested: dict[str, tuple[int, int]] = {}
        #: what each bound Pod requests (milli-CPU, bytes), to take back when it goes.
        self.requests: dict[PodKey, tuple[int, int]] = {}
        #: the Pod whose condition the scheduler is writing now.
        self._writing: PodKey | None = None

    def _bind(self, node: str, key: PodKey, owner: str | None, asks: tuple[int, int]) -> None:
        counted = self.bound.setdefault(node, {})
        owned = self.owned.setdefault(node, {})
        if key in counted:
            self._count(owned, counted[key], -1)
            self._request(node, self.requests.pop(key, (0, 0)), -1)
        counted[key] = owner
        self._count(owned, owner, 1)
        self.requests[key] = asks
        self._request(node, asks, 1)

    def _unbind(self, node: str, key: PodKey) -> bool:
        """Forget a Pod bound to ``node``; whether it was counted."""
        counted = self.bound.setdefault(node, {})
        if key not in counted:
            return False
        self._count(self.owned.setdefault(node, {}), counted.pop(key), -1)
        self._request(node, self.requests.pop(key, (0, 0)), -1)
        return True

    def _request(self, node: str, asks: tuple[int, int], step: int) -> None:
        cpu, memory = self.requested.get(node, (0, 0))
        self.requested[node] = (cpu + step * asks[0], memory + step * asks[1])

    @staticmethod
    def _count(owned: dict[str | None, int], owner: str | None, step: int) -> None:
        left = owned.get(owner, 0) + step
        if left:
            owned[owner] = left
        else:
            owned.pop(owner, None)

    def watches(self) -> dict:
        return {"Pod": self._pod_changed, "Node": self._node_changed}

    def _node_changed(self, node: dict, deleted: bool) -> Iterable[PodKey]:
        """A node that changed (a taint gone, a label added) may fit a waiting Pod now: the
        scheduling queue moves them back to active on Node events (MoveAllToActiveOrBackoffQueue)."""
        return list(self.waiting)

    def _pod_changed(self, pod: dict, deleted: bool) -> Iterable[PodKey]:
        meta = pod["metadata"]
        key = (meta["namespace"], meta["name"])
        node = pod["spec"].get("nodeName")
        if node:
            if deleted or _finished(pod):
                if self._unbind(node, key) and self.waiting:
                    return list(self.waiting)  # room on a node: try the waiting Pods again
            else:
                self._bind(node, key, controller_uid(pod), cpu_memory(pod_requests(pod)))
            return ()
        if deleted:
            self.waiting.pop(key, None)
            return ()
        if key == self._writing:
            return ()  # the scheduler's own Unschedulable condition: not a new attempt
        return (key,)

    def sync(self, key: PodKey) -> None:
        pod = self.cluster.store.get("Pod", *key)
        if pod is None or pod["spec"].get("nodeName") or "deletionTimestamp" in pod["metadata"]:
            self.waiting.pop(key, None)
            return
        node, reasons, helpless = self._choose(pod)
        if node is None:
            self._unschedulable(pod, key, reasons, helpless)
            return
        self.waiting.pop(key, None)
        pod["spec"]["nodeName"] = node
        status = pod.setdefault("status", {})
        _set_condition(status, "PodScheduled", "True", None, self.cluster.timestamp())
        self._bind(node, key, controller_uid(pod), cpu_memory(pod_requests(pod)))
        self.cluster.write(pod)
        meta = pod["metadata"]
        self.cluster.record(pod, "Normal", "Scheduled",
                            f"Successfully assigned {meta['namespace']}/{meta['name']} to {node}",
                            self.name)

    def _choose(self, pod: dict) -> tuple[str | None, dict[str, int], dict[str, int]]:
        spec = pod["spec"]
        selector = spec.get("nodeSelector") or {}
        owner = controller_uid(pod)
        reasons: dict[str, int] = {}
        # Preemption's verdict per node: it cannot help where a taint or a selector rules
        # the node out (UnschedulableAndUnresolvable); on a full node it finds no victim
        # (every Pod here has the default priority).
        helpless: dict[str, int] = {}
        asks = cpu_memory(pod_requests(pod))
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
                _count_reason(reasons, f"node(s) had {why}")
                _count_reason(helpless, "Preemption is not helpful for scheduling")
                continue
            if any(labels.get(k) != v for k, v in selector.items()):
                _count_reason(reasons, "node(s) didn't match Pod's node affinity/selector")
                _count_reason(helpless, "Preemption is not helpful for scheduling")
                continue
            short = self._insufficient(node, len(pods), asks)
            if short:
                for reason in short:
                    _count_reason(reasons, reason)
                _count_reason(helpless, "No preemption victims found for incoming pod")
                continue
            same = self.owned.get(name, {}).get(owner, 0) if owner is not None else 0
            score = (same, len(pods), index)
            if best is None or score < best:
                best, chosen = score, name
        return chosen, reasons, helpless

    def _insufficient(self, node: dict, bound: int, asks: tuple[int, int]) -> list[str]:
        """``fitsRequest``: what the node lacks for a Pod asking ``asks`` beside its ``bound``
        Pods (a Pod that requests nothing is only counted)."""
        allocatable = node["status"].get("allocatable") or {}
        short = []
        if bound + 1 > int(allocatable.get("pods", 0)):
            short.append("Too many pods")
        if asks == (0, 0):
            return short
        used = self.requested.get(node["metadata"]["name"], (0, 0))
        have = cpu_memory({name: amount for name in ("cpu", "memory")
                           if (amount := parse(allocatable.get(name, 0))) is not None})
        if have[0] < asks[0] + used[0]:
            short.append("Insufficient cpu")
        if have[1] < asks[1] + used[1]:
            short.append("Insufficient memory")
        return short

    def _unschedulable(self, pod: dict, key: PodKey, reasons: dict[str, int],
                       helpless: dict[str, int]) -> None:
        self.waiting[key] = None
        total = self.cluster.store.count("Node")
        # framework.FitError.Error(): the reasons sorted, "N reason" joined with ", ".
        parts = sorted(f"{n} {r}" for r, n in reasons.items())
        message = f"0/{total} nodes are available: {', '.join(parts)}."
        preemption = sorted(f"{n} {r}" for r, n in helpless.items())
        message += f" preemption: 0/{total} nodes are available: {', '.join(preemption)}."
        status = pod.setdefault("status", {})
        status.setdefault("phase", "Pending")
        old = next((c for c in status.get("conditions", []) if c["type"] == "PodScheduled"), None)
        if old is None or old.get("message") != message:
            _set_condition(status, "PodScheduled", "False", "Unschedulable",
                           self.cluster.timestamp(), message)
            self._writing = key
            try:
                self.cluster.write(pod)
            finally:
                self._writing = None
        self.cluster.record(pod, "Warning", "FailedScheduling", message, self.name)


def _count_reason(counts: dict[str, int], reason: str) -> None:
    counts[reason] = counts.get(reason, 0) + 1


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
