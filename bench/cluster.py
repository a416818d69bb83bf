"""How fast the offline cluster runs workloads (issue 9, "Speed"): a whole rollout of a
1,000-replica Deployment, a clock tick of a 100-Pod cluster (readiness and liveness probes,
a Service), how a rollout's cost grows with the Pod count (10, 100, 1,000, 10,000) against
n log n, and a whole ``kubelearn play --script`` process running a rollout.

Timings on a shared machine drift with its load, so every figure is the median of
``--rounds`` runs taken in turns (round 1 of every measure, then round 2, ...), and each run
is paired with a baseline measured just before it in the same process: a fixed piece of
pure-Python work (:func:`reference`) that never changes. The ratio "x ref" (figure / that
baseline) is what to compare between machines and commits; the seconds are what this machine
did now. The growth series prints its ratios against its own smallest n, and the play figure
against the same process running one ``kubectl get nodes`` (start-up and imports).

Every run uses the cluster as ``kubelearn play`` builds it (all controllers, the kubelet model
included), with ``max_pods_per_node`` and ``max_pods`` raised so that the two workers hold the
Pods (kind's 110 per node would leave most of a 1,000-replica Deployment Pending).

Usage: .venv/bin/python bench/cluster.py [--rounds 3] [--largest 10000]
Prints figures only; nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import copy
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kubelearn.cluster import Cluster, rollout

GROWTH = (10, 100, 1000, 10_000)
#: The ``kubelearn play --script`` rollout: 100 replicas fit kind's two workers (110 each).
PLAY_SCRIPT = """\
kubectl create deployment web --image=nginx:1.27 --replicas=100
kubectl rollout status deployment/web
kubectl set image deployment/web nginx=nginx:1.28
kubectl rollout status deployment/web
kubectl get rs
"""
PLAY_BASELINE = "kubectl get nodes\n"


def reference() -> float:
    """The baseline: fixed pure-Python work (dicts, strings, sorting, about what a controller
    sync does), its wall time in seconds."""
    start = time.perf_counter()
    rows = [{"name": f"pod-{i:05d}", "labels": {"app": "web", "n": str(i % 7)}, "ready": i % 3 > 0}
            for i in range(20_000)]
    rows.sort(key=lambda r: (r["labels"]["n"], not r["ready"], r["name"]))
    sum(1 for r in rows if r["ready"] and r["labels"].get("app") == "web")
    return time.perf_counter() - start


def manifest(replicas: int, image: str = "nginx:1.27", probes: bool = False) -> dict:
    container: dict = {"name": "web", "image": image}
    if probes:
        container["ports"] = [{"containerPort": 80}]
        for probe in ("readinessProbe", "livenessProbe"):
            container[probe] = {"httpGet": {"path": "/", "port": 80}, "periodSeconds": 10}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "web"}},
                                  "spec": {"containers": [container]}}}}


def done(cluster: Cluster) -> bool:
    return rollout.status(cluster, cluster.get("Deployment", "default", "web"))[1]


def ready_cluster(replicas: int, probes: bool = False) -> Cluster:
    """A cluster whose Deployment ``web`` has ``replicas`` Pods ready."""
    cluster = Cluster(max_pods_per_node=max(110, replicas + replicas // 2),
                      max_pods=max(1_000, 2 * replicas))
    cluster.create(manifest(replicas, probes=probes))
    if not cluster.run_until(lambda: done(cluster), 3600):
        raise SystemExit(f"the first rollout of {replicas} replicas did not finish")
    return cluster


def timed_rollout(cluster: Cluster) -> tuple[float, int]:
    """Change the image and run the clock until the rollout finished: (wall s, virtual ms)."""
    d = copy.deepcopy(cluster.get("Deployment", "default", "web"))
    d["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.28"
    start_virtual = cluster.now_ms
    start = time.perf_counter()
    cluster.update(d)
    finished = cluster.run_until(lambda: done(cluster), 3600)
    wall = time.perf_counter() - start
    if not finished:
        raise SystemExit("the rollout did not finish within an hour of virtual time")
    return wall, cluster.now_ms - start_virtual


def rollout_of(replicas: int) -> Callable[[], float]:
    def run() -> float:
        return timed_rollout(ready_cluster(replicas))[0]
    return run


def tick_of_100() -> float:
    """The median wall time of ``advance(1)`` (one virtual second) over 50 ticks, in a settled
    cluster of 100 Pods with 10 s readiness and liveness probes behind a Service."""
    cluster = ready_cluster(100, probes=True)
    cluster.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
                    "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}})
    cluster.advance(120)
    times = []
    for _ in range(50):
        start = time.perf_counter()
        cluster.advance(1)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


#: What a learner types at the playground, timed on a settled 100-Pod cluster (target: every
#: command to printed output under 50 ms, so the playground never stutters).
KUBECTL_LINES = ("get pods", "get all -A", "get events", "describe deployment web",
                 "describe pods", "get pods -o yaml", "get pods -o json")
_COMMAND_CLUSTER: list[Cluster] = []


def kubectl_line(line: str) -> Callable[[], float]:
    """The wall time of one kubectl line, parsing to printed text, on a 100-Pod cluster."""
    from kubelearn.cluster.kubectl import run as kubectl

    def run() -> float:
        if not _COMMAND_CLUSTER:
            cluster = ready_cluster(100)
            cluster.advance(60)
            _COMMAND_CLUSTER.append(cluster)
        kubectl(_COMMAND_CLUSTER[0], line)  # once untimed: the first line imports kubectl
        start = time.perf_counter()
        kubectl(_COMMAND_CLUSTER[0], line)
        return time.perf_counter() - start
    return run


def play(script: Path) -> Callable[[], float]:
    """The wall time of a whole ``kubelearn play --script`` process (start-up included)."""
    command = [sys.executable, "-m", "kubelearn", "play", "--script", str(script)]

    def run() -> float:
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "NO_COLOR": "1"})
        return time.perf_counter() - start
    return run


def cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def measure(measures: dict[str, Callable[[], float]],
            rounds: int) -> dict[str, tuple[float, float, float]]:
    """Every measure once per round, in turns, each after its own baseline run:
    name -> (median seconds, median of seconds / baseline, median CPU seconds of the run,
    set-up included)."""
    seconds: dict[str, list[float]] = {name: [] for name in measures}
    ratios: dict[str, list[float]] = {name: [] for name in measures}
    cpu: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(rounds):
        for name, run in measures.items():
            base = reference()
            spent = cpu_seconds()
            took = run()
            cpu[name].append(cpu_seconds() - spent)
            seconds[name].append(took)
            ratios[name].append(took / base)
    return {name: (statistics.median(seconds[name]), statistics.median(ratios[name]),
                   statistics.median(cpu[name])) for name in measures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3,
                        help="runs of every measure, taken in turns; medians are printed")
    parser.add_argument("--largest", type=int, default=10_000,
                        help="the largest Pod count of the growth series (default 10000)")
    args = parser.parse_args()
    rounds = max(1, args.rounds)
    ref = statistics.median(reference() for _ in range(5))
    print(f"baseline (fixed pure-Python work): {ref * 1000:.1f} ms; "
          f"medians of {rounds} interleaved rounds, 'x ref' = figure / baseline of its round")

    with tempfile.TemporaryDirectory() as tmp:
        script, start_only = Path(tmp, "rollout.kubectl"), Path(tmp, "nodes.kubectl")
        script.write_text(PLAY_SCRIPT)
        start_only.write_text(PLAY_BASELINE)
        series = [n for n in GROWTH if n <= args.largest]
        measures: dict[str, Callable[[], float]] = {
            "rollout-1000": rollout_of(1000),
            "tick-100": tick_of_100,
            "play-rollout": play(script),
            "play-start": play(start_only),
            **{f"growth-{n}": rollout_of(n) for n in series if n != 1000},
            **{f"kubectl {line}": kubectl_line(line) for line in KUBECTL_LINES},
        }
        results = measure(measures, rounds)
    results.setdefault("growth-1000", results["rollout-1000"])

    wall, ratio, _ = results["rollout-1000"]
    print(f"rollout of a 1,000-replica Deployment to completion: {wall:.3f} s "
          f"({ratio:.1f} x ref; target under 1 s)")
    wall, ratio, _ = results["tick-100"]
    print(f"clock tick (advance 1 s), 100 Pods with probes behind a Service: "
          f"{wall * 1000:.3f} ms ({ratio:.3f} x ref; target under 5 ms)")
    rolled, ratio, rolled_cpu = results["play-rollout"]
    started, _, started_cpu = results["play-start"]
    print(f"kubelearn play --script, a 100-replica rollout: {rolled:.3f} s for the whole process "
          f"({ratio:.1f} x ref, {rolled_cpu:.3f} s CPU), {started:.3f} s of it start-up (the same "
          f"process running 'kubectl get nodes', {started_cpu:.3f} s CPU), "
          f"{rolled / started:.2f} x that")

    print("kubectl lines on a 100-Pod cluster, to printed output (target under 50 ms each):")
    for line in KUBECTL_LINES:
        wall, ratio, _ = results[f"kubectl {line}"]
        print(f"  kubectl {line:28s} {wall * 1000:7.1f} ms ({ratio:.2f} x ref)")
    print("rollout cost by Pod count n, against n log2 n (the ratios use the 'x ref' figures, "
          "which the machine's load moves less; n log n growth keeps 'per n log n' at or "
          "below 1):")
    first = series[0]
    base = results[f"growth-{first}"][1] / (first * math.log2(first))
    previous = None
    for n in series:
        wall, ratio, _ = results[f"growth-{n}"]
        per = ratio / (n * math.log2(n)) / base
        step = ""
        if previous is not None:
            grew = ratio / results[f"growth-{previous}"][1]
            allowed = (n * math.log2(n)) / (previous * math.log2(previous))
            step = f", x{grew:.1f} from n={previous} (n log n allows x{allowed:.1f})"
        print(f"  n={n:>6}: {wall:8.3f} s, {wall / n * 1e6:7.1f} us per Pod, {ratio:8.1f} x ref, "
              f"{per:5.2f} x the n={first} figure per n log n{step}")
        previous = n

if __name__ == "__main__":
    main()
