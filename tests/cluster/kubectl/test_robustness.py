"""Anything typed at the prompt gets kubectl's own kind of answer: random and hostile lines
never raise, never reach our internal-error guard, stay bounded, and show what they echo
literally (no terminal control character gets through)."""

from __future__ import annotations

import random

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import complete, run
from kubelearn.cluster.kubectl.core import MAX_OUTPUT
from kubelearn.safe_text import has_control

WORDS = ["kubectl", "get", "describe", "apply", "create", "delete", "scale", "set", "image",
         "env", "rollout", "status", "history", "undo", "restart", "pause", "resume", "expose",
         "label", "annotate", "logs", "exec", "explain", "api-resources", "version",
         "cluster-info", "sleep", "curl", "deployment", "configmap", "secret", "generic",
         "service", "nodeport", "pods", "po", "deploy/web", "rs", "svc", "ing", "events", "all",
         "nodes", "ns", "web", "web=nginx:1.26", "nginx=", "a=b", "a-", "-n", "default", "-A",
         "-o", "yaml", "json", "wide", "name", "jsonpath={.items[*]}", "jsonpath={.a[",
         "jsonpath={range .items[*]}", "-l", "app in (x", "app notin (a,b)", "!app", "--",
         "cat", "ls", "/etc", "-f", "-", "x.yaml", "--replicas=3", "--replicas=-1",
         "--replicas=99999999999999999999", "--image=nginx:1.25", "--from-literal=k=v",
         "--tcp=80:8080", "--grace-period=0", "--force", "--now", "--all", "--timeout=1s",
         "--sort-by=.lastTimestamp", "--field-selector", "involvedObject.name=web",
         "--to-revision=7", "-c", "nginx", "--previous", "--tail=3", "30s", "-1s", "1e9h",
         "http://localhost/", "-H", "Host: x", "-sS", "-i", "'", '"', "\\", "#", "=", "/",
         "\x1b]0;pwn\x07", "\u202e", "\x00", "é", "名前", "a" * 300, "{}", "[]", "$(rm -rf /)",
         "deploy/", "/web", "deploy/web/x", ",", "deploy,,rs", "--output", "-oyaml", "-nx",
         "--namespace=", "-lapp=web", "--show-labels", "-w", "--dry-run=client", "-R"]


@pytest.fixture(scope="module")
def busy() -> Cluster:
    cluster = Cluster(seed=3)
    for line in ("create deployment web --image=nginx:1.25 --replicas=2",
                 "expose deployment web --port=80", "create configmap cfg --from-literal=a=1",
                 "sleep 5s"):
        assert run(cluster, line).status == 0
    return cluster


def _check(cluster: Cluster, line: str) -> None:
    result = run(cluster, line)
    assert "internal error" not in result.error, (line, result.error, cluster.problems)
    assert not cluster.problems, (line, cluster.problems)
    assert result.status in (0, 1)
    assert len(result.output) <= MAX_OUTPUT + 200 and len(result.error) <= MAX_OUTPUT + 200
    for text in (result.output, result.error):
        assert not has_control(text.replace("\t", " ")), (line, text)
    complete(cluster, line)


def test_random_lines(busy: Cluster) -> None:
    rng = random.Random(20260602)
    for _ in range(1500):
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 7)))
        _check(busy, line)


@pytest.mark.parametrize("line", [
    "get pods " + "x" * 20_000,
    "get " + ",".join(["pods"] * 2000),
    "get pods -l " + "a=b," * 3000,
    "get pods -o jsonpath='" + "{" * 500 + "'",
    "explain " + ".spec" * 400,
    "explain pods --recursive",
    "sleep 999999h",
    "get deploy web -o jsonpath='{.spec.template.spec.containers[99]}'",
    "exec web -- cat",
    "logs nosuchpod",
    "apply -f /dev/zero",
    "apply -f /",
    "apply -f -",
    "curl http://[::1",
    "curl 'http://bad host/'",
    "kubectl kubectl get pods",
    "\t\t",
    "'\x1b[2J' get",
])
def test_hostile_lines(busy: Cluster, line: str) -> None:
    _check(busy, line)
