"""How fast the checker is: warm check of a 60-line Deployment, throughput over the shared
corpus in one process, and `kubelearn check` as a whole process side by side with kubeconform
(and kubernetes-validate) on 1, 100 and 5,000 manifests, in one run.

The peers: kubeconform v0.7.0 and its Kubernetes 1.33 schemas from ../shared/peers/kubeconform
(strict, offline, its default 4 workers, as its run.sh runs it); kubernetes-validate from
$KUBERNETES_VALIDATE or the PATH (`pip install kubernetes-validate==1.37.0`; strict, -k 1.33.0).
Each missing peer is named and skipped. The manifests are the shared corpus's valid files,
copied round-robin into folders of 100 and 5,000; every tool is given the folder (the one file
for 1), and runs are interleaved so a busy machine slows all tools alike.

Usage: .venv/bin/python bench/checker.py [--repeat N] [--large N]
Prints figures and ratios only; nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = (Path(__file__).resolve().parents[1] / ".." / "shared").resolve()
CORPUS = SHARED / "corpus" / "k8s-website"
KUBECONFORM = SHARED / "peers" / "kubeconform"
#: The corpus files that are not valid (see tests/checker/test_corpus.py): not copied.
BROKEN = ("pod-multiple-secret-env-variable.yaml", "pod-single-secret-env-variable.yaml")

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
    tier: frontend
  annotations:
    kubernetes.io/change-cause: "image 1.27"
spec:
  replicas: 3
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app: web
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      labels:
        app: web
        tier: frontend
    spec:
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolicy: IfNotPresent
        ports:
        - name: http
          containerPort: 80
        env:
        - name: MODE
          value: "production"
        - name: LOG_LEVEL
          value: info
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
          limits:
            cpu: 500m
            memory: 128Mi
        readinessProbe:
          httpGet:
            path: /healthz
            port: http
          initialDelaySeconds: 5
          periodSeconds: 10
        volumeMounts:
        - name: config
          mountPath: /etc/nginx/conf.d
      volumes:
      - name: config
        configMap:
          name: web-config
"""


def per_call(func, n: int) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


#: Whole processes cache their bytecode, as an installed kubelearn does (pip compiles it),
#: even where PYTHONDONTWRITEBYTECODE is set.
PROCESS_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
PROCESS_ENV["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="kubelearn-bench-pycache-")


def run_process(argv: list[str], repeat: int) -> float:
    return interleaved({"x": argv}, repeat)[0]["x"]


def interleaved(commands: dict[str, list[str]],
                repeat: int) -> tuple[dict[str, float], dict[str, float]]:
    """The median wall time and the median CPU time (user + system, the process and its
    children) of each command, run in turns after one warm-up run each. On a shared machine
    the wall time swings with the other work; the CPU time hardly does."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(repeat + 1):
        for name, argv in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           check=False, env=PROCESS_ENV)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if round_:  # the first round writes the bytecode cache and warms the disk
                times[name].append(wall)
                cpu[name].append(after.ru_utime + after.ru_stime
                                 - before.ru_utime - before.ru_stime)
    return ({name: statistics.median(t) for name, t in times.items()},
            {name: statistics.median(t) for name, t in cpu.items()})


def kubeconform() -> list[str] | None:
    """kubeconform's command line as its run.sh builds it, with the schemas unpacked."""
    binary, script = KUBECONFORM / "kubeconform", KUBECONFORM / "run.sh"
    if not (binary.is_file() and script.is_file()):
        return None
    cache = Path(os.environ.get("KUBECONFORM_SCHEMAS")
                 or Path(tempfile.gettempdir()) / "kubeconform-schemas-v1.33.0")
    subprocess.run([str(script), "-v"], stdout=subprocess.DEVNULL, check=False)  # unpacks
    location = f"{cache}/v1.33.0-strict/{{{{ .ResourceKind }}}}{{{{ .KindSuffix }}}}.json"
    return [str(binary), "-strict", "-summary", "-schema-location", location]


def kubernetes_validate() -> list[str] | None:
    found = os.environ.get("KUBERNETES_VALIDATE") or shutil.which("kubernetes-validate")
    return [found, "--strict", "--quiet", "-k", "1.33.0"] if found else None


def manifest_sets(files: list[Path], large: int, root: Path) -> dict[int, list[str]]:
    """The inputs each tool gets: one file, and folders of 100 and ``large`` copies."""
    good = [f for f in files if f.name not in BROKEN]
    sets: dict[int, list[str]] = {1: [str(CORPUS / "pods" / "simple-pod.yaml")]}
    for count in (100, large):
        folder = root / str(count)
        folder.mkdir()
        for i in range(count):
            shutil.copyfile(good[i % len(good)], folder / f"m{i:05d}.yaml")
        sets[count] = [str(folder)]
    return sets


def side_by_side(files: list[Path], repeat: int, large: int) -> None:
    python = sys.executable
    peer = kubeconform()
    kv = kubernetes_validate()
    if peer is None:
        print(f"kubeconform not found in {KUBECONFORM}; skipping the comparison with it")
    if kv is None:
        print("kubernetes-validate not found ($KUBERNETES_VALIDATE or PATH); skipping it")
    with tempfile.TemporaryDirectory(prefix="kubelearn-bench-") as root:
        sets = manifest_sets(files, large, Path(root))
        for count, paths in sets.items():
            commands = {"kubelearn": [python, "-m", "kubelearn", "check", *paths]}
            if peer is not None:
                commands["kubeconform"] = [*peer, *paths]
            if kv is not None and count <= 100:  # about 13 ms a file: 5,000 take a minute
                # it reads files, not folders: give it the folder's files
                named = sorted(str(f) for p in paths for f in Path(p).glob("*.yaml")) or paths
                commands["kubernetes-validate"] = [*kv, *named]
            runs = repeat if count < large else max(3, repeat // 2)
            medians, cpu = interleaved(commands, runs)
            ours = medians["kubelearn"]
            line = f"{count:>5} manifests: kubelearn check {ours * 1000:7.0f} ms"
            if "kubeconform" in medians:
                line += (f" | kubeconform {medians['kubeconform'] * 1000:6.0f} ms"
                         f" | kubelearn/kubeconform = {ours / medians['kubeconform']:.2f}"
                         f" (CPU time {cpu['kubelearn'] / cpu['kubeconform']:.2f})")
            if "kubernetes-validate" in medians:
                line += (f" | kubernetes-validate {medians['kubernetes-validate'] * 1000:6.0f} ms"
                         f" = {medians['kubernetes-validate'] / ours:.1f}x kubelearn")
            print(line + f" (median of {runs})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each whole process")
    parser.add_argument("--large", type=int, default=5000, help="manifests in the large set")
    args = parser.parse_args()

    start = time.perf_counter()
    import kubelearn.checker as checker

    import_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    first = checker.check(DEPLOYMENT)
    first_ms = (time.perf_counter() - start) * 1000
    lines = DEPLOYMENT.count("\n")
    assert first.ok, first.findings

    for _ in range(200):
        checker.check(DEPLOYMENT)
    times = per_call(lambda: checker.check(DEPLOYMENT), 3000)
    print(
        f"import kubelearn.checker: {import_ms:.1f} ms; first check (loads schema): {first_ms:.1f} ms"
    )
    print(
        f"warm check, {lines}-line Deployment: median {statistics.median(times) * 1e6:.0f} us, "
        f"p90 {sorted(times)[int(len(times) * 0.9)] * 1e6:.0f} us (target < 1000 us)"
    )

    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}; skipping the corpus figures")
        return
    files = sorted(CORPUS.rglob("*.yaml"))
    blobs = [p.read_bytes() for p in files]
    size = sum(len(b) for b in blobs)
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        for blob in blobs:
            checker.check(blob)
    elapsed = (time.perf_counter() - start) / rounds
    print(
        f"corpus in one process: {len(files)} files, {size / 1024:.0f} KiB in {elapsed * 1000:.1f} ms "
        f"({len(files) / elapsed:.0f} files/s, {size / elapsed / 1e6:.1f} MB/s)"
    )

    python = sys.executable
    base = run_process([python, "-c", "pass"], args.repeat)
    importing = run_process([python, "-c", "import kubelearn.checker"], args.repeat)
    print(
        f"python -c pass: {base * 1000:.0f} ms; python -c 'import kubelearn.checker': "
        f"{importing * 1000:.0f} ms"
    )
    side_by_side(files, args.repeat, args.large)


if __name__ == "__main__":
    main()
