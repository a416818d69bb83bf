"""What the network tests stand on: a cluster with the network's controllers and a small
kubelet stand-in, so the routing tables control readiness and listening ports directly
(tests/cluster/test_traffic_kubelet.py runs the way through the real kubelet model).

The stand-in does only what the network reads from a kubelet: it gives each bound Pod an
IP from its node's Pod CIDR and a Ready condition (an annotation ``test/ready: "false"``
keeps it unready), removes deleted Pods after their grace period, and answers HTTP on the
ports its containers declare (``test/listens: "8080"`` overrides) with the Pod's name;
a redis container closes the connection without an answer.
"""

from __future__ import annotations

import ipaddress

from kubelearn.cluster import Cluster, clock
from kubelearn.cluster import ingress as nginx_ingress
from kubelearn.cluster.controllers.endpointslice import EndpointSliceController
from kubelearn.cluster.controllers.garbage import GarbageCollector
from kubelearn.cluster.controllers.loadbalancer import LoadBalancerController
from kubelearn.cluster.controllers.scheduler import Scheduler
from kubelearn.cluster.ingress import IngressController
from kubelearn.cluster.process import ConnectionRefused, EmptyReply, HttpAnswer


class StandInKubelet:
    name = "kubelet"

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.next_ip: dict[str, int] = {}

    def watches(self) -> dict:
        return {"Pod": lambda pod, deleted: () if deleted else
                ((pod["metadata"]["namespace"], pod["metadata"]["name"]),)}

    def sync(self, key: tuple[str, str]) -> None:
        pod = self.cluster.find("Pod", *key)
        if pod is None or not pod["spec"].get("nodeName"):
            return
        meta = pod["metadata"]
        if "deletionTimestamp" in meta:
            if clock.parse(meta["deletionTimestamp"]) <= self.cluster.now_ms:
                self.cluster.store.remove("Pod", *key)
            else:
                self.cluster.at(clock.parse(meta["deletionTimestamp"]), self, key)
            return
        status = pod.setdefault("status", {})
        changed = False
        if "podIP" not in status:
            node = self.cluster.get("Node", "", pod["spec"]["nodeName"])
            base = ipaddress.IPv4Network(node["spec"]["podCIDR"]).network_address
            n = self.next_ip[node["metadata"]["name"]] = self.next_ip.get(node["metadata"]["name"], 1) + 1
            status.update(phase="Running", podIP=str(base + n), podIPs=[{"ip": str(base + n)}])
            changed = True
        ready = "True" if (meta.get("annotations") or {}).get("test/ready") != "false" else "False"
        conditions = [c for c in status.get("conditions", []) if c["type"] != "Ready"]
        old = next((c for c in status.get("conditions", []) if c["type"] == "Ready"), None)
        if old is None or old["status"] != ready:
            conditions.append({"type": "Ready", "status": ready,
                               "lastTransitionTime": self.cluster.timestamp()})
            status["conditions"] = conditions
            changed = True
        if changed:
            self.cluster.write(pod)

    def ports(self, pod: dict) -> list[tuple[str, int, str]]:
        override = (pod["metadata"].get("annotations") or {}).get("test/listens")
        out = []
        for c in pod["spec"]["containers"]:
            if override is not None:
                out += [(c["name"], int(p), "TCP") for p in override.split(",") if p]
            else:
                out += [(c["name"], p["containerPort"], "TCP") for p in c.get("ports", [])]
        return out

    def listens(self, pod: dict, port: int) -> bool:
        return any(p == port for _, p, _ in self.ports(pod))

    def serve_http(self, pod: dict, port: int, method: str, path: str,
                   headers: dict) -> HttpAnswer:
        if not self.listens(pod, port):
            raise ConnectionRefused(port)
        if pod["spec"]["containers"][0]["image"].startswith("redis"):
            raise EmptyReply()
        return HttpAnswer(200, f"{pod['metadata']['name']} {method} {path}\n")


def network_cluster(lang: str = "en", seed: int = 0) -> Cluster:
    """A cluster with the scheduler, the stand-in kubelet and the network's controllers."""
    cluster = Cluster(controllers=False, lang=lang, seed=seed)
    for make in (Scheduler, StandInKubelet, EndpointSliceController, LoadBalancerController,
                 IngressController, GarbageCollector):
        cluster.add_controller(make(cluster))
    # No ReplicaSet controller here: the ingress controller's Pod is made from its template.
    template = nginx_ingress.controller_deployment()["spec"]["template"]
    cluster.create({"apiVersion": "v1", "kind": "Pod",
                    "metadata": {"name": "ingress-nginx-controller-0",
                                 "namespace": nginx_ingress.NAMESPACE,
                                 "labels": dict(template["metadata"]["labels"])},
                    "spec": template["spec"]})
    cluster.advance(5)  # the ingress controller's load balancer is up
    return cluster


def pod(name: str, labels: dict, *, ports: tuple = (80,), image: str = "nginx:1.27",
        ns: str = "default", named: dict | None = None, ready: bool = True,
        listens: str | None = None, **spec) -> dict:
    """A Pod with one container declaring ``ports`` (``named``: name -> port)."""
    declared = [{"containerPort": p} for p in ports]
    declared += [{"name": n, "containerPort": p} for n, p in (named or {}).items()]
    annotations = {}
    if not ready:
        annotations["test/ready"] = "false"
    if listens is not None:
        annotations["test/listens"] = listens
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": ns, "labels": labels,
                         "annotations": annotations},
            "spec": {"containers": [{"name": image.split(":")[0].rsplit("/", 1)[-1],
                                     "image": image, "ports": declared}], **spec}}


def service(name: str, selector: dict | None, *, ports: list | None = None,
            type_: str = "ClusterIP", ns: str = "default", **spec) -> dict:
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": ns},
            "spec": {"type": type_, **({"selector": selector} if selector else {}),
                     "ports": ports if ports is not None else [{"port": 80}], **spec}}


def backend(svc: str, port: int | str = 80) -> dict:
    key = "number" if isinstance(port, int) else "name"
    return {"service": {"name": svc, "port": {key: port}}}


def ingress(name: str, rules: list, *, ns: str = "default", default: dict | None = None,
            tls: list | None = None, **spec) -> dict:
    body = {"rules": rules, **spec}
    if default is not None:
        body["defaultBackend"] = default
    if tls is not None:
        body["tls"] = tls
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": {"name": name, "namespace": ns}, "spec": body}


def rule(host: str | None, *paths: tuple[str, str, dict]) -> dict:
    """An Ingress rule: ``(path, pathType, backend)`` items."""
    out: dict = {"http": {"paths": [{"path": p, "pathType": t, "backend": b}
                                    for p, t, b in paths]}}
    if host is not None:
        out["host"] = host
    return out


def test_the_stand_in_gives_pods_ips_from_their_nodes_cidr() -> None:
    c = network_cluster()
    c.create(pod("a", {"app": "a"}))
    c.settle()
    made = c.get("Pod", "default", "a")
    node = c.get("Node", "", made["spec"]["nodeName"])
    assert ipaddress.IPv4Address(made["status"]["podIP"]) in ipaddress.IPv4Network(
        node["spec"]["podCIDR"])
