"""Which Pod ``logs``/``exec TYPE/NAME`` picks and what each says about it: ``logs`` tells
"Found N pods, using pod/..." on stderr (polymorphichelpers/logsforobject.go), ``exec`` and
``attach`` pick silently (polymorphichelpers/attachablepodforobject.go)."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run


@pytest.mark.parametrize(("line", "says_found"), [
    ("logs deploy/web", True),
    ("logs rs/{rs}", True),
    ("exec deploy/web -- cat /etc/hostname", False),
    ("exec rs/{rs} -- cat /etc/hostname", False),
    ("exec svc/web -- cat /etc/hostname", False),
])
def test_only_logs_says_which_pod_it_picked(cluster: Cluster, line: str, says_found: bool) -> None:
    run(cluster, "create deployment web --image=nginx:1.25 --replicas=3")
    run(cluster, "expose deployment web --port=80")
    run(cluster, "rollout status deployment/web")
    rs = cluster.list("ReplicaSet", "default")[0]["metadata"]["name"]
    result = run(cluster, line.format(rs=rs))
    assert result.status == 0, result.error
    assert result.error.startswith("Found 3 pods, using pod/web-") is says_found
    if not says_found:
        assert result.error == ""
