"""The real-world corpus applied to the offline cluster: every manifest Kubernetes accepts is
created, runs for two minutes of virtual time and reads back through kubectl without the
cluster ever failing inside; the two broken ones are refused as kubectl refuses them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from corpus import BROKEN, CORPUS, GOOD, needs_corpus

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run

#: What a learner would look at after applying a file.
READS = ("get all -A", "get events -A", "get ingress,ingressclass,cm,secrets,endpointslices -o wide",
         "describe pods", "describe deployments", "describe replicasets", "describe services",
         "describe ingress", "describe configmaps", "get pods -o yaml")


@needs_corpus
@pytest.mark.parametrize("name", GOOD)
def test_a_good_manifest_runs_in_the_cluster(name: str) -> None:
    cluster = Cluster(seed=0)
    # As the docs say to first: a namespace a manifest names must exist (else NotFound).
    for namespace in _namespaces(CORPUS / name):
        assert run(cluster, f"create namespace {namespace}").status == 0
    applied = run(cluster, f"apply -f {CORPUS / name}")
    assert (applied.status, applied.error) == (0, "")
    lines = applied.output.splitlines()
    assert lines and all(line.endswith((" created", " configured")) for line in lines), lines
    cluster.advance(120)
    for line in READS:
        result = run(cluster, line)
        assert result.status == 0 or "No resources found" in result.error, (line, result.error)
    assert cluster.problems == []


def _namespaces(path: Path) -> list[str]:
    found = []
    for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
        namespace = ((doc or {}).get("metadata") or {}).get("namespace")
        if namespace and namespace != "default" and namespace not in found:
            found.append(namespace)
    return found


@needs_corpus
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_manifest_is_refused(name: str) -> None:
    cluster = Cluster(seed=0)
    applied = run(cluster, f"apply -f {CORPUS / name}")
    assert applied.status == 1 and applied.output == ""
    assert cluster.list("Pod", "default") == [] and cluster.problems == []
