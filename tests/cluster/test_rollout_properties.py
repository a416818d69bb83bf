"""Properties of rollouts over random Deployments and updates (Hypothesis): never more than
replicas + maxSurge Pods that are not terminating, never fewer than replicas - maxUnavailable
available once the rollout reached it, every rollout completes when its images become ready,
and the same seed gives the same history."""

from __future__ import annotations

import copy

from cluster.upstream.helpers import deployment_manifest, set_image, workload_cluster
from fuzzing import examples, fuzz
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kubelearn.cluster import deployment_util as util
from kubelearn.cluster import rollout

fences = st.one_of(st.integers(0, 4), st.sampled_from(["0%", "10%", "25%", "50%", "100%"]))
strategies = st.builds(
    lambda surge, unavailable: {"type": "RollingUpdate",
                                "rollingUpdate": {"maxSurge": surge, "maxUnavailable": unavailable}},
    fences, fences) | st.just({"type": "Recreate"})
updates = st.lists(st.one_of(st.tuples(st.just("image"), st.integers(1, 50)),
                             st.tuples(st.just("scale"), st.integers(0, 12))),
                   min_size=1, max_size=4)
gaps = st.lists(st.floats(0, 20, allow_nan=False), min_size=4, max_size=4)


def _zero(value) -> bool:
    return value in (0, "0%")


def _bounds(d: dict) -> tuple[int, int]:
    """(most Pods not terminating, fewest available) the controller promises for ``d``."""
    return util.replicas(d) + util.max_surge(d), util.replicas(d) - util.max_unavailable(d)


def _alive(cluster) -> list[dict]:
    return [p for p in cluster.list("Pod") if "deletionTimestamp" not in p["metadata"]]


def _available(cluster) -> int:
    return sum(1 for p in _alive(cluster) if p.get("status", {}).get("phase") == "Running")


def _run(seed: int, replicas: int, strategy: dict, steps: list, pauses: list[float],
         ready_after: float, check: bool = True) -> list[str]:
    """Create, update as ``steps`` say with ``pauses`` between, and check the promises at the
    end of every instant; returns the cluster's history (events and Pod names)."""
    cluster = workload_cluster(seed, ready_after=ready_after, stop_after=ready_after / 2)
    cluster.create(deployment_manifest("web", replicas, strategy=strategy))
    reached = False
    only_images = all(kind == "image" for kind, _ in steps)

    def look() -> None:
        nonlocal reached
        d = cluster.get("Deployment", "default", "web")
        most, fewest = _bounds(d)
        alive = len(_alive(cluster))
        if check and util.is_rolling_update(d):
            assert alive <= most, (alive, most)
            if reached and only_images:
                assert _available(cluster) >= fewest
        if _available(cluster) >= fewest and util.deployment_complete(d, d.get("status") or {}):
            reached = True

    def wait(seconds: float) -> None:
        cluster.settle()
        look()
        limit = cluster.now_ms + round(seconds * 1000)
        while cluster.next_timer() is not None and cluster.next_timer() <= limit:
            cluster.advance_to(cluster.next_timer())
            look()
        cluster.advance_to(limit)

    wait(60)
    for (kind, value), pause in zip(steps, pauses, strict=False):
        d = copy.deepcopy(cluster.get("Deployment", "default", "web"))
        if kind == "image":
            set_image(cluster, "web", f"nginx:1.{value}")
        else:
            d["spec"]["replicas"] = value
            cluster.update(d)
        wait(pause)
    wait(600)
    d = cluster.get("Deployment", "default", "web")
    if check:
        assert rollout.status(cluster, d)[1], d["status"]
        image = d["spec"]["template"]["spec"]["containers"][0]["image"]
        alive = _alive(cluster)
        assert len(alive) == util.replicas(d)
        assert all(p["spec"]["containers"][0]["image"] == image for p in alive)
    return [e["message"] for e in cluster.list("Event")] + \
        [p["metadata"]["name"] for p in cluster.list("Pod")]


@fuzz
@settings(max_examples=examples(60), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**16), replicas=st.integers(1, 10), strategy=strategies,
       steps=updates, pauses=gaps, ready_after=st.floats(0.1, 15, allow_nan=False))
def test_rollouts_keep_their_promises_and_complete(seed, replicas, strategy, steps, pauses,
                                                   ready_after) -> None:
    rolling = strategy.get("rollingUpdate")
    assume(rolling is None or not (_zero(rolling["maxSurge"]) and _zero(rolling["maxUnavailable"])))
    _run(seed, replicas, strategy, steps, pauses, ready_after)


@settings(max_examples=examples(10), deadline=None)
@given(seed=st.integers(0, 2**16), steps=updates, pauses=gaps)
def test_the_same_seed_gives_the_same_history(seed, steps, pauses) -> None:
    strategy = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 1}}
    first = _run(seed, 4, strategy, steps, pauses, 2.0, check=False)
    assert _run(seed, 4, strategy, steps, pauses, 2.0, check=False) == first
