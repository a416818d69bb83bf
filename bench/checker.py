"""How fast the checker is: warm check of a 60-line Deployment, throughput over the shared
corpus in one process, and `kubelearn check` over the corpus as a whole process against
`python -c pass` started in the same run.

Usage: .venv/bin/python bench/checker.py [--repeat N]
Prints figures only; nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "k8s-website"
).resolve()

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
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                   env=PROCESS_ENV)  # writes the bytecode cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                       env=PROCESS_ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each whole process")
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
    whole = run_process([python, "-m", "kubelearn", "check", *map(str, files)], args.repeat)
    print(
        f"python -c pass: {base * 1000:.0f} ms; python -c 'import kubelearn.checker': {importing * 1000:.0f} ms"
    )
    print(
        f"kubelearn check <{len(files)} corpus files>: {whole * 1000:.0f} ms "
        f"= {whole / base:.1f}x python -c pass (median of {args.repeat})"
    )


if __name__ == "__main__":
    main()
