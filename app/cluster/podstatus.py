"""The status rules of a Pod: how the kubelet words it and how kubectl prints it.

- The kubelet's (pkg/kubelet/kubelet_pods.go ``getPhase``, pkg/kubelet/status/generate.go,
  pkg/apis/core/v1/helper/qos): :func:`get_phase`, :func:`ready_condition`,
  :func:`initialized_condition` and :func:`qos_class`, pure functions of the container
  statuses the kubelet builds.
- kubectl's READY, STATUS and RESTARTS columns (``printPod``,
  pkg/printers/internalversion/printers.go): :func:`pod_columns` reads them from a Pod object,
  :func:`pod_status` words them as ``kubectl get pods`` prints them (``3 (5m ago)``), and
  :func:`status_column` is the same without the restart's age. The relation tree, the printer
  and the tests all read this one port.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kubelearn.cluster.kubectl.timefmt import since
from kubelearn.cluster.podresources import Amount, resource_list
from kubelearn.kube.objects import as_dict, as_list


def _go_list(names: Iterable[str]) -> str:
    """A []string as Go's %s prints it: ``[a b]``."""
    return "[" + " ".join(names) + "]"


# --- the kubelet's rules -------------------------------------------------------------------


def restartable_init_names(spec: dict) -> frozenset[str]:
    """The init containers with ``restartPolicy: Always``: sidecars
    (``podutil.IsRestartableInitContainer``)."""
    return frozenset(c.get("name") for c in spec.get("initContainers") or ()
                     if isinstance(c, dict) and c.get("restartPolicy") == "Always")


def get_phase(spec: dict, inits: list[dict], regular: list[dict], terminal: bool) -> str:
    """``getPhase`` (kubelet_pods.go); a started sidecar is not pending initialisation."""
    pending_init = failed_init = 0
    sidecars = restartable_init_names(spec)
    for status in inits:
        state, last = status["state"], status.get("lastState") or {}
        if status.get("name") in sidecars:
            if not ("running" in state and status.get("started")):
                pending_init += 1
            continue
        if "running" in state:
            pending_init += 1
        elif "terminated" in state:
            if state["terminated"]["exitCode"] != 0:
                failed_init += 1
        elif "terminated" in last:
            if last["terminated"]["exitCode"] != 0:
                failed_init += 1
        else:
            pending_init += 1
    running = waiting = stopped = succeeded = 0
    for status in regular:
        state, last = status["state"], status.get("lastState") or {}
        if "running" in state:
            running += 1
        elif "terminated" in state:
            stopped += 1
            succeeded += state["terminated"]["exitCode"] == 0
        elif "terminated" in last:
            stopped += 1
        else:
            waiting += 1
    policy = spec.get("restartPolicy", "Always")
    if failed_init and policy == "Never":
        return "Failed"
    if pending_init or waiting:
        return "Pending"
    if running:
        return "Running"
    if stopped:
        if terminal or policy != "Always":
            if stopped == succeeded:
                return "Succeeded"
            if policy == "Never" or terminal:
                return "Failed"
            return "Running"
        return "Running"
    return "Pending"


def ready_condition(spec: dict, regular: list[dict], phase: str, type_: str) -> dict:
    """``GenerateContainersReadyCondition`` / ``GeneratePodReadyCondition`` (status/generate.go)."""
    if phase in ("Succeeded", "Failed"):
        return {"type": type_, "status": "False",
                "reason": "PodCompleted" if phase == "Succeeded" else "PodFailed"}
    unready = [s["name"] for s in regular if not s["ready"]]
    if unready:
        return {"type": type_, "status": "False", "reason": "ContainersNotReady",
                "message": f"containers with unready status: {_go_list(unready)}"}
    return {"type": type_, "status": "True"}


def initialized_condition(spec: dict, inits: list[dict], regular: list[dict], phase: str) -> dict:
    """``GeneratePodInitializedCondition`` (status/generate.go): a sidecar is initialised once
    it has started."""
    sidecars = restartable_init_names(spec)
    incomplete = [s["name"] for s in inits
                  if not (("running" in s["state"] and s.get("started")) if s["name"] in sidecars
                          else ("terminated" in s["state"]
                                and s["state"]["terminated"]["exitCode"] == 0))]
    if phase == "Succeeded":
        return {"type": "Initialized", "status": "True", "reason": "PodCompleted"}
    if any(s["state"].get("running") or s["state"].get("terminated") or s.get("lastState")
           for s in regular):
        return {"type": "Initialized", "status": "True"}
    if incomplete:
        return {"type": "Initialized", "status": "False", "reason": "ContainersNotInitialized",
                "message": f"containers with incomplete status: {_go_list(incomplete)}"}
    return {"type": "Initialized", "status": "True"}


def qos_class(spec: dict) -> str:
    """``GetPodQOS`` (pkg/apis/core/v1/helper/qos/qos.go): only positive cpu and memory
    amounts count; Guaranteed when every container limits both and the summed requests equal
    the summed limits, BestEffort when nothing is requested or limited, else Burstable.
    The API server computes it after defaulting, so a limit alone is also a request."""
    requests: dict[str, Amount] = {}
    limits: dict[str, Amount] = {}
    guaranteed = True
    for c in as_list(spec.get("containers")) + as_list(spec.get("initContainers")):
        resources = as_dict(as_dict(c).get("resources"))
        for field, total in (("requests", requests), ("limits", limits)):
            found = set()
            for name, amount in resource_list(resources.get(field)).items():
                if name in ("cpu", "memory") and amount.value > 0:
                    found.add(name)
                    total[name] = total[name].add(amount) if name in total else amount
            if field == "limits" and found != {"cpu", "memory"}:
                guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and all(name in limits and limits[name].value == amount.value
                          for name, amount in requests.items()) and len(requests) == len(limits):
        return "Guaranteed"
    return "Burstable"


# --- kubectl's printPod --------------------------------------------------------------------


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


@dataclass(frozen=True)
class PodColumns:
    """What ``printPod`` reads from a Pod for its READY, STATUS and RESTARTS cells."""

    ready: int
    total: int
    reason: str
    restarts: int
    #: The latest ``lastState.terminated.finishedAt`` (RFC 3339), or "" when none.
    last_restart: str


def pod_columns(pod: dict) -> PodColumns:
    """``printPod``: containers ready, containers, the STATUS reason, restarts and the last
    restart, read as the Go code reads them (sidecar init containers included)."""
    spec = pod.get("spec") or {}
    status = pod.get("status") or {}
    containers = spec.get("containers") or []
    init_specs = {c.get("name"): c for c in spec.get("initContainers") or [] if isinstance(c, dict)}
    # printPod counts each restartable init container (a sidecar) as a container of the Pod.
    total = len(containers) + sum(1 for c in init_specs.values() if c.get("restartPolicy") == "Always")
    ready = 0
    restarts = 0
    last_restart = ""
    phase = status.get("phase") or ""
    reason = status.get("reason") or phase
    conditions = status.get("conditions") or []
    if any(c.get("type") == "PodScheduled" and c.get("reason") == "SchedulingGated"
           for c in conditions):
        reason = "SchedulingGated"
    initializing = False
    init_statuses = status.get("initContainerStatuses") or []
    sidecar_restarts = 0
    for i, c in enumerate(init_statuses):
        restarts += _int(c.get("restartCount"))
        finished = ((c.get("lastState") or {}).get("terminated") or {}).get("finishedAt", "")
        if finished > last_restart:
            last_restart = finished
        state = c.get("state") or {}
        terminated = state.get("terminated")
        waiting = state.get("waiting")
        sidecar = (init_specs.get(c.get("name")) or {}).get("restartPolicy") == "Always"
        if terminated is not None and _int(terminated.get("exitCode")) == 0:
            continue
        if sidecar and c.get("started"):
            sidecar_restarts += _int(c.get("restartCount"))
            if c.get("ready"):
                ready += 1
            continue
        if terminated is not None:
            if not terminated.get("reason"):
                signal = _int(terminated.get("signal"))
                reason = (f"Init:Signal:{signal}" if signal
                          else f"Init:ExitCode:{_int(terminated.get('exitCode'))}")
            else:
                reason = "Init:" + terminated["reason"]
        elif waiting is not None and waiting.get("reason") and waiting["reason"] != "PodInitializing":
            reason = "Init:" + waiting["reason"]
        else:
            reason = f"Init:{i}/{len(init_specs)}"
        initializing = True
        break
    initialized = any(c.get("type") == "Initialized" and c.get("status") == "True"
                      for c in conditions)
    if not initializing or initialized:
        restarts = sidecar_restarts
        has_running = False
        for c in reversed(status.get("containerStatuses") or []):
            restarts += _int(c.get("restartCount"))
            finished = ((c.get("lastState") or {}).get("terminated") or {}).get("finishedAt", "")
            if finished and finished > last_restart:
                last_restart = finished
            state = c.get("state") or {}
            waiting, terminated = state.get("waiting"), state.get("terminated")
            if waiting is not None and waiting.get("reason"):
                reason = waiting["reason"]
            elif terminated is not None and terminated.get("reason"):
                reason = terminated["reason"]
            elif terminated is not None:
                signal = _int(terminated.get("signal"))
                reason = (f"Signal:{signal}" if signal
                          else f"ExitCode:{_int(terminated.get('exitCode'))}")
            elif c.get("ready") and state.get("running") is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            has_ready = any(c.get("type") == "Ready" and c.get("status") == "True"
                            for c in conditions)
            reason = "Running" if has_ready else "NotReady"
    meta = pod.get("metadata") or {}
    if meta.get("deletionTimestamp") and status.get("reason") == "NodeLost":
        reason = "Unknown"
    elif meta.get("deletionTimestamp") and phase not in ("Succeeded", "Failed"):
        reason = "Terminating"
    return PodColumns(ready, total, reason, restarts, last_restart)


def pod_status(pod: dict, now: int) -> tuple[str, str, str]:
    """The READY, STATUS and RESTARTS cells of ``kubectl get pods`` at ``now``."""
    columns = pod_columns(pod)
    restart_cell = str(columns.restarts)
    if columns.restarts and columns.last_restart:
        restart_cell = f"{columns.restarts} ({since(now, columns.last_restart)} ago)"
    return f"{columns.ready}/{columns.total}", columns.reason, restart_cell


def status_column(pod: dict) -> tuple[str, str, int]:
    """READY, STATUS and RESTARTS without the "(5m ago)" of RESTARTS (what the kubelet's tests
    compare)."""
    columns = pod_columns(pod)
    return f"{columns.ready}/{columns.total}", columns.reason, columns.restarts
