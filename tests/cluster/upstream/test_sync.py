"""sync_test.go's tables, case for case: TestScale (proportional scaling) and
TestDeploymentController_cleanupDeployment."""

from __future__ import annotations

import pytest
from cluster.upstream.helpers import Recorder, new_deployment, rs

from kubelearn.cluster import Cluster
from kubelearn.cluster import deployment_util as util

NEW, OLD, OLDER = 2 * 3600_000, 3600_000, 0  # 02:00, 01:00 and 00:00 of the upstream table


def _updated_template(replicas: int) -> dict:
    d = new_deployment("foo", replicas, None, None, None, {"foo": "bar"})
    d["spec"]["template"]["metadata"]["labels"]["another"] = "label"
    return d


def _broken_new() -> dict:
    return rs("foo-v2", 2, None, NEW, available=0)


# name, deployment, old deployment, new RS, old RSs, expected new, expected old,
# wasn't updated, desired-replicas annotations
SCALE = [
    ("normal scaling event: 10 -> 12", new_deployment("foo", 12), new_deployment("foo", 10),
     ("foo-v1", 10, NEW), [], 12, [], (), {}),
    ("normal scaling event: 10 -> 5", new_deployment("foo", 5), new_deployment("foo", 10),
     ("foo-v1", 10, NEW), [], 5, [], (), {}),
    ("proportional scaling: 5 -> 10", new_deployment("foo", 10), new_deployment("foo", 5),
     ("foo-v2", 2, NEW), [("foo-v1", 3, OLD)], 4, [6], (), {}),
    ("proportional scaling: 5 -> 3", new_deployment("foo", 3), new_deployment("foo", 5),
     ("foo-v2", 2, NEW), [("foo-v1", 3, OLD)], 1, [2], (), {}),
    ("proportional scaling: 9 -> 4", new_deployment("foo", 4), new_deployment("foo", 9),
     ("foo-v2", 8, NEW), [("foo-v1", 1, OLD)], 4, [0], (), {}),
    ("proportional scaling: 7 -> 10", new_deployment("foo", 10), new_deployment("foo", 7),
     ("foo-v3", 2, NEW), [("foo-v2", 3, OLD), ("foo-v1", 2, OLDER)], 3, [4, 3], (), {}),
    ("proportional scaling: 13 -> 8", new_deployment("foo", 8), new_deployment("foo", 13),
     ("foo-v3", 2, NEW), [("foo-v2", 8, OLD), ("foo-v1", 3, OLDER)], 1, [5, 2], (), {}),
    ("leftover distribution: 3 -> 4", new_deployment("foo", 4), new_deployment("foo", 3),
     ("foo-v3", 1, NEW), [("foo-v2", 1, OLD), ("foo-v1", 1, OLDER)], 2, [1, 1], (), {}),
    ("leftover distribution: 3 -> 2", new_deployment("foo", 2), new_deployment("foo", 3),
     ("foo-v3", 1, NEW), [("foo-v2", 1, OLD), ("foo-v1", 1, OLDER)], 1, [1, 0], (), {}),
    ("proportional scaling (no new rs): 4 -> 5", new_deployment("foo", 5), new_deployment("foo", 4),
     None, [("foo-v2", 2, OLD), ("foo-v1", 2, OLDER)], None, [3, 2], (), {}),
    ("proportional scaling: 6 -> 0", new_deployment("foo", 0), new_deployment("foo", 6),
     ("foo-v3", 3, NEW), [("foo-v2", 2, OLD), ("foo-v1", 1, OLDER)], 0, [0, 0], (), {}),
    ("proportional scaling: 0 -> 6", new_deployment("foo", 6), new_deployment("foo", 6),
     ("foo-v3", 0, NEW), [("foo-v2", 0, OLD), ("foo-v1", 0, OLDER)], 6, [0, 0],
     ("foo-v2", "foo-v1"), {}),
    ("failed rs update", new_deployment("foo", 5), new_deployment("foo", 5),
     ("foo-v3", 2, NEW), [("foo-v2", 1, OLD), ("foo-v1", 1, OLDER)], 2, [2, 1],
     ("foo-v3", "foo-v1"), {"foo-v2": 3}),
    ("deployment with surge pods", new_deployment("foo", 20, None, 2),
     new_deployment("foo", 10, None, 2), ("foo-v2", 6, NEW), [("foo-v1", 6, OLD)], 11, [11], (),
     {}),
    ("change both surge and size", new_deployment("foo", 50, None, 6),
     new_deployment("foo", 10, None, 3), ("foo-v2", 5, NEW), [("foo-v1", 8, OLD)], 22, [34], (),
     {}),
    ("change both size and template", _updated_template(14),
     new_deployment("foo", 10, None, None, None, {"foo": "bar"}), None,
     [("foo-v2", 7, NEW), ("foo-v1", 3, OLD)], None, [10, 4], (), {}),
    ("saturated but broken new replica set does not affect old pods",
     new_deployment("foo", 2, None, 1, 1), new_deployment("foo", 2, None, 1, 1), "broken",
     [("foo-v1", 1, OLD)], 2, [1], (), {}),
]


@pytest.mark.parametrize(("name", "d", "old_d", "new", "olds", "want_new", "want_old",
                          "not_updated", "desired"), SCALE, ids=[c[0] for c in SCALE])
def test_scale(name, d, old_d, new, olds, want_new, want_old, not_updated, desired) -> None:
    new_rs = _broken_new() if new == "broken" else (rs(*new) if new else None)
    old_rss = [rs(*o) for o in olds]
    for target in ([new_rs] if new_rs else []) + old_rss:
        want = desired.get(target["metadata"]["name"], util.replicas(old_d))
        util.set_replicas_annotations(target, want, want + util.max_surge(old_d))
    sizes = {t["metadata"]["name"]: util.replicas(t) for t in ([new_rs] if new_rs else []) + old_rss}
    dc = Recorder(Cluster(controllers=False))
    dc.scale(d, new_rs, old_rss)
    for rs_name, replicas in dc.actions:
        if rs_name not in not_updated:
            sizes[rs_name] = replicas
    if want_new is not None and new_rs is not None:
        assert sizes[new_rs["metadata"]["name"]] == want_new
    assert [sizes[o[0]] for o in olds] == want_old


class Deleter(Recorder):
    def __init__(self, cluster: Cluster) -> None:
        super().__init__(cluster)
        self.deleted: list[str] = []

    def _delete_rs(self, rs: dict) -> None:
        self.deleted.append(rs["metadata"]["name"])


def _with_status(name: str, spec: int, status: int, deleted: bool = False) -> dict:
    obj = rs(name, spec, {"foo": "bar"})
    obj["status"] = {"replicas": status}
    if deleted:
        obj["metadata"]["deletionTimestamp"] = "2025-06-02T09:00:00Z"
    return obj


# old RSs (name, spec, status[, deleted]), revisionHistoryLimit, deletions
CLEANUP = [
    ([("foo-1", 0, 0), ("foo-2", 0, 0), ("foo-3", 0, 0)], 1, 2),
    ([("foo-1", 0, 0), ("foo-2", 0, 1), ("foo-3", 1, 0), ("foo-4", 1, 1)], 0, 1),
    ([("foo-1", 0, 0), ("foo-2", 0, 0)], 0, 2),
    ([("foo-1", 1, 1), ("foo-2", 1, 1)], 0, 0),
    ([("foo-1", 0, 0, True)], 0, 0),
    ([("foo-1", 0, 0), ("foo-2", 0, 0), ("foo-3", 0, 0)], 2**31 - 1, 0),  # unlimited
]


@pytest.mark.parametrize(("olds", "limit", "deletions"), CLEANUP)
def test_cleanup_deployment(olds, limit, deletions) -> None:
    d = new_deployment("foo", 1, limit, None, None, {"foo": "bar"})
    dc = Deleter(Cluster(controllers=False))
    dc.cleanup_deployment([_with_status(*o) for o in olds], d)
    assert len(dc.deleted) == deletions
