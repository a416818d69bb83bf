"""``kubectl get``'s columns and cells against upstream's: the column names of
pkg/printers/internalversion/printers.go (``TableColumnDefinition``, upper-cased as the
table printer writes them; Priority 1 columns only with ``-o wide``), the STATUS words of
``printPod``, and ``HumanDuration``'s table (apimachinery util/duration/duration_test.go).
"""

from __future__ import annotations

import pytest

from kubelearn.cluster.kubectl.printers import pod_status, table_rows
from kubelearn.cluster.kubectl.tabwriter import tabbed, table
from kubelearn.cluster.kubectl.timefmt import human_duration

#: printers.go AddHandlers (Kubernetes 1.33): each kind's column names; "*" marks Priority 1.
UPSTREAM_COLUMNS = {
    "Pod": ["Name", "Ready", "Status", "Restarts", "Age", "*IP", "*Node", "*Nominated Node",
            "*Readiness Gates"],
    "Deployment": ["Name", "Ready", "Up-to-date", "Available", "Age", "*Containers", "*Images",
                   "*Selector"],
    "ReplicaSet": ["Name", "Desired", "Current", "Ready", "Age", "*Containers", "*Images",
                   "*Selector"],
    "Service": ["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "*Selector"],
    "Endpoints": ["Name", "Endpoints", "Age"],
    "EndpointSlice": ["Name", "AddressType", "Ports", "Endpoints", "Age"],
    "Ingress": ["Name", "Class", "Hosts", "Address", "Ports", "Age"],
    "IngressClass": ["Name", "Controller", "Parameters", "Age"],
    "ConfigMap": ["Name", "Data", "Age"],
    "Secret": ["Name", "Type", "Data", "Age"],
    "Namespace": ["Name", "Status", "Age"],
    "ServiceAccount": ["Name", "Secrets", "Age"],
    "Node": ["Name", "Status", "Roles", "Age", "Version", "*Internal-IP", "*External-IP",
             "*OS-Image", "*Kernel-Version", "*Container-Runtime"],
    "Event": ["Last Seen", "Type", "Reason", "Object", "*Subobject", "*Source", "Message",
              "*First Seen", "*Count", "*Name"],
}


@pytest.mark.parametrize("kind", sorted(UPSTREAM_COLUMNS))
def test_headers_are_upstream_column_names(kind: str) -> None:
    names = UPSTREAM_COLUMNS[kind]
    narrow = [n.upper() for n in names if not n.startswith("*")]
    wide = [n.lstrip("*").upper() for n in names]
    assert table_rows(kind, [], 0)[0] == narrow
    assert table_rows(kind, [], 0, wide=True)[0] == wide


def test_namespace_and_labels_columns() -> None:
    head = table_rows("Pod", [], 0, with_namespace=True, show_labels=True)[0]
    assert head[0] == "NAMESPACE" and head[-1] == "LABELS"


# HumanDuration (duration_test.go TestHumanDuration and TestHumanDurationBoundaries), in ms.
S, M, H, D = 1000, 60_000, 3_600_000, 86_400_000
HUMAN = [
    (S, "1s"), (70 * S, "70s"), (190 * S, "3m10s"), (70 * M, "70m"), (47 * H, "47h"),
    (49 * H, "2d1h"), ((8 * 24 + 2) * H, "8d"), (367 * D, "367d"), ((365 * 2 * 24 + 25) * H, "2y1d"),
    ((365 * 8 * 24 + 2) * H, "8y"),
    (-2 * S, "<invalid>"), (-2 * S + 1, "0s"), (0, "0s"), (S - 1, "0s"), (2 * M - 1, "119s"),
    (2 * M, "2m"), (2 * M + S, "2m1s"), (10 * M - 1, "9m59s"), (10 * M, "10m"),
    (10 * M + S, "10m"), (3 * H - 1, "179m"), (3 * H, "3h"), (3 * H + M, "3h1m"),
    (8 * H - 1, "7h59m"), (8 * H, "8h"), (8 * H + 59 * M, "8h"), (2 * D - 1, "47h"),
    (2 * D, "2d"), (2 * D + H, "2d1h"), (8 * D - 1, "7d23h"), (8 * D, "8d"), (8 * D + 23 * H, "8d"),
    (2 * 365 * D - 1, "729d"), (2 * 365 * D, "2y"), (2 * 365 * D + 23 * H, "2y"),
    (2 * 365 * D + D - 1, "2y"), (2 * 365 * D + D, "2y1d"), (3 * 365 * D, "3y"),
    (7 * 365 * D, "7y"), (8 * 365 * D - 1, "7y364d"), (8 * 365 * D, "8y"),
    (8 * 365 * D + 364 * D, "8y"), (9 * 365 * D, "9y"),
]


@pytest.mark.parametrize(("ms", "want"), HUMAN)
def test_human_duration(ms: int, want: str) -> None:
    assert human_duration(ms) == want


def _pod(containers: list[dict], *, phase: str = "Running", init: list[dict] | None = None,
         deleting: bool = False, conditions: list[dict] | None = None,
         reason: str | None = None) -> dict:
    meta: dict = {"name": "p", "namespace": "default", "creationTimestamp": "2025-06-02T09:00:00Z"}
    if deleting:
        meta["deletionTimestamp"] = "2025-06-02T09:10:00Z"
    status: dict = {"phase": phase, "containerStatuses": containers,
                    "conditions": conditions or []}
    if reason:
        status["reason"] = reason
    spec: dict = {"containers": [{"name": c["name"]} for c in containers]}
    if init is not None:
        status["initContainerStatuses"] = init
        spec["initContainers"] = [{"name": c["name"]} for c in init]
    return {"kind": "Pod", "metadata": meta, "spec": spec, "status": status}


RUNNING = {"name": "a", "ready": True, "restartCount": 0,
           "state": {"running": {"startedAt": "2025-06-02T09:00:00Z"}}}


def _waiting(reason: str, restarts: int = 0, **last: str) -> dict:
    c = {"name": "a", "ready": False, "restartCount": restarts, "state": {"waiting": {"reason": reason}}}
    if last:
        c["lastState"] = {"terminated": {"exitCode": 1, **last}}
    return c


NOW = 10 * M
POD_CASES = [
    ("running", _pod([RUNNING]), ("1/1", "Running", "0")),
    ("creating", _pod([_waiting("ContainerCreating")], phase="Pending"),
     ("0/1", "ContainerCreating", "0")),
    ("pull", _pod([_waiting("ErrImagePull")], phase="Pending"), ("0/1", "ErrImagePull", "0")),
    ("backoff", _pod([_waiting("ImagePullBackOff")], phase="Pending"),
     ("0/1", "ImagePullBackOff", "0")),
    ("crash loop with the last restart", _pod([_waiting(
        "CrashLoopBackOff", 3, finishedAt="2025-06-02T09:05:00Z")]),
     ("0/1", "CrashLoopBackOff", "3 (5m ago)")),
    ("completed", _pod([{"name": "a", "ready": False, "restartCount": 0, "state": {
        "terminated": {"exitCode": 0, "reason": "Completed"}}}], phase="Succeeded"),
     ("0/1", "Completed", "0")),
    ("error", _pod([{"name": "a", "ready": False, "restartCount": 0, "state": {
        "terminated": {"exitCode": 1, "reason": "Error"}}}], phase="Failed"), ("0/1", "Error", "0")),
    ("exit code without a reason", _pod([{"name": "a", "ready": False, "restartCount": 0,
                                          "state": {"terminated": {"exitCode": 2}}}]),
     ("0/1", "ExitCode:2", "0")),
    ("signal", _pod([{"name": "a", "ready": False, "restartCount": 0,
                      "state": {"terminated": {"exitCode": 137, "signal": 9}}}]),
     ("0/1", "Signal:9", "0")),
    ("terminating", _pod([RUNNING], deleting=True), ("1/1", "Terminating", "0")),
    ("running but not ready", _pod([{**RUNNING, "ready": False}]), ("0/1", "Running", "0")),
    ("init waiting", _pod([_waiting("PodInitializing")], phase="Pending",
                          init=[{"name": "i", "restartCount": 0, "state": {"running": {}}}]),
     ("0/1", "Init:0/1", "0")),
    ("init failed", _pod([_waiting("PodInitializing")], phase="Pending",
                         init=[{"name": "i", "restartCount": 0, "state": {
                             "terminated": {"exitCode": 1, "reason": "Error"}}}]),
     ("0/1", "Init:Error", "0")),
    ("init crash loop", _pod([_waiting("PodInitializing")], phase="Pending",
                             init=[{"name": "i", "restartCount": 2, "state": {
                                 "waiting": {"reason": "CrashLoopBackOff"}}}]),
     ("0/1", "Init:CrashLoopBackOff", "2")),
    ("evicted", _pod([], phase="Failed", reason="Evicted"), ("0/0", "Evicted", "0")),
    ("pending without statuses", _pod([], phase="Pending"), ("0/0", "Pending", "0")),
]


@pytest.mark.parametrize(("pod", "want"), [c[1:] for c in POD_CASES], ids=[c[0] for c in POD_CASES])
def test_pod_status_words(pod: dict, want: tuple[str, str, str]) -> None:
    assert pod_status(pod, NOW) == want


# Go's text/tabwriter, as kubectl configures it.
def test_table_layout_pads_all_but_the_last_column() -> None:
    assert table([["NAME", "READY"], ["a-very-long-name", "1/1"]]) == (
        "NAME               READY\na-very-long-name   1/1\n")


def test_table_minimum_width_is_six() -> None:
    assert table([["A", "B"], ["c", "d"]]) == "A     B\nc     d\n"


def test_describe_layout_aligns_each_block_on_its_own() -> None:
    text = "Name:\tweb\nLabels:\ta=b\n\tc=d\nData\nLonger key:\tx\n"
    assert tabbed(text) == ("Name:    web\nLabels:  a=b\n         c=d\nData\n"
                            "Longer key:  x\n")


def test_layout_counts_characters_not_bytes() -> None:
    assert table([["名前", "X"], ["ab", "Y"]]) == "名前    X\nab    Y\n"
