"""The cluster's DNS (CoreDNS with the kubernetes plugin, as kind configures it), answered from
the objects: kubernetes.io/docs/concepts/services-networking/dns-pod-service.md.

- ``<svc>.<ns>.svc.cluster.local``: a Service's cluster IP; a headless Service's ready
  endpoints (the Pod IPs of its EndpointSlices whose ``ready`` is true); an ExternalName
  Service's CNAME to its ``externalName``.
- ``<hostname>.<svc>.<ns>.svc.cluster.local``: the endpoint of a headless Service with that
  hostname (a Pod with ``hostname`` and ``subdomain``).
- ``<a-b-c-d>.<ns>.pod.cluster.local``: the Pod A record (CoreDNS ``pods insecure`` answers
  any well-formed address).
- From inside a Pod (``dnsPolicy: ClusterFirst``) names are tried against the search path
  ``<ns>.svc.cluster.local svc.cluster.local cluster.local`` with ``ndots:5``: a name with
  fewer than five dots goes through the search list first, so ``web``, ``web.other`` and
  ``web.other.svc`` all work. Outside the cluster none of these names exist.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubelearn.cluster.network import CLUSTER_DOMAIN
from kubelearn.kube.objects import as_dict, as_list

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

NDOTS = 5
#: How many CNAMEs are followed before giving up (a loop of ExternalNames).
MAX_CNAMES = 8


@dataclass
class Answer:
    """What the DNS server answered for one name: its A records and the CNAME on the way."""

    name: str
    addresses: list[str] = field(default_factory=list)
    cname: str | None = None
    #: The Service that answered (None for a Pod record).
    service: dict | None = None


def search_path(namespace: str) -> list[str]:
    return [f"{namespace}.svc.{CLUSTER_DOMAIN}", f"svc.{CLUSTER_DOMAIN}", CLUSTER_DOMAIN]


def candidates(name: str, namespace: str | None) -> list[str]:
    """The names a resolver with the Pod's ``resolv.conf`` asks, in order."""
    name = name.lower()
    if name.endswith("."):
        return [name.rstrip(".")]
    if namespace is None:
        return [name]
    searched = [f"{name}.{domain}" for domain in search_path(namespace)]
    return [name, *searched] if name.count(".") >= NDOTS else [*searched, name]


def ready_addresses(cluster: Cluster, service: dict, hostname: str | None = None) -> list[str]:
    """The addresses of a Service's ready endpoints (all its EndpointSlices)."""
    meta = service["metadata"]
    out: dict[str, None] = {}
    for piece in cluster.list("EndpointSlice", meta["namespace"]):
        if as_dict(piece["metadata"].get("labels")).get("kubernetes.io/service-name") != meta["name"]:
            continue
        for endpoint in as_list(piece.get("endpoints")):
            endpoint = as_dict(endpoint)
            if as_dict(endpoint.get("conditions")).get("ready") is False:
                continue
            if hostname is not None and endpoint.get("hostname") != hostname:
                continue
            for address in as_list(endpoint.get("addresses")):
                out[address] = None
    return list(out)


def answer(cluster: Cluster, fqdn: str) -> Answer | None:
    """The record for one fully qualified name, or None (NXDOMAIN)."""
    labels = fqdn.lower().rstrip(".").split(".")
    domain = CLUSTER_DOMAIN.split(".")
    if labels[-len(domain):] != domain:
        return None
    rest = labels[:-len(domain)]
    if len(rest) == 3 and rest[2] == "pod":
        try:
            ip = str(ipaddress.IPv4Address(rest[0].replace("-", ".")))
        except ValueError:
            return None
        ns = cluster.find("Namespace", "", rest[1])
        return Answer(fqdn, [ip]) if ns is not None else None
    if len(rest) not in (3, 4) or rest[-1] != "svc":
        return None
    service = cluster.find("Service", rest[-2], rest[-3])
    if service is None:
        return None
    spec = as_dict(service.get("spec"))
    if len(rest) == 4:
        if spec.get("clusterIP") != "None":
            return None
        found = ready_addresses(cluster, service, hostname=rest[0])
        if not found:
            dashed = rest[0].replace("-", ".")
            found = [a for a in ready_addresses(cluster, service) if a == dashed]
        return Answer(fqdn, found, service=service) if found else None
    if spec.get("type") == "ExternalName":
        return Answer(fqdn, [], cname=str(spec.get("externalName", "")).lower().rstrip("."),
                      service=service)
    if spec.get("clusterIP") == "None":
        return Answer(fqdn, ready_addresses(cluster, service), service=service)
    return Answer(fqdn, [spec["clusterIP"]] if spec.get("clusterIP") else [], service=service)


def lookup(cluster: Cluster, name: str, from_namespace: str | None = None) -> Answer | None:
    """What a resolver gets for ``name``: the first name of the search list that exists.
    ``from_namespace`` None is a resolver outside the cluster (no cluster names at all, so
    only what the caller already knows to be a cluster name is asked as written)."""
    for candidate in candidates(name, from_namespace):
        found = answer(cluster, candidate)
        if found is not None:
            return found
    return None


def resolve(cluster: Cluster, name: str, from_namespace: str | None = None) -> list[str]:
    """The IPv4 addresses ``name`` resolves to (CNAMEs followed inside the cluster; an
    ExternalName pointing outside resolves to nothing offline)."""
    try:
        return [str(ipaddress.IPv4Address(name))]
    except ValueError:
        pass
    found = lookup(cluster, name, from_namespace)
    for _ in range(MAX_CNAMES):
        if found is None:
            return []
        if found.cname is None:
            return found.addresses
        found = lookup(cluster, found.cname, None)
    return []
