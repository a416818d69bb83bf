"""Completion offers what kubectl's completion offers: verbs, subcommands, resource types,
object names (in the namespace given), flags."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import complete, run


@pytest.fixture
def busy(cluster: Cluster) -> Cluster:
    run(cluster, "create deployment web --image=nginx:1.25")
    run(cluster, "create configmap web-config")
    run(cluster, "create namespace team")
    run(cluster, "create configmap other -n team")
    return cluster


@pytest.mark.parametrize(("line", "offered"), [
    ("", ["get", "describe", "apply"]),
    ("ge", ["get"]),
    ("kubectl ro", ["rollout"]),
    ("rollout ", ["status", "history", "undo", "restart", "pause", "resume"]),
    ("rollout status ", ["deployments"]),
    ("rollout status deployments/", ["deployments/web"]),
    ("get dep", ["deployment", "deployments", "deploy"]),
    ("get configmaps ", ["web-config"]),
    ("get cm -n team ", ["other"]),
    ("describe deploy w", ["web"]),
    ("get pods --sh", ["--show-labels", "--show-kind"]),
    ("create ", ["deployment", "configmap", "secret", "service", "namespace"]),
])
def test_offers(busy: Cluster, line: str, offered: list[str]) -> None:
    got = complete(busy, line)
    for word in offered:
        assert word in got, (line, got)


def test_offers_nothing_for_nonsense(busy: Cluster) -> None:
    assert complete(busy, "frobnicate ") == []
    assert complete(busy, "get 'unterminated") == []
