"""The cluster's objects, as the API server's storage holds them: plain JSON-shaped dicts.

Objects are keyed by kind, namespace and name. The store keeps the indexes the controllers
ask most (the dependents of an owner, the Pods with a label), so that a sync costs what it
touches, not what the cluster holds. Every write bumps ``metadata.resourceVersion`` and tells
the watchers; iteration order is insertion order, never a set's, so the same commands give the
same output in every process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

#: (kind, namespace, name); the namespace is "" for a cluster-scoped object.
Key = tuple[str, str, str]
#: Called with the kind, the object and whether it was deleted, after every write.
Watcher = Callable[[str, dict, bool], None]


def key_of(obj: dict) -> Key:
    meta = obj["metadata"]
    return obj["kind"], meta.get("namespace", ""), meta["name"]


def controller_uid(obj: dict) -> str | None:
    """The uid of the object's controller (its ownerReference with ``controller: true``)."""
    for ref in obj["metadata"].get("ownerReferences") or ():
        if ref.get("controller"):
            return ref.get("uid")
    return None


class Store:
    def __init__(self) -> None:
        self._by_kind: dict[str, dict[tuple[str, str], dict]] = {}
        self._by_uid: dict[str, Key] = {}
        #: owner uid -> the keys of the objects it owns (any ownerReference), in creation order.
        self._dependents: dict[str, dict[Key, None]] = {}
        #: (namespace, label key, label value) -> the names of the Pods with that label.
        self._pod_labels: dict[tuple[str, str, Any], dict[str, None]] = {}
        self._indexed: dict[Key, tuple[str, tuple[str, ...], tuple]] = {}
        self._watchers: list[Watcher] = []
        self.resource_version = 0

    # --- reading -------------------------------------------------------------------------

    def get(self, kind: str, namespace: str, name: str) -> dict | None:
        return self._by_kind.get(kind, {}).get((namespace, name))

    def by_uid(self, uid: str) -> dict | None:
        key = self._by_uid.get(uid)
        return self.get(*key) if key else None

    def list(self, kind: str, namespace: str | None = None) -> list[dict]:
        """The objects of ``kind`` (in ``namespace``, or all), in creation order."""
        table = self._by_kind.get(kind, {})
        if namespace is None:
            return list(table.values())
        return [obj for (ns, _), obj in table.items() if ns == namespace]

    def count(self, kind: str) -> int:
        return len(self._by_kind.get(kind, {}))

    def kinds(self) -> list[str]:
        return list(self._by_kind)

    def dependents(self, uid: str) -> list[dict]:
        """The objects that name ``uid`` in an ownerReference."""
        out = []
        for key in self._dependents.get(uid, {}):
            obj = self.get(*key)
            if obj is not None:
                out.append(obj)
        return out

    def owned_pods(self, uid: str) -> list[dict]:
        return list(self.iter_owned_pods(uid))

    def iter_owned_pods(self, uid: str) -> Iterator[dict]:
        """The Pods whose controller is ``uid``, one at a time (a question such as "does it
        still own a Pod" stops at the first); do not write while iterating."""
        for key in self._dependents.get(uid, {}):
            obj = self.get(*key)
            if obj is not None and obj["kind"] == "Pod" and controller_uid(obj) == uid:
                yield obj

    def pods_with_labels(self, namespace: str, labels: dict[str, Any]) -> list[dict]:
        """The Pods in ``namespace`` that have every label of ``labels`` (a non-empty map)."""
        if not labels:
            return []
        sets = sorted(
            (self._pod_labels.get((namespace, k, v), {}) for k, v in labels.items()), key=len
        )
        if not sets[0]:
            return []
        rest = sets[1:]
        table = self._by_kind.get("Pod", {})
        return [table[(namespace, n)] for n in sets[0] if all(n in s for s in rest)]

    # --- writing -------------------------------------------------------------------------

    def watch(self, watcher: Watcher) -> None:
        self._watchers.append(watcher)

    def put(self, obj: dict) -> dict:
        """Store ``obj`` (new, or changed in place) and tell the watchers."""
        kind, ns, name = key = key_of(obj)
        self._unindex(key)
        self.resource_version += 1
        obj["metadata"]["resourceVersion"] = str(self.resource_version)
        self._by_kind.setdefault(kind, {})[(ns, name)] = obj
        self._index(key, obj)
        for watcher in self._watchers:
            watcher(kind, obj, False)
        return obj

    def remove(self, kind: str, namespace: str, name: str) -> dict | None:
        obj = self._by_kind.get(kind, {}).pop((namespace, name), None)
        if obj is None:
            return None
        self._unindex((kind, namespace, name))
        for watcher in self._watchers:
            watcher(kind, obj, True)
        return obj

    # --- indexes -------------------------------------------------------------------------
    # What each object was indexed under is remembered, because a writer may change an
    # object in place (a label, an ownerReference) before it calls put().

    def _index(self, key: Key, obj: dict) -> None:
        meta = obj["metadata"]
        owners = tuple(ref.get("uid", "") for ref in meta.get("ownerReferences") or ())
        labels = tuple(
            (k, v) for k, v in (meta.get("labels") or {}).items() if isinstance(v, str)
        ) if key[0] == "Pod" else ()
        self._indexed[key] = (meta["uid"], owners, labels)
        self._by_uid[meta["uid"]] = key
        for uid in owners:
            self._dependents.setdefault(uid, {})[key] = None
        for k, v in labels:
            self._pod_labels.setdefault((key[1], k, v), {})[key[2]] = None

    def _unindex(self, key: Key) -> None:
        indexed = self._indexed.pop(key, None)
        if indexed is None:
            return
        uid, owners, labels = indexed
        self._by_uid.pop(uid, None)
        for owner in owners:
            owned = self._dependents.get(owner)
            if owned is not None:
                owned.pop(key, None)
                if not owned:
                    del self._dependents[owner]
        for k, v in labels:
            names = self._pod_labels.get((key[1], k, v))
            if names is not None:
                names.pop(key[2], None)
                if not names:
                    del self._pod_labels[(key[1], k, v)]
