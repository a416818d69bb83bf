"""What the workloads tests share: builders shaped like the helpers of upstream's
deployment_controller_test.go (``rs``, ``newDeployment``), a cluster with only the
controllers a Deployment needs, and a stand-in for the kubelet.

The stand-in does the two things of a kubelet the Deployment and ReplicaSet controllers
react to, through the API as the kubelet does: a bound Pod becomes Running and Ready after
``ready_after`` seconds (never, for an image listed in ``broken``), and a terminating Pod is
removed after ``stop_after`` seconds. The real kubelet model (controllers/kubelet.py) is
another engineer's; these tests do not depend on it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from kubelearn.cluster import Cluster, clock
from kubelearn.cluster.controllers.deployment import DeploymentController
from kubelearn.cluster.controllers.garbage import GarbageCollector
from kubelearn.cluster.controllers.replicaset import ReplicaSetController
from kubelearn.cluster.controllers.scheduler import Scheduler
from kubelearn.cluster.store import key_of

_UIDS = itertools.count(1)


def rs(name: str, replicas: int, selector: dict | None = None, created_ms: int | None = None,
       available: int = 0) -> dict:
    """``rs(name, replicas, selector, timestamp)``: a ReplicaSet not stored anywhere."""
    meta: dict = {"name": name, "namespace": "default", "uid": f"uid-{name}-{next(_UIDS)}"}
    if created_ms is not None:
        meta["creationTimestamp"] = clock.rfc3339(created_ms)
    obj = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": meta,
           "spec": {"replicas": replicas, "selector": {"matchLabels": selector or {}},
                    "template": {}},
           "status": {}}
    if available:
        obj["status"]["availableReplicas"] = available
    return obj


def new_deployment(name: str, replicas: int | None, revision_history_limit: int | None = None,
                   max_surge: int | str | None = None, max_unavailable: int | str | None = None,
                   selector: dict | None = None, strategy: str = "RollingUpdate") -> dict:
    """``newDeployment``: maxSurge and maxUnavailable default to 0, as upstream's does."""
    spec: dict = {
        "strategy": {"type": strategy},
        "selector": {"matchLabels": dict(selector or {})},
        "template": {"metadata": {"labels": dict(selector or {})},
                     "spec": {"containers": [{"image": "foo/bar"}]}},
    }
    if strategy == "RollingUpdate":
        spec["strategy"]["rollingUpdate"] = {
            "maxSurge": 0 if max_surge is None else max_surge,
            "maxUnavailable": 0 if max_unavailable is None else max_unavailable,
        }
    if replicas is not None:
        spec["replicas"] = replicas
    if revision_history_limit is not None:
        spec["revisionHistoryLimit"] = revision_history_limit
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": "default", "uid": f"uid-{name}",
                         "annotations": {}, "generation": 1},
            "spec": spec, "status": {}}


class Recorder(DeploymentController):
    """The controller with upstream's fake clientset: ReplicaSet updates are recorded as
    actions (name, replicas) instead of sent, events are dropped (record.FakeRecorder)."""

    def __init__(self, cluster: Cluster) -> None:
        super().__init__(cluster)
        self.actions: list[tuple[str, int]] = []

    def _update_rs(self, rs: dict, spec_changed: bool) -> None:
        self.actions.append((rs["metadata"]["name"], rs["spec"]["replicas"]))

    def _event(self, d: dict, type_: str, reason: str, message: str) -> None:
        return None

    def _update_status(self, d: dict) -> None:
        return None


class KubeletStandIn:
    """A kubelet reduced to what the workload controllers see (see the module docstring)."""

    name = "kubelet"

    def __init__(self, cluster: Cluster, ready_after: float = 1.0, stop_after: float = 0.0,
                 broken: Iterable[str] = ()) -> None:
        self.cluster = cluster
        self.ready_after = ready_after
        self.stop_after = stop_after
        self.broken = set(broken)
        self._planned: dict[tuple[str, str], str] = {}

    def watches(self) -> dict:
        return {"Pod": self._changed}

    def _changed(self, pod: dict, deleted: bool) -> Iterable[tuple[str, str]]:
        key = (pod["metadata"]["namespace"], pod["metadata"]["name"])
        if deleted:
            self._planned.pop(key, None)
            return ()
        if "deletionTimestamp" in pod["metadata"]:
            if self._planned.get(key) != "stop":
                self._planned[key] = "stop"
                self.cluster.after(self.stop_after, self, key)
            return ()
        if pod["spec"].get("nodeName") and key not in self._planned:
            images = {c.get("image") for c in pod["spec"].get("containers", ())}
            if images & self.broken:
                self._planned[key] = "never"
                mark(pod, "Running", ready=False, now=self.cluster.timestamp())
                self.cluster.write(pod)
                return ()
            self._planned[key] = "start"
            self.cluster.after(self.ready_after, self, key)
        return ()

    def sync(self, key: tuple[str, str]) -> None:
        pod = self.cluster.store.get("Pod", *key)
        if pod is None:
            return
        if "deletionTimestamp" in pod["metadata"]:
            self.cluster.store.remove(*key_of(pod))
        elif self._planned.get(key) == "start" and pod.get("status", {}).get("phase") != "Running":
            mark(pod, "Running", ready=True, now=self.cluster.timestamp())
            self.cluster.write(pod)


def mark(pod: dict, phase: str, *, ready: bool, now: str) -> dict:
    """Set a Pod's phase and Ready condition as the kubelet reports them."""
    status = pod.setdefault("status", {})
    status["phase"] = phase
    conditions = [c for c in status.get("conditions", []) if c.get("type") != "Ready"]
    conditions.append({"type": "Ready", "status": "True" if ready else "False",
                       "lastProbeTime": None, "lastTransitionTime": now})
    status["conditions"] = conditions
    return pod


def workload_cluster(seed: int = 0, *, ready_after: float = 1.0, stop_after: float = 0.0,
                     broken: Iterable[str] = (), max_pods_per_node: int = 110) -> Cluster:
    """A cluster with the controllers a Deployment needs, in CONTROLLERS' order, the kubelet
    replaced by :class:`KubeletStandIn`."""
    cluster = Cluster(seed=seed, controllers=False, max_pods_per_node=max_pods_per_node)
    for make in (DeploymentController, ReplicaSetController, Scheduler):
        cluster.add_controller(make(cluster))
    cluster.add_controller(KubeletStandIn(cluster, ready_after, stop_after, broken))
    cluster.add_controller(GarbageCollector(cluster))
    cluster.settle()
    return cluster


def deployment_manifest(name: str = "web", replicas: int = 3, image: str = "nginx:1.27",
                        **spec: object) -> dict:
    """A Deployment as a learner writes it (the API server fills the defaults)."""
    body: dict = {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                  "template": {"metadata": {"labels": {"app": name}},
                               "spec": {"containers": [{"name": "app", "image": image}]}}}
    body.update(spec)
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": body}


def set_image(cluster: Cluster, name: str, image: str, ns: str = "default") -> dict:
    """``kubectl set image``: a template change through the API (a new generation)."""
    import copy

    d = copy.deepcopy(cluster.get("Deployment", ns, name))
    d["spec"]["template"]["spec"]["containers"][0]["image"] = image
    return cluster.update(d)


def scaling_events(cluster: Cluster) -> list[str]:
    return [e["message"] for e in cluster.list("Event") if e["reason"] == "ScalingReplicaSet"]
