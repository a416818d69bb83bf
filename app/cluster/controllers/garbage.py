"""The garbage collector: deletes what a deleted object owned (background propagation).

pkg/controller/garbagecollector: a dependent whose every owner is gone is deleted; one that
still has a living owner stays. Pods go through graceful deletion like any other delete.
(``kubectl delete --cascade=orphan`` removes the ownerReferences first, see
:meth:`Cluster.delete`.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kubelearn.cluster.errors import ApiError
from kubelearn.cluster.resources import RESOURCES
from kubelearn.cluster.store import key_of

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster



class GarbageCollector:
    name = "garbage-collector"

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster

    def watches(self) -> dict:
        # Any object can own others (an ownerReference may name any kind), so every kind's
        # deletions are watched; events own nothing.
        return {r.kind: self._deleted for r in RESOURCES if r.kind != "Event"}

    @staticmethod
    def _deleted(obj: dict, deleted: bool) -> Iterable[str]:
        return (obj["metadata"]["uid"],) if deleted else ()

    def sync(self, uid: str) -> None:
        store = self.cluster.store
        for dependent in store.dependents(uid):
            refs = dependent["metadata"].get("ownerReferences") or []
            if any(store.by_uid(r.get("uid", "")) is not None for r in refs):
                continue
            if "deletionTimestamp" in dependent["metadata"]:
                continue
            kind, ns, name = key_of(dependent)
            try:
                self.cluster.delete(kind, ns, name)
            except ApiError:
                continue
