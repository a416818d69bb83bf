"""The EndpointSlice controller and the (legacy) Endpoints controller: which Pods stand behind
each Service, and whether each can take traffic.

Upstream: pkg/controller/endpointslice/endpointslice_controller.go with the reconciler of
staging/src/k8s.io/endpointslice (reconciler.go, utils.go), and pkg/controller/endpoint/
endpoints_controller.go for the Endpoints object ``kubectl get endpoints`` shows.

- Only Services with a selector are managed (an ExternalName Service gets none); a Service
  without one keeps whatever slices someone else wrote.
- A Pod is listed once it has an IP and has not finished (``ShouldPodBeInEndpoints``). Its
  conditions (``podToEndpoint``): ``serving`` = the Pod is Ready, ``terminating`` = it has a
  deletionTimestamp, ``ready`` = serving and not terminating; ``publishNotReadyAddresses``
  makes every listed Pod ready and serving.
- Ports are resolved per Pod (``FindPort``, pkg/api/v1/pod/util.go): a number is taken as
  is, a name is looked up among the Pod's containerPorts with the same protocol, and a port
  that does not resolve is left out for that Pod. Pods whose ports resolve alike share a
  slice, at most 100 endpoints each; slices are named ``<service>-<suffix>``
  (generateName) and owned by the Service. With no endpoint at all, one placeholder slice
  with ``endpoints: null`` and ``ports: null`` remains (neither field is omitempty in
  discovery/v1 types.go; storage gives an empty list back as nil).
- The Endpoints object is named after the Service: ready Pods under ``addresses``, the not
  ready ones under ``notReadyAddresses``, terminating Pods left out; no subsets when empty.
- A slice or an Endpoints object is written only when what it says changed.
- What a Pod contributes (its endpoint, its ports, its address) is worked out once per
  version of the Pod and of the Service, so a sync costs a look-up per selected Pod.

:func:`kubelearn.cluster.network.bootstrap` (the ``kubernetes`` and ``kube-dns`` Services)
runs when this controller is made, so a cluster built without controllers has neither.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from kubelearn.cluster import network, pods
from kubelearn.cluster.cluster import owner_reference
from kubelearn.kube.objects import as_dict, as_int, as_list

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

MANAGED_BY = "endpointslice.kubernetes.io/managed-by"
CONTROLLER_NAME = "endpointslice-controller.k8s.io"
SERVICE_NAME = "kubernetes.io/service-name"
HEADLESS = "service.kubernetes.io/headless"
#: ``--max-endpoints-per-slice`` default.
MAX_ENDPOINTS_PER_SLICE = 100

Key = tuple[str, str]


def find_port(pod: dict, service_port: dict) -> int | None:
    """``podutil.FindPort``: the container port a Service port reaches on ``pod``, or None."""
    target = service_port.get("targetPort", service_port.get("port"))
    if as_int(target) is not None:
        return target
    if not isinstance(target, str):
        return None
    protocol = service_port.get("protocol", "TCP")
    spec = as_dict(pod.get("spec"))
    sidecars = [c for c in as_list(spec.get("initContainers"))
                if isinstance(c, dict) and c.get("restartPolicy") == "Always"]
    for container in [*as_list(spec.get("containers")), *sidecars]:
        for port in as_list(as_dict(container).get("ports")):
            port = as_dict(port)
            if port.get("name") == target and port.get("protocol", "TCP") == protocol:
                return as_int(port.get("containerPort"))
    return None


def should_list(pod: dict, include_terminating: bool) -> bool:
    """``ShouldPodBeInEndpoints``: the Pod has an IP, has not finished, and is not being
    deleted unless terminating Pods are wanted."""
    status = as_dict(pod.get("status"))
    if not status.get("podIP"):
        return False
    if status.get("phase") in ("Succeeded", "Failed"):
        return False
    return include_terminating or not pods.is_terminating(pod)


def selects(service: dict, pod: dict) -> bool:
    selector = as_dict(as_dict(service.get("spec")).get("selector"))
    labels = as_dict(pod["metadata"].get("labels"))
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def _target_ref(pod: dict) -> dict:
    meta = pod["metadata"]
    return {"kind": "Pod", "namespace": meta["namespace"], "name": meta["name"],
            "uid": meta["uid"]}


def _hostname(pod: dict, service: dict) -> str | None:
    """``ShouldSetHostname``: a Pod with ``hostname`` whose ``subdomain`` names the Service."""
    spec = as_dict(pod.get("spec"))
    if spec.get("hostname") and spec.get("subdomain") == service["metadata"]["name"]:
        return spec["hostname"]
    return None


class EndpointSliceController:
    """Keeps each selecting Service's EndpointSlices and Endpoints in step with its Pods."""

    name = "endpointslice-controller"

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        #: Pod (namespace, name) -> the Services that listed it at their last sync, and
        #: the reverse: Service -> the Pods it listed (the Services this controller manages).
        #: (A Pod's Services are taken in the order of their last sync, :attr:`_synced`.)
        self._members: dict[Key, dict[Key, None]] = {}
        self._listed: dict[Key, dict[Key, None]] = {}
        self._synced: dict[Key, int] = {}
        self._syncs = 0
        #: The resourceVersion of each slice this controller last wrote (its own writes
        #: need no new sync).
        self._written: dict[Key, str] = {}
        #: Service -> (its resourceVersion, Pod -> (the Pod's resourceVersion, what it
        #: contributes: see :meth:`_contribution`)).
        self._contributions: dict[Key, tuple[str, dict[Key, tuple[str, tuple]]]] = {}
        network.bootstrap(cluster)

    def watches(self) -> dict:
        return {"Service": self._service_changed, "Pod": self._pod_changed,
                "EndpointSlice": self._slice_changed}

    @staticmethod
    def _service_changed(svc: dict, deleted: bool) -> Iterable[Key]:
        return ((svc["metadata"]["namespace"], svc["metadata"]["name"]),)

    def _pod_changed(self, pod: dict, deleted: bool) -> Iterable[Key]:
        ns = pod["metadata"]["namespace"]
        members = self._members.get((ns, pod["metadata"]["name"]), {})
        keys = dict.fromkeys(sorted(members, key=self._synced.__getitem__))
        if not deleted:
            for svc in self.cluster.store.list("Service", ns):
                if selects(svc, pod):
                    keys[(ns, svc["metadata"]["name"])] = None
        return list(keys)

    def _slice_changed(self, piece: dict, deleted: bool) -> Iterable[Key]:
        meta = piece["metadata"]
        labels = as_dict(meta.get("labels"))
        if labels.get(MANAGED_BY) != CONTROLLER_NAME or SERVICE_NAME not in labels:
            return ()
        if not deleted and self._written.get((meta["namespace"], meta["name"])) == meta.get(
                "resourceVersion"):
            return ()
        return ((meta["namespace"], labels[SERVICE_NAME]),)

    # --- sync ----------------------------------------------------------------------------

    def sync(self, key: Key) -> None:
        ns, name = key
        service = self.cluster.find("Service", ns, name)
        if service is None:
            self._contributions.pop(key, None)
            if key in self._listed:
                self._forget(key)
                self.cluster.store.remove("Endpoints", ns, name)
            return
        spec = as_dict(service.get("spec"))
        if not as_dict(spec.get("selector")):
            return
        if spec.get("type") == "ExternalName":
            for piece in self._slices(ns, name):
                self.cluster.store.remove("EndpointSlice", ns, piece["metadata"]["name"])
            return
        contributions = self._list(key, service)
        self._reconcile_slices(service, contributions)
        self._reconcile_endpoints(service, contributions)

    def _list(self, key: Key, service: dict) -> list[tuple]:
        """The selected Pods that belong in endpoints (``ShouldPodBeInEndpoints``, terminating
        ones included), remembered as this Service's, and what each contributes, in their
        order. What a Pod contributes is read again only when it (or the Service) was
        written since the last sync."""
        version = service["metadata"].get("resourceVersion", "")
        known = self._contributions.get(key)
        cache = known[1] if known is not None and known[0] == version else {}
        fresh: dict[Key, tuple[str, tuple | None]] = {}
        listed: dict[Key, None] = {}
        out = []
        for pod in self.cluster.store.pods_with_labels(key[0], service["spec"]["selector"]):
            meta = pod["metadata"]
            pod_key = (meta["namespace"], meta["name"])
            pod_version = meta.get("resourceVersion", "")
            hit = cache.get(pod_key)
            if hit is None or hit[0] != pod_version:
                hit = (pod_version, self._contribution(pod, service)
                       if should_list(pod, include_terminating=True) else None)
            fresh[pod_key] = hit
            if hit[1] is not None:
                listed[pod_key] = None
                out.append(hit[1])
        self._contributions[key] = (version, fresh)
        before = self._listed.get(key, {})
        for pod_key in before.keys() - listed.keys():
            self._leave(pod_key, key)
        for pod_key in listed.keys() - before.keys():
            self._members.setdefault(pod_key, {})[key] = None
        self._listed[key] = listed
        self._syncs += 1
        self._synced[key] = self._syncs
        return out

    def _contribution(self, pod: dict, service: dict) -> tuple:
        """(the slice ports, the slice endpoint, the Endpoints entry or None) of one Pod; the
        entry is (subset key, subset ports, ready, the IP as a number, the address)."""
        spec = service["spec"]
        publish = bool(spec.get("publishNotReadyAddresses"))
        slice_ports = []
        for port in as_list(spec.get("ports")):
            number = find_port(pod, as_dict(port))
            if number is not None:
                slice_ports.append((port.get("name", ""), number, port.get("protocol", "TCP"),
                                    port.get("appProtocol")))
        endpoint = self._endpoint(pod, service, publish)
        return tuple(slice_ports), endpoint, self._address(pod, service, publish)

    def _forget(self, key: Key) -> None:
        for pod_key in self._listed.pop(key, ()):
            self._leave(pod_key, key)
        self._synced.pop(key, None)

    def _leave(self, pod_key: Key, key: Key) -> None:
        services = self._members.get(pod_key)
        if services is not None:
            services.pop(key, None)
            if not services:
                del self._members[pod_key]

    def _slices(self, ns: str, name: str) -> list[dict]:
        return [s for s in self.cluster.store.list("EndpointSlice", ns)
                if as_dict(s["metadata"].get("labels")).get(SERVICE_NAME) == name
                and s["metadata"]["labels"].get(MANAGED_BY) == CONTROLLER_NAME]

    def _reconcile_slices(self, service: dict, contributions: list[tuple]) -> None:
        groups: dict[tuple, list[dict]] = {}
        for ports, endpoint, _ in contributions:
            groups.setdefault(ports, []).append(endpoint)
        wanted: list[tuple[Any, list[dict] | None]] = []
        for ports, endpoints in groups.items():
            for start in range(0, len(endpoints), MAX_ENDPOINTS_PER_SLICE):
                wanted.append((ports, endpoints[start:start + MAX_ENDPOINTS_PER_SLICE]))
        if not wanted:
            wanted.append((None, None))  # the placeholder slice
        existing = self._slices(service["metadata"]["namespace"], service["metadata"]["name"])
        labels = self._labels(service)
        unused = list(existing)
        for ports, endpoints in wanted:
            # ``ports`` has no omitempty (discovery/v1 types.go) and an empty list comes back
            # from storage as nil: a slice without ports reads ``ports: null``, as the
            # placeholder (reconciler.go, ``endpointMeta{ports: []}``) does.
            body: dict[str, Any] = {"addressType": "IPv4", "endpoints": endpoints, "ports": [
                {"name": n, "port": p, "protocol": proto, **({"appProtocol": app} if app else {})}
                for n, p, proto, app in ports] if ports else None}
            match = next((s for s in unused if s.get("ports") == body.get("ports")),
                         unused[0] if unused and ports is None else None)
            if match is None:
                match = next((s for s in unused if not s.get("endpoints")), None)
            if match is not None:
                unused.remove(match)
                self._update_slice(match, body, labels)
            else:
                self._create_slice(service, body, labels)
        for piece in unused:
            meta = piece["metadata"]
            self._written.pop((meta["namespace"], meta["name"]), None)
            self.cluster.store.remove("EndpointSlice", meta["namespace"], meta["name"])

    @staticmethod
    def _endpoint(pod: dict, service: dict, publish: bool) -> dict:
        """``podToEndpoint`` (endpointslice utils.go)."""
        serving = publish or pods.is_ready(pod)
        terminating = pods.is_terminating(pod)
        endpoint: dict[str, Any] = {
            "addresses": [pod["status"]["podIP"]],
            "conditions": {"ready": publish or (serving and not terminating),
                           "serving": serving, "terminating": terminating},
        }
        hostname = _hostname(pod, service)
        if hostname:
            endpoint["hostname"] = hostname
        endpoint["targetRef"] = _target_ref(pod)
        if pod["spec"].get("nodeName"):
            endpoint["nodeName"] = pod["spec"]["nodeName"]
        return endpoint

    @staticmethod
    def _address(pod: dict, service: dict, publish: bool) -> tuple | None:
        """The Pod's entry of the Endpoints object (``syncService``), or None when it is left
        out there."""
        spec = service["spec"]
        if not should_list(pod, include_terminating=publish):
            return None
        ports = []
        for port in as_list(spec.get("ports")):
            number = find_port(pod, as_dict(port))
            if number is not None:
                entry = {"port": number, "protocol": port.get("protocol", "TCP")}
                if port.get("name"):
                    entry = {"name": port["name"], **entry}
                if port.get("appProtocol"):
                    entry["appProtocol"] = port["appProtocol"]
                ports.append(entry)
        if not ports and as_list(spec.get("ports")):
            return None
        address: dict[str, Any] = {"ip": pod["status"]["podIP"]}
        hostname = _hostname(pod, service)
        if hostname:
            address["hostname"] = hostname
        if pod["spec"].get("nodeName"):
            address["nodeName"] = pod["spec"]["nodeName"]
        address["targetRef"] = _target_ref(pod)
        ready = publish or pods.is_ready(pod)
        return (tuple(sorted((p.get("name", ""), p["port"], p["protocol"]) for p in ports)),
                sorted(ports, key=lambda p: (p.get("name", ""), p["port"])), ready,
                int(ipaddress.ip_address(address["ip"])), address)

    @staticmethod
    def _labels(service: dict) -> dict:
        """The Service's labels, plus the slice's own (``setEndpointSliceLabels``)."""
        labels = {k: v for k, v in as_dict(service["metadata"].get("labels")).items()
                  if k not in (SERVICE_NAME, MANAGED_BY)}
        labels[SERVICE_NAME] = service["metadata"]["name"]
        labels[MANAGED_BY] = CONTROLLER_NAME
        if service["spec"].get("clusterIP") == "None":
            labels[HEADLESS] = ""
        return labels

    def _create_slice(self, service: dict, body: dict, labels: dict) -> None:
        meta = service["metadata"]
        created = self.cluster.create({
            "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": {"generateName": f"{meta['name'][:57]}-", "namespace": meta["namespace"],
                         "labels": labels, "ownerReferences": [owner_reference(service)]},
            **body,
        })
        self._written[(meta["namespace"], created["metadata"]["name"])] = (
            created["metadata"]["resourceVersion"])

    def _update_slice(self, piece: dict, body: dict, labels: dict) -> None:
        current = {"addressType": piece.get("addressType"), "endpoints": piece.get("endpoints"),
                   "ports": piece.get("ports")}
        if current == body and "ports" in piece and piece["metadata"].get("labels") == labels:
            return
        piece.update(body)
        piece["metadata"]["labels"] = labels
        self.cluster.write(piece)
        meta = piece["metadata"]
        self._written[(meta["namespace"], meta["name"])] = meta["resourceVersion"]

    # --- the legacy Endpoints object -----------------------------------------------------

    def _reconcile_endpoints(self, service: dict, contributions: list[tuple]) -> None:
        """``syncService`` of the endpoints controller, with ``RepackSubsets``."""
        spec = service["spec"]
        meta = service["metadata"]
        subsets: dict[tuple, dict[str, list]] = {}
        for _, _, entry in contributions:
            if entry is None:
                continue
            key, ports, ready, ip, address = entry
            group = subsets.setdefault(key, {"ports": ports})
            group.setdefault("addresses" if ready else "notReadyAddresses", []).append(
                (ip, address))
        packed = []
        for _, subset in sorted(subsets.items()):
            out = {}
            for field in ("addresses", "notReadyAddresses"):
                if field in subset:
                    out[field] = [address for _, address in sorted(subset[field],
                                                                   key=itemgetter(0))]
            out["ports"] = subset["ports"]
            packed.append(out)
        labels = {k: v for k, v in as_dict(meta.get("labels")).items()}
        if spec.get("clusterIP") == "None":
            labels[HEADLESS] = ""
        current = self.cluster.find("Endpoints", meta["namespace"], meta["name"])
        if current is None:
            obj: dict[str, Any] = {"apiVersion": "v1", "kind": "Endpoints",
                                   "metadata": {"name": meta["name"],
                                                "namespace": meta["namespace"]}}
            if labels:
                obj["metadata"]["labels"] = labels
            if packed:
                obj["subsets"] = packed
            self.cluster.create(obj)
            return
        if current.get("subsets", []) == packed and (current["metadata"].get("labels") or {}) == labels:
            return
        if packed:
            current["subsets"] = packed
        else:
            current.pop("subsets", None)
        if labels:
            current["metadata"]["labels"] = labels
        else:
            current["metadata"].pop("labels", None)
        self.cluster.write(current)
