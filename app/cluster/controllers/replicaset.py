"""The ReplicaSet controller (pkg/controller/replicaset/replica_set.go).

Each sync of a ReplicaSet: claim the active Pods its selector matches (adopt orphans, release
Pods whose labels no longer match, controller_ref_manager.go), create or delete Pods to reach
``spec.replicas`` (``manageReplicas``: at most ``burstReplicas`` per sync, creations in
slow-start batches of 1, 2, 4, ... that stop at the first refusal; deletions in the order of
``ActivePodsWithRanks``), then write the status (``calculateStatus``,
replica_set_utils.go).

A sync costs what changed, not the Pods the set holds: the controller keeps, from the Pod
watch, each ReplicaSet's active controlled Pods (in the store's order), the ones its selector
no longer matches, and the counts ``calculateStatus`` needs (as the informer's indexer and
the expectations keep them upstream); it reads them again from the store only when the set's
selector or template labels changed. Only a scale-down reads every Pod of the set (to rank
them). The informer caches upstream waits on (expectations) are always current here, since
every write is seen at once.
"""

from __future__ import annotations

import bisect
import copy
import dataclasses
import heapq
import math
from collections.abc import Iterable
from functools import cmp_to_key
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING

from kubelearn.cluster import clock, pods
from kubelearn.cluster.errors import ApiError
from kubelearn.cluster.store import controller_uid

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

Key = tuple[str, str]
PodKey = tuple[str, str]

#: replicaset.BurstReplicas: the most Pods one sync creates or deletes.
BURST_REPLICAS = 500
#: controller.SlowStartInitialBatchSize
SLOW_START_INITIAL_BATCH = 1
#: The rate-limited requeue after a failed sync: 5 ms doubling to 1000 s
#: (workqueue.DefaultControllerRateLimiter's per-item exponential back-off).
RETRY_BASE_S = 0.005
RETRY_MAX_S = 1000.0
#: controller.kubernetes.io/pod-deletion-cost (PodDeletionCost, on by default).
DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"
COMPONENT = "replicaset-controller"
_PHASE_ORDINAL = {"Pending": 0, "Unknown": 1, "Running": 2}


def slow_start_batches(count: int, initial: int = SLOW_START_INITIAL_BATCH) -> list[int]:
    """The batch sizes slowStartBatch uses for ``count`` creations: 1, 2, 4, ... capped."""
    sizes = []
    remaining = count
    size = min(remaining, initial)
    while size > 0:
        sizes.append(size)
        remaining -= size
        size = min(2 * size, remaining)
    return sizes


def _ready_ms(pod: dict) -> int | None:
    c = pods.condition(pod, "Ready")
    if c is None or c.get("status") != "True" or not c.get("lastTransitionTime"):
        return None
    return clock.parse(c["lastTransitionTime"])


def _log_rank(then_ms: int, now_ms: int) -> int:
    """logarithmicRankDiff's rank: floor(log2) of the age in nanoseconds, -1 when not past."""
    age_ns = (now_ms - then_ms) * 1_000_000
    return int(math.log2(age_ns)) if age_ns > 0 else -1


def _deletion_cost(pod: dict) -> int:
    value = (pod["metadata"].get("annotations") or {}).get(DELETION_COST, "0")
    try:
        cost = int(value)
    except ValueError:
        return 0
    return cost if -(2**31) <= cost < 2**31 else 0


def _restarts(pod: dict) -> int:
    return max((s.get("restartCount", 0) for s in pod.get("status", {}).get("containerStatuses")
                or ()), default=0)


def _static(pod: dict) -> tuple:
    """What ActivePodsWithRanks.Less looks at that the Pod alone decides, read once per write:
    (scheduled, phase ordinal, ready, deletion cost, ready since ms, restarts, created ms,
    uid, node name)."""
    made = pod["metadata"].get("creationTimestamp")
    ready = pods.is_ready(pod)
    return (bool(pod["spec"].get("nodeName")),
            _PHASE_ORDINAL.get(pod.get("status", {}).get("phase", ""), -1), ready,
            _deletion_cost(pod), _ready_ms(pod) if ready else None, _restarts(pod),
            clock.parse(made) if made else None, pod["metadata"]["uid"],
            pod["spec"].get("nodeName", ""))


def _less(a: tuple, b: tuple) -> bool:
    """ActivePodsWithRanks.Less over the facts :func:`rank_positions` builds (controller_utils.go,
    in its order)."""
    (scheduled_a, phase_a, ready_a, cost_a, rank_a, since_a, since_rank_a, restarts_a, made_a,
     made_rank_a, uid_a, node_a) = a
    (scheduled_b, phase_b, ready_b, cost_b, rank_b, since_b, since_rank_b, restarts_b, made_b,
     made_rank_b, uid_b, node_b) = b
    if node_a != node_b and not (scheduled_a and scheduled_b):
        return not scheduled_a
    if phase_a != phase_b:
        return phase_a < phase_b
    if ready_a != ready_b:
        return not ready_a
    if cost_a != cost_b:
        return cost_a < cost_b
    if rank_a != rank_b:
        return rank_a > rank_b
    if ready_a and ready_b and since_a != since_b:
        if since_a is None or since_b is None:
            return since_a is None
        if since_rank_a == since_rank_b:
            return uid_a < uid_b
        return since_rank_a < since_rank_b
    if restarts_a != restarts_b:
        return restarts_a > restarts_b
    if made_a != made_b:
        if made_a is None or made_b is None:
            return made_a is None
        if made_rank_a == made_rank_b:
            return uid_a < uid_b
        return made_rank_a < made_rank_b
    return False


def _compare(a: tuple, b: tuple) -> int:
    return -1 if _less(a, b) else (1 if _less(b, a) else 0)


#: ActivePodsWithRanks.Less as a sort key over (facts, position): ties keep the given order.
_KEY = cmp_to_key(lambda x, y: _compare(x[0], y[0]) or (x[1] > y[1]) - (x[1] < y[1]))
# The max-heap steps heapq.nsmallest itself takes (public from Python 3.14).
_heapify_max = getattr(heapq, "heapify_max", None) or heapq._heapify_max
_heapreplace_max = getattr(heapq, "heapreplace_max", None) or heapq._heapreplace_max


def rank_for_deletion(candidates: list[dict], ranks: list[int], now_ms: int,
                      count: int | None = None) -> list[dict]:
    """``sort.Sort(ActivePodsWithRanks)`` (controller_utils.go, LogarithmicScaleDown on):
    the Pods to delete first come first (only the first ``count`` when given). Unscheduled
    before scheduled; Pending, Unknown, Running; not ready before ready; lower deletion cost;
    more Pods of the family on the same node; ready for less time (log2 buckets); more
    restarts; newer (log2 buckets); then uid.
    """
    chosen = rank_positions([_static(p) for p in candidates], ranks, now_ms, count)
    return [candidates[i] for i in chosen]


def rank_positions(statics: list[tuple], ranks: list[int], now_ms: int,
                   count: int | None = None, odd: bool | None = None) -> list[int]:
    """:func:`rank_for_deletion` over :func:`_static` facts: the positions chosen, exactly
    as ``sorted`` (no ``count``) or ``heapq.nsmallest(count)`` order them with :data:`_KEY`.

    Less is not transitive (two Pods ready in the same second compare by restarts and age,
    others by uid), so which Pods ``nsmallest`` keeps depends on its path through the list;
    this takes the same path, but skips the Pods it would reject without building their
    facts: where the coarse key (the fields Less compares first, then the ready-since
    bucket) of a Pod is above that of the heap's top, Less ranks it after the top.

    ``odd`` says whether a Pod is unscheduled with a node name other than "" (the caller may
    know it already; read from ``statics`` when None)."""
    ages: dict[int, int] = {}

    def age_rank(ms: int) -> int:
        rank = ages.get(ms)
        if rank is None:
            rank = ages[ms] = _log_rank(ms, now_ms)
        return rank

    def facts(i: int) -> tuple:
        scheduled, phase, ready, cost, since, restarts, made, uid, node = statics[i]
        return (scheduled, phase, ready, cost, ranks[i], since,
                None if since is None else age_rank(since), restarts, made,
                None if made is None else age_rank(made), uid, node)

    def coarse(i: int) -> tuple:
        scheduled, phase, ready, cost, since = statics[i][:5]
        return (scheduled, phase, ready, cost, -ranks[i],
                (-2 if since is None else age_rank(since)) if ready else 0)

    # Less orders two unscheduled Pods by node name first when those differ (a nodeName of
    # null beside an absent one), which the coarse key does not model: take the long way.
    if odd is None:
        odd = any(not s[0] and s[8] != "" for s in statics)
    if count is None or count < 1 or count >= len(statics) or odd:
        items = [(facts(i), i) for i in range(len(statics))]
        chosen = sorted(items, key=_KEY) if count is None else heapq.nsmallest(count, items,
                                                                                key=_KEY)
        return [i for _, i in chosen]
    # heapq.nsmallest's general case, step by step (CPython Lib/heapq.py)
    result = []
    for i in range(count):
        elem = (facts(i), i)
        result.append((_KEY(elem), i, elem))
    _heapify_max(result)
    top, _, elem = result[0]
    top_coarse, top_since, top_uid = coarse(elem[1]), statics[elem[1]][4], statics[elem[1]][7]
    order = count
    for i in range(count, len(statics)):
        static = statics[i]
        ready, since = static[2], static[4]
        since_rank = (-2 if since is None else ages.get(since) or age_rank(since)) if ready else 0
        rough = (static[0], static[1], ready, static[3], -ranks[i], since_rank)
        if rough > top_coarse:
            continue  # Less puts it after the top: nsmallest would pass it by
        if rough == top_coarse and ready and since != top_since and static[7] >= top_uid:
            continue  # ready in another second of the same bucket: the uid decides
        elem = (facts(i), i)
        k = _KEY(elem)
        if k < top:
            _heapreplace_max(result, (k, order, elem))
            top, _, elem = result[0]
            top_coarse = coarse(elem[1])
            top_since, top_uid = statics[elem[1]][4], statics[elem[1]][7]
            order += 1
    result.sort()
    return [elem[1] for _, _, elem in result]


def pod_from_template(rs: dict) -> dict:
    """controller.GetPodFromTemplate: labels, annotations and finalizers of the template, the
    name generated from ``<rs>-`` (getPodsPrefix), the spec copied."""
    template = rs["spec"].get("template") or {}
    meta = template.get("metadata") or {}
    pod_meta: dict = {"generateName": f"{rs['metadata']['name']}-",
                      "namespace": rs["metadata"]["namespace"]}
    for field in ("labels", "annotations"):
        if meta.get(field):
            pod_meta[field] = dict(meta[field])
    if meta.get("finalizers"):
        pod_meta["finalizers"] = list(meta["finalizers"])
    return {"apiVersion": "v1", "kind": "Pod", "metadata": pod_meta,
            "spec": copy.deepcopy(template.get("spec") or {})}


def _template_labels(rs: dict) -> dict:
    return (rs["spec"].get("template") or {}).get("metadata", {}).get("labels") or {}


@dataclasses.dataclass
class _Owned:
    """What one ReplicaSet's sync needs of its Pods, kept current from the Pod watch: its
    active controlled Pods in the store's order (every write moves a Pod to the end of the
    owner index, and of this), which of them the selector no longer matches (to release),
    and the counts of calculateStatus over the matching ones."""

    selector: object
    template_labels: dict
    #: The active Pods this set controls -> (matches the selector, has the template labels,
    #: :func:`_static`).
    pods: dict[PodKey, tuple[bool, bool, tuple]] = dataclasses.field(default_factory=dict)
    mismatched: int = 0
    #: Pods not scheduled whose node name is not "" (null): the ranking takes the long way.
    odd: int = 0
    labeled: int = 0
    ready: int = 0
    #: When each matching ready Pod turned ready (ms), sorted, for availability.
    ready_since: list[int] = dataclasses.field(default_factory=list)
    #: Active controlled Pods per node, matching or not (getPodsRankedByRelatedPodsOnSameNode).
    nodes: dict[str, int] = dataclasses.field(default_factory=dict)

    def facts(self, pod: dict) -> tuple[bool, bool, tuple]:
        labels = pod["metadata"].get("labels") or {}
        matches = pods.selector_matches(self.selector, labels)
        labeled = all(labels.get(k) == v for k, v in self.template_labels.items())
        return matches, labeled, _static(pod)

    def add(self, key: PodKey, facts: tuple[bool, bool, tuple]) -> None:
        self.pods[key] = facts
        matches, labeled, static = facts
        ready, since, node = static[2], static[4], static[8]
        self.nodes[node] = self.nodes.get(node, 0) + 1
        self.odd += not static[0] and node != ""
        if not matches:
            self.mismatched += 1
            return
        self.labeled += labeled
        self.ready += ready
        if since is not None:
            bisect.insort(self.ready_since, since)

    def discard(self, key: PodKey) -> None:
        facts = self.pods.pop(key, None)
        if facts is None:
            return
        matches, labeled, static = facts
        ready, since, node = static[2], static[4], static[8]
        self.odd -= not static[0] and node != ""
        left = self.nodes[node] - 1
        if left:
            self.nodes[node] = left
        else:
            del self.nodes[node]
        if not matches:
            self.mismatched -= 1
            return
        self.labeled -= labeled
        self.ready -= ready
        if since is not None:
            del self.ready_since[bisect.bisect_left(self.ready_since, since)]

    def available(self, min_ready: int, now_ms: int) -> int:
        """podutil.IsPodAvailable over the matching Pods: ready, and for minReadySeconds
        ready since strictly before ``now - minReadySeconds``."""
        if min_ready <= 0:
            return self.ready
        return bisect.bisect_left(self.ready_since, now_ms - min_ready * 1000)


class ReplicaSetController:
    name = "replicaset-controller"

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        #: Consecutive failed syncs per ReplicaSet (the rate limiter's memory).
        self._failures: dict[Key, int] = {}
        #: When a ReplicaSet's availability check is already scheduled (ms), so a Pod that
        #: turns ready many times does not pile up timers.
        self._checks: dict[Key, int] = {}
        #: ReplicaSet uid -> its Pods as the last sync and the Pod watch since left them.
        self._owned: dict[str, _Owned] = {}
        #: Pod -> the uid of the ReplicaSet whose :class:`_Owned` holds it.
        self._tracked: dict[PodKey, str] = {}
        #: namespace -> its active Pods without a controller (adoption candidates).
        self._orphans: dict[str, dict[PodKey, None]] = {}

    def watches(self) -> dict:
        return {"ReplicaSet": self._rs_changed, "Pod": self._pod_changed}

    def _rs_changed(self, rs: dict, deleted: bool) -> Iterable[Key]:
        meta = rs["metadata"]
        if deleted:
            self._forget(meta["uid"])
            return ()
        return ((meta["namespace"], meta["name"]),)

    def _forget(self, uid: str) -> None:
        owned = self._owned.pop(uid, None)
        for key in owned.pods if owned is not None else ():
            self._tracked.pop(key, None)

    def _track(self, pod: dict, deleted: bool, owner: str | None) -> None:
        """Move the Pod to where it belongs now: its controller's :class:`_Owned` (when the
        controller has one and the Pod is active), the orphans, or nowhere."""
        meta = pod["metadata"]
        key = (meta["namespace"], meta["name"])
        held = self._tracked.pop(key, None)
        if held is not None:
            self._owned[held].discard(key)
        orphans = self._orphans.get(key[0])
        if orphans is not None:
            orphans.pop(key, None)
        if deleted or not pods.is_active(pod):
            return
        if owner is None:
            self._orphans.setdefault(key[0], {})[key] = None
            return
        owned = self._owned.get(owner)
        if owned is not None:
            owned.add(key, owned.facts(pod))
            self._tracked[key] = owner

    def _owned_of(self, rs: dict) -> _Owned:
        """The set's :class:`_Owned`, read from the store's owner index when there is none
        yet or the selector or template labels changed since it was read."""
        uid = rs["metadata"]["uid"]
        selector = rs["spec"].get("selector")
        template_labels = _template_labels(rs)
        owned = self._owned.get(uid)
        if owned is not None and owned.selector == selector \
                and owned.template_labels == template_labels:
            return owned
        self._forget(uid)
        owned = self._owned[uid] = _Owned(copy.deepcopy(selector),
                                          copy.deepcopy(template_labels))
        for pod in self.cluster.store.owned_pods(uid):
            if pods.is_active(pod):
                key = (pod["metadata"]["namespace"], pod["metadata"]["name"])
                owned.add(key, owned.facts(pod))
                self._tracked[key] = uid
        return owned

    def _pod_changed(self, pod: dict, deleted: bool) -> Iterable[Key]:
        """addPod/updatePod/deletePod: the owning ReplicaSet, or for an orphan every
        ReplicaSet of the namespace whose selector matches (it may adopt it)."""
        meta = pod["metadata"]
        ns = meta["namespace"]
        owner = controller_uid(pod)
        self._track(pod, deleted, owner)
        if owner is not None:
            rs = self.cluster.store.by_uid(owner)
            if rs is None or rs["kind"] != "ReplicaSet":
                return ()
            key = (ns, rs["metadata"]["name"])
            self._schedule_availability(rs, pod, key)
            return (key,)
        if deleted or "deletionTimestamp" in meta:
            return ()
        labels = meta.get("labels") or {}
        return [(ns, rs["metadata"]["name"]) for rs in self.cluster.store.list("ReplicaSet", ns)
                if pods.selector_matches(rs["spec"].get("selector"), labels)]

    def _schedule_availability(self, rs: dict, pod: dict, key: Key) -> None:
        """updatePod: a Pod that became ready counts as available minReadySeconds later, so
        the set is looked at again then (plus a second, as upstream adds)."""
        min_ready = rs["spec"].get("minReadySeconds", 0)
        since = _ready_ms(pod)
        if not min_ready or since is None:
            return
        at = since + (min_ready + 1) * 1000
        if at > self.cluster.now_ms and self._checks.get(key) != at:
            self._checks[key] = at
            self.cluster.at(at, self, key)

    # --- sync -------------------------------------------------------------------------------

    def sync(self, key: Key) -> None:
        rs = self.cluster.store.get("ReplicaSet", *key)
        if rs is None:
            self._failures.pop(key, None)
            self._checks.pop(key, None)
            return
        selector = rs["spec"].get("selector")
        owned = self._claim_pods(rs, selector)
        # calculateStatus counts the Pods claimed before manageReplicas changed anything
        counts = self._counts(rs, owned)
        error: ApiError | None = None
        if "deletionTimestamp" not in rs["metadata"]:
            error = self._manage_replicas(rs, owned, counts[0])
            if error is not None:
                counts = self._counts(rs, self._claim_pods(rs, selector))
        self._update_status(rs, counts, error)
        if error is None:
            self._failures.pop(key, None)
        else:
            failures = self._failures.get(key, 0)
            self._failures[key] = failures + 1
            self.cluster.after(min(RETRY_BASE_S * 2**failures, RETRY_MAX_S), self, key)

    def _claim_pods(self, rs: dict, selector: dict | None) -> _Owned:
        """ClaimPods over the active Pods: keep the owned ones that still match, release the
        ones that do not, adopt matching orphans (not while the set is being deleted)."""
        meta = rs["metadata"]
        uid = meta["uid"]
        store = self.cluster.store
        owned = self._owned_of(rs)
        deleting = "deletionTimestamp" in meta
        if owned.mismatched and not deleting:
            for key in [k for k, facts in owned.pods.items() if not facts[0]]:
                self._release(store.get("Pod", *key), uid)
        if deleting or not isinstance(selector, dict):
            return owned
        match = selector.get("matchLabels") or {}
        if not match:
            found = store.list("Pod", meta["namespace"])
        elif all(isinstance(v, str) for v in match.values()):
            # the order the store's label index gives: the last write last
            found = sorted((store.get("Pod", *key)
                            for key in self._orphans.get(meta["namespace"], {})),
                           key=lambda pod: int(pod["metadata"]["resourceVersion"]))
        else:
            found = []  # the label index holds string values only
        for pod in found:
            if controller_uid(pod) is not None or not pods.is_active(pod):
                continue
            if pods.selector_matches(selector, pod["metadata"].get("labels") or {}):
                self._adopt(pod, rs)
        return owned

    def _counts(self, rs: dict, owned: _Owned) -> tuple[int, int, int, int]:
        """The claimed Pods (the matching ones), fully labelled, ready and available."""
        return (len(owned.pods) - owned.mismatched, owned.labeled, owned.ready,
                owned.available(rs["spec"].get("minReadySeconds", 0), self.cluster.now_ms))

    def _adopt(self, pod: dict, rs: dict) -> None:
        from kubelearn.cluster.cluster import owner_reference

        refs = pod["metadata"].setdefault("ownerReferences", [])
        refs.append(owner_reference(rs))
        self.cluster.write(pod)

    def _release(self, pod: dict, uid: str) -> None:
        refs = [r for r in pod["metadata"].get("ownerReferences") or () if r.get("uid") != uid]
        if refs:
            pod["metadata"]["ownerReferences"] = refs
        else:
            pod["metadata"].pop("ownerReferences", None)
        self.cluster.write(pod)

    def _manage_replicas(self, rs: dict, owned: _Owned, claimed: int) -> ApiError | None:
        diff = claimed - rs["spec"].get("replicas", 1)
        if diff < 0:
            return self._create(rs, min(-diff, BURST_REPLICAS))
        if diff > 0:
            odd = None
            if owned.mismatched:
                keys = [key for key, facts in owned.pods.items() if facts[0]]
                statics = [facts[2] for facts in owned.pods.values() if facts[0]]
            else:  # what claiming left (every Pod it holds matches), read at C speed
                keys, statics = list(owned.pods), list(map(itemgetter(2), owned.pods.values()))
                odd = owned.odd > 0
            return self._delete(rs, keys, statics, min(diff, BURST_REPLICAS), odd)
        return None

    def _create(self, rs: dict, count: int) -> ApiError | None:
        """slowStartBatch: each batch's creations all run (in parallel upstream); a batch
        with a refusal is the last one, and the sync fails with its first error."""
        for size in slow_start_batches(count):
            first: ApiError | None = None
            for _ in range(size):
                try:
                    pod = self.cluster.create(pod_from_template(rs), owner=rs)
                except ApiError as refused:
                    self.cluster.record(rs, "Warning", "FailedCreate",
                                        f"Error creating: {refused.message}", COMPONENT)
                    first = first or refused
                    continue
                self.cluster.record(rs, "Normal", "SuccessfulCreate",
                                    f"Created pod: {pod['metadata']['name']}", COMPONENT)
            if first is not None:
                return first
        return None

    def _delete(self, rs: dict, victims: list[PodKey], statics: list[tuple], count: int,
                odd: bool | None) -> ApiError | None:
        if count < len(victims):
            on_node = self._ranks(rs)
            ranks = list(map(on_node.get, map(itemgetter(8), statics), repeat(0)))
            victims = [victims[i] for i in rank_positions(statics, ranks, self.cluster.now_ms,
                                                          count, odd)]
        for ns, name in victims[:count]:
            try:
                self.cluster.delete("Pod", ns, name)
            except ApiError as refused:
                if refused.reason == "NotFound":
                    continue
                self.cluster.record(rs, "Warning", "FailedDelete",
                                    f"Error deleting: {refused.message}", COMPONENT)
                return refused
            self.cluster.record(rs, "Normal", "SuccessfulDelete", f"Deleted pod: {name}",
                                COMPONENT)
        return None

    def _ranks(self, rs: dict) -> dict[str, int]:
        """getPodsRankedByRelatedPodsOnSameNode: a Pod's rank is, for its node, the active Pods
        on that node that belong to this set or a sibling (a set with the same controller)."""
        owner = controller_uid(rs)
        family = [rs]
        if owner is not None:
            family = [o for o in self.cluster.store.dependents(owner)
                      if o["kind"] == "ReplicaSet" and controller_uid(o) == owner]
        on_node: dict[str, int] = {}
        for member in family:
            for node, count in self._owned_of(member).nodes.items():
                on_node[node] = on_node.get(node, 0) + count
        return on_node

    def _update_status(self, rs: dict, counts: tuple[int, int, int, int],
                       error: ApiError | None) -> None:
        """calculateStatus and updateReplicaSetStatus: write only what changed."""
        claimed, labeled, ready, available = counts
        old = rs.get("status") or {}
        status: dict = {"replicas": claimed}
        for field, value in (("fullyLabeledReplicas", labeled), ("readyReplicas", ready),
                             ("availableReplicas", available),
                             ("observedGeneration", rs["metadata"].get("generation", 0))):
            if value:
                status[field] = value
        conditions = [c for c in old.get("conditions") or () if c.get("type") != "ReplicaFailure"]
        failure = next((c for c in old.get("conditions") or ()
                        if c.get("type") == "ReplicaFailure"), None)
        if error is not None:
            if failure is None:
                diff = claimed - rs["spec"].get("replicas", 1)
                reason = "FailedCreate" if diff < 0 else ("FailedDelete" if diff > 0 else "")
                failure = {"type": "ReplicaFailure", "status": "True",
                           "lastTransitionTime": self.cluster.timestamp(), "reason": reason,
                           "message": error.message}
            conditions.append(failure)
        if conditions:
            status["conditions"] = conditions
        if status != old:
            rs["status"] = status
            self.cluster.write(rs)
