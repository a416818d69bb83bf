"""Inputs under 1 MiB that used to take minutes: each relation between objects is found by key,
not by testing every pair, so each of these is checked in seconds, and says only a bounded
amount. (bench/worst_case.py shows the growth from 10 KiB to 1 MiB.)

The time bounds are loose on purpose: each case took between 8 s and 472 s before."""

from __future__ import annotations

import time

from kubelearn.checker import check
from kubelearn.checker.pipeline import PER_CODE, TOTAL

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n"


def timed(text: str, seconds: float):
    # CPU time of this process, not wall time: other work on a shared machine (the other
    # test worker, other builds) slows the wall clock by several times, not the work done.
    start = time.process_time()
    report = check(text)
    elapsed = time.process_time() - start
    assert elapsed < seconds, f"{elapsed:.1f} s"
    assert len(text.encode()) <= 1 << 20
    assert len(report.findings) <= TOTAL
    assert "internal-error" not in [f.code for f in report.findings]
    return report


def counted(report, code: str) -> int:
    """How many findings of ``code`` the report stands for, shown or summed up."""
    shown = sum(f.code == code for f in report.findings)
    more = [f for f in report.findings if f.code == "more-findings" and f"({code})" in f.message]
    return shown + sum(int(f.message.split()[2]) for f in more)


def test_list_of_20000_items() -> None:  # was 140 s: each item scanned every position
    items = "".join(f"- {{kind: ConfigMap, metadata: {{name: C{i}}}}}\n" for i in range(20_000))
    report = timed("apiVersion: v1\nkind: List\nitems:\n" + items, 6)
    assert counted(report, "invalid-name") == 20_000
    shown = [f for f in report.findings if f.code == "invalid-name"]
    assert [f.line for f in shown] == [4 + i for i in range(PER_CODE)]  # each item's own place


def test_5000_configmap_key_refs_among_similar_keys() -> None:  # was 472 s (difflib)
    keys = "".join(f"  key-{i:05d}-abc: v\n" for i in range(5000))
    refs = "".join(
        f"    - name: E{i}\n      valueFrom:\n        configMapKeyRef:\n          name: cm\n"
        f"          key: key-{i:05d}-abd\n"
        for i in range(5000)
    )
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n" + keys
    report = timed(text + "---\n" + POD + "    env:\n" + refs, 6)
    assert counted(report, "configmap-key-missing") == 5000
    first = next(f for f in report.findings if f.code == "configmap-key-missing")
    assert "key-00000-abc" in first.explanation + first.hint  # still a good "did you mean"


def test_3000_ingress_backends_to_missing_services() -> None:  # was 267 s
    paths = "".join(
        f"      - path: /p{i}\n        pathType: Prefix\n        backend:\n          service:\n"
        f"            name: svc-{i}\n            port:\n              number: 80\n"
        for i in range(3000)
    )
    services = "".join(
        f"---\napiVersion: v1\nkind: Service\nmetadata:\n  name: other-{i}\nspec:\n"
        "  ports:\n  - port: 80\n"
        for i in range(3000)
    )
    ingress = (
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n"
        "  rules:\n  - http:\n      paths:\n"
    )
    report = timed(ingress + paths + services, 6)
    assert counted(report, "ingress-unknown-service") == 3000
    first = next(f for f in report.findings if f.code == "ingress-unknown-service")
    assert "and 2990 more" in first.explanation  # the known Services, listed up to ten


def test_4000_services_by_4000_pods() -> None:  # was 63 s: every pair tested
    services = "".join(
        f"---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s{i}\nspec:\n  selector:\n"
        f"    app: a{i}\n  ports:\n  - port: 80\n"
        for i in range(4000)
    )
    pods = "".join(
        f"---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\n  labels:\n    app: a{i + 1}\n"
        "spec:\n  containers:\n  - name: c\n    image: x\n"
        for i in range(4000)
    )
    report = timed(services + pods, 6)
    assert counted(report, "service-selects-nothing") == 1  # only s0 selects nothing


def test_long_value_that_almost_matches_a_pattern() -> None:  # was 8 s of regex backtracking
    ones = "1" * 20_000
    text = (
        f"{POD}    resources:\n      limits:\n        memory: \"{ones}!\"\n"
    ).replace("  name: p\n", f"  name: p\n  labels:\n    a: \"{ones}!\"\n", 1)
    report = timed(text, 2)
    assert {"invalid-quantity", "invalid-label"} <= {f.code for f in report.findings}


def test_10000_mismatched_selector_labels() -> None:  # was 8 s and 16 MB of findings
    match = "".join(f"      k{i}: v\n" for i in range(10_000))
    labels = "".join(f"        k{i}: w\n" for i in range(10_000))
    text = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n"
        f"    matchLabels:\n{match}  template:\n    metadata:\n      labels:\n{labels}"
        "    spec:\n      containers:\n      - name: c\n        image: x\n"
    )
    report = timed(text, 2)
    assert counted(report, "selector-mismatch") == 10_000
    size = sum(len(f.message) + len(f.explanation) + len(f.hint) for f in report.findings)
    assert size < 50_000
