"""The service controller with a simulated cloud provider: LoadBalancer Services get an
external IP, as kind does with cloud-provider-kind or MetalLB.

Upstream: staging/src/k8s.io/cloud-provider/controllers/service/controller.go
(``syncLoadBalancerIfNeeded``): on a Service that wants a load balancer it records
``EnsuringLoadBalancer`` "Ensuring load balancer", adds the ``service.kubernetes.io/
load-balancer-cleanup`` finalizer, asks the provider, records ``EnsuredLoadBalancer`` "Ensured
load balancer" and writes ``status.loadBalancer``; a Service that no longer wants one gets
``DeletingLoadBalancer``/``DeletedLoadBalancer`` and an empty status. A change of type is
recorded as ``Type`` "ClusterIP -> LoadBalancer" (``needsUpdate``).

The provider hands out addresses from the pool MetalLB's kind guide configures on kind's
Docker network (172.18.255.200-172.18.255.250), lowest free first, or the
``spec.loadBalancerIP`` asked for when it is free in the pool; it takes
:data:`PROVISION_SECONDS` to answer, so ``kubectl get svc`` shows ``<pending>`` first. The API
server defaults ``ipMode`` to VIP. A Service with a ``loadBalancerClass`` belongs to another
controller and is left alone; when the pool is empty the Service stays pending.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kubelearn.cluster.network import ingress_ips
from kubelearn.kube.objects import as_dict

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

COMPONENT = "service-controller"
FINALIZER = "service.kubernetes.io/load-balancer-cleanup"
POOL_FIRST = ipaddress.IPv4Address("172.18.255.200")
POOL_LAST = ipaddress.IPv4Address("172.18.255.250")
#: How long the simulated provider takes to set a load balancer up.
PROVISION_SECONDS = 2

Key = tuple[str, str]


def wants_load_balancer(svc: dict) -> bool:
    spec = as_dict(svc.get("spec"))
    return spec.get("type") == "LoadBalancer" and not spec.get("loadBalancerClass")


class LoadBalancerController:
    name = "service-controller"

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        #: The type each Service had when last seen (for the ``Type`` event).
        self._types: dict[Key, str] = {}
        #: Services whose provisioning is under way (the provider answers later).
        self._pending: dict[Key, None] = {}

    def watches(self) -> dict:
        return {"Service": self._changed}

    def _changed(self, svc: dict, deleted: bool) -> Iterable[Key]:
        key = (svc["metadata"]["namespace"], svc["metadata"]["name"])
        if deleted:
            self._types.pop(key, None)
            self._pending.pop(key, None)
            return ()
        return (key,)

    def sync(self, key: Key | tuple[str, str, str]) -> None:
        ns, name = key[0], key[1]
        svc = self.cluster.find("Service", ns, name)
        if svc is None:
            return
        now_type = as_dict(svc.get("spec")).get("type", "ClusterIP")
        before = self._types.get((ns, name))
        self._types[(ns, name)] = now_type
        if before is not None and before != now_type:
            self.cluster.record(svc, "Normal", "Type", f"{before} -> {now_type}", COMPONENT)
        if len(key) == 3:
            self._provisioned(svc)
            return
        if wants_load_balancer(svc):
            if ingress_ips(svc) or (ns, name) in self._pending:
                return
            self.cluster.record(svc, "Normal", "EnsuringLoadBalancer", "Ensuring load balancer",
                                COMPONENT)
            finalizers = svc["metadata"].setdefault("finalizers", [])
            if FINALIZER not in finalizers:
                finalizers.append(FINALIZER)
                self.cluster.write(svc)
            self._pending[(ns, name)] = None
            self.cluster.after(PROVISION_SECONDS, self, (ns, name, "provisioned"))
        elif FINALIZER in (svc["metadata"].get("finalizers") or ()):
            self._pending.pop((ns, name), None)
            self.cluster.record(svc, "Normal", "DeletingLoadBalancer", "Deleting load balancer",
                                COMPONENT)
            svc["metadata"]["finalizers"].remove(FINALIZER)
            if not svc["metadata"]["finalizers"]:
                del svc["metadata"]["finalizers"]
            svc.setdefault("status", {})["loadBalancer"] = {}
            self.cluster.write(svc)
            self.cluster.record(svc, "Normal", "DeletedLoadBalancer", "Deleted load balancer",
                                COMPONENT)

    def _provisioned(self, svc: dict) -> None:
        key = (svc["metadata"]["namespace"], svc["metadata"]["name"])
        if key not in self._pending or not wants_load_balancer(svc):
            return
        ip = self._address(svc)
        if ip is None:
            return  # the pool is empty: the Service stays <pending>
        del self._pending[key]
        self.cluster.record(svc, "Normal", "EnsuredLoadBalancer", "Ensured load balancer",
                            COMPONENT)
        svc.setdefault("status", {})["loadBalancer"] = {"ingress": [{"ip": ip, "ipMode": "VIP"}]}
        self.cluster.write(svc)

    def _address(self, svc: dict) -> str | None:
        taken = {ip for other in self.cluster.list("Service") for ip in ingress_ips(other)}
        asked = as_dict(svc.get("spec")).get("loadBalancerIP")
        if isinstance(asked, str) and asked:
            try:
                wanted = ipaddress.IPv4Address(asked)
            except ValueError:
                return None
            ok = POOL_FIRST <= wanted <= POOL_LAST and asked not in taken
            return asked if ok else None
        for n in range(int(POOL_FIRST), int(POOL_LAST) + 1):
            ip = str(ipaddress.IPv4Address(n))
            if ip not in taken:
                return ip
        return None
