"""rolling_test.go's tables, case for case, against the controller with upstream's fake
clientset (:class:`Recorder`): TestDeploymentController_reconcileNewReplicaSet,
_reconcileOldReplicaSets, _cleanupUnhealthyReplicas and
_scaleDownOldReplicaSetsForRollingUpdate."""

from __future__ import annotations

import pytest
from cluster.upstream.helpers import Recorder, new_deployment, rs

from kubelearn.cluster import Cluster


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return Cluster(controllers=False)


# (deployment replicas, maxSurge, old replicas, new replicas, scale expected, expected new)
RECONCILE_NEW = [
    (10, 0, 10, 0, False, None),  # should not scale up
    (10, 2, 10, 0, True, 2),
    (10, 2, 5, 0, True, 7),
    (10, 2, 10, 2, False, None),
    (10, 2, 2, 11, True, 10),  # should scale down
]


@pytest.mark.parametrize(("replicas", "surge", "old", "new", "scale", "expected"), RECONCILE_NEW)
def test_reconcile_new_replica_set(cluster, replicas, surge, old, new, scale, expected) -> None:
    new_rs = rs("foo-v2", new)
    old_rs = rs("foo-v2", old)
    d = new_deployment("foo", replicas, None, surge, 0, {"foo": "bar"})
    dc = Recorder(cluster)
    scaled = dc.reconcile_new_replica_set([new_rs, old_rs], new_rs, d)
    if not scale:
        assert not scaled and dc.actions == []
        return
    assert scaled
    assert dc.actions == [("foo-v2", expected)]


# (deployment replicas, maxUnavailable, old replicas, new replicas, ready old, ready new,
#  scale expected, expected old)
RECONCILE_OLD = [
    (10, 0, 10, 0, 10, 0, True, 9),
    (10, 2, 10, 0, 10, 0, True, 8),
    (10, 2, 10, 0, 8, 0, True, 8),  # unhealthy replicas of old sets cleaned up
    (10, 2, 10, 0, 9, 0, True, 8),  # one unhealthy cleaned up, one ready scaled down
    (10, 2, 8, 2, 8, 0, False, None),  # unavailable new Pods keep old sets from shrinking
]


@pytest.mark.parametrize(("replicas", "unavailable", "old", "new", "ready_old", "ready_new",
                          "scale", "expected"), RECONCILE_OLD)
def test_reconcile_old_replica_sets(cluster, replicas, unavailable, old, new, ready_old,
                                    ready_new, scale, expected) -> None:
    new_rs = rs("foo-new", new, {"foo": "new"}, available=ready_new)
    old_rs = rs("foo-old", old, {"foo": "old"}, available=ready_old)
    d = new_deployment("foo", replicas, None, 0, unavailable, {"foo": "new"})
    dc = Recorder(cluster)
    scaled = dc.reconcile_old_replica_sets([old_rs, new_rs], [old_rs], new_rs, d)
    assert scaled is scale
    if scale:
        assert dc.actions[-1] == ("foo-old", expected)
    else:
        assert dc.actions == []


# (old replicas, ready pods, unhealthy pods, max cleanup, cleaned up)
CLEANUP_UNHEALTHY = [
    (10, 8, 2, 1, 1),
    (10, 8, 2, 3, 2),
    (10, 8, 2, 0, 0),
    (10, 10, 0, 3, 0),
]


@pytest.mark.parametrize(("old", "ready", "unhealthy", "max_cleanup", "expected"),
                         CLEANUP_UNHEALTHY)
def test_cleanup_unhealthy_replicas(cluster, old, ready, unhealthy, max_cleanup, expected) -> None:
    old_rs = rs("foo-v2", old, available=ready)
    d = new_deployment("foo", 10, None, 2, 2, None)
    dc = Recorder(cluster)
    _, cleaned = dc.cleanup_unhealthy_replicas([old_rs], d, max_cleanup)
    assert cleaned == expected
    assert dc.actions == ([("foo-v2", old - expected)] if expected else [])


# (deployment replicas, maxUnavailable, ready pods, old replicas, scale expected, expected old)
SCALE_DOWN_OLD = [
    (10, 0, 10, 10, True, 9),
    (10, 2, 10, 10, True, 8),
    (10, 2, 8, 10, False, None),
    (10, 2, 10, 0, False, None),
    (10, 2, 1, 10, False, None),
]


@pytest.mark.parametrize(("replicas", "unavailable", "ready", "old", "scale", "expected"),
                         SCALE_DOWN_OLD)
def test_scale_down_old_replica_sets_for_rolling_update(cluster, replicas, unavailable, ready,
                                                        old, scale, expected) -> None:
    old_rs = rs("foo-v2", old, available=ready)
    d = new_deployment("foo", replicas, None, 0, unavailable, {"foo": "bar"})
    dc = Recorder(cluster)
    scaled = dc.scale_down_old_replica_sets_for_rolling_update([old_rs], [old_rs], d)
    if not scale:
        assert scaled == 0
        return
    assert scaled > 0
    assert dc.actions == [("foo-v2", expected)]
