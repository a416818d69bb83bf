"""EndpointSlices as kubectl shows them: ``-o yaml`` of an empty slice, and ``describe``
(pkg/describe/describe.go, ``EndpointSliceDescriber``)."""

from __future__ import annotations

import json

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run

WEB = "kubernetes.io/service-name=web"


@pytest.mark.parametrize(("setup", "endpoints_null", "ports_null"), [
    # no Pod: the placeholder slice (reconciler.go, endpointMeta{ports: []})
    (("create service clusterip web --tcp=80:8080",), True, True),
    # a Pod whose named target port does not resolve: listed, without ports
    (("run web --image=nginx:1.25 --labels=app=web",
      "expose pod web --port=80 --target-port=http"), False, True),
    (("run web --image=nginx:1.25 --labels=app=web", "expose pod web --port=80"), False, False),
])
def test_endpoints_and_ports_read_null_when_empty(cluster: Cluster, setup: tuple,
                                                  endpoints_null: bool, ports_null: bool) -> None:
    """Neither ``endpoints`` nor ``ports`` is omitempty (discovery/v1 types.go), and storage
    gives an empty list back as nil: the API serves ``null``."""
    for line in setup:
        assert run(cluster, line).status == 0, line
    run(cluster, "sleep 5s")
    out = run(cluster, f"get endpointslice -l {WEB} -o yaml").output
    item = out.split("- addressType: IPv4\n", 1)[1]
    assert ("  endpoints: null\n" in item) is endpoints_null
    assert ("  ports: null\n" in item) is ports_null
    served = json.loads(run(cluster, f"get endpointslice -l {WEB} -o json").output)["items"][0]
    assert "ports" in served and (served["ports"] is None) is ports_null


def test_describe_lists_each_endpoint_with_its_conditions(cluster: Cluster) -> None:
    """``describeEndpointSliceV1``: the ports table, and per endpoint its addresses, Ready,
    Hostname, TargetRef, NodeName and Zone, ``<unset>`` where nothing is set."""
    run(cluster, "run web --image=nginx:1.25 --labels=app=web")
    run(cluster, "expose pod web --port=80 --name=web")
    run(cluster, "sleep 10s")
    pod = cluster.get("Pod", "default", "web")
    out = run(cluster, f"describe endpointslice -l {WEB}").output
    body = out.split("AddressType:", 1)[1]
    assert body == (
        "  IPv4\n"
        "Ports:\n"
        "  Name     Port  Protocol\n"
        "  ----     ----  --------\n"
        "  <unset>  80    TCP\n"
        "Endpoints:\n"
        f"  - Addresses:  {pod['status']['podIP']}\n"
        "    Conditions:\n"
        "      Ready:    true\n"
        "    Hostname:   <unset>\n"
        "    TargetRef:  Pod/web\n"
        f"    NodeName:   {pod['spec']['nodeName']}\n"
        "    Zone:       <unset>\n"
        "Events:         <none>\n")


@pytest.mark.parametrize(("setup", "expected"), [
    (("create service clusterip web --tcp=80:80",), "Ports: <unset>\nEndpoints: <none>\n"),
    (("run web --image=nginx:1.25 --labels=app=web --port=80",
      "expose pod web --port=80 --target-port=http"), "Ports: <unset>\nEndpoints:\n"),
    (("run web --image=busybox:1.36 --labels=app=web --command -- sleep 3600",
      "create service clusterip web --tcp=80:80"), "      Ready:    false\n"),
])
def test_describe_of_empty_and_unready_slices(cluster: Cluster, setup: tuple, expected: str) -> None:
    for line in setup:
        assert run(cluster, line).status == 0, line
    run(cluster, "sleep 1s")  # the sandbox is up (a Pod IP), the container not yet started
    assert expected in run(cluster, f"describe endpointslice -l {WEB}").output
