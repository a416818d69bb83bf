"""Questions about a Pod's state that the controllers, the printers and the network share,
answered as upstream's helpers answer them (pkg/api/v1/pod/util.go, pkg/controller/
controller_utils.go): is it ready, available, active, terminating.
"""

from __future__ import annotations

from typing import Any

from kubelearn.cluster import clock
from kubelearn.kube.selectors import expression_holds


def condition(pod: dict, type_: str) -> dict | None:
    for c in pod.get("status", {}).get("conditions") or ():
        if c.get("type") == type_:
            return c
    return None


def is_terminating(pod: dict) -> bool:
    return "deletionTimestamp" in pod["metadata"]


def is_ready(pod: dict) -> bool:
    """``podutil.IsPodReady``: the Ready condition is True."""
    c = condition(pod, "Ready")
    return c is not None and c.get("status") == "True"


def is_available(pod: dict, min_ready_seconds: int, now_ms: int) -> bool:
    """``podutil.IsPodAvailable``: ready for more than ``min_ready_seconds`` (Go's
    ``LastTransitionTime.Add(minReady).Before(now)`` is strict)."""
    c = condition(pod, "Ready")
    if c is None or c.get("status") != "True":
        return False
    if min_ready_seconds <= 0:
        return True
    since = clock.parse(c["lastTransitionTime"])
    return since + min_ready_seconds * 1000 < now_ms


def is_active(pod: dict) -> bool:
    """``controller.IsPodActive``: not finished and not being deleted."""
    phase = pod.get("status", {}).get("phase")
    return phase not in ("Succeeded", "Failed") and not is_terminating(pod)


def selector_matches(selector: Any, labels: dict) -> bool:
    """A ``metav1.LabelSelector`` (matchLabels and matchExpressions) selects ``labels``.

    An empty selector selects everything here, as ``LabelSelectorAsSelector`` makes it; the
    checker already refused the workloads where that is not allowed.
    """
    if not isinstance(selector, dict):
        return False
    for k, v in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for term in selector.get("matchExpressions") or ():
        if not expression_holds(term.get("key", ""), term.get("operator", ""),
                                list(term.get("values") or ()), labels):
            return False
    return True
