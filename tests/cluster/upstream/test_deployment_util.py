"""util/deployment_util_test.go's tables, case for case: TestResolveFenceposts,
TestMaxUnavailable, TestNewRSNewReplicas, TestGetReplicaSetFraction,
TestGetNonNegativeInt32FromAnnotation, TestDeploymentComplete, TestDeploymentProgressing,
TestDeploymentTimedOut."""

from __future__ import annotations

import pytest
from cluster.upstream.helpers import rs

from kubelearn.cluster import clock
from kubelearn.cluster import deployment_util as util

# (maxSurge, maxUnavailable, desired, surge, unavailable, error)
FENCEPOSTS = [
    ("0%", "0%", 0, 0, 1, False),
    ("39%", "39%", 10, 4, 3, False),
    ("oops", "39%", 10, 0, 0, True),
    ("55%", "urg", 10, 0, 0, True),
    (None, "39%", 10, 0, 3, False),
    ("39%", None, 10, 4, 0, False),
    (None, None, 10, 0, 1, False),
]


@pytest.mark.parametrize(("surge", "unavailable", "desired", "want_surge", "want_unavailable",
                          "error"), FENCEPOSTS)
def test_resolve_fenceposts(surge, unavailable, desired, want_surge, want_unavailable,
                            error) -> None:
    if error:
        with pytest.raises(util.IntOrStringError):
            util.resolve_fenceposts(surge, unavailable, desired)
        return
    assert util.resolve_fenceposts(surge, unavailable, desired) == (want_surge, want_unavailable)


def _rolling(replicas: int | None, max_unavailable, max_surge=1, strategy="RollingUpdate") -> dict:
    spec: dict = {"strategy": {"type": strategy}}
    if strategy == "RollingUpdate":
        spec["strategy"]["rollingUpdate"] = {"maxSurge": max_surge,
                                             "maxUnavailable": max_unavailable}
    if replicas is not None:
        spec["replicas"] = replicas
    return {"metadata": {"name": "nginx", "generation": 0}, "spec": spec, "status": {}}


MAX_UNAVAILABLE = [
    ("maxUnavailable less than replicas", _rolling(10, 5), 5),
    ("maxUnavailable equal replicas", _rolling(10, 10), 10),
    ("maxUnavailable greater than replicas", _rolling(5, 10), 5),
    ("maxUnavailable with replicas is 0", _rolling(0, 10), 0),
    ("maxUnavailable with Recreate deployment strategy", _rolling(None, None, None, "Recreate"), 0),
    ("maxUnavailable less than replicas with percents", _rolling(10, "50%"), 5),
    ("maxUnavailable equal replicas with percents", _rolling(10, "100%"), 10),
    ("maxUnavailable greater than replicas with percents", _rolling(5, "100%"), 5),
]


@pytest.mark.parametrize(("name", "deployment", "expected"), MAX_UNAVAILABLE,
                         ids=[c[0] for c in MAX_UNAVAILABLE])
def test_max_unavailable(name: str, deployment: dict, expected: int) -> None:
    assert util.max_unavailable(deployment) == expected


# (name, strategy, deployment replicas, new RS replicas, maxSurge, expected)
NEW_RS_NEW_REPLICAS = [
    ("can not scale up - to newRSReplicas", "RollingUpdate", 1, 5, 1, 5),
    ("scale up - to depReplicas", "RollingUpdate", 6, 2, 10, 6),
    ("recreate - to depReplicas", "Recreate", 3, 1, 1, 3),
]


@pytest.mark.parametrize(("name", "strategy", "dep_replicas", "new_replicas", "surge", "expected"),
                         NEW_RS_NEW_REPLICAS, ids=[c[0] for c in NEW_RS_NEW_REPLICAS])
def test_new_rs_new_replicas(name, strategy, dep_replicas, new_replicas, surge, expected) -> None:
    d = _rolling(dep_replicas, 1, surge)
    d["spec"]["strategy"]["type"] = strategy
    rs5 = rs("rs5", 5)
    new = rs("new", new_replicas)
    assert util.new_rs_new_replicas(d, [rs5], new) == expected


# (name, deployment replicas, status replicas, maxSurge, rs replicas, annotations, fraction)
FRACTIONS = [
    ("empty deployment always scales to 0", 0, 0, 0, 10, None, -10),
    ("unsynced deployment does not scale when max-replicas annotation is missing", 10, 0, 0, 5,
     None, 0),
    ("unsynced deployment does not scale when max-replicas annotation is 0", 10, 0, 0, 5,
     {util.MAX_REPLICAS: "0"}, 0),
    ("scale up by 1/5 when max-replicas annotation is missing", 120, 100, 0, 50, None, 10),
    ("scale up by 1/5 when max-replicas annotation is 0", 120, 100, 0, 50,
     {util.MAX_REPLICAS: "0"}, 10),
    ("scale up by 1/5 should increase RS replicas by 1/5", 120, 0, 0, 50,
     {util.MAX_REPLICAS: "100"}, 10),
    ("scale up with maxSurge by 1/5", 120, 0, 10, 50, {util.MAX_REPLICAS: "110"}, 9),
    ("scale down by 1/6 should decrease RS replicas by 1/6", 10, 0, 0, 6,
     {util.MAX_REPLICAS: "12"}, -1),
    ("scale down with maxSurge by 1/6", 100, 0, 10, 50, {util.MAX_REPLICAS: "130"}, -8),
]


@pytest.mark.parametrize(("name", "replicas", "status_replicas", "surge", "rs_replicas", "notes",
                          "fraction"), FRACTIONS, ids=[c[0] for c in FRACTIONS])
def test_replica_set_fraction(name, replicas, status_replicas, surge, rs_replicas, notes,
                              fraction) -> None:
    d = _rolling(replicas, 1, surge)
    d["status"]["replicas"] = status_replicas
    target = rs("nginx", rs_replicas)
    if notes:
        target["metadata"]["annotations"] = dict(notes)
    assert util.replica_set_fraction(target, d) == fraction


# (name, annotations, value, valid)
NON_NEGATIVE = [
    ("invalid empty", None, 0, False),
    ("invalid", {"test": "invalid", "foo": "2"}, 0, False),
    ("invalid negative", {"test": "-1", "foo": "2"}, 0, False),
    ("valid zero", {"test": "0", "foo": "2"}, 0, True),
    ("valid", {"test": "13", "foo": "2"}, 13, True),
    ("valid max", {"test": str(2**31 - 1), "foo": "2"}, 2**31 - 1, True),
    ("invalid max out of range", {"test": str(2**31), "foo": "2"}, 0, False),
    ("invalid max out of range 2", {"test": str(2**32), "foo": "2"}, 0, False),
]


@pytest.mark.parametrize(("name", "notes", "value", "valid"), NON_NEGATIVE,
                         ids=[c[0] for c in NON_NEGATIVE])
def test_non_negative_int32_annotation(name, notes, value, valid) -> None:
    target = rs("nginx", 1)
    if notes is not None:
        target["metadata"]["annotations"] = notes
    assert util.non_negative_int32_annotation(target, "test") == (value, valid)


def _counts(desired, current, updated, available, max_unavailable, max_surge) -> dict:
    d = _rolling(desired, max_unavailable, max_surge)
    d["status"] = {"replicas": current, "updatedReplicas": updated,
                   "availableReplicas": available}
    return d


COMPLETE = [
    ("not complete: min but not all pods become available", _counts(5, 5, 5, 4, 1, 0), False),
    ("not complete: min availability is not honored", _counts(5, 5, 5, 3, 1, 0), False),
    ("complete", _counts(5, 5, 5, 5, 0, 0), True),
    ("not complete: all pods are available but not updated", _counts(5, 5, 4, 5, 0, 0), False),
    ("not complete: still running old pods", _counts(1, 2, 1, 1, 0, 1), False),
    ("not complete: one replica deployment never comes up", _counts(1, 1, 1, 0, 1, 1), False),
]


@pytest.mark.parametrize(("name", "deployment", "expected"), COMPLETE, ids=[c[0] for c in COMPLETE])
def test_deployment_complete(name: str, deployment: dict, expected: bool) -> None:
    assert util.deployment_complete(deployment, deployment["status"]) is expected


def _status(current, updated, ready, available) -> dict:
    return {"replicas": current, "updatedReplicas": updated, "readyReplicas": ready,
            "availableReplicas": available}


PROGRESSING = [
    ("progressing: updated pods", _status(10, 4, 4, 4), _status(10, 6, 4, 4), True),
    ("not progressing", _status(10, 4, 4, 4), _status(10, 4, 4, 4), False),
    ("progressing: old pods removed", _status(10, 4, 6, 6), _status(8, 4, 6, 6), True),
    ("not progressing: less new pods", _status(10, 7, 3, 3), _status(10, 6, 3, 3), False),
    ("progressing: less overall but more new pods", _status(10, 4, 7, 7), _status(8, 8, 5, 5),
     True),
    ("progressing: more ready pods", _status(10, 10, 9, 8), _status(10, 10, 10, 8), True),
    ("progressing: more available pods", _status(10, 10, 10, 9), _status(10, 10, 10, 10), True),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), PROGRESSING,
                         ids=[c[0] for c in PROGRESSING])
def test_deployment_progressing(name: str, old: dict, new: dict, expected: bool) -> None:
    assert util.deployment_progressing({"status": old}, new) is expected


def _since(reason: str, deadline: int | None, from_s: int) -> dict:
    spec = {} if deadline is None else {"progressDeadlineSeconds": deadline}
    return {"spec": spec, "status": {"conditions": [
        {"type": "Progressing", "status": "True", "reason": reason,
         "lastUpdateTime": clock.rfc3339(from_s * 1000)}]}}


TIMED_OUT = [
    ("nil progressDeadlineSeconds specified - no timeout", _since("", None, 69), 80, False),
    ("infinite progressDeadlineSeconds specified - no timeout", _since("", 2**31 - 1, 69), 80,
     False),
    ("progressDeadlineSeconds: 10s, now - started => 11s", _since("", 10, 69), 80, True),
    ("progressDeadlineSeconds: 10s, now - started => 9s", _since("", 10, 71), 80, False),
    ("previous status was a complete deployment", _since(util.NEW_RS_AVAILABLE, None, 0), 0, False),
]


@pytest.mark.parametrize(("name", "deployment", "now_s", "expected"), TIMED_OUT,
                         ids=[c[0] for c in TIMED_OUT])
def test_deployment_timed_out(name: str, deployment: dict, now_s: int, expected: bool) -> None:
    assert util.deployment_timed_out(deployment, deployment["status"], now_s * 1000) is expected
