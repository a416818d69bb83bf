"""ingress-nginx as kind's manifest deploys it (deploy/static/provider/kind/deploy.yaml): a
Deployment with one Pod in ``ingress-nginx`` behind the controller Service, and the Ingress
ADDRESS its status sync writes (status.go: ``--publish-status-address=localhost``, every
60 s while the controller runs)."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run

SIMPLE = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - host: foo.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
"""


def test_the_controller_runs_as_a_deployment_with_one_ready_pod(cluster: Cluster) -> None:
    run(cluster, "sleep 30s")
    out = run(cluster, "get deploy,pods -n ingress-nginx").output.splitlines()
    assert out[1].split()[:2] == ["deployment.apps/ingress-nginx-controller", "1/1"]
    pod = out[-1].split()
    assert pod[0].startswith("pod/ingress-nginx-controller-") and pod[1:3] == ["1/1", "Running"]
    endpoints = run(cluster, "get endpointslice -n ingress-nginx -o name").output
    assert endpoints.startswith("endpointslice.discovery.k8s.io/ingress-nginx-controller-")
    spec = cluster.list("Pod", "ingress-nginx")[0]["spec"]
    assert spec["serviceAccountName"] == "ingress-nginx"
    assert "--publish-status-address=localhost" in spec["containers"][0]["args"]


@pytest.mark.parametrize(("seconds", "columns"), [
    (5, ["80"]),                # created; the ADDRESS stays empty until the sync at 60 s
    (54, ["80"]),
    (55, ["localhost", "80"]),  # 5 s + 55 s: the sync at 60 s wrote hostname: localhost
])
def test_the_ingress_address_fills_in_at_the_status_sync(cluster: Cluster, seconds: int,
                                                        columns: list[str]) -> None:
    run(cluster, "sleep 5s")
    run(cluster, "create deployment web --image=nginx:1.25")
    run(cluster, "expose deployment web --port=80")
    assert run(cluster, "apply -f ing.yaml", files={"ing.yaml": SIMPLE}).status == 0
    run(cluster, f"sleep {seconds}s")
    row = run(cluster, "get ingress web").output.splitlines()[1].split()
    assert row[:-1] == ["web", "nginx", "foo.com", *columns]


def test_no_address_while_no_controller_runs(cluster: Cluster) -> None:
    """The status sync runs in the controller (its leader): scaled to 0, no address."""
    run(cluster, "scale deployment ingress-nginx-controller -n ingress-nginx --replicas=0")
    run(cluster, "apply -f ing.yaml", files={"ing.yaml": SIMPLE})
    run(cluster, "sleep 90s")
    assert cluster.get("Ingress", "default", "web")["status"] == {"loadBalancer": {}}
    run(cluster, "scale deployment ingress-nginx-controller -n ingress-nginx --replicas=1")
    run(cluster, "sleep 90s")
    assert cluster.get("Ingress", "default", "web")["status"] == {
        "loadBalancer": {"ingress": [{"hostname": "localhost"}]}}
