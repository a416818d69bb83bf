"""ReplicaSets driven through the API: replacement, adoption and release, the scale-down
order, slow-start batches and refusals, and the status fields."""

from __future__ import annotations

import copy

import pytest
from cluster.upstream.helpers import mark, workload_cluster

from kubelearn.cluster import cluster as cluster_module
from kubelearn.cluster.controllers import replicaset
from kubelearn.cluster.store import controller_uid


def _replica_set(name: str = "front", replicas: int = 3, **spec: object) -> dict:
    body: dict = {"replicas": replicas, "selector": {"matchLabels": {"tier": name}},
                  "template": {"metadata": {"labels": {"tier": name}},
                               "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}
    body.update(spec)
    return {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": name},
            "spec": body}


def _messages(cluster, reason: str) -> list[str]:
    return [e["message"] for e in cluster.list("Event") if e["reason"] == reason]


def test_a_deleted_pod_is_replaced() -> None:
    cluster = workload_cluster()
    cluster.create(_replica_set())
    cluster.advance(5)
    victim = cluster.list("Pod")[0]["metadata"]["name"]
    cluster.delete("Pod", "default", victim)
    cluster.advance(5)
    names = [p["metadata"]["name"] for p in cluster.list("Pod")]
    assert victim not in names and len(names) == 3
    created = _messages(cluster, "SuccessfulCreate")
    assert len(created) == 4 and all(m.startswith("Created pod: front-") for m in created)
    rs = cluster.get("ReplicaSet", "default", "front")
    assert rs["status"] == {"replicas": 3, "fullyLabeledReplicas": 3, "readyReplicas": 3,
                            "availableReplicas": 3, "observedGeneration": 1}


def test_an_orphan_pod_with_matching_labels_is_adopted_and_counted() -> None:
    cluster = workload_cluster()
    cluster.create({"apiVersion": "v1", "kind": "Pod",
                    "metadata": {"name": "stray", "labels": {"tier": "front"}},
                    "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}})
    cluster.create(_replica_set(replicas=2))
    cluster.advance(5)
    stray = cluster.get("Pod", "default", "stray")
    rs = cluster.get("ReplicaSet", "default", "front")
    assert controller_uid(stray) == rs["metadata"]["uid"]
    assert len(cluster.list("Pod")) == 2


def test_a_pod_whose_labels_no_longer_match_is_released_and_replaced() -> None:
    cluster = workload_cluster()
    cluster.create(_replica_set(replicas=2))
    cluster.advance(5)
    pod = copy.deepcopy(cluster.list("Pod")[0])
    pod["metadata"]["labels"] = {"tier": "debug"}
    cluster.update(pod)
    cluster.advance(5)
    released = cluster.get("Pod", "default", pod["metadata"]["name"])
    assert "ownerReferences" not in released["metadata"]
    assert len(cluster.list("Pod")) == 3


def test_scale_down_deletes_pending_then_not_ready_then_newest() -> None:
    cluster = workload_cluster(ready_after=1000)
    cluster.create(_replica_set(replicas=4))
    cluster.settle()
    pods = cluster.list("Pod")
    now = cluster.timestamp()
    mark(pods[0], "Running", ready=True, now=now)
    mark(pods[1], "Running", ready=False, now=now)
    mark(pods[2], "Running", ready=True, now=now)
    mark(pods[3], "Pending", ready=False, now=now)
    for pod in pods:
        cluster.write(pod)
    cluster.settle()
    rs = copy.deepcopy(cluster.get("ReplicaSet", "default", "front"))
    rs["spec"]["replicas"] = 1
    cluster.update(rs)
    cluster.settle()
    deleted = [m.removeprefix("Deleted pod: ") for m in _messages(cluster, "SuccessfulDelete")]
    assert deleted[:2] == [pods[3]["metadata"]["name"], pods[1]["metadata"]["name"]]
    assert len(deleted) == 3


def test_rank_prefers_unscheduled_and_doubled_up_pods() -> None:
    def pod(name: str, node: str, uid: str) -> dict:
        return mark({"metadata": {"name": name, "uid": uid,
                                  "creationTimestamp": "2025-06-02T09:00:00Z"},
                     "spec": {"nodeName": node}}, "Running", ready=True,
                    now="2025-06-02T09:00:00Z")

    a, b, c = pod("a", "n1", "3"), pod("b", "n2", "2"), pod("c", "", "1")
    ranked = replicaset.rank_for_deletion([a, b, c], [2, 1, 0], 60_000)
    assert [p["metadata"]["name"] for p in ranked] == ["c", "a", "b"]


def test_slow_start_batches_double() -> None:
    assert replicaset.slow_start_batches(10) == [1, 2, 4, 3]
    assert replicaset.slow_start_batches(500) == [1, 2, 4, 8, 16, 32, 64, 128, 245]
    assert replicaset.slow_start_batches(0) == []


def test_creation_stops_at_the_api_servers_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster_module, "MAX_PODS", 5)
    cluster = workload_cluster()
    cluster.create(_replica_set(replicas=8))
    cluster.settle()
    assert len(cluster.list("Pod")) == 5
    failed = _messages(cluster, "FailedCreate")
    assert failed and failed[0].startswith("Error creating: pods ")
    assert failed[0].endswith("is forbidden: the offline cluster holds at most 5 pods")
    rs = cluster.get("ReplicaSet", "default", "front")
    failure = rs["status"]["conditions"][0]
    assert (failure["type"], failure["reason"]) == ("ReplicaFailure", "FailedCreate")
    # 1, 2, then a batch of 4 with room for 2: its two refused creations are both tried; the
    # set's own status write wakes it once more (one more refusal), then it waits for its
    # rate-limited retry.
    events = [e for e in cluster.list("Event") if e["reason"] == "FailedCreate"]
    assert sum(e["count"] for e in events) == 3
    cluster.advance(0.005)
    events = [e for e in cluster.list("Event") if e["reason"] == "FailedCreate"]
    assert sum(e["count"] for e in events) == 4


def test_burst_replicas_bounds_one_sync() -> None:
    cluster = workload_cluster(max_pods_per_node=1000)
    cluster.create(_replica_set(replicas=600))
    cluster.controller("replicaset-controller").sync(("default", "front"))
    assert len(cluster.list("Pod")) == 500
    cluster.settle()  # its own status write wakes it for the rest
    assert len(cluster.list("Pod")) == 600


def test_available_waits_for_min_ready_seconds() -> None:
    cluster = workload_cluster()
    cluster.create(_replica_set(replicas=2, minReadySeconds=10))
    cluster.advance(5)
    rs = cluster.get("ReplicaSet", "default", "front")
    assert rs["status"]["readyReplicas"] == 2 and "availableReplicas" not in rs["status"]
    cluster.advance(6)  # ready at 1 s, available once more than 10 s passed: checked at 12 s
    assert "availableReplicas" not in cluster.get("ReplicaSet", "default", "front")["status"]
    cluster.advance(1)
    assert cluster.get("ReplicaSet", "default", "front")["status"]["availableReplicas"] == 2
