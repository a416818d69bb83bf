"""The Deployment controller (pkg/controller/deployment/): deployment_controller.go's sync
loop, rolling.go, recreate.go, sync.go (new ReplicaSets, revisions, proportional scaling,
clean-up, status) and progress.go (the Progressing condition and its deadline).

Each method keeps its upstream name in snake case and does what the Go function does, in the
same order, so a rollout shows the replica counts, events and conditions a real cluster
shows. The controller changes only ReplicaSets and the Deployment's status and revision
annotation; Pods are the ReplicaSet controller's.

Not modelled: ``spec.rollbackTo`` (extensions/v1beta1 only; ``kubectl rollout undo`` patches
the template instead, see :mod:`kubelearn.cluster.rollout`) and the alpha
``status.terminatingReplicas`` (feature gate off by default in 1.33).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kubelearn.cluster import clock, pods
from kubelearn.cluster import deployment_util as util
from kubelearn.cluster.errors import ApiError
from kubelearn.cluster.store import controller_uid

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

Key = tuple[str, str]
COMPONENT = "deployment-controller"


class DeploymentController:
    name = "deployment-controller"

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        #: When each Deployment's progress check is scheduled (requeueStuckDeployment).
        self._progress_checks: dict[Key, int] = {}

    # --- what wakes a Deployment up (deployment_controller.go event handlers) -----------------

    def watches(self) -> dict:
        return {"Deployment": self._deployment_changed, "ReplicaSet": self._rs_changed,
                "Pod": self._pod_deleted}

    @staticmethod
    def _deployment_changed(d: dict, deleted: bool) -> Iterable[Key]:
        return ((d["metadata"]["namespace"], d["metadata"]["name"]),)

    def _owner_key(self, obj: dict) -> Key | None:
        """resolveControllerRef: the Deployment that controls ``obj``, if it still exists."""
        uid = controller_uid(obj)
        owner = self.cluster.store.by_uid(uid) if uid else None
        if owner is None or owner["kind"] != "Deployment":
            return None
        return owner["metadata"]["namespace"], owner["metadata"]["name"]

    def _rs_changed(self, rs: dict, deleted: bool) -> Iterable[Key]:
        """addReplicaSet/updateReplicaSet/deleteReplicaSet: the controlling Deployment, or for
        an orphan every Deployment of the namespace that selects it (it may adopt it)."""
        key = self._owner_key(rs)
        if key is not None:
            return (key,)
        if controller_uid(rs) is not None or deleted:
            return ()
        ns = rs["metadata"]["namespace"]
        labels = rs["metadata"].get("labels") or {}
        return [(ns, d["metadata"]["name"]) for d in self.cluster.store.list("Deployment", ns)
                if _selects(d, labels)]

    def _pod_deleted(self, pod: dict, deleted: bool) -> Iterable[Key]:
        """deletePod: a Recreate Deployment waits for its last old Pod to go."""
        if not deleted:
            return ()
        uid = controller_uid(pod)
        rs = self.cluster.store.by_uid(uid) if uid else None
        if rs is None or rs["kind"] != "ReplicaSet":
            return ()
        key = self._owner_key(rs)
        if key is None:
            return ()
        d = self.cluster.store.get("Deployment", *key)
        if d is None or (d["spec"].get("strategy") or {}).get("type") != "Recreate":
            return ()
        for owned in self.cluster.store.dependents(d["metadata"]["uid"]):
            if owned["kind"] == "ReplicaSet" and next(self.cluster.store.iter_owned_pods(
                    owned["metadata"]["uid"]), None) is not None:
                return ()
        return (key,)

    # --- syncDeployment ----------------------------------------------------------------------

    def sync(self, key: Key) -> None:
        d = self.cluster.store.get("Deployment", *key)
        if d is None:
            self._progress_checks.pop(key, None)
            return
        selector = d["spec"].get("selector")
        if not isinstance(selector, dict) or not (selector.get("matchLabels")
                                                  or selector.get("matchExpressions")):
            self._event(d, "Warning", "SelectingAll",
                        "This deployment is selecting all pods. A non-empty selector is required.")
            status = d.setdefault("status", {})
            if status.get("observedGeneration", 0) < d["metadata"].get("generation", 0):
                status["observedGeneration"] = d["metadata"]["generation"]
                self._update_status(d)
            return
        rs_list = self._claim_replica_sets(d)
        if "deletionTimestamp" in d["metadata"]:
            new_rs, old_rss = self.get_all_replica_sets_and_sync_revision(d, rs_list, False)
            self.sync_deployment_status([*old_rss, new_rs], new_rs, d)
            return
        self.check_paused_conditions(d)
        if d["spec"].get("paused"):
            self.sync_scale(d, rs_list)
            return
        if self.is_scaling_event(d, rs_list):
            self.sync_scale(d, rs_list)
            return
        if (d["spec"].get("strategy") or {}).get("type") == "Recreate":
            self.rollout_recreate(d, rs_list)
        else:
            self.rollout_rolling(d, rs_list)

    def _claim_replica_sets(self, d: dict) -> list[dict]:
        """ClaimReplicaSets: the sets this Deployment controls and still selects, adopting
        matching orphans and releasing sets whose labels no longer match."""
        meta = d["metadata"]
        uid = meta["uid"]
        deleting = "deletionTimestamp" in meta
        claimed = []
        for rs in sorted(self.cluster.store.list("ReplicaSet", meta["namespace"]), key=util.by_creation):
            labels = rs["metadata"].get("labels") or {}
            owner = controller_uid(rs)
            if owner == uid:
                if _selects(d, labels):
                    claimed.append(rs)
                elif not deleting:
                    refs = [r for r in rs["metadata"].get("ownerReferences") or ()
                            if r.get("uid") != uid]
                    rs["metadata"]["ownerReferences"] = refs
                    if not refs:
                        del rs["metadata"]["ownerReferences"]
                    self.cluster.write(rs)
            elif owner is None and not deleting and _selects(d, labels) \
                    and "deletionTimestamp" not in rs["metadata"]:
                from kubelearn.cluster.cluster import owner_reference

                rs["metadata"].setdefault("ownerReferences", []).append(owner_reference(d))
                self.cluster.write(rs)
                claimed.append(rs)
        return claimed

    # --- writes (the fake clientset of the upstream tests replaces these) -----------------------

    def _update_rs(self, rs: dict, spec_changed: bool) -> None:
        """ReplicaSets().Update: the API server bumps generation when the spec changed."""
        if spec_changed:
            rs["metadata"]["generation"] = rs["metadata"].get("generation", 0) + 1
        self.cluster.write(rs)

    def _update_status(self, d: dict) -> None:
        self.cluster.write(d)

    def _event(self, d: dict, type_: str, reason: str, message: str) -> None:
        self.cluster.record(d, type_, reason, message, COMPONENT)

    def _now(self) -> str:
        return self.cluster.timestamp()

    # --- sync.go -----------------------------------------------------------------------------

    def get_all_replica_sets_and_sync_revision(self, d: dict, rs_list: list[dict],
                                               create: bool) -> tuple[dict | None, list[dict]]:
        _, all_old = util.find_old_replica_sets(d, rs_list)
        new_rs = self.get_new_replica_set(d, rs_list, all_old, create)
        return new_rs, all_old

    def get_new_replica_set(self, d: dict, rs_list: list[dict], old_rss: list[dict],
                            create: bool) -> dict | None:
        """getNewReplicaSet: sync the existing new set's annotations and revision, or create
        it (``<deployment>-<pod-template-hash>``) with as many replicas as it may have now."""
        existing = util.find_new_replica_set(d, rs_list)
        new_revision = str(util.max_revision(old_rss) + 1)
        status = d.setdefault("status", {})
        if existing is not None:
            annotations_changed = util.set_new_replica_set_annotations(d, existing, new_revision,
                                                                       True)
            min_ready = d["spec"].get("minReadySeconds", 0)
            if annotations_changed or existing["spec"].get("minReadySeconds", 0) != min_ready:
                spec_changed = existing["spec"].get("minReadySeconds", 0) != min_ready
                if min_ready:
                    existing["spec"]["minReadySeconds"] = min_ready
                else:
                    existing["spec"].pop("minReadySeconds", None)
                self._update_rs(existing, spec_changed)
                return existing
            needs_update = util.set_deployment_revision(
                d, util.annotations(existing).get(util.REVISION, ""))
            if util.has_progress_deadline(d) and util.condition(status, "Progressing") is None:
                util.set_condition(status, util.new_condition(
                    "Progressing", "True", util.FOUND_NEW_RS,
                    f'Found new replica set "{existing["metadata"]["name"]}"', self._now()))
                needs_update = True
            if needs_update:
                self._update_status(d)
            return existing
        if not create:
            return None
        return self._create_new_replica_set(d, old_rss, new_revision)

    def _create_new_replica_set(self, d: dict, old_rss: list[dict], new_revision: str) -> dict | None:
        meta = d["metadata"]
        status = d.setdefault("status", {})
        template = copy.deepcopy(d["spec"].get("template") or {})
        pod_hash = util.compute_hash(template, status.get("collisionCount"))
        template_meta = template.setdefault("metadata", {})
        template_meta["labels"] = {**(template_meta.get("labels") or {}), util.HASH_LABEL: pod_hash}
        selector = copy.deepcopy(d["spec"]["selector"])
        selector["matchLabels"] = {**(selector.get("matchLabels") or {}), util.HASH_LABEL: pod_hash}
        spec: dict = {"replicas": 0, "selector": selector, "template": template}
        if d["spec"].get("minReadySeconds"):
            spec["minReadySeconds"] = d["spec"]["minReadySeconds"]
        new_rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
                  "metadata": {"name": f"{meta['name']}-{pod_hash}",
                               "namespace": meta["namespace"],
                               "labels": dict(template_meta["labels"])},
                  "spec": spec}
        count = util.new_rs_new_replicas(d, [*old_rss, new_rs], new_rs)
        spec["replicas"] = count
        util.set_new_replica_set_annotations(d, new_rs, new_revision, False)
        already_exists = False
        try:
            created = self.cluster.create(new_rs, owner=d)
        except ApiError as refused:
            if refused.reason == "AlreadyExists":
                found = self.cluster.find("ReplicaSet", meta["namespace"], new_rs["metadata"]["name"])
                if found is not None and controller_uid(found) == meta["uid"] and \
                        util.equal_ignore_hash(d["spec"].get("template") or {},
                                               found["spec"].get("template") or {}):
                    created, already_exists = found, True
                else:
                    # A hash collision: bump collisionCount, and the next sync hashes anew.
                    status["collisionCount"] = status.get("collisionCount", 0) + 1
                    self._update_status(d)
                    return None
            else:
                message = f'Failed to create new replica set "{new_rs["metadata"]["name"]}": ' \
                          f"{refused.message}"
                if util.has_progress_deadline(d):
                    util.set_condition(status, util.new_condition(
                        "Progressing", "False", util.FAILED_RS_CREATE, message, self._now()))
                    self._update_status(d)
                self._event(d, "Warning", util.FAILED_RS_CREATE, message)
                return None
        if not already_exists and count > 0:
            self._event(d, "Normal", "ScalingReplicaSet",
                        f"Scaled up replica set {created['metadata']['name']} from 0 to {count}")
        needs_update = util.set_deployment_revision(d, new_revision)
        if not already_exists and util.has_progress_deadline(d):
            util.set_condition(status, util.new_condition(
                "Progressing", "True", util.NEW_REPLICA_SET,
                f'Created new replica set "{created["metadata"]["name"]}"', self._now()))
            needs_update = True
        if needs_update:
            self._update_status(d)
        return created

    def scale_replica_set_and_record_event(self, rs: dict, new_scale: int,
                                           d: dict) -> tuple[bool, dict]:
        if util.replicas(rs) == new_scale:
            return False, rs
        return self.scale_replica_set(rs, new_scale, d)

    def scale_replica_set(self, rs: dict, new_scale: int, d: dict) -> tuple[bool, dict]:
        """scaleReplicaSet: set the size and the desired/max-replicas annotations; the event
        says "Scaled up replica set web-7d8c5b7b9c from 1 to 2" (1.33's wording)."""
        size_changed = util.replicas(rs) != new_scale
        desired, maximum = util.replicas(d), util.replicas(d) + util.max_surge(d)
        if not size_changed and not util.replicas_annotations_need_update(rs, desired, maximum):
            return False, rs
        old_scale = util.replicas(rs)
        rs["spec"]["replicas"] = new_scale
        util.set_replicas_annotations(rs, desired, maximum)
        self._update_rs(rs, size_changed)
        if size_changed:
            direction = "up" if old_scale < new_scale else "down"
            self._event(d, "Normal", "ScalingReplicaSet",
                        f"Scaled {direction} replica set {rs['metadata']['name']} "
                        f"from {old_scale} to {new_scale}")
        return size_changed, rs

    def is_scaling_event(self, d: dict, rs_list: list[dict]) -> bool:
        """isScalingEvent: an active set was sized for another replica count."""
        new_rs, old_rss = self.get_all_replica_sets_and_sync_revision(d, rs_list, False)
        for rs in util.active([*old_rss, new_rs]):
            desired, ok = util.non_negative_int32_annotation(rs, util.DESIRED_REPLICAS)
            if ok and desired != util.replicas(d):
                return True
        return False

    def sync_scale(self, d: dict, rs_list: list[dict]) -> None:
        """sync: scale (a paused Deployment or a changed replica count), clean up when paused,
        then the status."""
        new_rs, old_rss = self.get_all_replica_sets_and_sync_revision(d, rs_list, False)
        self.scale(d, new_rs, old_rss)
        if d["spec"].get("paused"):
            self.cleanup_deployment(old_rss, d)
        self.sync_deployment_status([*old_rss, new_rs], new_rs, d)

    def scale(self, d: dict, new_rs: dict | None, old_rss: list[dict]) -> None:
        """scale: the one active set takes the whole count; a saturated new set empties the old
        ones; otherwise every active set grows or shrinks in proportion (GetProportion), the
        leftover going to the largest."""
        latest = util.find_active_or_latest(new_rs, old_rss)
        if latest is not None:
            if util.replicas(latest) != util.replicas(d):
                self.scale_replica_set_and_record_event(latest, util.replicas(d), d)
            return
        if util.is_saturated(d, new_rs):
            for old in util.active(old_rss):
                self.scale_replica_set_and_record_event(old, 0, d)
            return
        if not util.is_rolling_update(d):
            return
        all_rss = util.active([*old_rss, new_rs])
        allowed = util.replicas(d) + util.max_surge(d) if util.replicas(d) > 0 else 0
        to_add = allowed - util.replica_count(all_rss)
        if to_add > 0:
            all_rss.sort(key=util.by_size_newer)
        elif to_add < 0:
            all_rss.sort(key=util.by_size_older)
        added = 0
        sizes: dict[str, int] = {}
        for rs in all_rss:
            if to_add != 0:
                proportion = util.replica_set_proportion(rs, d, to_add, added)
                sizes[rs["metadata"]["name"]] = util.replicas(rs) + proportion
                added += proportion
            else:
                sizes[rs["metadata"]["name"]] = util.replicas(rs)
        for i, rs in enumerate(all_rss):
            name = rs["metadata"]["name"]
            if i == 0 and to_add != 0:
                sizes[name] = max(sizes[name] + to_add - added, 0)
            self.scale_replica_set(rs, sizes[name], d)

    def cleanup_deployment(self, old_rss: list[dict], d: dict) -> None:
        """cleanupDeployment: delete the oldest empty sets beyond revisionHistoryLimit."""
        if not util.has_revision_history_limit(d):
            return
        cleanable = [rs for rs in old_rss if rs is not None
                     and "deletionTimestamp" not in rs["metadata"]]
        diff = len(cleanable) - d["spec"]["revisionHistoryLimit"]
        if diff <= 0:
            return
        cleanable.sort(key=util.by_revision)
        for rs in cleanable[:diff]:
            if util.status_int(rs, "replicas") != 0 or util.replicas(rs) != 0 or \
                    rs["metadata"].get("generation", 0) > util.status_int(rs, "observedGeneration"):
                continue
            self._delete_rs(rs)

    def _delete_rs(self, rs: dict) -> None:
        meta = rs["metadata"]
        try:
            self.cluster.delete("ReplicaSet", meta["namespace"], meta["name"])
        except ApiError as refused:
            if refused.reason != "NotFound":
                raise

    def sync_deployment_status(self, all_rss: list[dict | None], new_rs: dict | None,
                               d: dict) -> None:
        status = self.calculate_status(all_rss, new_rs, d)
        if status != d.get("status"):
            d["status"] = status
            self._update_status(d)

    def calculate_status(self, all_rss: list[dict | None], new_rs: dict | None, d: dict) -> dict:
        """calculateStatus: the counts over the sets (unavailable from spec sizes), and the
        Available condition against replicas - maxUnavailable."""
        old = d.get("status") or {}
        available = util.available_replica_count(all_rss)
        unavailable = max(util.replica_count(all_rss) - available, 0)
        status: dict = {}
        for field, value in (("observedGeneration", d["metadata"].get("generation", 0)),
                             ("replicas", util.actual_replica_count(all_rss)),
                             ("updatedReplicas", util.actual_replica_count([new_rs])),
                             ("readyReplicas", util.ready_replica_count(all_rss)),
                             ("availableReplicas", available),
                             ("unavailableReplicas", unavailable),
                             ("collisionCount", old.get("collisionCount", 0))):
            if value:
                status[field] = value
        if old.get("conditions"):
            status["conditions"] = [dict(c) for c in old["conditions"]]
        if available >= util.replicas(d) - util.max_unavailable(d):
            cond = util.new_condition("Available", "True", util.MINIMUM_AVAILABLE,
                                      "Deployment has minimum availability.", self._now())
        else:
            cond = util.new_condition("Available", "False", util.MINIMUM_UNAVAILABLE,
                                      "Deployment does not have minimum availability.",
                                      self._now())
        util.set_condition(status, cond)
        return status

    def check_paused_conditions(self, d: dict) -> None:
        """checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed,
        so a paused time never counts against the deadline."""
        if not util.has_progress_deadline(d):
            return
        status = d.setdefault("status", {})
        cond = util.condition(status, "Progressing")
        if cond is not None and cond.get("reason") == util.TIMED_OUT:
            return
        paused_cond = cond is not None and cond.get("reason") == util.PAUSED
        if d["spec"].get("paused") and not paused_cond:
            util.set_condition(status, util.new_condition(
                "Progressing", "Unknown", util.PAUSED, "Deployment is paused", self._now()))
        elif not d["spec"].get("paused") and paused_cond:
            util.set_condition(status, util.new_condition(
                "Progressing", "Unknown", util.RESUMED, "Deployment is resumed", self._now()))
        else:
            return
        self._update_status(d)

    # --- rolling.go --------------------------------------------------------------------------

    def rollout_rolling(self, d: dict, rs_list: list[dict]) -> None:
        new_rs, old_rss = self.get_all_replica_sets_and_sync_revision(d, rs_list, True)
        if new_rs is None:
            return
        all_rss = [*old_rss, new_rs]
        if self.reconcile_new_replica_set(all_rss, new_rs, d):
            self.sync_rollout_status(all_rss, new_rs, d)
            return
        if self.reconcile_old_replica_sets(all_rss, util.active(old_rss), new_rs, d):
            self.sync_rollout_status(all_rss, new_rs, d)
            return
        if util.deployment_complete(d, d.get("status") or {}):
            self.cleanup_deployment(old_rss, d)
        self.sync_rollout_status(all_rss, new_rs, d)

    def reconcile_new_replica_set(self, all_rss: list[dict], new_rs: dict, d: dict) -> bool:
        if util.replicas(new_rs) == util.replicas(d):
            return False
        if util.replicas(new_rs) > util.replicas(d):
            scaled, _ = self.scale_replica_set_and_record_event(new_rs, util.replicas(d), d)
            return scaled
        count = util.new_rs_new_replicas(d, all_rss, new_rs)
        scaled, _ = self.scale_replica_set_and_record_event(new_rs, count, d)
        return scaled

    def reconcile_old_replica_sets(self, all_rss: list[dict], old_rss: list[dict], new_rs: dict,
                                   d: dict) -> bool:
        """reconcileOldReplicaSets: scale old sets down as far as
        allPods - minAvailable - newRSUnavailable allows, unhealthy replicas first."""
        if util.replica_count(old_rss) == 0:
            return False
        all_pods = util.replica_count(all_rss)
        min_available = util.replicas(d) - util.max_unavailable(d)
        new_unavailable = util.replicas(new_rs) - util.status_int(new_rs, "availableReplicas")
        max_scaled_down = all_pods - min_available - new_unavailable
        if max_scaled_down <= 0:
            return False
        old_rss, cleaned = self.cleanup_unhealthy_replicas(old_rss, d, max_scaled_down)
        scaled_down = self.scale_down_old_replica_sets_for_rolling_update(
            [*old_rss, new_rs], old_rss, d)
        return cleaned + scaled_down > 0

    def cleanup_unhealthy_replicas(self, old_rss: list[dict], d: dict,
                                   max_cleanup: int) -> tuple[list[dict], int]:
        """cleanupUnhealthyReplicas: old sets, oldest first, lose their unavailable replicas."""
        old_rss = sorted(old_rss, key=util.by_creation)
        total = 0
        for rs in old_rss:
            if total >= max_cleanup:
                break
            if util.replicas(rs) == 0:
                continue
            available = util.status_int(rs, "availableReplicas")
            if util.replicas(rs) == available:
                continue
            count = min(max_cleanup - total, util.replicas(rs) - available)
            self.scale_replica_set_and_record_event(rs, util.replicas(rs) - count, d)
            total += count
        return old_rss, total

    def scale_down_old_replica_sets_for_rolling_update(self, all_rss: list[dict],
                                                       old_rss: list[dict], d: dict) -> int:
        """scaleDownOldReplicaSetsForRollingUpdate: never below replicas - maxUnavailable
        available, oldest sets first."""
        min_available = util.replicas(d) - util.max_unavailable(d)
        available = util.available_replica_count(all_rss)
        if available <= min_available:
            return 0
        to_scale_down = available - min_available
        total = 0
        for rs in sorted(old_rss, key=util.by_creation):
            if total >= to_scale_down:
                break
            if util.replicas(rs) == 0:
                continue
            count = min(util.replicas(rs), to_scale_down - total)
            self.scale_replica_set_and_record_event(rs, util.replicas(rs) - count, d)
            total += count
        return total

    # --- recreate.go -------------------------------------------------------------------------

    def rollout_recreate(self, d: dict, rs_list: list[dict]) -> None:
        """rolloutRecreate: every old set to 0, wait until no old Pod runs, then the new set
        to full size at once."""
        new_rs, old_rss = self.get_all_replica_sets_and_sync_revision(d, rs_list, False)
        all_rss: list[dict | None] = [*old_rss, new_rs]
        scaled_down = False
        for rs in util.active(old_rss):
            scaled, _ = self.scale_replica_set_and_record_event(rs, 0, d)
            scaled_down = scaled_down or scaled
        if scaled_down or self._old_pods_running(new_rs, old_rss, rs_list):
            self.sync_rollout_status(all_rss, new_rs, d)
            return
        if new_rs is None:
            new_rs, old_rss = self.get_all_replica_sets_and_sync_revision(d, rs_list, True)
            all_rss = [*old_rss, new_rs]
            if new_rs is None:
                return
        self.scale_replica_set_and_record_event(new_rs, util.replicas(d), d)
        if util.deployment_complete(d, d.get("status") or {}):
            self.cleanup_deployment(old_rss, d)
        self.sync_rollout_status(all_rss, new_rs, d)

    def _old_pods_running(self, new_rs: dict | None, old_rss: list[dict],
                          rs_list: list[dict]) -> bool:
        """oldPodsRunning: an old set still counts Pods, or an old Pod has not finished
        (terminating ones included: they are still running)."""
        if util.actual_replica_count(old_rss) > 0:
            return True
        new_uid = new_rs["metadata"]["uid"] if new_rs is not None else None
        for rs in rs_list:
            if rs["metadata"]["uid"] == new_uid:
                continue
            for pod in self.cluster.store.iter_owned_pods(rs["metadata"]["uid"]):
                if pod.get("status", {}).get("phase") not in ("Failed", "Succeeded"):
                    return True
        return False

    # --- progress.go -------------------------------------------------------------------------

    def sync_rollout_status(self, all_rss: list[dict | None], new_rs: dict | None,
                            d: dict) -> None:
        """syncRolloutStatus: the status plus the Progressing condition (complete, progressing
        or past its deadline), and a check scheduled for when the deadline passes."""
        status = self.calculate_status(all_rss, new_rs, d)
        if not util.has_progress_deadline(d):
            util.remove_condition(status, "Progressing")
        current = util.condition(d.get("status") or {}, "Progressing")
        complete_before = (status.get("replicas", 0) == status.get("updatedReplicas", 0)
                           and current is not None and current.get("reason") == util.NEW_RS_AVAILABLE)
        name = d["metadata"]["name"]
        what = f'ReplicaSet "{new_rs["metadata"]["name"]}"' if new_rs is not None \
            else f'Deployment "{name}"'
        if util.has_progress_deadline(d) and not complete_before:
            if util.deployment_complete(d, status):
                util.set_condition(status, util.new_condition(
                    "Progressing", "True", util.NEW_RS_AVAILABLE,
                    f"{what} has successfully progressed.", self._now()))
            elif util.deployment_progressing(d, status):
                cond = util.new_condition("Progressing", "True", util.REPLICA_SET_UPDATED,
                                          f"{what} is progressing.", self._now())
                if current is not None:
                    if current["status"] == "True":
                        cond["lastTransitionTime"] = current["lastTransitionTime"]
                    util.remove_condition(status, "Progressing")
                util.set_condition(status, cond)
            elif util.deployment_timed_out(d, status, self.cluster.now_ms):
                util.set_condition(status, util.new_condition(
                    "Progressing", "False", util.TIMED_OUT, f"{what} has timed out progressing.",
                    self._now()))
        failures = self._replica_failures(all_rss, new_rs)
        if failures:
            util.set_condition(status, failures[0])
        else:
            util.remove_condition(status, "ReplicaFailure")
        if status == d.get("status"):
            self._requeue_stuck(d, status)
            return
        d["status"] = status
        self._update_status(d)

    @staticmethod
    def _replica_failures(all_rss: list[dict | None], new_rs: dict | None) -> list[dict]:
        """getReplicaFailures: the new set's ReplicaFailure condition, else any old set's."""
        def of(rs: dict) -> list[dict]:
            out = []
            for c in (rs.get("status") or {}).get("conditions") or ():
                if c.get("type") == "ReplicaFailure":
                    out.append({"type": "ReplicaFailure", "status": c["status"],
                                "lastUpdateTime": c.get("lastTransitionTime"),
                                "lastTransitionTime": c.get("lastTransitionTime"),
                                "reason": c.get("reason", ""), "message": c.get("message", "")})
            return out

        if new_rs is not None and (found := of(new_rs)):
            return found
        return [c for rs in all_rss if rs is not None for c in of(rs)]

    def _requeue_stuck(self, d: dict, status: dict) -> None:
        """requeueStuckDeployment: look again one second after the deadline would pass."""
        current = util.condition(d.get("status") or {}, "Progressing")
        if not util.has_progress_deadline(d) or current is None:
            return
        if util.deployment_complete(d, status) or current.get("reason") == util.TIMED_OUT:
            return
        at = clock.parse(current["lastUpdateTime"]) + d["spec"]["progressDeadlineSeconds"] * 1000
        key = (d["metadata"]["namespace"], d["metadata"]["name"])
        at = max(at, self.cluster.now_ms) + 1000
        if self._progress_checks.get(key) != at:
            self._progress_checks[key] = at
            self.cluster.at(at, self, key)


def _selects(d: dict, labels: dict) -> bool:
    return pods.selector_matches(d["spec"].get("selector"), labels)
