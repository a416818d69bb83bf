"""The ingress controller of the offline cluster: ingress-nginx, as kind's ingress guide
installs it, and the matching rules of the Ingress API.

What exists from the start (:func:`bootstrap`, run when the controller is made): the
namespace ``ingress-nginx``, the IngressClass ``nginx`` (controller ``k8s.io/ingress-nginx``,
annotated as the default class) and the controller's Service ``ingress-nginx-controller``
of type LoadBalancer (ports 80 and 443). The controller's Pod is not modelled: the model
below *is* its nginx, reached at that Service's load-balancer IP, at its node ports, and at
``localhost``/127.0.0.1 ports 80 and 443 (kind's extraPortMappings to the control-plane node).

Which Ingresses it serves (ingress-nginx internal/ingress/controller/store/store.go,
``GetIngressClass``): ``spec.ingressClassName: nginx`` naming an IngressClass of controller
``k8s.io/ingress-nginx``, or the old ``kubernetes.io/ingress.class: nginx`` annotation. Any
other class is ignored. The API server's DefaultIngressClass admission plugin
(plugin/pkg/admission/network/defaultingressclass) sets the default class on an Ingress
created with neither; ingress-nginx's validating webhook refuses a host and path another
Ingress already defines (``checkOverlap``, controller.go).

How a request is matched (kubernetes.io/docs/concepts/services-networking/ingress.md, and
ingress-nginx ``createServers``/``getBackendServers``):

- Hosts: an exact host first, then a wildcard ``*.foo.com`` that matches exactly one more
  label; otherwise the rules without a host (the default server). Ingresses are merged
  oldest first: the first one to define a host and path keeps it.
- Paths in the chosen host: Exact matches the whole path, case-sensitive; Prefix matches
  whole elements split by ``/`` (``/foo`` matches ``/foo/bar``, not ``/foobar``; a trailing
  slash is ignored on either side). The longest matching path wins; at equal length Exact
  beats Prefix. ingress-nginx treats ImplementationSpecific (and a missing pathType) as
  Prefix (``SetDefaultNGINXPathType``, internal/k8s/main.go).
- No path matches: the Ingress's ``defaultBackend`` (of the Ingress that first defined the
  host, or, for the default server, an Ingress with only a default backend), else the
  controller's own 404.
- TLS: a host listed under ``spec.tls`` is served on 443, and plain HTTP to it is redirected
  with 308 (ingress-nginx ``ssl-redirect`` defaults to true).

The controller runs as kind's manifest deploys it (deploy/static/provider/kind/deploy.yaml):
the Deployment ``ingress-nginx-controller`` in ``ingress-nginx`` with one Pod (image
``registry.k8s.io/ingress-nginx/controller``, hostPorts 80 and 443, ``/healthz`` on 10254),
and its ServiceAccount; the admission webhook's certificate volume is left out (no admission
Job runs here to make its Secret), and so are the health probes (see
:func:`controller_deployment`).

Status: while its Pod runs, ingress-nginx writes its address into the
``status.loadBalancer`` of every Ingress it serves in a periodic sync (internal/ingress/
status/status.go, every ``UpdateInterval`` = 60 s from its start), which is when ``kubectl
get ingress`` shows an ADDRESS. The address is ``runningAddresses``': kind's manifest passes
``--publish-status-address=localhost``, a name, so the Ingress reads ``hostname: localhost``
(an IP would be ``ip:``); without that flag it is the controller Service's load-balancer
address (``--publish-service``). Each Ingress it takes, and each change of one, is recorded
as a ``Sync`` event "Scheduled for sync" from ``nginx-ingress-controller``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubelearn.cluster import errors
from kubelearn.cluster.cluster import admits
from kubelearn.cluster.network import ingress_ips
from kubelearn.kube.objects import as_dict, as_list

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

NAMESPACE = "ingress-nginx"
CLASS_NAME = "nginx"
CONTROLLER = "k8s.io/ingress-nginx"
SERVICE = "ingress-nginx-controller"
CLASS_ANNOTATION = "kubernetes.io/ingress.class"
DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"
COMPONENT = "nginx-ingress-controller"
#: ingress-nginx's status sync period (status.go ``UpdateInterval``), in seconds.
STATUS_PERIOD_S = 60
VERSION = "1.12.1"
LABELS = {
    "app.kubernetes.io/component": "controller",
    "app.kubernetes.io/instance": "ingress-nginx",
    "app.kubernetes.io/name": "ingress-nginx",
    "app.kubernetes.io/part-of": "ingress-nginx",
    "app.kubernetes.io/version": VERSION,
}
SELECTOR = {k: LABELS[k] for k in ("app.kubernetes.io/component", "app.kubernetes.io/instance",
                                   "app.kubernetes.io/name")}
DEPLOYMENT = "ingress-nginx-controller"
SERVICE_ACCOUNT = "ingress-nginx"
IMAGE = f"registry.k8s.io/ingress-nginx/controller:v{VERSION}"
PUBLISH_STATUS = "--publish-status-address="
DEFAULT_SERVER = "_"


def error_page(status: int, reason: str) -> str:
    """nginx's own error page (ngx_http_special_response.c: CRLF line ends; ``server_tokens
    off`` as ingress-nginx sets it, so no version)."""
    title = f"{status} {reason}"
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
            f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n"
            "</html>\r\n")


PAGE_404 = error_page(404, "Not Found")
PAGE_502 = error_page(502, "Bad Gateway")
PAGE_503 = error_page(503, "Service Temporarily Unavailable")
PAGE_308 = error_page(308, "Permanent Redirect")


# --- matching, as the Ingress concept page states it ------------------------------------------


def host_matches(rule_host: str, host: str) -> bool:
    """An exact host, or ``*.foo.com`` matching exactly one label more (``bar.foo.com``,
    not ``baz.bar.foo.com`` nor ``foo.com``)."""
    host = host.lower()
    rule_host = rule_host.lower()
    if rule_host.startswith("*."):
        first, _, rest = host.partition(".")
        return bool(first) and rest == rule_host[2:]
    return rule_host == host


def path_type(item: dict) -> str:
    """The path type ingress-nginx matches with: ImplementationSpecific and unset are Prefix."""
    kind = item.get("pathType")
    return "Exact" if kind == "Exact" else "Prefix"


def path_matches(kind: str, path: str, request: str) -> bool:
    """Exact: the same string. Prefix: every element of ``path`` (split by ``/``, empty ones
    from leading/trailing slashes ignored) equals the request's element at that place."""
    if kind == "Exact":
        return path == request
    wanted = [e for e in path.split("/") if e]
    have = [e for e in request.split("/") if e]
    return have[:len(wanted)] == wanted


def best_path(paths: list[tuple[str, str]], request: str) -> int | None:
    """The index of the (pathType, path) that serves ``request``: the longest matching path,
    Exact before Prefix at equal length; None when none matches."""
    best: tuple[int, int] | None = None
    chosen = None
    for i, (kind, path) in enumerate(paths):
        if not path_matches(kind, path, request):
            continue
        length = len(path) if kind == "Exact" else len(path.rstrip("/"))
        rank = (length, 1 if kind == "Exact" else 0)
        if best is None or rank > best:
            best, chosen = rank, i
    return chosen


# --- which Ingresses are ingress-nginx's ----------------------------------------------------


def class_of(ingress: dict) -> str | None:
    """The class an Ingress asks for: ``spec.ingressClassName`` or the old annotation."""
    annotation = as_dict(ingress["metadata"].get("annotations")).get(CLASS_ANNOTATION)
    if isinstance(annotation, str):
        return annotation
    name = as_dict(ingress.get("spec")).get("ingressClassName")
    return name if isinstance(name, str) else None


def is_ours(cluster: Cluster, ingress: dict) -> bool:
    """``GetIngressClass``: the annotation says ``nginx``, or the named IngressClass exists
    and its controller is ingress-nginx."""
    annotation = as_dict(ingress["metadata"].get("annotations")).get(CLASS_ANNOTATION)
    if annotation is not None:
        return annotation == CLASS_NAME
    name = as_dict(ingress.get("spec")).get("ingressClassName")
    if not isinstance(name, str):
        return False
    found = cluster.find("IngressClass", "", name)
    return found is not None and as_dict(found.get("spec")).get("controller") == CONTROLLER


def served(cluster: Cluster) -> list[dict]:
    """ingress-nginx's Ingresses, oldest first (``sortIngressSlice``)."""
    mine = [i for i in cluster.list("Ingress") if is_ours(cluster, i)]
    return sorted(mine, key=lambda i: (i["metadata"].get("creationTimestamp", ""),
                                       i["metadata"]["namespace"], i["metadata"]["name"]))


# --- the servers and locations ingress-nginx builds --------------------------------------------


@dataclass
class Location:
    path: str
    kind: str  # Exact or Prefix
    ingress: dict
    backend: dict  # the Ingress backend (service name and port)


@dataclass
class Server:
    host: str
    #: Where the root goes when no path matches: (Ingress, its defaultBackend), or None (404).
    fallback: tuple[dict, dict] | None = None
    locations: list[Location] = field(default_factory=list)
    tls: bool = False


def servers(cluster: Cluster) -> dict[str, Server]:
    """``createServers`` + ``getBackendServers``: one server per host, the default one
    (``_``) for rules without a host."""
    out: dict[str, Server] = {DEFAULT_SERVER: Server(DEFAULT_SERVER)}
    for ingress in served(cluster):
        spec = as_dict(ingress.get("spec"))
        fallback = as_dict(spec.get("defaultBackend"))
        rules = [as_dict(r) for r in as_list(spec.get("rules"))]
        if fallback and not rules and out[DEFAULT_SERVER].fallback is None:
            out[DEFAULT_SERVER].fallback = (ingress, fallback)
        for rule in rules:
            host = rule.get("host") or DEFAULT_SERVER
            server = out.get(host)
            if server is None:
                server = out[host] = Server(host, (ingress, fallback) if fallback else None)
            for item in as_list(as_dict(rule.get("http")).get("paths")):
                item = as_dict(item)
                path = item.get("path") or "/"
                kind = path_type(item)
                if any(loc.path == path and loc.kind == kind for loc in server.locations):
                    continue  # an older Ingress defined it first
                server.locations.append(Location(path, kind, ingress, as_dict(item.get("backend"))))
        for tls in as_list(spec.get("tls")):
            for host in as_list(as_dict(tls).get("hosts")):
                if isinstance(host, str) and host in out:
                    out[host].tls = True
    return out


def choose_server(table: dict[str, Server], host: str) -> Server:
    """The exact host, else a matching wildcard (the longest), else the default server."""
    host = host.lower().split(":", 1)[0] if not host.startswith("[") else host.lower()
    if host in table and host != DEFAULT_SERVER:
        return table[host]
    wild = [s for name, s in table.items() if name.startswith("*.") and host_matches(name, host)]
    if wild:
        return max(wild, key=lambda s: len(s.host))
    return table[DEFAULT_SERVER]


@dataclass
class Route:
    """Where ingress-nginx sends one request: a backend, or its own answer (404, 308)."""

    server: Server
    location: Location | None
    #: The Ingress and backend that serve it (None: the controller answers itself).
    ingress: dict | None
    backend: dict | None
    redirect: bool = False


def route(cluster: Cluster, host: str, path: str, scheme: str = "http") -> Route:
    table = servers(cluster)
    server = choose_server(table, host)
    if scheme == "http" and server.tls:
        return Route(server, None, None, None, redirect=True)
    index = best_path([(loc.kind, loc.path) for loc in server.locations], path)
    if index is not None:
        loc = server.locations[index]
        return Route(server, loc, loc.ingress, loc.backend)
    if server.fallback is not None:
        return Route(server, None, server.fallback[0], server.fallback[1])
    return Route(server, None, None, None)


def ignored_for(cluster: Cluster, host: str) -> list[dict]:
    """Ingresses of another class that list ``host`` (why a learner's rule is not used)."""
    out = []
    for ingress in cluster.list("Ingress"):
        if is_ours(cluster, ingress):
            continue
        for rule in as_list(as_dict(ingress.get("spec")).get("rules")):
            rule_host = as_dict(rule).get("host")
            if not rule_host or host_matches(rule_host, host):
                out.append(ingress)
                break
    return out


def hosts(cluster: Cluster) -> list[str]:
    """Every host the served Ingresses list (what a learner puts in /etc/hosts)."""
    found: dict[str, None] = {}
    for ingress in served(cluster):
        for rule in as_list(as_dict(ingress.get("spec")).get("rules")):
            host = as_dict(rule).get("host")
            if isinstance(host, str) and host:
                found[host.lower()] = None
    return list(found)


def controller_service(cluster: Cluster) -> dict | None:
    return cluster.find("Service", NAMESPACE, SERVICE)


# --- admission: the default class and the validating webhook ----------------------------------


@admits("Ingress")
def _admit(cluster: Cluster, ingress: dict, old: dict | None) -> None:
    spec = ingress.setdefault("spec", {})
    ingress.setdefault("status", {}).setdefault("loadBalancer", {})
    annotations = as_dict(ingress["metadata"].get("annotations"))
    if old is None and "ingressClassName" not in spec and CLASS_ANNOTATION not in annotations:
        defaults = [c for c in cluster.list("IngressClass")
                    if as_dict(c["metadata"].get("annotations")).get(DEFAULT_CLASS_ANNOTATION)
                    == "true"]
        if defaults:
            newest = max(defaults, key=lambda c: (c["metadata"].get("creationTimestamp", ""),
                                                  c["metadata"]["name"]))
            spec["ingressClassName"] = newest["metadata"]["name"]
    if is_ours(cluster, ingress):
        _check_overlap(cluster, ingress)


def _check_overlap(cluster: Cluster, ingress: dict) -> None:
    """The ingress-nginx admission webhook's ``checkOverlap``."""
    me = (ingress["metadata"].get("namespace"), ingress["metadata"]["name"])
    taken: dict[tuple[str, str], dict] = {}
    for other in served(cluster):
        if (other["metadata"]["namespace"], other["metadata"]["name"]) == me:
            continue
        for rule in as_list(as_dict(other.get("spec")).get("rules")):
            rule = as_dict(rule)
            for item in as_list(as_dict(rule.get("http")).get("paths")):
                item = as_dict(item)
                if as_dict(item.get("backend")).get("service"):
                    key = (rule.get("host") or DEFAULT_SERVER, item.get("path") or "/")
                    taken.setdefault(key, other)
    for rule in as_list(as_dict(ingress.get("spec")).get("rules")):
        rule = as_dict(rule)
        for item in as_list(as_dict(rule.get("http")).get("paths")):
            item = as_dict(item)
            if not as_dict(item.get("backend")).get("service"):
                continue
            host, path = rule.get("host") or DEFAULT_SERVER, item.get("path") or "/"
            existing = taken.get((host, path))
            if existing is not None:
                meta = existing["metadata"]
                raise errors.ApiError(
                    "BadRequest", 400,
                    'admission webhook "validate.nginx.ingress.kubernetes.io" denied the '
                    f'request: host "{host}" and path "{path}" is already defined in ingress '
                    f"{meta['namespace']}/{meta['name']}")


# --- what exists at cluster start -----------------------------------------------------------


def bootstrap(cluster: Cluster) -> None:
    """Install ingress-nginx's namespace, IngressClass and controller Service (kind's
    ``deploy/static/provider`` manifests, with the Service as a LoadBalancer)."""
    if cluster.find("Namespace", "", NAMESPACE) is not None:
        return
    cluster.create({"apiVersion": "v1", "kind": "Namespace",
                    "metadata": {"name": NAMESPACE,
                                 "labels": {"app.kubernetes.io/instance": "ingress-nginx",
                                            "app.kubernetes.io/name": "ingress-nginx"}},
                    "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})
    cluster.create({"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
                    "metadata": {"name": CLASS_NAME, "labels": dict(LABELS),
                                 "annotations": {DEFAULT_CLASS_ANNOTATION: "true"}},
                    "spec": {"controller": CONTROLLER}})
    cluster.create({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": SERVICE, "namespace": NAMESPACE, "labels": dict(LABELS)},
        "spec": {
            "type": "LoadBalancer",
            "selector": dict(SELECTOR),
            "ports": [
                {"name": "http", "port": 80, "protocol": "TCP", "targetPort": "http",
                 "appProtocol": "http"},
                {"name": "https", "port": 443, "protocol": "TCP", "targetPort": "https",
                 "appProtocol": "https"},
            ],
        },
    })


    cluster.create({"apiVersion": "v1", "kind": "ServiceAccount",
                    "metadata": {"name": SERVICE_ACCOUNT, "namespace": NAMESPACE,
                                 "labels": dict(LABELS)},
                    "automountServiceAccountToken": True})
    cluster.create(controller_deployment())


def controller_deployment() -> dict:
    """The controller's Deployment as kind's manifest has it, without the webhook volume and
    without the liveness and readiness probes on ``/healthz``: the offline controller never
    fails them, and their timer every 10 s for ever would leave an idle cluster always
    something scheduled (the playground's "step to the next event" would only ever reach the
    controller's probes). Its Pod still answers ``/healthz`` on 10254."""
    container = {
        "name": "controller", "image": IMAGE, "imagePullPolicy": "IfNotPresent",
        "args": ["/nginx-ingress-controller", "--election-id=ingress-nginx-leader",
                 f"--controller-class={CONTROLLER}", f"--ingress-class={CLASS_NAME}",
                 "--configmap=$(POD_NAMESPACE)/ingress-nginx-controller",
                 "--validating-webhook=:8443",
                 "--validating-webhook-certificate=/usr/local/certificates/cert",
                 "--validating-webhook-key=/usr/local/certificates/key",
                 "--watch-ingress-without-class=true", f"{PUBLISH_STATUS}localhost"],
        "env": [{"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                {"name": "POD_NAMESPACE",
                 "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
                {"name": "LD_PRELOAD", "value": "/usr/local/lib/libmimalloc.so"}],
        "lifecycle": {"preStop": {"exec": {"command": ["/wait-shutdown"]}}},
        "ports": [{"containerPort": 80, "hostPort": 80, "name": "http", "protocol": "TCP"},
                  {"containerPort": 443, "hostPort": 443, "name": "https", "protocol": "TCP"},
                  {"containerPort": 8443, "name": "webhook", "protocol": "TCP"}],
        "resources": {"requests": {"cpu": "100m", "memory": "90Mi"}},
        "securityContext": {"allowPrivilegeEscalation": False,
                            "capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]},
                            "readOnlyRootFilesystem": False, "runAsGroup": 82,
                            "runAsNonRoot": True, "runAsUser": 101,
                            "seccompProfile": {"type": "RuntimeDefault"}},
    }
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": DEPLOYMENT, "namespace": NAMESPACE, "labels": dict(LABELS)},
        "spec": {
            "minReadySeconds": 0, "revisionHistoryLimit": 10,
            "selector": {"matchLabels": dict(SELECTOR)},
            "strategy": {"rollingUpdate": {"maxUnavailable": 1}, "type": "RollingUpdate"},
            "template": {
                "metadata": {"labels": dict(LABELS)},
                "spec": {
                    "automountServiceAccountToken": True,
                    "containers": [container],
                    "dnsPolicy": "ClusterFirst",
                    "nodeSelector": {"kubernetes.io/os": "linux"},
                    "serviceAccountName": SERVICE_ACCOUNT,
                    "terminationGracePeriodSeconds": 0,
                    "tolerations": [
                        {"effect": "NoSchedule", "key": "node-role.kubernetes.io/master",
                         "operator": "Equal"},
                        {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane",
                         "operator": "Equal"}],
                },
            },
        },
    }


def status_addresses(cluster: Cluster) -> list[dict] | None:
    """``runningAddresses``: the ``--publish-status-address`` names and IPs of the running
    controller, else the controller Service's load-balancer IPs; None while no controller
    Pod runs (no leader, no status sync)."""
    from kubelearn.cluster import pods

    running = [p for p in cluster.store.pods_with_labels(NAMESPACE, SELECTOR)
               if as_dict(p.get("status")).get("phase") == "Running" and pods.is_active(p)]
    if not running:
        return None
    for container in as_list(as_dict(running[0].get("spec")).get("containers")):
        for arg in as_list(as_dict(container).get("args")):
            if isinstance(arg, str) and arg.startswith(PUBLISH_STATUS):
                names = [a for a in re.split(r",\s*", arg[len(PUBLISH_STATUS):]) if a]
                return [{"ip": a} if _is_ip(a) else {"hostname": a} for a in names]
    svc = controller_service(cluster)
    return [{"ip": ip} for ip in (ingress_ips(svc) if svc is not None else [])]


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


# --- the controller -------------------------------------------------------------------------


class IngressController:
    """ingress-nginx's reaction to Ingresses: Sync events and the periodic status update."""

    name = "ingress-nginx"

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        #: The resourceVersion of each Ingress when last seen (a change means a Sync event).
        self._seen: dict[tuple[str, str], str] = {}
        self._tick: int | None = None
        bootstrap(cluster)

    def watches(self) -> dict:
        return {"Ingress": self._ingress_changed, "IngressClass": self._all,
                "Service": self._service_changed, "Pod": self._pod_changed}

    def _ingress_changed(self, ingress: dict, deleted: bool) -> Iterable[tuple]:
        key = (ingress["metadata"]["namespace"], ingress["metadata"]["name"])
        if deleted:
            self._seen.pop(key, None)
            return ()
        return (("ingress", *key),)

    def _all(self, obj: dict, deleted: bool) -> Iterable[tuple]:
        return [("ingress", i["metadata"]["namespace"], i["metadata"]["name"])
                for i in self.cluster.list("Ingress")]

    def _service_changed(self, svc: dict, deleted: bool) -> Iterable[tuple]:
        meta = svc["metadata"]
        if (meta["namespace"], meta["name"]) == (NAMESPACE, SERVICE):
            return (("status-due",),)
        return ()

    @staticmethod
    def _pod_changed(pod: dict, deleted: bool) -> Iterable[tuple]:
        meta = pod["metadata"]
        labels = as_dict(meta.get("labels"))
        if meta.get("namespace") == NAMESPACE and all(labels.get(k) == v
                                                      for k, v in SELECTOR.items()):
            return (("status-due",),)
        return ()

    def sync(self, key: tuple) -> None:
        if key[0] == "status":
            self._tick = None
            self._sync_status()
            return
        if key[0] == "ingress":  # ("status-due",) only re-arms the timer
            ingress = self.cluster.find("Ingress", key[1], key[2])
            if ingress is None or not is_ours(self.cluster, ingress):
                return
            version = ingress["metadata"].get("resourceVersion", "")
            if self._seen.get((key[1], key[2])) != version:
                self._seen[(key[1], key[2])] = version
                self.cluster.record(ingress, "Normal", "Sync", "Scheduled for sync", COMPONENT)
        self._schedule()

    def _wanted(self) -> dict | None:
        addresses = status_addresses(self.cluster)
        if addresses is None:
            return None
        return {"ingress": addresses} if addresses else {}

    def _schedule(self) -> None:
        """Arm the next periodic status sync if some Ingress's status is out of date."""
        wanted = self._wanted()
        if self._tick is not None:
            return
        if wanted is None:
            return  # no controller runs: its Pod starting (a Pod event) arms it again
        if all(as_dict(i.get("status")).get("loadBalancer") == wanted
               for i in served(self.cluster)):
            return
        period = STATUS_PERIOD_S * 1000
        self._tick = (self.cluster.now_ms // period + 1) * period
        self.cluster.at(self._tick, self, ("status",))

    def _sync_status(self) -> None:
        wanted = self._wanted()
        if wanted is None:
            return
        for ingress in served(self.cluster):
            status = ingress.setdefault("status", {})
            if status.get("loadBalancer") != wanted:
                status["loadBalancer"] = {k: [dict(i) for i in v] for k, v in wanted.items()}
                self.cluster.write(ingress)
