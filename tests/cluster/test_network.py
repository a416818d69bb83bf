"""Services as the API server admits them (IPs and node ports), the load-balancer provider,
EndpointSlices and Endpoints, and the cluster DNS."""

from __future__ import annotations

import ipaddress

import pytest
from cluster.test_network_kit import network_cluster, pod, service

from kubelearn.cluster import Cluster, dns
from kubelearn.cluster.errors import ApiError
from kubelearn.cluster.network import IP_OFFSET, PORT_OFFSET, range_offset

# --- allocation -----------------------------------------------------------------------------


@pytest.mark.parametrize(("size", "low", "high", "step", "want"), [
    # calculateRangeOffset's cases (ipallocator and portallocator allocator_test.go)
    (16, 16, 256, 16, 0),
    (17, 16, 256, 16, 16),
    (2 ** 20, 16, 256, 16, 256),
    (2768, 16, 128, 32, 86),
    (1000, 16, 128, 32, 31),
    (65536, 16, 128, 32, 128),
])
def test_the_static_band_is_upstreams_range_offset(size, low, high, step, want) -> None:
    assert range_offset(size, low, high, step) == want


def test_the_bands_of_the_default_ranges() -> None:
    assert (IP_OFFSET, PORT_OFFSET) == (256, 86)


def test_every_cluster_starts_with_kubernetes_and_kube_dns_services() -> None:
    c = network_cluster()
    assert c.get("Service", "default", "kubernetes")["spec"]["clusterIP"] == "10.96.0.1"
    assert c.get("Service", "kube-system", "kube-dns")["spec"]["clusterIP"] == "10.96.0.10"
    assert c.get("Endpoints", "default", "kubernetes")["subsets"][0]["addresses"] == [
        {"ip": "172.18.0.2"}]


def test_dynamic_cluster_ips_come_from_the_upper_band_and_are_all_different() -> None:
    c = network_cluster()
    ips = [c.create(service(f"s{i}", {"app": "x"}))["spec"]["clusterIP"] for i in range(40)]
    assert len(set(ips)) == 40
    for ip in ips:
        address = ipaddress.IPv4Address(ip)
        assert address in ipaddress.IPv4Network("10.96.0.0/12")
        assert address > ipaddress.IPv4Address("10.96.1.0")  # past the 256 static addresses


def test_the_same_seed_gives_the_same_ips_and_ports() -> None:
    def made(seed: int) -> list:
        c = network_cluster(seed=seed)
        svc = c.create(service("web", {"app": "web"}, type_="NodePort"))
        return [svc["spec"]["clusterIP"], svc["spec"]["ports"][0]["nodePort"]]

    assert made(3) == made(3)
    assert made(3) != made(4)


@pytest.mark.parametrize(("spec", "error"), [
    ({"clusterIP": "10.96.0.50"}, None),
    ({"clusterIP": "10.96.0.10"},
     'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: '
     "failed to allocate IP 10.96.0.10: provided IP is already allocated"),
    ({"clusterIP": "1.1.1.1"},
     'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"1.1.1.1"}: '
     "failed to allocate IP 1.1.1.1: the provided IP (1.1.1.1) is not in the valid range. "
     "The range of valid IPs is 10.96.0.0/12"),
    ({"clusterIP": "None"}, None),
])
def test_a_cluster_ip_asked_for(spec, error) -> None:
    c = network_cluster()
    if error is None:
        made = c.create(service("web", {"app": "web"}, **spec))
        assert made["spec"]["clusterIPs"] == [spec["clusterIP"]]
        return
    with pytest.raises(ApiError) as caught:
        c.create(service("web", {"app": "web"}, **spec))
    assert caught.value.message == error


def test_dynamic_node_ports_prefer_the_upper_band() -> None:
    c = network_cluster()
    ports = [c.create(service(f"s{i}", {"app": "x"}, type_="NodePort"))["spec"]["ports"][0]["nodePort"]
             for i in range(30)]
    assert len(set(ports)) == 30
    assert all(30086 <= p <= 32767 for p in ports)


@pytest.mark.parametrize(("first", "second", "error"), [
    (30080, 30081, None),
    (30080, 30080, 'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: '
                   "provided port is already allocated"),
    (30080, 80, 'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided '
                "port is not in the valid range. The range of valid ports is 30000-32767"),
])
def test_a_node_port_asked_for(first, second, error) -> None:
    c = network_cluster()
    c.create(service("a", {"app": "a"}, type_="NodePort", ports=[{"port": 80, "nodePort": first}]))
    make = service("b", {"app": "b"}, type_="NodePort", ports=[{"port": 80, "nodePort": second}])
    if error is None:
        assert c.create(make)["spec"]["ports"][0]["nodePort"] == second
        return
    with pytest.raises(ApiError) as caught:
        c.create(make)
    assert caught.value.message == error


def test_a_deleted_service_gives_its_node_port_back_and_an_update_keeps_it() -> None:
    c = network_cluster()
    c.create(service("a", {"app": "a"}, type_="NodePort", ports=[{"port": 80, "nodePort": 30080}]))
    again = service("a", {"app": "a"}, type_="NodePort", ports=[{"port": 80}])
    assert c.update(again)["spec"]["ports"][0]["nodePort"] == 30080
    c.delete("Service", "default", "a")
    b = c.create(service("b", {"app": "b"}, type_="NodePort",
                         ports=[{"port": 80, "nodePort": 30080}]))
    assert b["spec"]["ports"][0]["nodePort"] == 30080


def test_a_change_to_cluster_ip_drops_the_node_ports() -> None:
    c = network_cluster()
    made = c.create(service("a", {"app": "a"}, type_="NodePort"))
    changed = service("a", {"app": "a"}, type_="ClusterIP",
                      ports=[{"port": 80, "nodePort": made["spec"]["ports"][0]["nodePort"]}])
    assert "nodePort" not in c.update(changed)["spec"]["ports"][0]


@pytest.mark.parametrize(("type_", "extra", "node_ports", "cluster_ip"), [
    ("ClusterIP", {}, False, True),
    ("NodePort", {}, True, True),
    ("LoadBalancer", {}, True, True),
    ("LoadBalancer", {"allocateLoadBalancerNodePorts": False}, False, True),
    ("ExternalName", {"externalName": "example.com"}, False, False),
])
def test_what_each_type_of_service_gets(type_, extra, node_ports, cluster_ip) -> None:
    c = network_cluster()
    made = c.create(service("s", {"app": "s"}, type_=type_, **extra))
    assert ("nodePort" in made["spec"]["ports"][0]) is node_ports
    assert ("clusterIP" in made["spec"]) is cluster_ip


def test_a_bare_cluster_still_allocates_as_the_api_server_does() -> None:
    c = Cluster(controllers=False)
    made = c.create(service("s", {"app": "s"}))
    assert made["spec"]["clusterIP"].startswith("10.")


# --- the load balancer ----------------------------------------------------------------------


def test_a_load_balancer_is_pending_then_gets_the_next_pool_address() -> None:
    c = network_cluster()
    assert c.get("Service", "ingress-nginx", "ingress-nginx-controller")["status"][
        "loadBalancer"]["ingress"] == [{"ip": "172.18.255.200", "ipMode": "VIP"}]
    svc = c.create(service("web", {"app": "web"}, type_="LoadBalancer"))
    c.settle()
    assert svc["status"] == {"loadBalancer": {}}
    c.advance(2)
    assert svc["status"]["loadBalancer"]["ingress"] == [{"ip": "172.18.255.201", "ipMode": "VIP"}]
    assert svc["metadata"]["finalizers"] == ["service.kubernetes.io/load-balancer-cleanup"]
    assert [(e["reason"], e["message"], e["source"]["component"]) for e in c.events_for(svc)] == [
        ("EnsuringLoadBalancer", "Ensuring load balancer", "service-controller"),
        ("EnsuredLoadBalancer", "Ensured load balancer", "service-controller"),
    ]


def test_a_load_balancer_ip_asked_for_and_a_change_back_to_cluster_ip() -> None:
    c = network_cluster()
    svc = c.create(service("web", {"app": "web"}, type_="LoadBalancer",
                           loadBalancerIP="172.18.255.240"))
    c.advance(2)
    assert svc["status"]["loadBalancer"]["ingress"][0]["ip"] == "172.18.255.240"
    changed = c.update(service("web", {"app": "web"}, type_="ClusterIP"))
    c.settle()
    assert changed["status"] == {"loadBalancer": {}}
    assert "finalizers" not in changed["metadata"]
    assert [e["reason"] for e in c.events_for(changed)][-3:] == [
        "Type", "DeletingLoadBalancer", "DeletedLoadBalancer"]
    assert c.events_for(changed)[-3]["message"] == "LoadBalancer -> ClusterIP"


# --- EndpointSlices and Endpoints -----------------------------------------------------------


def _slices(c: Cluster, name: str) -> list[dict]:
    return [s for s in c.list("EndpointSlice", "default")
            if s["metadata"]["labels"].get("kubernetes.io/service-name") == name]


@pytest.mark.parametrize(("how", "conditions", "in_endpoints"), [
    ("ready", {"ready": True, "serving": True, "terminating": False}, "addresses"),
    ("unready", {"ready": False, "serving": False, "terminating": False}, "notReadyAddresses"),
    ("terminating", {"ready": False, "serving": True, "terminating": True}, None),
])
def test_endpoint_conditions_follow_the_pod(how, conditions, in_endpoints) -> None:
    c = network_cluster()
    c.create(service("web", {"app": "web"}))
    c.create(pod("web-1", {"app": "web"}, ready=how != "unready"))
    c.settle()
    if how == "terminating":
        c.delete("Pod", "default", "web-1")
        c.settle()
    (piece,) = _slices(c, "web")
    assert piece["metadata"]["name"].startswith("web-")
    assert piece["endpoints"][0]["conditions"] == conditions
    assert piece["endpoints"][0]["targetRef"]["name"] == "web-1"
    endpoints = c.get("Endpoints", "default", "web")
    if in_endpoints is None:
        assert "subsets" not in endpoints
    else:
        assert list(endpoints["subsets"][0]) == [in_endpoints, "ports"]


def test_a_named_target_port_is_resolved_per_pod() -> None:
    c = network_cluster()
    c.create(service("web", {"app": "web"}, ports=[{"name": "web", "port": 80,
                                                    "targetPort": "http"}]))
    c.create(pod("old", {"app": "web"}, ports=(), named={"http": 80}))
    c.create(pod("new", {"app": "web"}, ports=(), named={"http": 8080}))
    c.create(pod("none", {"app": "web"}, ports=()))
    c.settle()
    by_port = {tuple(p["port"] for p in s["ports"] or []):
               [e["targetRef"]["name"] for e in s["endpoints"]] for s in _slices(c, "web")}
    assert by_port == {(80,): ["old"], (8080,): ["new"], (): ["none"]}
    subsets = c.get("Endpoints", "default", "web")["subsets"]
    assert [s["ports"] for s in subsets] == [[{"name": "web", "port": 80, "protocol": "TCP"}],
                                             [{"name": "web", "port": 8080, "protocol": "TCP"}]]


def test_no_pod_leaves_one_placeholder_slice_and_empty_endpoints() -> None:
    c = network_cluster()
    c.create(service("web", {"app": "web"}))
    c.settle()
    (piece,) = _slices(c, "web")
    # Neither field is omitempty (discovery/v1 types.go): both read null, as the API serves them.
    assert "endpoints" in piece and piece["endpoints"] is None
    assert "ports" in piece and piece["ports"] is None
    assert piece["metadata"]["labels"] == {
        "kubernetes.io/service-name": "web",
        "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io"}
    assert piece["metadata"]["ownerReferences"][0]["kind"] == "Service"
    assert "subsets" not in c.get("Endpoints", "default", "web")


def test_slices_are_written_only_when_something_changed() -> None:
    c = network_cluster()
    c.create(service("web", {"app": "web"}))
    c.create(pod("web-1", {"app": "web"}))
    c.settle()
    (piece,) = _slices(c, "web")
    version = piece["metadata"]["resourceVersion"]
    endpoints_version = c.get("Endpoints", "default", "web")["metadata"]["resourceVersion"]
    other = c.get("Pod", "default", "web-1")
    other["metadata"]["labels"]["extra"] = "yes"  # still selected, nothing the slice says
    c.write(other)
    c.settle()
    assert piece["metadata"]["resourceVersion"] == version
    assert c.get("Endpoints", "default", "web")["metadata"]["resourceVersion"] == endpoints_version
    other["metadata"]["labels"]["app"] = "api"  # no longer selected
    c.write(other)
    c.settle()
    assert _slices(c, "web")[0]["endpoints"] is None


def test_a_deleted_service_takes_its_endpoints_and_slices_along() -> None:
    c = network_cluster()
    c.create(service("web", {"app": "web"}))
    c.create(pod("web-1", {"app": "web"}))
    c.settle()
    c.delete("Service", "default", "web")
    c.settle()
    assert _slices(c, "web") == []
    assert c.find("Endpoints", "default", "web") is None


def test_a_hundred_and_one_pods_take_two_slices() -> None:
    c = network_cluster()
    c.create(service("web", {"app": "web"}))
    for i in range(101):
        c.create(pod(f"web-{i}", {"app": "web"}))
    c.settle()
    assert sorted(len(s["endpoints"]) for s in _slices(c, "web")) == [1, 100]


# --- DNS ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dns_cluster() -> Cluster:
    c = network_cluster()
    c.create({"kind": "Namespace", "metadata": {"name": "shop"}})
    c.create(service("web", {"app": "web"}, clusterIP="10.96.0.80"))
    c.create(service("api", {"app": "api"}, ns="shop", clusterIP="10.96.0.81"))
    c.create(service("db", {"app": "db"}, clusterIP="None"))
    c.create(service("ext", None, type_="ExternalName", externalName="example.com"))
    c.create(service("alias", None, type_="ExternalName",
                     externalName="web.default.svc.cluster.local"))
    c.create(pod("db-0", {"app": "db"}, hostname="db-0", subdomain="db"))
    c.create(pod("db-1", {"app": "db"}, ready=False))
    c.settle()
    return c


@pytest.mark.parametrize(("name", "ns", "want"), [
    ("web", "default", ["10.96.0.80"]),
    ("web.default", "default", ["10.96.0.80"]),
    ("web.default.svc", "shop", ["10.96.0.80"]),
    ("web.default.svc.cluster.local", None, ["10.96.0.80"]),
    ("web", "shop", []),  # the short form works only inside the namespace
    ("api", "shop", ["10.96.0.81"]),
    ("api.shop", "default", ["10.96.0.81"]),
    ("kubernetes.default", "shop", ["10.96.0.1"]),
    ("kube-dns.kube-system.svc.cluster.local.", "default", ["10.96.0.10"]),
    ("db", "default", ["<db-0>"]),  # headless: the ready Pods only
    ("db-0.db", "default", ["<db-0>"]),
    ("ext", "default", []),  # a CNAME to a name outside the offline cluster
    ("alias", "default", ["10.96.0.80"]),
    ("10-244-1-7.default.pod.cluster.local", "shop", ["10.244.1.7"]),
    ("nothing", "default", []),
])
def test_dns_names(dns_cluster, name, ns, want) -> None:
    db0 = dns_cluster.get("Pod", "default", "db-0")["status"]["podIP"]
    assert dns.resolve(dns_cluster, name, ns) == [db0 if w == "<db-0>" else w for w in want]


def test_an_external_name_is_a_cname(dns_cluster) -> None:
    found = dns.lookup(dns_cluster, "ext", "default")
    assert (found.name, found.cname) == ("ext.default.svc.cluster.local", "example.com")
