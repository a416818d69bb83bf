"""The offline cluster: the API server's storage and verbs, a virtual clock, and the
controllers that react to every change, run deterministically.

How time works. Nothing happens between two moments of the virtual clock: a write (a kubectl
command, a controller's change) marks the controllers that watch it, and :meth:`Cluster.settle`
runs them in a fixed order until none has work, all at the same instant, as a real control
plane reacts within milliseconds. Whatever takes time (an image pull, a probe period, a grace
period, a back-off) is a timer; :meth:`Cluster.advance` moves the clock from timer to timer.
The same seed and the same commands give the same objects, names and events.

A controller is any object with a ``name``, a ``watches`` table (kind -> a function from a
changed object to the keys it should sync) and a ``sync(key)`` method; it reads and writes
through the cluster. Runtime state that the API does not hold (what a container's process is
doing) stays inside the controller that models it.
"""

from __future__ import annotations

import heapq
import random
from collections import deque
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Protocol

from kubelearn.cluster import clock, defaults, errors
from kubelearn.cluster.resources import BY_KIND
from kubelearn.cluster.store import Store, key_of

#: Rounds of controller syncs at one instant before the cluster gives up settling (a
#: controller that keeps changing what it watches would otherwise spin forever).
MAX_ROUNDS = 200
#: The most Pods the offline cluster holds unless told otherwise, as a ResourceQuota would
#: cap them: past it the API server refuses to create more (the message says why), so a scale
#: to 100,000 costs a FailedCreate event, not the machine's memory or a frozen playground.
#: Three nodes run at most 330 Pods anyway (maxPods 110); benchmarks ask for more.
MAX_PODS = 1_000
#: The most objects of the other kinds.
MAX_OBJECTS = 5_000
#: Events kept: the oldest go first, as the API server's event TTL (1 h) drops them.
MAX_EVENTS = 5_000
EVENT_TTL_MS = 3_600_000
#: The alphabet and length of generated name suffixes (k8s.io/apimachinery util/rand).
SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
SUFFIX_LENGTH = 5
#: uuid.UUID(version=4): clear the variant and version bits, then set RFC 4122 and 4.
_UUID_CLEAR = ~((0xC000 << 48) | (0xF000 << 64))
_UUID_SET = (0x8000 << 48) | (4 << 76)
#: The start of the virtual clock in Unix nanoseconds (event names carry the time in hex).
EPOCH_NS = int(clock.EPOCH.timestamp()) * 1_000_000_000


class Controller(Protocol):
    name: str

    def watches(self) -> dict[str, Callable[[dict, bool], Iterable[Hashable]]]: ...

    def sync(self, key: Any) -> None: ...


class Cluster:
    """One small cluster: 3 nodes named like a kind cluster's, the default namespaces, the
    controllers of :mod:`kubelearn.cluster.controllers` and a clock at 0.

    Args:
        seed: picks generated names, uids and IPs; the same seed gives the same cluster.
        workers: how many worker nodes beside the control-plane node.
        max_pods_per_node: the kubelet's ``maxPods`` (110, as kind and kubeadm set it).
        max_pods: the most Pods the API server admits (:data:`MAX_PODS` by default).
        lang: the language of the explanations the cluster adds to kubectl's words.
    """

    def __init__(self, *, seed: int = 0, workers: int = 2, max_pods_per_node: int = 110,
                 max_pods: int | None = None, lang: str = "en", controllers: bool = True) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        #: The system's own objects (kube-system, the ingress controller...) draw their names,
        #: uids and addresses from a stream of their own: adding a system component never
        #: changes the names and IPs a learner's objects get (lessons show them).
        self.system_rng = random.Random(f"system/{seed}")
        self.lang = lang
        self.store = Store()
        self.now_ms = 0
        self.max_pods_per_node = max_pods_per_node
        self.max_pods = MAX_PODS if max_pods is None else max_pods
        self._controllers: list[Controller] = []
        self._queues: list[dict[Hashable, None]] = []
        self._handlers: dict[str, list[tuple[int, Callable[[dict, bool], Iterable[Hashable]]]]] = {}
        self._timers: list[tuple[int, int, int, Hashable]] = []
        self._seq = 0
        self._event_index: dict[tuple, dict] = {}
        #: The identities of ``_event_index`` in the order they were first recorded (a queue:
        #: the oldest leave first).
        self._event_order: deque[tuple] = deque()
        #: What went wrong inside the cluster itself (a controller that did not settle).
        self.problems: list[str] = []
        self.store.watch(self._dispatch)
        # admission, network and ingress register the API server's admission hooks
        from kubelearn.cluster import admission, bootstrap, ingress, network, system

        del admission, ingress, network

        bootstrap.nodes_and_namespaces(self, workers)
        if controllers:
            from kubelearn.cluster.controllers import CONTROLLERS

            # What the cluster installs itself (the ingress controller, kind's Pods) draws
            # from the system's random stream, cluster-scoped objects included.
            saved, self.rng = self.rng, self.system_rng
            try:
                for make in CONTROLLERS:
                    self.add_controller(make(self))
                system.install(self)
            finally:
                self.rng = saved

    # --- controllers, queues and timers -----------------------------------------------------

    def add_controller(self, controller: Controller) -> None:
        index = len(self._controllers)
        self._controllers.append(controller)
        self._queues.append({})
        for kind, handler in controller.watches().items():
            self._handlers.setdefault(kind, []).append((index, handler))
        for kind in controller.watches():
            for obj in self.store.list(kind):
                for key in controller.watches()[kind](obj, False):
                    self._queues[index][key] = None

    def controller(self, name: str) -> Any:
        """The controller called ``name`` (kubectl asks the kubelet model for logs and files)."""
        for c in self._controllers:
            if c.name == name:
                return c
        raise KeyError(name)

    def _dispatch(self, kind: str, obj: dict, deleted: bool) -> None:
        for index, handler in self._handlers.get(kind, ()):
            queue = self._queues[index]
            for key in handler(obj, deleted):
                queue[key] = None

    def enqueue(self, controller: Controller, key: Hashable) -> None:
        self._queues[self._controllers.index(controller)][key] = None

    def after(self, seconds: float, controller: Controller, key: Hashable) -> int:
        """Sync ``key`` of ``controller`` ``seconds`` from now; returns the moment (ms)."""
        at = self.now_ms + max(0, round(seconds * 1000))
        return self.at(at, controller, key)

    def at(self, at_ms: int, controller: Controller, key: Hashable) -> int:
        self._seq += 1
        heapq.heappush(self._timers, (max(at_ms, self.now_ms), self._seq,
                                      self._controllers.index(controller), key))
        return at_ms

    def next_timer(self) -> int | None:
        """When the next timer fires (ms), or None when nothing is scheduled."""
        return self._timers[0][0] if self._timers else None

    def settle(self) -> None:
        """Run the controllers until none has work, without moving the clock."""
        for _ in range(MAX_ROUNDS):
            busy = False
            for controller, queue in zip(self._controllers, self._queues, strict=True):
                if not queue:
                    continue
                busy = True
                keys = list(queue)
                queue.clear()
                for key in keys:
                    controller.sync(key)
            if not busy:
                return
        stuck = [c.name for c, q in zip(self._controllers, self._queues, strict=True) if q]
        self.problems.append(f"controllers did not settle at {clock.rfc3339(self.now_ms)}: {stuck}")
        for queue in self._queues:
            queue.clear()

    def advance(self, seconds: float) -> None:
        """Move the clock ``seconds`` forward, firing every timer due on the way."""
        self.advance_to(self.now_ms + max(0, round(seconds * 1000)))

    def advance_to(self, target_ms: int) -> None:
        self.settle()
        rounds = 0  # timer rounds at the current moment
        while self._timers and self._timers[0][0] <= target_ms:
            moment = self._timers[0][0]
            rounds = rounds + 1 if moment == self.now_ms else 1
            self.now_ms = moment
            if rounds > MAX_ROUNDS:
                # A controller that keeps setting timers for the moment it is at would hold
                # the clock here for ever: drop them and say so, as settle() does.
                stuck = sorted({self._controllers[t[2]].name for t in self._timers
                                if t[0] == moment})
                self.problems.append(
                    f"timers kept firing at {clock.rfc3339(moment)}: {stuck}")
                while self._timers and self._timers[0][0] == moment:
                    heapq.heappop(self._timers)
                continue
            while self._timers and self._timers[0][0] == moment:
                _, _, index, key = heapq.heappop(self._timers)
                self._queues[index][key] = None
            self.settle()
        self.now_ms = max(self.now_ms, target_ms)

    def run_until(self, done: Callable[[], bool], timeout_s: float) -> bool:
        """Advance timer by timer until ``done()`` or ``timeout_s`` passed; whether it was done."""
        self.settle()
        limit = self.now_ms + round(timeout_s * 1000)
        while not done():
            upcoming = self.next_timer()
            if upcoming is None or upcoming > limit:
                self.now_ms = max(self.now_ms, limit)
                return done()
            self.advance_to(upcoming)
        return True

    # --- names, uids, time --------------------------------------------------------------------

    def rng_for(self, namespace: str | None) -> random.Random:
        """The random stream for an object in ``namespace`` (see :attr:`system_rng`)."""
        from kubelearn.cluster.tree import SYSTEM_NAMESPACES

        return self.system_rng if namespace in SYSTEM_NAMESPACES else self.rng

    def uid(self, namespace: str | None = None) -> str:
        """``str(uuid.UUID(int=rng.getrandbits(128), version=4))``, spelled out: the
        version and variant bits as uuid sets them, the hex in its 8-4-4-4-12 groups."""
        n = self.rng_for(namespace).getrandbits(128) & _UUID_CLEAR | _UUID_SET
        h = f"{n:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def suffix(self, length: int = SUFFIX_LENGTH, namespace: str | None = None) -> str:
        rng = self.rng_for(namespace)
        return "".join(rng.choice(SUFFIX_ALPHABET) for _ in range(length))

    def timestamp(self) -> str:
        return clock.rfc3339(self.now_ms)

    # --- the API server's verbs ----------------------------------------------------------------

    def get(self, kind: str, namespace: str, name: str) -> dict:
        obj = self.store.get(kind, self._ns(kind, namespace), name)
        if obj is None:
            raise errors.not_found(BY_KIND[kind], name)
        return obj

    def find(self, kind: str, namespace: str, name: str) -> dict | None:
        return self.store.get(kind, self._ns(kind, namespace), name)

    def list(self, kind: str, namespace: str | None = None) -> list[dict]:
        return self.store.list(kind, None if namespace is None else self._ns(kind, namespace))

    def _ns(self, kind: str, namespace: str) -> str:
        resource = BY_KIND.get(kind)
        return namespace if resource is None or resource.namespaced else ""

    def create(self, obj: dict, *, owner: dict | None = None) -> dict:
        """Admit a new object: name it (``generateName``), give it a uid, timestamps and
        defaults, check the namespace exists and the limits hold, store it.

        ``obj`` is taken over (the caller hands in a fresh dict). The checker's validation
        happens before, in :mod:`kubelearn.cluster.admission`; this is what the API server
        adds to any create.
        """
        kind = obj.get("kind", "")
        resource = BY_KIND.get(kind)
        if resource is None:
            raise errors.bad_request(f'no matches for kind "{kind}" in the offline cluster')
        meta = obj.setdefault("metadata", {})
        obj.setdefault("apiVersion", resource.api_version)
        if resource.namespaced:
            meta.setdefault("namespace", "default")
            if self.store.get("Namespace", "", meta["namespace"]) is None:
                raise errors.not_found(BY_KIND["Namespace"], meta["namespace"])
        else:
            meta.pop("namespace", None)
        if not meta.get("name"):
            base = meta.get("generateName")
            if not base:
                raise errors.ApiError("Invalid", 422,
                                      f'{kind} "" is invalid: metadata.name: Required value: '
                                      "name or generateName is required")
            for _ in range(10):
                meta["name"] = base + self.suffix(namespace=meta.get("namespace"))
                if self.store.get(kind, meta.get("namespace", ""), meta["name"]) is None:
                    break
        if self.store.get(*key_of(obj)) is not None:
            raise errors.already_exists(resource, meta["name"])
        limit = self.max_pods if kind == "Pod" else MAX_OBJECTS
        if kind != "Event" and self.store.count(kind) >= limit:
            raise errors.forbidden(resource, meta["name"],
                                   f"the offline cluster holds at most {limit} {resource.plural}")
        meta["uid"] = self.uid(meta.get("namespace"))
        meta["creationTimestamp"] = self.timestamp()
        if "spec" in obj and kind not in ("Pod", "Service"):
            meta["generation"] = 1
        if owner is not None:
            meta["ownerReferences"] = [owner_reference(owner)]
        defaults.apply(obj)
        for hook in ADMISSION.get(kind, ()):
            hook(self, obj, None)
        return self.store.put(obj)

    def update(self, obj: dict, old: dict | None = None) -> dict:
        """Replace a stored object with ``obj`` (a user's change): keep its identity, bump
        ``generation`` when the spec changed, run the kind's update rules (immutable fields)."""
        kind, ns, name = key_of(obj)
        current = self.store.get(kind, ns, name)
        if current is None:
            raise errors.not_found(BY_KIND[kind], name)
        old = old if old is not None else current
        meta = obj["metadata"]
        for field in ("uid", "creationTimestamp", "ownerReferences", "deletionTimestamp",
                      "deletionGracePeriodSeconds", "finalizers"):
            if field in old["metadata"]:
                meta.setdefault(field, old["metadata"][field])
        for field in ("uid", "creationTimestamp"):  # rest.BeforeUpdate: the old one, always
            if field in old["metadata"]:
                meta[field] = old["metadata"][field]
        defaults.apply(obj)
        if "status" in old:
            obj["status"] = old["status"]
        if "generation" in old["metadata"]:
            changed = obj.get("spec") != old.get("spec")
            meta["generation"] = old["metadata"]["generation"] + (1 if changed else 0)
        for hook in ADMISSION.get(kind, ()):
            hook(self, obj, old)
        return self.store.put(obj)

    def write(self, obj: dict) -> dict:
        """Store a controller's change (status, replicas, annotations) to a stored object."""
        return self.store.put(obj)

    def delete(self, kind: str, namespace: str, name: str, *, grace_seconds: int | None = None,
               cascade: str = "background") -> dict:
        """Delete an object as the API server does. A Pod on a node gets a deletionTimestamp
        and is removed by its kubelet after it stopped (``grace_seconds`` overrides the Pod's
        grace period; 0 removes it at once). ``cascade`` is kubectl's flag: ``background``
        lets the garbage collector delete what the object owns, ``orphan`` keeps them."""
        obj = self.get(kind, namespace, name)
        meta = obj["metadata"]
        if cascade == "orphan":
            for dependent in self.store.dependents(meta["uid"]):
                refs = [r for r in dependent["metadata"].get("ownerReferences", [])
                        if r.get("uid") != meta["uid"]]
                if refs:
                    dependent["metadata"]["ownerReferences"] = refs
                else:
                    dependent["metadata"].pop("ownerReferences", None)
                self.store.put(dependent)
        if kind == "Pod" and obj.get("spec", {}).get("nodeName") and grace_seconds != 0:
            if "deletionTimestamp" not in meta:
                grace = obj["spec"].get("terminationGracePeriodSeconds", 30)
                grace = grace if grace_seconds is None else grace_seconds
                meta["deletionTimestamp"] = clock.rfc3339(self.now_ms + grace * 1000)
                meta["deletionGracePeriodSeconds"] = grace
                self.store.put(obj)
            return obj
        return self.store.remove(*key_of(obj)) or obj

    # --- events --------------------------------------------------------------------------

    def record(self, obj: dict, type_: str, reason: str, message: str, component: str,
               host: str | None = None) -> dict:
        """Record an Event about ``obj`` as client-go's recorder does: an identical event
        (same object, reason, message, source) bumps ``count`` and ``lastTimestamp``."""
        meta = obj["metadata"]
        source = {"component": component, **({"host": host} if host else {})}
        identity = (meta.get("uid"), type_, reason, message, component, host)
        now = self.timestamp()
        self._expire_events()
        event = self._event_index.get(identity)
        if event is not None and self.store.get(
            "Event", event["metadata"]["namespace"], event["metadata"]["name"]
        ) is event:
            event["count"] += 1
            event["lastTimestamp"] = now
            return self.store.put(event)
        namespace = meta.get("namespace") or "default"
        self._seq += 1
        event = {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {
                # client-go's recorder: "<object>.<UnixNano in hex>", 16 hex digits, so the
                # API server's name order is the events' time order.
                "name": f"{meta['name']}.{EPOCH_NS + self.now_ms * 1_000_000 + self._seq:x}",
                "namespace": namespace,
                "uid": self.uid(namespace),
                "creationTimestamp": now,
            },
            "involvedObject": {
                "apiVersion": obj.get("apiVersion", ""),
                "kind": obj["kind"],
                "name": meta["name"],
                "namespace": meta.get("namespace", ""),
                "uid": meta.get("uid", ""),
                "resourceVersion": meta.get("resourceVersion", ""),
            },
            "reason": reason,
            "message": message,
            "source": source,
            "firstTimestamp": now,
            "lastTimestamp": now,
            "count": 1,
            "type": type_,
            "reportingComponent": component,
            "reportingInstance": host or "",
        }
        if identity not in self._event_index:
            self._event_order.append(identity)
        self._event_index[identity] = event
        return self.store.put(event)

    def _expire_events(self) -> None:
        """Drop the oldest events past :data:`MAX_EVENTS` or older than the TTL; the
        recorder's own order (oldest first) makes this cost what it drops."""
        cutoff = clock.rfc3339(self.now_ms - EVENT_TTL_MS)
        while self._event_order:
            identity = self._event_order[0]
            event = self._event_index[identity]
            if len(self._event_order) < MAX_EVENTS and event["lastTimestamp"] >= cutoff:
                return
            self._event_order.popleft()
            del self._event_index[identity]
            meta = event["metadata"]
            self.store.remove("Event", meta["namespace"], meta["name"])

    def events_for(self, obj: dict) -> list[dict]:
        """The events about ``obj``, oldest first (what ``kubectl describe`` lists)."""
        uid = obj["metadata"].get("uid")
        ns = obj["metadata"].get("namespace") or "default"
        return [e for e in self.store.list("Event", ns) if e["involvedObject"].get("uid") == uid]


def owner_reference(owner: dict) -> dict:
    """The ownerReference a controller puts on what it creates (``controller: true``)."""
    return {
        "apiVersion": owner.get("apiVersion", BY_KIND[owner["kind"]].api_version),
        "kind": owner["kind"],
        "name": owner["metadata"]["name"],
        "uid": owner["metadata"]["uid"],
        "controller": True,
        "blockOwnerDeletion": True,
    }


#: What the API server checks or fills in for a kind on create (old is None) and update,
#: after the checker's validation: ``hook(cluster, obj, old)``, raising ApiError to refuse.
#: Modules register here (the Service IP allocator, immutable ConfigMaps, ...).
ADMISSION: dict[str, list[Callable[[Cluster, dict, dict | None], None]]] = {}


def admits(*kinds: str) -> Callable:
    """Register an admission hook for ``kinds``."""

    def register(hook: Callable[[Cluster, dict, dict | None], None]) -> Callable:
        for kind in kinds:
            ADMISSION.setdefault(kind, []).append(hook)
        return hook

    return register
