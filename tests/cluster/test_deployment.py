"""Deployments driven through the API, as a learner drives them: the rollouts, events,
conditions, revisions and history a real cluster shows (the kubelet is the stand-in of
cluster/upstream/helpers.py: Pods get ready one second after they are bound)."""

from __future__ import annotations

import copy

import pytest
from cluster.upstream.helpers import (
    deployment_manifest,
    scaling_events,
    set_image,
    workload_cluster,
)

from kubelearn.cluster import deployment_util as util
from kubelearn.cluster import rollout


def _rs_names(cluster) -> list[str]:
    return [rs["metadata"]["name"] for rs in cluster.list("ReplicaSet")]


def test_the_docs_three_replica_rollout() -> None:
    """The events of the docs' `kubectl describe deployment` after `set image`: new 1, old 2,
    new 2, old 1, new 3, old 0, worded as 1.33 words them."""
    cluster = workload_cluster()
    cluster.create(deployment_manifest("web", 3))
    cluster.advance(5)
    old = _rs_names(cluster)[0]
    set_image(cluster, "web", "nginx:1.28")
    cluster.advance(30)
    new = next(n for n in _rs_names(cluster) if n != old)
    assert scaling_events(cluster) == [
        f"Scaled up replica set {old} from 0 to 3",
        f"Scaled up replica set {new} from 0 to 1",
        f"Scaled down replica set {old} from 3 to 2",
        f"Scaled up replica set {new} from 1 to 2",
        f"Scaled down replica set {old} from 2 to 1",
        f"Scaled up replica set {new} from 2 to 3",
        f"Scaled down replica set {old} from 1 to 0",
    ]
    d = cluster.get("Deployment", "default", "web")
    assert d["metadata"]["annotations"][util.REVISION] == "2"
    assert {k: d["status"][k] for k in ("replicas", "updatedReplicas", "readyReplicas",
                                        "availableReplicas")} == dict.fromkeys(
        ("replicas", "updatedReplicas", "readyReplicas", "availableReplicas"), 3)
    conditions = {c["type"]: (c["status"], c["reason"]) for c in d["status"]["conditions"]}
    assert conditions == {"Available": ("True", "MinimumReplicasAvailable"),
                          "Progressing": ("True", "NewReplicaSetAvailable")}
    assert rollout.status(cluster, d) == ('deployment "web" successfully rolled out\n', True)


def test_new_replica_set_is_named_after_the_pod_template_hash() -> None:
    cluster = workload_cluster()
    cluster.create(deployment_manifest("web", 2))
    cluster.settle()
    rs = cluster.list("ReplicaSet")[0]
    pod_hash = rs["metadata"]["labels"][util.HASH_LABEL]
    assert rs["metadata"]["name"] == f"web-{pod_hash}"
    assert rs["spec"]["selector"]["matchLabels"] == {"app": "web", util.HASH_LABEL: pod_hash}
    assert rs["metadata"]["ownerReferences"][0]["kind"] == "Deployment"
    assert set(pod_hash) <= set("bcdfghjklmnpqrstvwxz2456789")
    for pod in cluster.list("Pod"):
        assert pod["metadata"]["name"].startswith(f"web-{pod_hash}-")
        assert pod["metadata"]["labels"][util.HASH_LABEL] == pod_hash


@pytest.mark.parametrize(("replicas", "surge", "unavailable", "most", "fewest"), [
    (10, 3, 2, 13, 8),
    (4, 0, 1, 4, 3),
    (5, "50%", "20%", 8, 4),
    (3, "25%", "25%", 4, 3),
])
def test_rolling_update_stays_within_surge_and_unavailable(replicas, surge, unavailable, most,
                                                           fewest) -> None:
    cluster = workload_cluster()
    cluster.create(deployment_manifest("web", replicas, strategy={
        "type": "RollingUpdate", "rollingUpdate": {"maxSurge": surge,
                                                   "maxUnavailable": unavailable}}))
    cluster.advance(5)
    seen = {"most": 0, "fewest": replicas}

    def count(kind: str, obj: dict, deleted: bool) -> None:
        if kind != "Pod":
            return
        alive = [p for p in cluster.list("Pod") if "deletionTimestamp" not in p["metadata"]]
        ready = [p for p in alive if p.get("status", {}).get("phase") == "Running"]
        seen["most"] = max(seen["most"], len(alive))
        seen["fewest"] = min(seen["fewest"], len(ready))

    cluster.store.watch(count)
    set_image(cluster, "web", "nginx:1.28")
    cluster.advance(120)
    seen_most, seen_fewest = seen["most"], seen["fewest"]
    assert (seen_most, seen_fewest) == (most, fewest)
    d = cluster.get("Deployment", "default", "web")
    assert rollout.status(cluster, d)[1]


def test_recreate_stops_every_old_pod_before_the_new_set_scales_up() -> None:
    cluster = workload_cluster(stop_after=10)
    cluster.create(deployment_manifest("web", 3, strategy={"type": "Recreate"}))
    cluster.advance(5)
    old = _rs_names(cluster)[0]
    set_image(cluster, "web", "nginx:1.28")
    cluster.settle()
    assert len(cluster.list("ReplicaSet")) == 1  # no new set while old Pods terminate
    assert scaling_events(cluster)[-1] == f"Scaled down replica set {old} from 3 to 0"
    cluster.advance(9)
    assert len(cluster.list("ReplicaSet")) == 1
    cluster.advance(1)
    new = next(n for n in _rs_names(cluster) if n != old)
    assert scaling_events(cluster)[-1] == f"Scaled up replica set {new} from 0 to 3"
    cluster.advance(5)
    assert rollout.status(cluster, cluster.get("Deployment", "default", "web"))[1]


def test_rollover_makes_the_unfinished_new_set_old_at_once() -> None:
    cluster = workload_cluster(ready_after=5)
    cluster.create(deployment_manifest("web", 4))
    cluster.advance(10)
    set_image(cluster, "web", "nginx:1.28")
    cluster.advance(1)
    set_image(cluster, "web", "nginx:1.29")
    cluster.advance(120)
    sets = {rs["spec"]["template"]["spec"]["containers"][0]["image"]: rs
            for rs in cluster.list("ReplicaSet")}
    assert util.replicas(sets["nginx:1.29"]) == 4
    assert util.replicas(sets["nginx:1.28"]) == 0 and util.replicas(sets["nginx:1.27"]) == 0
    assert util.revision(sets["nginx:1.29"]) == 3


def test_scaling_mid_rollout_is_proportional() -> None:
    """sync.go scale: 10 replicas mid-rollout scaled to 20 grows both sets by their share."""
    cluster = workload_cluster(ready_after=30)
    cluster.create(deployment_manifest("web", 10, strategy={
        "type": "RollingUpdate", "rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}}))
    cluster.advance(40)
    set_image(cluster, "web", "nginx:1.28")
    cluster.settle()
    sizes = sorted(util.replicas(rs) for rs in cluster.list("ReplicaSet"))
    assert sizes == [5, 8]  # new up by 5 (surge 3 + unavailable 2), old down by 2
    d = copy.deepcopy(cluster.get("Deployment", "default", "web"))
    d["spec"]["replicas"] = 20
    cluster.update(d)
    cluster.settle()
    by_image = {rs["spec"]["template"]["spec"]["containers"][0]["image"]: util.replicas(rs)
                for rs in cluster.list("ReplicaSet")}
    # allowed 23 for 13 Pods: old 8*23/13 = 14.15 -> 14, new 5*23/13 = 8.8 -> 9
    assert by_image == {"nginx:1.27": 14, "nginx:1.28": 9}
    for rs in cluster.list("ReplicaSet"):
        assert util.annotations(rs)[util.DESIRED_REPLICAS] == "20"
        assert util.annotations(rs)[util.MAX_REPLICAS] == "23"


def test_an_image_that_never_becomes_ready_times_out_and_undo_recovers() -> None:
    cluster = workload_cluster(broken=["nginx:broken"])
    cluster.create(deployment_manifest("web", 3))
    cluster.advance(5)
    set_image(cluster, "web", "nginx:broken")
    cluster.advance(600)
    d = cluster.get("Deployment", "default", "web")
    progressing = util.condition(d["status"], "Progressing")
    assert progressing["reason"] == "ReplicaSetUpdated"
    assert rollout.status(cluster, d) == (
        'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been '
        "updated...\n", False)
    cluster.advance(2)  # the deadline passed one second before the controller looked
    d = cluster.get("Deployment", "default", "web")
    progressing = util.condition(d["status"], "Progressing")
    assert (progressing["status"], progressing["reason"]) == ("False", "ProgressDeadlineExceeded")
    assert progressing["message"].endswith("has timed out progressing.")
    with pytest.raises(rollout.RolloutError) as refused:
        rollout.status(cluster, d)
    assert refused.value.message == 'error: deployment "web" exceeded its progress deadline'
    assert rollout.undo(cluster, d) == "rolled back"
    cluster.advance(30)
    d = cluster.get("Deployment", "default", "web")
    assert rollout.status(cluster, d)[1]
    assert d["metadata"]["annotations"][util.REVISION] == "3"
    first = next(rs for rs in cluster.list("ReplicaSet")
                 if rs["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.27")
    assert util.annotations(first)[util.REVISION] == "3"
    assert util.annotations(first)[util.REVISION_HISTORY] == "1"
    assert [r.number for r in rollout.history(cluster, d)] == [2, 3]


def test_old_sets_beyond_the_revision_history_limit_are_deleted() -> None:
    cluster = workload_cluster()
    cluster.create(deployment_manifest("web", 1, revisionHistoryLimit=2))
    for tag in range(2, 7):
        cluster.advance(10)
        set_image(cluster, "web", f"nginx:1.{tag}")
    cluster.advance(10)
    revisions = sorted(util.revision(rs) for rs in cluster.list("ReplicaSet"))
    assert revisions == [4, 5, 6]


def test_pause_holds_template_changes_and_resume_rolls_them_out() -> None:
    cluster = workload_cluster()
    cluster.create(deployment_manifest("web", 2))
    cluster.advance(5)
    assert rollout.pause(cluster, cluster.get("Deployment", "default", "web")) == "paused"
    with pytest.raises(rollout.RolloutError) as refused:
        rollout.pause(cluster, cluster.get("Deployment", "default", "web"))
    assert refused.value.message == 'error: deployments.apps "web" is already paused'
    set_image(cluster, "web", "nginx:1.28")
    cluster.advance(30)
    assert len(cluster.list("ReplicaSet")) == 1
    d = cluster.get("Deployment", "default", "web")
    cond = util.condition(d["status"], "Progressing")
    assert (cond["status"], cond["reason"], cond["message"]) == (
        "Unknown", "DeploymentPaused", "Deployment is paused")
    with pytest.raises(rollout.RolloutError):
        rollout.undo(cluster, d)
    assert rollout.resume(cluster, d) == "resumed"
    cluster.advance(30)
    assert len(cluster.list("ReplicaSet")) == 2
    assert rollout.status(cluster, cluster.get("Deployment", "default", "web"))[1]


def test_restart_replaces_every_pod() -> None:
    cluster = workload_cluster()
    cluster.create(deployment_manifest("web", 2))
    cluster.advance(5)
    before = {p["metadata"]["name"] for p in cluster.list("Pod")}
    assert rollout.restart(cluster, cluster.get("Deployment", "default", "web")) == "restarted"
    cluster.advance(30)
    after = {p["metadata"]["name"] for p in cluster.list("Pod")}
    assert before.isdisjoint(after) and len(after) == 2
    d = cluster.get("Deployment", "default", "web")
    assert d["spec"]["template"]["metadata"]["annotations"][rollout.RESTARTED_AT] == \
        "2025-06-02T09:00:05Z"


def test_undo_to_the_current_template_is_skipped_and_unknown_revisions_refused() -> None:
    cluster = workload_cluster()
    cluster.create(deployment_manifest("web", 1))
    cluster.advance(5)
    set_image(cluster, "web", "nginx:1.28")
    cluster.advance(10)
    d = cluster.get("Deployment", "default", "web")
    assert rollout.undo(cluster, d, 2) == \
        "skipped rollback (current template already matches revision 2)"
    with pytest.raises(rollout.RolloutError) as refused:
        rollout.undo(cluster, d, 7)
    assert refused.value.message == "error: unable to find specified revision 7 in history"
    template = rollout.history(cluster, d, 1)
    assert template["spec"]["containers"][0]["image"] == "nginx:1.27"


def test_available_condition_follows_min_availability() -> None:
    cluster = workload_cluster(ready_after=5)
    cluster.create(deployment_manifest("web", 4))
    cluster.settle()
    d = cluster.get("Deployment", "default", "web")
    cond = util.condition(d["status"], "Available")
    assert (cond["status"], cond["reason"]) == ("False", "MinimumReplicasUnavailable")
    assert cond["message"] == "Deployment does not have minimum availability."
    assert rollout.status(cluster, d)[0] == \
        'Waiting for deployment "web" rollout to finish: 0 of 4 updated replicas are available...\n'
    cluster.advance(5)
    d = cluster.get("Deployment", "default", "web")
    cond = util.condition(d["status"], "Available")
    assert (cond["status"], cond["reason"]) == ("True", "MinimumReplicasAvailable")


def test_watch_prints_each_change_until_done() -> None:
    cluster = workload_cluster()
    cluster.create(deployment_manifest("web", 3))
    cluster.advance(5)
    set_image(cluster, "web", "nginx:1.28")
    lines, done = rollout.watch(cluster, cluster.get("Deployment", "default", "web"), 60)
    assert done
    assert lines[0] == ('Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas '
                        "have been updated...\n")
    assert lines[-1] == 'deployment "web" successfully rolled out\n'
    assert 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending ' \
           "termination...\n" in lines


def test_a_selector_that_selects_everything_is_refused_with_an_event() -> None:
    cluster = workload_cluster()
    manifest = deployment_manifest("web", 1)
    d = cluster.create(manifest)
    d["spec"]["selector"] = {}
    cluster.write(d)
    cluster.settle()
    reasons = [e["reason"] for e in cluster.events_for(d)]
    assert "SelectingAll" in reasons
