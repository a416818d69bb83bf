"""A request's way through the cluster, as the packets would go, with curl's own words for
where it stops.

From outside (:func:`request`, the learner's machine running kind): an IP or a name.
Names: ``localhost``, and the hosts the Ingresses list (as the learner's /etc/hosts entry
would send them to the ingress controller); anything else does not resolve (curl exit 6).
Addresses:

- 127.0.0.1 ports 80 and 443: kind's ``extraPortMappings`` to the ingress controller.
- A node's IP and a node port: every node forwards it to the Service (kube-proxy, pkg/proxy:
  node ports are open on every node with ``externalTrafficPolicy: Cluster``).
- A LoadBalancer IP and one of the Service's ports.
- Cluster IPs and Pod IPs are not routed from outside: the connection times out.

From inside a Pod (:func:`request_from_pod`): names through the cluster DNS with the Pod's
search path (:mod:`.dns`), cluster IPs and their ports, node ports, LoadBalancer IPs (kube-
proxy short-circuits them inside the cluster), Pod IPs directly, and ``localhost`` (the Pod).

A Service sends each connection to one endpoint (pkg/proxy/topology.go
``CategorizeEndpoints``): the ready ones, or, when none is ready, the serving ones that are
terminating. Which one is chosen goes round robin per Service port, so the same commands
give the same answers. With no endpoint at all, kube-proxy's REJECT rule refuses the
connection (curl exit 7, "Couldn't connect to server"), as a Pod port nothing listens on does.
The container answers through the kubelet model (``serve_http``); ingress-nginx answers its
own 404, 503 (no endpoints, no Service), 502 (every endpoint it tried refused, up to
``proxy-next-upstream-tries`` = 3) and 308 (HTTP to a TLS host).
"""

from __future__ import annotations

import ipaddress
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kubelearn.cluster import dns, ingress, network, pods
from kubelearn.cluster.bootstrap import node_ip
from kubelearn.cluster.process import ConnectionRefused, EmptyReply
from kubelearn.kube.objects import as_dict, as_int, as_list
from kubelearn.words import words

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

LOCALHOST = "127.0.0.1"
#: How long a connection to an address nobody answers takes to fail (Linux's SYN retries).
CONNECT_TIMEOUT_MS = 129_000
#: ingress-nginx ``proxy-next-upstream-tries``.
NEXT_UPSTREAM_TRIES = 3
TLS_FAILURE = (
    "curl: (60) SSL certificate problem: self-signed certificate\n"
    "More details here: https://curl.se/docs/sslcerts.html\n\n"
    "curl failed to verify the legitimacy of the server and therefore could not\n"
    "establish a secure connection to it. To learn more about this situation and\n"
    "how to fix it, please visit the webpage mentioned above.\n"
)

#: kube-proxy's round-robin position per cluster and Service port.
_TURNS: weakref.WeakKeyDictionary[Any, dict[tuple, int]] = weakref.WeakKeyDictionary()


@dataclass
class Trace:
    """One request: what came back and the way it went, in the cluster's language."""

    status: int | None = None
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    #: Exactly what curl prints: the body, or curl's error lines.
    curl_output: str = ""
    hops: list[str] = field(default_factory=list)
    why: str = ""
    #: The Pod that answered (None when no container did): what an exercise goal asks of it.
    pod: dict | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400


class _Walk:
    """One request on its way: the words to say, and the Trace being filled."""

    def __init__(self, cluster: Cluster, url: str, headers: dict | None, method: str) -> None:
        self.cluster = cluster
        self.w = words(cluster.lang)
        self.trace = Trace()
        self.url = url
        self.method = method
        self.headers = {str(k): str(v) for k, v in (headers or {}).items()}
        self.scheme = self.host = self.path = ""
        self.port = 0

    def hop(self, key: str, **fields: Any) -> None:
        self.trace.hops.append(self.w(f"traffic.hop.{key}", **fields))

    def stop(self, curl: str, key: str, **fields: Any) -> Trace:
        self.trace.curl_output = curl
        self.trace.why = self.w(f"traffic.why.{key}", **fields)
        return self.trace

    def refused(self, key: str, **fields: Any) -> Trace:
        return self.stop(f"curl: (7) Failed to connect to {self.host} port {self.port} after "
                         "0 ms: Couldn't connect to server\n", key, **fields)

    def timeout(self, key: str, **fields: Any) -> Trace:
        return self.stop(f"curl: (28) Failed to connect to {self.host} port {self.port} after "
                         f"{CONNECT_TIMEOUT_MS} ms: Couldn't connect to server\n", key, **fields)

    def answer(self, status: int, body: str, headers: dict | None = None) -> None:
        self.trace.status = status
        self.trace.body = body
        self.trace.headers = dict(headers or {})
        self.trace.curl_output = body

    def parse(self) -> Trace | None:
        """Read the URL as curl does; a Trace when curl refuses it."""
        text = self.url.strip()
        if "://" not in text:
            text = "http://" + text
        try:
            parts = urlsplit(text)
            port = parts.port
        except ValueError:
            return self.stop("curl: (3) URL rejected: Port number was not a decimal number "
                             "between 0 and 65535\n", "bad_url", url=self.url)
        if parts.scheme not in ("http", "https"):
            return self.stop(f'curl: (1) Protocol "{parts.scheme}" not supported\n', "bad_url",
                             url=self.url)
        if not parts.hostname:
            return self.stop("curl: (3) URL rejected: No host part in the URL\n", "bad_url",
                             url=self.url)
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.port = port or (443 if parts.scheme == "https" else 80)
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return None

    def host_header(self) -> str:
        for k, v in self.headers.items():
            if k.lower() == "host":
                return v.split(":", 1)[0]
        return self.host


# --- entry points -------------------------------------------------------------------------------


def request(cluster: Cluster, url: str, headers: dict | None = None, method: str = "GET", *,
            insecure: bool = False) -> Trace:
    """``curl URL`` from the learner's machine (``insecure``: curl's ``-k``)."""
    walk = _Walk(cluster, url, headers, method)
    stopped = walk.parse()
    if stopped is not None:
        return stopped
    ip = _literal(walk.host)
    if ip is None:
        ip = _resolve_outside(walk)
        if ip is None:
            return walk.stop(f"curl: (6) Could not resolve host: {walk.host}\n",
                             "unresolved_outside", host=walk.host)
    if ip == LOCALHOST:
        if walk.port in (80, 443):
            walk.hop("localhost", host=walk.host, port=walk.port)
            return _ingress(walk, insecure)
        return walk.refused("nothing_on_port", ip=walk.host, port=walk.port,
                            what=walk.w("traffic.why.localhost_ports"))
    node = _node_with_ip(cluster, ip)
    if node is not None:
        return _node_port(walk, node, ip, insecure)
    lb = _load_balancer(cluster, ip)
    if lb is not None:
        return _through_load_balancer(walk, lb, ip, insecure)
    return walk.timeout("unreachable", ip=ip)


def request_from_pod(cluster: Cluster, pod: dict, url: str, headers: dict | None = None,
                     method: str = "GET") -> Trace:
    """``curl URL`` (or wget) run in a container of ``pod``."""
    walk = _Walk(cluster, url, headers, method)
    stopped = walk.parse()
    if stopped is not None:
        return stopped
    ns = pod["metadata"]["namespace"]
    ip = _literal(walk.host)
    if walk.host == "localhost" or ip == LOCALHOST:
        walk.hop("self", host=walk.host, pod=pod["metadata"]["name"])
        return _to_pod(walk, pod, walk.port, None)
    if ip is None:
        found = dns.lookup(cluster, walk.host, ns)
        if found is not None and found.cname is not None:
            svc = found.service or {}
            walk.hop("cname", host=walk.host, svc=svc.get("metadata", {}).get("name", ""),
                     target=found.cname)
            addresses = dns.resolve(cluster, found.cname, ns)
            if not addresses:
                return walk.stop(f"curl: (6) Could not resolve host: {walk.host}\n",
                                 "external_name", host=walk.host,
                                 svc=svc.get("metadata", {}).get("name", ""), target=found.cname)
        else:
            addresses = found.addresses if found is not None else []
        if not addresses:
            return walk.stop(f"curl: (6) Could not resolve host: {walk.host}\n",
                             "unresolved_inside", host=walk.host, ns=ns,
                             search=" ".join(dns.search_path(ns)))
        walk.hop("dns", host=walk.host, ips=", ".join(addresses))
        ip = addresses[0]
    svc = _service_with_cluster_ip(cluster, ip)
    if svc is not None:
        port = _service_port(svc, walk.port)
        if port is None:
            return walk.timeout("cluster_ip_port", svc=_name(svc), port=walk.port,
                                ports=_ports_text(svc))
        walk.hop("cluster_ip", ip=ip, svc=_name(svc), port=walk.port)
        return _service(walk, svc, port, insecure=False, entry="cluster")
    target = _pod_with_ip(cluster, ip)
    if target is not None:
        walk.hop("pod_ip", ip=ip, pod=target["metadata"]["name"])
        return _to_pod(walk, target, walk.port, None)
    node = _node_with_ip(cluster, ip)
    if node is not None:
        return _node_port(walk, node, ip, insecure=False)
    lb = _load_balancer(cluster, ip)
    if lb is not None:
        return _through_load_balancer(walk, lb, ip, insecure=False)
    return walk.timeout("unreachable_inside", ip=ip)


# --- finding what an address is -----------------------------------------------------------------


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.IPv4Address(host))
    except ValueError:
        return None


def _resolve_outside(walk: _Walk) -> str | None:
    if walk.host == "localhost":
        return LOCALHOST
    for host in ingress.hosts(walk.cluster):
        if ingress.host_matches(host, walk.host):
            svc = ingress.controller_service(walk.cluster)
            ips = network.ingress_ips(svc) if svc is not None else []
            ip = ips[0] if ips else LOCALHOST
            walk.hop("hosts_entry", host=walk.host, ip=ip)
            return ip
    return None


def _name(obj: dict) -> str:
    return obj["metadata"]["name"]


def _node_with_ip(cluster: Cluster, ip: str) -> dict | None:
    return next((n for n in cluster.list("Node") if node_ip(n) == ip), None)


def _load_balancer(cluster: Cluster, ip: str) -> dict | None:
    return next((s for s in cluster.list("Service") if ip in network.ingress_ips(s)), None)


def _service_with_cluster_ip(cluster: Cluster, ip: str) -> dict | None:
    return next((s for s in cluster.list("Service")
                 if ip in as_list(as_dict(s.get("spec")).get("clusterIPs"))), None)


def _pod_with_ip(cluster: Cluster, ip: str) -> dict | None:
    return next((p for p in cluster.list("Pod")
                 if as_dict(p.get("status")).get("podIP") == ip), None)


def _service_port(svc: dict, number: int) -> dict | None:
    return next((p for p in as_list(as_dict(svc.get("spec")).get("ports"))
                 if isinstance(p, dict) and p.get("port") == number
                 and p.get("protocol", "TCP") == "TCP"), None)


def _ports_text(svc: dict) -> str:
    return ", ".join(str(p.get("port")) for p in as_list(as_dict(svc.get("spec")).get("ports"))
                     if isinstance(p, dict)) or "-"


def _is_controller(svc: dict) -> bool:
    meta = svc["metadata"]
    return (meta.get("namespace"), meta["name"]) == (ingress.NAMESPACE, ingress.SERVICE)


# --- outside -> a Service -------------------------------------------------------------------------


def _node_port(walk: _Walk, node: dict, ip: str, insecure: bool) -> Trace:
    for svc in walk.cluster.list("Service"):
        for port in as_list(as_dict(svc.get("spec")).get("ports")):
            if isinstance(port, dict) and as_int(port.get("nodePort")) == walk.port:
                walk.hop("node_port", node=_name(node), ip=ip, port=walk.port, svc=_name(svc),
                         svc_port=port.get("port"))
                return _service(walk, svc, port, insecure, entry="node")
    return walk.refused("nothing_on_port", ip=ip, port=walk.port,
                        what=walk.w("traffic.why.no_node_port", port=walk.port))


def _through_load_balancer(walk: _Walk, svc: dict, ip: str, insecure: bool) -> Trace:
    port = _service_port(svc, walk.port)
    if port is None:
        return walk.refused("nothing_on_port", ip=ip, port=walk.port,
                            what=walk.w("traffic.why.lb_port", svc=_name(svc), port=walk.port,
                                        ports=_ports_text(svc)))
    walk.hop("load_balancer", ip=ip, svc=_name(svc), port=walk.port)
    return _service(walk, svc, port, insecure, entry="lb")


def _service(walk: _Walk, svc: dict, port: dict, insecure: bool, entry: str) -> Trace:
    """A connection to a Service port: the ingress controller's, or one endpoint's Pod."""
    if _is_controller(svc):
        return _ingress(walk, insecure)
    chosen = _endpoints(walk.cluster, svc, port)
    if not chosen:
        return _no_endpoints(walk, svc, port, refuse=True)
    turn = _next_turn(walk.cluster, svc, port, len(chosen))
    address, target, pod = chosen[turn]
    walk.hop("endpoint", svc=_name(svc), ip=address, target=target, pod=_name(pod),
             count=len(chosen))
    return _to_pod(walk, pod, target, (svc, port))


def _endpoints(cluster: Cluster, svc: dict, port: dict,
               fallback: bool = True) -> list[tuple[str, int, dict]]:
    """The (address, port, Pod) a Service port sends to: ready endpoints, else (kube-proxy's
    ``fallback``) the serving ones that are terminating (``CategorizeEndpoints``)."""
    meta = svc["metadata"]
    name = port.get("name", "")
    ready, serving = [], []
    for piece in cluster.list("EndpointSlice", meta["namespace"]):
        if as_dict(piece["metadata"].get("labels")).get("kubernetes.io/service-name") != meta["name"]:
            continue
        number = next((p.get("port") for p in as_list(piece.get("ports"))
                       if isinstance(p, dict) and (p.get("name") or "") == name), None)
        if number is None:
            continue
        for endpoint in as_list(piece.get("endpoints")):
            endpoint = as_dict(endpoint)
            ref = as_dict(endpoint.get("targetRef"))
            pod = cluster.find("Pod", ref.get("namespace", meta["namespace"]), ref.get("name", ""))
            addresses = as_list(endpoint.get("addresses"))
            if pod is None or not addresses:
                continue
            conditions = as_dict(endpoint.get("conditions"))
            entry = (addresses[0], number, pod)
            if conditions.get("ready", True) is not False:
                ready.append(entry)
            elif conditions.get("serving") and conditions.get("terminating"):
                serving.append(entry)
    return ready or (serving if fallback else [])


def _next_turn(cluster: Cluster, svc: dict, port: dict, count: int) -> int:
    turns = _TURNS.setdefault(cluster, {})
    key = (svc["metadata"]["uid"], port.get("name", ""), port.get("port"))
    turn = turns.get(key, 0)
    turns[key] = turn + 1
    return turn % count


def _no_endpoints(walk: _Walk, svc: dict, port: dict, refuse: bool) -> Trace:
    key, fields = _empty_reason(walk.cluster, svc, port)
    if refuse:
        return walk.refused(key, **fields)
    return walk.stop("", key, **fields)


def _empty_reason(cluster: Cluster, svc: dict, port: dict) -> tuple[str, dict]:
    """Why a Service port has no endpoint to send to, in the learner's terms."""
    spec = as_dict(svc.get("spec"))
    ns = svc["metadata"]["namespace"]
    selector = as_dict(spec.get("selector"))
    if not selector:
        return "no_endpoints_no_selector", {"svc": _name(svc)}
    shown = ",".join(f"{k}={v}" for k, v in selector.items())
    matched = [p for p in cluster.store.pods_with_labels(ns, selector) if pods.is_active(p)]
    if not matched:
        return "no_endpoints_no_pod", {"svc": _name(svc), "selector": shown, "ns": ns}
    target = port.get("targetPort", port.get("port"))
    ready = [p for p in matched if pods.is_ready(p)]
    if ready and isinstance(target, str):
        return "named_port", {"svc": _name(svc), "port": port.get("port"), "target": target}
    key = "no_endpoints_selector" if len(matched) > 1 else "no_endpoints_selector_one"
    return key, {"svc": _name(svc), "selector": shown, "count": len(matched)}


# --- the container ------------------------------------------------------------------------------


def _kubelet(cluster: Cluster) -> Any | None:
    try:
        return cluster.controller("kubelet")
    except KeyError:
        return None


def _listening(walk: _Walk, pod: dict) -> str:
    kubelet = _kubelet(walk.cluster)
    found: dict[str, list[str]] = {}
    if kubelet is not None:
        for container, number, _protocol in kubelet.ports(pod):
            found.setdefault(container, []).append(str(number))
    if not found:
        return walk.w("traffic.why.listening_none")
    return "; ".join(walk.w("traffic.why.listening", container=c, ports=", ".join(ports))
                     for c, ports in found.items())


def _call(walk: _Walk, pod: dict, port: int) -> Any:
    """The container's answer (an HttpAnswer), or ConnectionRefused / EmptyReply."""
    kubelet = _kubelet(walk.cluster)
    if kubelet is None:
        raise ConnectionRefused(f"{_name(pod)}:{port}")
    return kubelet.serve_http(pod, port, walk.method, walk.path, dict(walk.headers))


def _to_pod(walk: _Walk, pod: dict, port: int, via: tuple[dict, dict] | None) -> Trace:
    name = _name(pod)
    try:
        answer = _call(walk, pod, port)
    except ConnectionRefused:
        if via is None:
            return walk.refused("refused_pod", pod=name, port=port, listening=_listening(walk, pod))
        svc, svc_port = via
        return walk.refused("refused", svc=_name(svc), port=svc_port.get("port"), target=port,
                            pod=name, listening=_listening(walk, pod))
    except EmptyReply:
        return walk.stop("curl: (52) Empty reply from server\n", "empty_reply", pod=name,
                         port=port)
    walk.hop("answered", pod=name, status=answer.status, port=port)
    walk.answer(answer.status, answer.body, getattr(answer, "headers", None))
    walk.trace.pod = pod
    key = "ok" if answer.status < 400 else "answered_error"
    walk.trace.why = walk.w(f"traffic.why.{key}", pod=name, port=port, status=answer.status)
    return walk.trace


# --- the ingress controller ---------------------------------------------------------------------


def _ingress(walk: _Walk, insecure: bool) -> Trace:
    cluster = walk.cluster
    host = walk.host_header()
    path = walk.path.split("?", 1)[0]
    walk.hop("controller", host=host, path=path)
    if walk.scheme == "https" and not insecure:
        return walk.stop(TLS_FAILURE, "tls_untrusted", host=host)
    chosen = ingress.route(cluster, host, path, walk.scheme)
    if chosen.redirect:
        walk.answer(308, ingress.PAGE_308, {"Location": f"https://{host}{walk.path}"})
        walk.trace.why = walk.w("traffic.why.tls_redirect", host=host)
        return walk.trace
    if chosen.ingress is None or not as_dict(as_dict(chosen.backend).get("service")):
        walk.answer(404, ingress.PAGE_404)
        ignored = ingress.ignored_for(cluster, host)
        if ignored:
            walk.trace.why = walk.w("traffic.why.ingress_ignored", ingress=_name(ignored[0]),
                                    cls=ingress.class_of(ignored[0]) or "-")
        else:
            walk.trace.why = walk.w("traffic.why.ingress_404", host=host, path=path)
        return walk.trace
    ing, backend = chosen.ingress, as_dict(chosen.backend.get("service"))
    ns = ing["metadata"]["namespace"]
    wanted = as_dict(backend.get("port"))
    shown_port = wanted.get("number", wanted.get("name", ""))
    if chosen.location is not None:
        walk.hop("rule", ingress=_name(ing), host=host, path=chosen.location.path,
                 type=chosen.location.kind, svc=backend.get("name", ""), port=shown_port)
    else:
        walk.hop("default_backend", ingress=_name(ing), path=path, svc=backend.get("name", ""),
                 port=shown_port)
    svc = cluster.find("Service", ns, str(backend.get("name", "")))
    if svc is None:
        walk.answer(503, ingress.PAGE_503)
        walk.trace.why = walk.w("traffic.why.ingress_no_service", ingress=_name(ing),
                                svc=backend.get("name", ""), ns=ns)
        return walk.trace
    spec = as_dict(svc.get("spec"))
    if spec.get("type") == "ExternalName":
        walk.answer(502, ingress.PAGE_502)
        walk.trace.why = walk.w("traffic.why.ingress_external", svc=_name(svc),
                                target=spec.get("externalName", ""))
        return walk.trace
    port = next((p for p in as_list(spec.get("ports")) if isinstance(p, dict) and (
        ("number" in wanted and p.get("port") == wanted["number"])
        or ("name" in wanted and p.get("name") == wanted["name"]))), None)
    if port is None:
        walk.answer(503, ingress.PAGE_503)
        walk.trace.why = walk.w("traffic.why.ingress_no_port", ingress=_name(ing),
                                svc=_name(svc), port=shown_port)
        return walk.trace
    # ingress-nginx balances over the ready endpoints itself, straight to the Pods.
    ready = _endpoints(cluster, svc, port, fallback=False)
    if not ready:
        walk.answer(503, ingress.PAGE_503)
        key, fields = _empty_reason(cluster, svc, port)
        walk.trace.why = walk.w("traffic.why.ingress_no_endpoints", ingress=_name(ing),
                                svc=_name(svc), detail=walk.w(f"traffic.why.{key}", **fields))
        return walk.trace
    tries = min(NEXT_UPSTREAM_TRIES, len(ready))
    last = None
    for _ in range(tries):
        address, target, pod = ready[_next_turn(cluster, svc, port, len(ready))]
        walk.hop("upstream", svc=_name(svc), ip=address, target=target, pod=_name(pod),
                 count=len(ready))
        try:
            answer = _call(walk, pod, target)
        except (ConnectionRefused, EmptyReply):  # nginx: "upstream prematurely closed"
            last = (pod, target)
            continue
        walk.hop("answered", pod=_name(pod), status=answer.status, port=target)
        walk.answer(answer.status, answer.body, getattr(answer, "headers", None))
        walk.trace.pod = pod
        key = "ok" if answer.status < 400 else "answered_error"
        walk.trace.why = walk.w(f"traffic.why.{key}", pod=_name(pod), port=target,
                                status=answer.status)
        return walk.trace
    walk.answer(502, ingress.PAGE_502)
    pod, target = last if last is not None else (ready[0][2], ready[0][1])
    detail = walk.w("traffic.why.refused_pod", pod=_name(pod), port=target,
                    listening=_listening(walk, pod))
    walk.trace.why = walk.w("traffic.why.ingress_refused", tries=tries, svc=_name(svc),
                            target=target, detail=detail)
    return walk.trace

