"""``kubectl set``: every subcommand kubectl 1.33 has answers as kubectl does
(k8s.io/kubectl/pkg/cmd/set/*.go); ``subject`` is kubectl's but not the offline cluster's."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run

SETUP = ("create deployment web --image=nginx:1.25 --replicas=2", "expose deployment web --port=80")

#: (the line, expected stdout, expected stderr start, status)
CASES = [
    ("set selector svc web app=other", "service/web selector updated\n", "", 0),
    ("set selector service/web app=web", "service/web selector updated\n", "", 0),
    ("set selector svc web app=web -o name", "service/web\n", "", 0),
    ("set selector svc web 'app in (a,b)'", "",
     "error: match expression [{app In [a b]}] not supported on this object\n", 1),
    ("set selector svc web 'app!=a'", "", 'error: "!=" is not a valid label selector operator\n', 1),
    ("set selector deploy web app=x", "",
     "error: setting a selector is only supported for Services\n", 1),
    ("set selector", "", "error: one selector is required\n", 1),
    ("set selector svc nope app=x", "", 'Error from server (NotFound): services "nope" not found\n', 1),
    ("set serviceaccount deployment web robot", "deployment.apps/web serviceaccount updated\n", "", 0),
    ("set sa deploy/web robot", "deployment.apps/web serviceaccount updated\n", "", 0),
    ("set serviceaccount", "", "error: serviceaccount is required\n", 1),
    ("set resources deploy web --limits=cpu=200m,memory=512Mi",
     "deployment.apps/web resource requirements updated\n", "", 0),
    ("set resources deploy web -c=nginx --requests=cpu=100m",
     "deployment.apps/web resource requirements updated\n", "", 0),
    ("set resources deploy web -c=other --requests=cpu=100m", "",
     "error: unable to find container named other\n", 1),
    ("set resources deploy web", "",
     "error: you must specify an update to requests or limits (in the form of "
     "--requests/--limits)\n", 1),
    ("set resources deploy web --limits=cpu", "",
     "error: invalid argument syntax cpu, expected <resource>=<value>\n", 1),
    ("set resources deploy web --limits=cpu=lots", "",
     "error: quantities must match the regular expression", 1),
    ("set subject rolebinding admin --user=jane", "",
     'error: "kubectl set subject" is not available in the offline cluster', 1),
    ("set frobnicate deploy web", "",
     "error: unknown command \"frobnicate deploy web\"\nSee 'kubectl set -h' for help and "
     "examples\n", 1),
    ("set", "", "Set specific features on objects.\n\nAvailable Commands:\n  env ", 1),
    ("rollout", "Manage the rollout of a resource.\n\nAvailable Commands:\n  history ", "", 1),
]


@pytest.mark.parametrize(("line", "out", "err", "status"), CASES, ids=[c[0] for c in CASES])
def test_set(cluster: Cluster, line: str, out: str, err: str, status: int) -> None:
    for before in SETUP:
        assert run(cluster, before).status == 0, before
    result = run(cluster, line)
    assert result.output.startswith(out) if out else result.output == ""
    assert result.error.startswith(err) if err else result.error == ""
    assert result.status == status
    assert not cluster.problems


def test_set_selector_moves_the_endpoints(cluster: Cluster) -> None:
    """The new selector replaces the old one whole, and the EndpointSlice follows it."""
    for before in SETUP:
        run(cluster, before)
    run(cluster, "run other --image=nginx:1.25 --labels=app=other,tier=x")
    run(cluster, "sleep 10s")
    run(cluster, "set selector svc web app=other")
    assert cluster.get("Service", "default", "web")["spec"]["selector"] == {"app": "other"}
    (piece,) = [s for s in cluster.list("EndpointSlice", "default")
                if s["metadata"]["labels"].get("kubernetes.io/service-name") == "web"]
    assert [e["targetRef"]["name"] for e in piece["endpoints"]] == ["other"]


@pytest.mark.parametrize(("line", "where", "expected"), [
    ("set sa deploy web robot", ("serviceAccountName",), "robot"),
    ("set sa deploy web robot", ("serviceAccount",), "robot"),
    ("set resources deploy web --limits=cpu=200m,memory=512Mi",
     ("containers", 0, "resources"), {"limits": {"cpu": "200m", "memory": "512Mi"}}),
])
def test_set_changes_the_template_and_starts_a_rollout(cluster: Cluster, line: str,
                                                       where: tuple, expected: object) -> None:
    for before in SETUP:
        run(cluster, before)
    generation = cluster.get("Deployment", "default", "web")["metadata"]["generation"]
    assert run(cluster, line).status == 0
    deploy = cluster.get("Deployment", "default", "web")
    value = deploy["spec"]["template"]["spec"]
    for step in where:
        value = value[step]
    assert value == expected
    assert deploy["metadata"]["generation"] == generation + 1
    assert len(cluster.list("ReplicaSet", "default")) == 2
