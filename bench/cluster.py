"""How fast the offline cluster runs workloads: a whole rollout of a 1,000-replica Deployment,
a clock tick of a cluster with 100 Pods, and how a rollout's cost grows with the Pod count
(10, 100, 1,000, 10,000), printed per Pod and against n log n.

Every run uses the cluster as ``kubelearn play`` builds it (all controllers, the kubelet
model included), with ``max_pods_per_node`` raised so the two workers hold the Pods (kind's
110 would leave most of a 1,000-replica Deployment Pending).

Usage: .venv/bin/python bench/cluster.py [--largest N]
Prints figures only; nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import copy
import math
import statistics
import time

from kubelearn.cluster import Cluster, rollout


def manifest(replicas: int, image: str = "nginx:1.27") -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "web"}},
                                  "spec": {"containers": [{"name": "web", "image": image}]}}}}


def done(cluster: Cluster) -> bool:
    return rollout.status(cluster, cluster.get("Deployment", "default", "web"))[1]


def ready_cluster(replicas: int) -> Cluster:
    """A cluster whose Deployment ``web`` has ``replicas`` Pods ready."""
    cluster = Cluster(max_pods_per_node=max(110, replicas + replicas // 2),
                      max_pods=max(1_000, 2 * replicas))
    cluster.create(manifest(replicas))
    if not cluster.run_until(lambda: done(cluster), 3600):
        raise SystemExit(f"the first rollout of {replicas} replicas did not finish")
    return cluster


def timed_rollout(cluster: Cluster) -> tuple[float, int]:
    """Change the image and run the clock until the rollout finished: (wall s, virtual ms)."""
    d = copy.deepcopy(cluster.get("Deployment", "default", "web"))
    d["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.28"
    start_virtual = cluster.now_ms
    start = time.perf_counter()
    cluster.update(d)
    finished = cluster.run_until(lambda: done(cluster), 3600)
    wall = time.perf_counter() - start
    if not finished:
        raise SystemExit("the rollout did not finish within an hour of virtual time")
    return wall, cluster.now_ms - start_virtual


def tick(replicas: int, ticks: int) -> list[float]:
    """The wall time of ``advance(1)`` (one virtual second) in a settled cluster."""
    cluster = ready_cluster(replicas)
    cluster.advance(120)
    times = []
    for _ in range(ticks):
        start = time.perf_counter()
        cluster.advance(1)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--largest", type=int, default=10_000,
                        help="the largest Pod count of the growth series (default 10000)")
    args = parser.parse_args()

    cluster = ready_cluster(1000)
    wall, virtual = timed_rollout(cluster)
    events = sum(1 for e in cluster.list("Event") if e["reason"] == "ScalingReplicaSet")
    print(f"rollout of 1000 replicas (max_pods_per_node={cluster.max_pods_per_node}): "
          f"{wall:.3f} s wall for {virtual / 1000:.1f} s virtual, {events} scaling events")

    times = tick(100, 50)
    print(f"clock tick, 100 Pods: median {statistics.median(times) * 1000:.3f} ms, "
          f"max {max(times) * 1000:.3f} ms over {len(times)} ticks of 1 s")

    print("rollout cost by Pod count (n), per Pod and against n log n:")
    base = None
    for n in (10, 100, 1000, 10_000):
        if n > args.largest:
            break
        wall, virtual = timed_rollout(ready_cluster(n))
        per_nlogn = wall / (n * math.log2(n))
        base = base or per_nlogn
        print(f"  n={n:>6}: {wall:8.3f} s, {wall / n * 1e6:8.1f} us per Pod, "
              f"time / (n log n) = {per_nlogn / base:5.2f} x the n=10 figure")


if __name__ == "__main__":
    main()
