"""The arithmetic and bookkeeping of Deployments, ported from upstream's
pkg/controller/deployment/util/deployment_util.go (and the few controller_utils.go sorts it
uses), over the plain dicts the offline cluster stores.

Everything here is a pure function of the objects it is given (the clock comes in as
``now_ms``), so the upstream test tables run against it directly
(tests/cluster/upstream/). The controller in :mod:`.controllers.deployment` calls these in
the order rolling.go, recreate.go, sync.go and progress.go call theirs.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Iterable
from typing import Any

from kubelearn.cluster import clock

#: apps.DefaultDeploymentUniqueLabelKey
HASH_LABEL = "pod-template-hash"
REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"
CHANGE_CAUSE = "kubernetes.io/change-cause"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
#: apps.DeprecatedRollbackTo (extensions/v1beta1's rollbackTo, kept as an annotation).
ROLLBACK_TO = "deprecated.deployment.rollback.to"
#: sync.go maxRevHistoryLengthInChars: the revision-history annotation's length limit.
MAX_REV_HISTORY_LENGTH = 2000
#: math.MaxInt32: a progress deadline or history limit this large means "none".
MAX_INT32 = 2**31 - 1

# Progressing condition reasons, then Available ones (deployment_util.go constants).
REPLICA_SET_UPDATED = "ReplicaSetUpdated"
FAILED_RS_CREATE = "ReplicaSetCreateError"
NEW_REPLICA_SET = "NewReplicaSetCreated"
FOUND_NEW_RS = "FoundNewReplicaSet"
NEW_RS_AVAILABLE = "NewReplicaSetAvailable"
TIMED_OUT = "ProgressDeadlineExceeded"
PAUSED = "DeploymentPaused"
RESUMED = "DeploymentResumed"
MINIMUM_AVAILABLE = "MinimumReplicasAvailable"
MINIMUM_UNAVAILABLE = "MinimumReplicasUnavailable"

#: Annotations the Deployment never copies onto its ReplicaSets (annotationsToSkip).
ANNOTATIONS_TO_SKIP = (LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS,
                       ROLLBACK_TO)

#: k8s.io/apimachinery/pkg/util/rand alphanums: what SafeEncodeString maps bytes onto.
_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"
_PERCENT = re.compile(r"^(-?\d+)%$")


class IntOrStringError(ValueError):
    """intstr.GetScaledValueFromIntOrPercent's error for a string that is not a percentage."""


# --- small accessors ---------------------------------------------------------------------


def replicas(obj: dict | None) -> int:
    """``*(obj.Spec.Replicas)`` (admission defaulted it; 0 for a missing object)."""
    if obj is None:
        return 0
    value = obj.get("spec", {}).get("replicas", 1)
    return value if isinstance(value, int) else 1


def status_int(obj: dict | None, field: str) -> int:
    if obj is None:
        return 0
    value = obj.get("status", {}).get(field, 0)
    return value if isinstance(value, int) else 0


def annotations(obj: dict) -> dict:
    return obj["metadata"].get("annotations") or {}


def created_ms(obj: dict) -> int:
    stamp = obj["metadata"].get("creationTimestamp")
    return clock.parse(stamp) if stamp else -(2**62)  # a zero time sorts first


def is_rolling_update(d: dict) -> bool:
    return (d.get("spec", {}).get("strategy") or {}).get("type", "RollingUpdate") == "RollingUpdate"


def _rolling(d: dict) -> dict:
    return (d.get("spec", {}).get("strategy") or {}).get("rollingUpdate") or {}


# --- intstr and the fenceposts --------------------------------------------------------------


def scaled_value(value: Any, total: int, round_up: bool) -> int:
    """intstr.GetScaledValueFromIntOrPercent: an int as is, ``"25%"`` of ``total`` rounded
    up or down. An int written as a string (``"5"``) is an error, as upstream's is."""
    if isinstance(value, bool):
        raise IntOrStringError(f"invalid value for IntOrString: invalid type: {value!r}")
    if isinstance(value, int):
        return value
    match = _PERCENT.match(value) if isinstance(value, str) else None
    if match is None:
        raise IntOrStringError(
            f"invalid value for IntOrString: invalid type: string is not a percentage: {value!r}")
    scaled = int(match.group(1)) * total / 100
    return math.ceil(scaled) if round_up else math.floor(scaled)


def resolve_fenceposts(max_surge: Any, max_unavailable: Any, desired: int) -> tuple[int, int]:
    """ResolveFenceposts: maxSurge rounds up, maxUnavailable down (a missing value is 0);
    when both come to 0, maxUnavailable becomes 1 so a rollout can still move. Raises
    :class:`IntOrStringError` for a value that is neither an int nor a percentage."""
    surge = scaled_value(0 if max_surge is None else max_surge, desired, True)
    unavailable = scaled_value(0 if max_unavailable is None else max_unavailable, desired, False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def max_unavailable(d: dict) -> int:
    """MaxUnavailable: 0 for Recreate or 0 replicas, never more than the replicas."""
    if not is_rolling_update(d) or replicas(d) == 0:
        return 0
    rolling = _rolling(d)
    _, unavailable = resolve_fenceposts(rolling.get("maxSurge"), rolling.get("maxUnavailable"),
                                        replicas(d))
    return min(unavailable, replicas(d))


def max_surge(d: dict) -> int:
    if not is_rolling_update(d):
        return 0
    rolling = _rolling(d)
    surge, _ = resolve_fenceposts(rolling.get("maxSurge"), rolling.get("maxUnavailable"),
                                  replicas(d))
    return surge


def min_available(d: dict) -> int:
    if not is_rolling_update(d):
        return 0
    return replicas(d) - max_unavailable(d)


def new_rs_new_replicas(d: dict, all_rss: Iterable[dict | None], new_rs: dict) -> int:
    """NewRSNewReplicas: how many replicas the new ReplicaSet may have now. Rolling: up to
    replicas + maxSurge Pods in all, never past the Deployment's replicas; Recreate: all."""
    if is_rolling_update(d):
        surge = scaled_value(_rolling(d).get("maxSurge", 0), replicas(d), True)
        current = replica_count(all_rss)
        max_total = replicas(d) + surge
        if current >= max_total:
            return replicas(new_rs)
        scale_up = min(max_total - current, replicas(d) - replicas(new_rs))
        return replicas(new_rs) + scale_up
    return replicas(d)


# --- counts over replica sets ----------------------------------------------------------------


def replica_count(rss: Iterable[dict | None]) -> int:
    """GetReplicaCountForReplicaSets: the sum of spec.replicas."""
    return sum(replicas(rs) for rs in rss if rs is not None)


def actual_replica_count(rss: Iterable[dict | None]) -> int:
    return sum(status_int(rs, "replicas") for rs in rss if rs is not None)


def ready_replica_count(rss: Iterable[dict | None]) -> int:
    return sum(status_int(rs, "readyReplicas") for rs in rss if rs is not None)


def available_replica_count(rss: Iterable[dict | None]) -> int:
    return sum(status_int(rs, "availableReplicas") for rs in rss if rs is not None)


def active(rss: Iterable[dict | None]) -> list[dict]:
    """controller.FilterActiveReplicaSets: the sets with spec.replicas > 0."""
    return [rs for rs in rss if rs is not None and replicas(rs) > 0]


# --- orders (controller_utils.go, deployment_util.go) -----------------------------------------


def by_creation(rs: dict) -> tuple:
    """ReplicaSetsByCreationTimestamp: oldest first, ties by name."""
    return (created_ms(rs), rs["metadata"]["name"])


def by_size_newer(rs: dict) -> tuple:
    """ReplicaSetsBySizeNewer: larger first, then newer first (scaling up)."""
    return (-replicas(rs), -created_ms(rs), _reverse(rs["metadata"]["name"]))


def by_size_older(rs: dict) -> tuple:
    """ReplicaSetsBySizeOlder: larger first, then older first (scaling down)."""
    return (-replicas(rs), created_ms(rs), rs["metadata"]["name"])


def _reverse(name: str) -> tuple[int, ...]:
    """A key that sorts names in descending order."""
    return tuple(-ord(ch) for ch in name) + (1,)


def by_revision(rs: dict) -> tuple:
    """ReplicaSetsByRevision: by revision number, unreadable ones by creation (the Go sort
    compares two sets by creation when either revision cannot be read)."""
    try:
        return (0, revision(rs), *by_creation(rs))
    except ValueError:
        return (0, -1, *by_creation(rs))


# --- revisions and annotations ----------------------------------------------------------------


def revision(obj: dict) -> int:
    """Revision: the revision annotation as a number (0 when absent); ValueError if unreadable."""
    value = annotations(obj).get(REVISION)
    if value is None:
        return 0
    return int(value)


def max_revision(rss: Iterable[dict]) -> int:
    best = 0
    for rs in rss:
        try:
            best = max(best, revision(rs))
        except ValueError:
            continue  # upstream skips what it cannot parse
    return best


def set_deployment_revision(d: dict, rev: str) -> bool:
    meta = d["metadata"]
    notes = meta.setdefault("annotations", {})
    if notes.get(REVISION) != rev:
        notes[REVISION] = rev
        return True
    return False


def _copy_deployment_annotations(d: dict, rs: dict) -> bool:
    notes = rs["metadata"].setdefault("annotations", {})
    changed = False
    for key, value in annotations(d).items():
        if key in ANNOTATIONS_TO_SKIP or notes.get(key) == value:
            continue
        notes[key] = value
        changed = True
    return changed


def set_new_replica_set_annotations(d: dict, rs: dict, new_revision: str, exists: bool,
                                    limit: int = MAX_REV_HISTORY_LENGTH) -> bool:
    """SetNewReplicaSetAnnotations: copy the Deployment's annotations, raise the revision to
    ``new_revision`` (keeping the old one in revision-history when a set comes back, as after
    an undo) and, for a set about to be created, the desired/max replicas."""
    changed = _copy_deployment_annotations(d, rs)
    notes = rs["metadata"].setdefault("annotations", {})
    had = REVISION in notes
    old_revision = notes.get(REVISION, "")
    try:
        old = int(old_revision) if old_revision != "" else 0
    except ValueError:
        return False
    new = int(new_revision)
    if old < new:
        notes[REVISION] = new_revision
        changed = True
    if had and old < new:
        history = notes.get(REVISION_HISTORY, "")
        olds = history.split(",")
        if not olds[0]:
            notes[REVISION_HISTORY] = old_revision
        else:
            total = len(history) + len(old_revision) + 1
            start = 0
            while total > limit and start < len(olds):
                total -= len(olds[start]) + 1
                start += 1
            if total <= limit:
                notes[REVISION_HISTORY] = ",".join([*olds[start:], old_revision])
    if not exists and set_replicas_annotations(rs, replicas(d), replicas(d) + max_surge(d)):
        changed = True
    return changed


def set_replicas_annotations(rs: dict, desired: int, maximum: int) -> bool:
    notes = rs["metadata"].setdefault("annotations", {})
    changed = False
    for key, value in ((DESIRED_REPLICAS, str(desired)), (MAX_REPLICAS, str(maximum))):
        if notes.get(key) != value:
            notes[key] = value
            changed = True
    return changed


def replicas_annotations_need_update(rs: dict, desired: int, maximum: int) -> bool:
    notes = annotations(rs)
    return notes.get(DESIRED_REPLICAS) != str(desired) or notes.get(MAX_REPLICAS) != str(maximum)


def non_negative_int32_annotation(rs: dict, key: str) -> tuple[int, bool]:
    """getNonNegativeInt32FromAnnotation: (value, valid); "-1", "x" or > MaxInt32 are invalid."""
    value = annotations(rs).get(key)
    if value is None or not value.isdigit() or not value.isascii():
        return 0, False
    number = int(value)
    if number > MAX_INT32:
        return 0, False
    return number, True


def is_saturated(d: dict, rs: dict | None) -> bool:
    """IsSaturated: the set holds, wants and has available all of the Deployment's replicas."""
    if rs is None:
        return False
    desired, ok = non_negative_int32_annotation(rs, DESIRED_REPLICAS)
    if not ok:
        return False
    return (replicas(rs) == replicas(d) and desired == replicas(d)
            and status_int(rs, "availableReplicas") == replicas(d))


def find_active_or_latest(new_rs: dict | None, old_rss: list[dict]) -> dict | None:
    """FindActiveOrLatest: the only active set, or the newest when none is active; None when
    several are active (then they scale proportionally)."""
    if new_rs is None and not old_rss:
        return None
    olds = sorted(old_rss, key=by_creation, reverse=True)
    actives = active([*olds, new_rs])
    if not actives:
        return new_rs if new_rs is not None else olds[0]
    if len(actives) == 1:
        return actives[0]
    return None


def replica_set_fraction(rs: dict, d: dict) -> int:
    """getReplicaSetFraction: how many replicas ``rs`` gains (or loses) when the Deployment's
    size changed, from the max-replicas it was annotated with."""
    if replicas(d) == 0:
        return -replicas(rs)
    deployment_max = replicas(d) + max_surge(d)
    before, ok = non_negative_int32_annotation(rs, MAX_REPLICAS)
    if not ok or before == 0:
        before = status_int(d, "replicas")
        if before == 0:
            return 0
    # integer.RoundToInt32: floor(x + 0.5)
    return math.floor(replicas(rs) * deployment_max / before + 0.5) - replicas(rs)


def replica_set_proportion(rs: dict | None, d: dict, to_add: int, added: int) -> int:
    """GetReplicaSetProportion: the share of ``to_add`` for ``rs``, bounded by what is left."""
    if rs is None or replicas(rs) == 0 or to_add == 0 or to_add == added:
        return 0
    fraction = replica_set_fraction(rs, d)
    allowed = to_add - added
    return min(fraction, allowed) if to_add > 0 else max(fraction, allowed)


# --- templates and the pod-template-hash ---------------------------------------------------


def _without_hash(template: dict) -> dict:
    meta = template.get("metadata") or {}
    labels = meta.get("labels")
    if not labels or HASH_LABEL not in labels:
        return template
    meta = {**meta, "labels": {k: v for k, v in labels.items() if k != HASH_LABEL}}
    if not meta["labels"]:
        del meta["labels"]
    return {**template, "metadata": meta}


def _semantic(template: dict) -> dict:
    """apiequality.Semantic treats an empty map or list like a missing one."""
    if isinstance(template, dict):
        return {k: _semantic(v) for k, v in template.items() if v not in ({}, [], None)}
    if isinstance(template, list):
        return [_semantic(v) for v in template]  # type: ignore[return-value]
    return template


#: id(template) -> (the template, a copy of it then, its semantic form without the hash):
#: every Deployment sync compares its template with each of its sets' several times.
_COMPARABLE: dict[int, tuple[dict, dict, dict]] = {}
_COMPARABLE_MAX = 512


def _comparable(template: dict) -> dict:
    """``_semantic(_without_hash(template))``, remembered while the template stays as it was
    (an object changed in place is compared with the copy, and read again)."""
    known = _COMPARABLE.get(id(template))
    if known is not None and known[0] is template and known[1] == template:
        return known[2]
    form = _semantic(_without_hash(template))
    if len(_COMPARABLE) >= _COMPARABLE_MAX:
        del _COMPARABLE[next(iter(_COMPARABLE))]
    _COMPARABLE[id(template)] = (template, copy.deepcopy(template), form)
    return form


def equal_ignore_hash(t1: dict, t2: dict) -> bool:
    """EqualIgnoreHash: two Pod templates are equal apart from the pod-template-hash label."""
    return _comparable(t1) == _comparable(t2)


def find_new_replica_set(d: dict, rss: list[dict]) -> dict | None:
    """FindNewReplicaSet: the oldest set whose template is the Deployment's."""
    template = d["spec"].get("template") or {}
    for rs in sorted(rss, key=by_creation):
        if equal_ignore_hash(rs["spec"].get("template") or {}, template):
            return rs
    return None


def find_old_replica_sets(d: dict, rss: list[dict]) -> tuple[list[dict], list[dict]]:
    """FindOldReplicaSets: (old sets with replicas, every old set)."""
    new = find_new_replica_set(d, rss)
    all_old = [rs for rs in rss if new is None or rs["metadata"]["uid"] != new["metadata"]["uid"]]
    return [rs for rs in all_old if replicas(rs) != 0], all_old


def fnv32a(data: bytes) -> int:
    value = 2166136261
    for byte in data:
        value = ((value ^ byte) * 16777619) & 0xFFFFFFFF
    return value


def safe_encode(text: str) -> str:
    """rand.SafeEncodeString: each byte mapped onto the alphabet without vowels."""
    return "".join(_ALPHANUMS[b % len(_ALPHANUMS)] for b in text.encode())


def compute_hash(template: dict, collision_count: int | None) -> str:
    """controller.ComputeHash: FNV-32a over the template, then the collisionCount as 8
    little-endian bytes (uint32 in the first four) when set, printed in decimal and encoded
    with SafeEncodeString, so it has upstream's shape (``7d8c5b7b9c``).

    Upstream hashes Go's ``spew`` dump of the PodTemplateSpec struct, which Python cannot
    reproduce; this hashes a canonical JSON form of the template (sorted keys, no spaces)
    instead. The same template gives the same hash here every time, and any change to it a
    different one, but the value is not the one a real cluster would print.
    """
    canonical = json.dumps(template, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    data = canonical.encode()
    if collision_count is not None:
        data += (collision_count & 0xFFFFFFFF).to_bytes(4, "little") + bytes(4)
    return safe_encode(str(fnv32a(data)))


# --- conditions and progress --------------------------------------------------------------


def condition(status: dict, type_: str) -> dict | None:
    for c in status.get("conditions") or ():
        if c.get("type") == type_:
            return c
    return None


def new_condition(type_: str, status: str, reason: str, message: str, now: str) -> dict:
    return {"type": type_, "status": status, "lastUpdateTime": now, "lastTransitionTime": now,
            "reason": reason, "message": message}


def set_condition(status: dict, cond: dict) -> None:
    """SetDeploymentCondition: nothing when status and reason are unchanged; keeps the
    transition time when only the reason changed; the condition moves to the end."""
    current = condition(status, cond["type"])
    if current is not None and current["status"] == cond["status"] and \
            current.get("reason") == cond.get("reason"):
        return
    if current is not None and current["status"] == cond["status"]:
        cond["lastTransitionTime"] = current["lastTransitionTime"]
    remove_condition(status, cond["type"])
    status.setdefault("conditions", []).append(cond)


def remove_condition(status: dict, type_: str) -> None:
    kept = [c for c in status.get("conditions") or () if c.get("type") != type_]
    if kept:
        status["conditions"] = kept
    else:
        status.pop("conditions", None)


def has_progress_deadline(d: dict) -> bool:
    deadline = d["spec"].get("progressDeadlineSeconds")
    return isinstance(deadline, int) and deadline != MAX_INT32


def has_revision_history_limit(d: dict) -> bool:
    limit = d["spec"].get("revisionHistoryLimit")
    return isinstance(limit, int) and limit != MAX_INT32


def deployment_complete(d: dict, status: dict) -> bool:
    """DeploymentComplete: every replica updated and available, no old Pod left, and the
    controller has seen the latest spec."""
    want = replicas(d)
    return (status.get("updatedReplicas", 0) == want and status.get("replicas", 0) == want
            and status.get("availableReplicas", 0) == want
            and status.get("observedGeneration", 0) >= d["metadata"].get("generation", 0))


def deployment_progressing(d: dict, new: dict) -> bool:
    """DeploymentProgressing: more updated, ready or available Pods, or fewer old ones."""
    old = d.get("status") or {}
    old_old = old.get("replicas", 0) - old.get("updatedReplicas", 0)
    new_old = new.get("replicas", 0) - new.get("updatedReplicas", 0)
    return (new.get("updatedReplicas", 0) > old.get("updatedReplicas", 0) or new_old < old_old
            or new.get("readyReplicas", 0) > old.get("readyReplicas", 0)
            or new.get("availableReplicas", 0) > old.get("availableReplicas", 0))


def deployment_timed_out(d: dict, status: dict, now_ms: int) -> bool:
    """DeploymentTimedOut: no progress reported for more than progressDeadlineSeconds
    (strictly after ``lastUpdateTime + deadline``, as Go's Time.Before)."""
    if not has_progress_deadline(d):
        return False
    cond = condition(status, "Progressing")
    if cond is None or cond.get("reason") == NEW_RS_AVAILABLE:
        return False
    if cond.get("reason") == TIMED_OUT:
        return True
    since = clock.parse(cond["lastUpdateTime"])
    return since + d["spec"]["progressDeadlineSeconds"] * 1000 < now_ms
