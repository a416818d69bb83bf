"""What the API server does to a Service on create and update: its cluster IP and node ports.

The allocators follow pkg/registry/core/service (``ipallocator``, ``portallocator`` and the
REST storage's ``alloc.go``):

- Cluster IPs come from the service CIDR 10.96.0.0/12 (kind's and kubeadm's default). The
  first 256 addresses (``calculateRangeOffset``: min(max(16, size/16), 256)) are the *static*
  band that learners and add-ons pick by hand (10.96.0.1 is the ``kubernetes`` Service,
  10.96.0.10 kube-dns); dynamic allocation starts at a random address of the upper band and
  scans forward (``randomScanStrategyWithOffset``, allocator/bitmap.go), falling back to the
  static band only when the upper one is full.
- Node ports come from 30000-32767 with the same two bands (offset min(max(16, 2768/32), 128)
  = 86: 30000-30085 static). A port already held by another Service is refused with the
  allocator's own words ("provided port is already allocated").
- ``clusterIP: None`` is a headless Service (no IP); an ExternalName Service gets neither an
  IP nor node ports; a LoadBalancer gets node ports unless ``allocateLoadBalancerNodePorts``
  is false, and a health-check node port with ``externalTrafficPolicy: Local``.

The allocators keep no state of their own: what is allocated is what the stored Services
hold, so a deleted Service releases its IP and ports with nothing to forget.

:func:`bootstrap` creates the two Services every cluster has from the start: ``kubernetes``
in default (10.96.0.1, the API server on the control-plane node's 6443) and ``kube-dns`` in
kube-system (10.96.0.10). The EndpointSlice controller calls it when it is made.
"""

from __future__ import annotations

import ipaddress
import random
from typing import TYPE_CHECKING

from kubelearn.cluster import errors
from kubelearn.cluster.bootstrap import CONTROL_PLANE, node_ip
from kubelearn.cluster.cluster import admits
from kubelearn.cluster.resources import BY_KIND
from kubelearn.kube.objects import as_dict, as_int, as_list

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

SERVICE_CIDR = ipaddress.IPv4Network("10.96.0.0/12")
#: The usable addresses: the network and broadcast addresses are never handed out.
_IP_BASE = int(SERVICE_CIDR.network_address) + 1
_IP_COUNT = SERVICE_CIDR.num_addresses - 2
NODE_PORT_MIN, NODE_PORT_MAX = 30000, 32767
KUBERNETES_IP = "10.96.0.1"
DNS_IP = "10.96.0.10"
CLUSTER_DOMAIN = "cluster.local"
API_SERVER_PORT = 6443


def range_offset(size: int, low: int, high: int, step: int) -> int:
    """``calculateRangeOffset`` (ipallocator and portallocator): the size of the static band."""
    if size <= low:
        return 0
    return max(low, min(size // step, high))


IP_OFFSET = range_offset(SERVICE_CIDR.num_addresses, 16, 256, 16)
PORT_OFFSET = range_offset(NODE_PORT_MAX - NODE_PORT_MIN + 1, 16, 128, 32)


def _scan(rng: random.Random, taken: set[int], size: int, offset: int) -> int | None:
    """``randomScanStrategyWithOffset.AllocateBit``: a random start in the upper band, scan
    forward (wrapping inside the band), then the same in the lower band."""
    upper = size - offset
    start = rng.randrange(upper)
    for i in range(upper):
        at = offset + (start + i) % upper
        if at not in taken:
            return at
    if offset:
        start = rng.randrange(offset)
        for i in range(offset):
            at = (start + i) % offset
            if at not in taken:
                return at
    return None


# --- cluster IPs ----------------------------------------------------------------------------


def _others(cluster: Cluster, svc: dict) -> list[dict]:
    """The stored Services other than ``svc`` (whose old self an update replaces)."""
    meta = svc["metadata"]
    return [s for s in cluster.list("Service")
            if (s["metadata"].get("namespace"), s["metadata"]["name"])
            != (meta.get("namespace"), meta["name"])]


def _ips_in_use(cluster: Cluster, svc: dict) -> set[int]:
    used = set()
    for other in _others(cluster, svc):
        for ip in as_list(as_dict(other.get("spec")).get("clusterIPs")):
            if isinstance(ip, str) and ip != "None":
                try:
                    used.add(int(ipaddress.IPv4Address(ip)) - _IP_BASE)
                except ValueError:
                    continue
    return used


def _allocate_ip(cluster: Cluster, svc: dict) -> None:
    spec = svc["spec"]
    name = svc["metadata"]["name"]
    wanted = spec.get("clusterIP") or (as_list(spec.get("clusterIPs")) or [""])[0]
    if wanted == "None":
        spec["clusterIP"], spec["clusterIPs"] = "None", ["None"]
        return
    used = _ips_in_use(cluster, svc)
    if not wanted:
        offset = _scan(cluster.rng_for(svc["metadata"].get("namespace")), used, _IP_COUNT,
                       IP_OFFSET)
        if offset is None:
            raise errors.ApiError("InternalError", 500, "Internal error occurred: failed to "
                                  "allocate a serviceIP: range is full")
        ip = str(ipaddress.IPv4Address(_IP_BASE + offset))
        spec["clusterIP"], spec["clusterIPs"] = ip, [ip]
        return
    try:
        address = ipaddress.IPv4Address(wanted)
    except ValueError:
        raise errors.invalid(BY_KIND["Service"], name, [
            f'spec.clusterIPs[0]: Invalid value: "{wanted}": must be a valid IP address, '
            '(e.g. 10.9.8.7 or 2001:db8::ffff)']) from None
    offset = int(address) - _IP_BASE
    shown = f'spec.clusterIPs: Invalid value: []string{{"{wanted}"}}: failed to allocate IP {wanted}: '
    if not 0 <= offset < _IP_COUNT:
        raise errors.invalid(BY_KIND["Service"], name, [
            shown + f"the provided IP ({wanted}) is not in the valid range. "
            f"The range of valid IPs is {SERVICE_CIDR}"])
    if offset in used:
        raise errors.invalid(BY_KIND["Service"], name, [shown + "provided IP is already allocated"])
    spec["clusterIP"], spec["clusterIPs"] = wanted, [wanted]


# --- node ports -----------------------------------------------------------------------------


def _ports_in_use(cluster: Cluster, svc: dict) -> set[int]:
    used = set()
    for other in _others(cluster, svc):
        spec = as_dict(other.get("spec"))
        for port in as_list(spec.get("ports")):
            number = as_int(as_dict(port).get("nodePort"))
            if number is not None:
                used.add(number)
        health = as_int(spec.get("healthCheckNodePort"))
        if health is not None:
            used.add(health)
    return used


def _node_port(cluster: Cluster, svc: dict, used: set[int]) -> int:
    offset = _scan(cluster.rng_for(svc["metadata"].get("namespace")),
                   {p - NODE_PORT_MIN for p in used},
                   NODE_PORT_MAX - NODE_PORT_MIN + 1, PORT_OFFSET)
    if offset is None:
        raise errors.ApiError("InternalError", 500, "Internal error occurred: failed to "
                              "allocate a nodePort: range is full")
    used.add(NODE_PORT_MIN + offset)
    return NODE_PORT_MIN + offset


def _claim(name: str, where: str, port: int, used: set[int]) -> None:
    """``PortAllocator.Allocate`` for a port the learner asked for."""
    if not NODE_PORT_MIN <= port <= NODE_PORT_MAX:
        why = ("provided port is not in the valid range. The range of valid ports is "
               f"{NODE_PORT_MIN}-{NODE_PORT_MAX}")
    elif port in used:
        why = "provided port is already allocated"
    else:
        used.add(port)
        return
    raise errors.invalid(BY_KIND["Service"], name, [f"{where}: Invalid value: {port}: {why}"])


def _allocate_node_ports(cluster: Cluster, svc: dict, old: dict | None) -> None:
    """``updateNodePorts`` and ``updateHealthCheckNodePort`` (alloc.go)."""
    spec = svc["spec"]
    name = svc["metadata"]["name"]
    kind = spec.get("type")
    ports = [p for p in as_list(spec.get("ports")) if isinstance(p, dict)]
    old_spec = as_dict((old or {}).get("spec"))
    held = {as_int(as_dict(p).get("nodePort")) for p in as_list(old_spec.get("ports"))}
    if kind not in ("NodePort", "LoadBalancer"):
        # A change to ClusterIP or ExternalName gives the node ports back: the API server
        # drops the ones the learner left in place (dropTypeDependentFields).
        for port in ports:
            if "nodePort" in port and (old is not None and port["nodePort"] in held):
                del port["nodePort"]
        spec.pop("healthCheckNodePort", None)
        for i, port in enumerate(ports):
            if "nodePort" in port:
                raise errors.invalid(BY_KIND["Service"], name, [
                    f"spec.ports[{i}].nodePort: Forbidden: may not be used when `type` is "
                    f"'{kind}'"])
        return
    used = _ports_in_use(cluster, svc)
    allocate = kind == "NodePort" or spec.get("allocateLoadBalancerNodePorts", True) is not False
    for i, port in enumerate(ports):
        number = as_int(port.get("nodePort"))
        if number:
            if number not in held:
                _claim(name, f"spec.ports[{i}].nodePort", number, used)
            used.add(number)
        elif allocate:
            # A port of the old Service with the same number keeps its node port
            # (findRequestedNodePort), so `kubectl apply` without nodePort keeps it.
            kept = next((as_int(p.get("nodePort")) for p in as_list(old_spec.get("ports"))
                         if isinstance(p, dict) and p.get("port") == port.get("port")
                         and p.get("protocol", "TCP") == port.get("protocol", "TCP")
                         and as_int(p.get("nodePort"))), None)
            port["nodePort"] = kept if kept else _node_port(cluster, svc, used)
    local = kind == "LoadBalancer" and spec.get("externalTrafficPolicy") == "Local"
    if local and not as_int(spec.get("healthCheckNodePort")):
        kept = as_int(old_spec.get("healthCheckNodePort"))
        spec["healthCheckNodePort"] = kept if kept else _node_port(cluster, svc, used)
    elif not local:
        spec.pop("healthCheckNodePort", None)


@admits("Service")
def _allocate(cluster: Cluster, svc: dict, old: dict | None) -> None:
    """Give a new or changed Service what the API server gives it: IPs and node ports."""
    spec = svc.setdefault("spec", {})
    old_spec = as_dict((old or {}).get("spec"))
    svc.setdefault("status", {}).setdefault("loadBalancer", {})
    if spec.get("type") == "ExternalName":
        spec.pop("clusterIP", None)
        spec.pop("clusterIPs", None)
    elif old is None or old_spec.get("type") == "ExternalName" or not old_spec.get("clusterIPs"):
        _allocate_ip(cluster, svc)
    _allocate_node_ports(cluster, svc, old)


def ingress_ips(svc: dict) -> list[str]:
    """The external addresses ``status.loadBalancer.ingress`` lists (EXTERNAL-IP)."""
    lb = as_dict(as_dict(svc.get("status")).get("loadBalancer"))
    return [i["ip"] for i in as_list(lb.get("ingress")) if isinstance(i, dict) and i.get("ip")]


# --- the Services every cluster starts with -------------------------------------------------


def bootstrap(cluster: Cluster) -> None:
    """Create ``kubernetes`` (default) and ``kube-dns`` (kube-system), with the endpoints
    the API server's own reconciler keeps for ``kubernetes`` (the control-plane node, 6443).
    Does nothing when they exist (a second controller on the same cluster)."""
    if cluster.find("Service", "default", "kubernetes") is not None:
        return
    cluster.create({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "kubernetes", "namespace": "default",
                     "labels": {"component": "apiserver", "provider": "kubernetes"}},
        "spec": {"clusterIP": KUBERNETES_IP, "type": "ClusterIP",
                 "ports": [{"name": "https", "port": 443, "protocol": "TCP",
                            "targetPort": API_SERVER_PORT}]},
    })
    node = cluster.find("Node", "", CONTROL_PLANE)
    address = node_ip(node) if node is not None else "172.18.0.2"
    # pkg/controlplane/reconcilers: an Endpoints object and an EndpointSlice, both named
    # after the Service, listing the API server's address.
    cluster.create({
        "apiVersion": "v1", "kind": "Endpoints",
        "metadata": {"name": "kubernetes", "namespace": "default",
                     "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"}},
        "subsets": [{"addresses": [{"ip": address}],
                     "ports": [{"name": "https", "port": API_SERVER_PORT, "protocol": "TCP"}]}],
    })
    cluster.create({
        "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
        "metadata": {"name": "kubernetes", "namespace": "default",
                     "labels": {"kubernetes.io/service-name": "kubernetes"}},
        "addressType": "IPv4",
        "endpoints": [{"addresses": [address], "conditions": {"ready": True}}],
        "ports": [{"name": "https", "port": API_SERVER_PORT, "protocol": "TCP"}],
    })
    cluster.create({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {
            "name": "kube-dns", "namespace": "kube-system",
            "labels": {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                       "kubernetes.io/name": "CoreDNS"},
            "annotations": {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"},
        },
        "spec": {
            "clusterIP": DNS_IP, "type": "ClusterIP", "selector": {"k8s-app": "kube-dns"},
            "ports": [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                      {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                      {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}],
        },
    })
