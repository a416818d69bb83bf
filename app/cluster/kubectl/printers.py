"""The cells of ``kubectl get``: one row per object, the columns kubectl prints for its kind.

Each function ports the handler of pkg/printers/internalversion/printers.go in
kubernetes/kubernetes (``printPod``, ``printDeployment``, ``printService``...): the column
names are the ``TableColumnDefinition`` names upper-cased as kubectl's table printer writes
them, the ``-o wide`` columns are the ones with ``Priority: 1``, and every cell is worded as
the Go code words it (``<none>``, ``<pending>``, ``2 (5m ago)``, ``+ 3 more...``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kubelearn.cluster.kubectl.objects import format_labels, format_selector
from kubelearn.cluster.kubectl.timefmt import since
from kubelearn.cluster.podstatus import pod_status
from kubelearn.cluster.resources import BY_KIND


@dataclass(frozen=True)
class Columns:
    names: tuple[str, ...]
    wide: tuple[str, ...]
    row: Callable[[dict, int, bool], list[str]]


def _age(obj: dict, now: int) -> str:
    return since(now, obj["metadata"].get("creationTimestamp"))


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


# --- Pods ----------------------------------------------------------------------------------


def _pod_row(pod: dict, now: int, wide: bool) -> list[str]:
    ready, reason, restarts = pod_status(pod, now)
    row = [ready, reason, restarts, _age(pod, now)]
    if wide:
        status = pod.get("status") or {}
        ips = status.get("podIPs") or []
        ip = (ips[0].get("ip") if ips and isinstance(ips[0], dict) else "") or ""
        gates = (pod.get("spec") or {}).get("readinessGates") or []
        gate_cell = "<none>"
        if gates:
            true = sum(1 for g in gates if any(
                c.get("type") == g.get("conditionType") and c.get("status") == "True"
                for c in status.get("conditions") or []))
            gate_cell = f"{true}/{len(gates)}"
        row += [ip or "<none>", (pod.get("spec") or {}).get("nodeName") or "<none>",
                status.get("nominatedNodeName") or "<none>", gate_cell]
    return row


# --- workloads -----------------------------------------------------------------------------


def _template_columns(obj: dict) -> list[str]:
    containers = ((obj.get("spec") or {}).get("template") or {}).get("spec", {}).get("containers") or []
    names = ",".join(str(c.get("name", "")) for c in containers if isinstance(c, dict))
    images = ",".join(str(c.get("image", "")) for c in containers if isinstance(c, dict))
    return [names, images, format_selector((obj.get("spec") or {}).get("selector"))]


def _deployment_row(d: dict, now: int, wide: bool) -> list[str]:
    spec, status = d.get("spec") or {}, d.get("status") or {}
    row = [f"{_int(status.get('readyReplicas'))}/{_int(spec.get('replicas'))}",
           str(_int(status.get("updatedReplicas"))), str(_int(status.get("availableReplicas"))),
           _age(d, now)]
    return row + _template_columns(d) if wide else row


def _replicaset_row(rs: dict, now: int, wide: bool) -> list[str]:
    spec, status = rs.get("spec") or {}, rs.get("status") or {}
    row = [str(_int(spec.get("replicas"))), str(_int(status.get("replicas"))),
           str(_int(status.get("readyReplicas"))), _age(rs, now)]
    return row + _template_columns(rs) if wide else row


def _priorityclass_row(pc: dict, now: int, wide: bool) -> list[str]:
    """``printPriorityClass``: value, global default, age, preemption policy."""
    return [str(_int(pc.get("value"))), "true" if pc.get("globalDefault") else "false",
            _age(pc, now), str(pc.get("preemptionPolicy") or "PreemptLowerPriority")]


def _daemonset_row(ds: dict, now: int, wide: bool) -> list[str]:
    """``printDaemonSet``: desired, current, ready, up-to-date, available, the template's
    node selector."""
    spec, status = ds.get("spec") or {}, ds.get("status") or {}
    selector = ((spec.get("template") or {}).get("spec") or {}).get("nodeSelector") or {}
    row = [str(_int(status.get(f))) for f in ("desiredNumberScheduled", "currentNumberScheduled",
                                              "numberReady", "updatedNumberScheduled",
                                              "numberAvailable")]
    row += [",".join(f"{k}={v}" for k, v in sorted(selector.items())) or "<none>", _age(ds, now)]
    return row + _template_columns(ds) if wide else row


# --- Services and traffic ------------------------------------------------------------------

LOAD_BALANCER_WIDTH = 16


def _lb_status(status: dict, wide: bool) -> str:
    """``loadBalancerStatusStringer``: IPs or hostnames, cut to 16 characters unless wide."""
    ingress = ((status or {}).get("loadBalancer") or {}).get("ingress") or []
    found = [i.get("ip") or i.get("hostname") for i in ingress if isinstance(i, dict)]
    text = ",".join(x for x in found if x)
    if not wide and len(text) > LOAD_BALANCER_WIDTH:
        text = text[:13] + "..."
    return text


def service_external_ip(svc: dict, wide: bool) -> str:
    """``getServiceExternalIP``."""
    spec = svc.get("spec") or {}
    kind = spec.get("type", "ClusterIP")
    external = [str(x) for x in spec.get("externalIPs") or []]
    if kind in ("ClusterIP", "NodePort"):
        return ",".join(external) if external else "<none>"
    if kind == "LoadBalancer":
        lb = _lb_status(svc.get("status") or {}, wide)
        if external:
            return ",".join([*([x for x in lb.split(",")] if lb else []), *external])
        return lb or "<pending>"
    if kind == "ExternalName":
        return str(spec.get("externalName", ""))
    return "<unknown>"


def service_ports(svc: dict) -> str:
    """``makePortString``: ``80/TCP``, ``80:30080/TCP``, joined with commas."""
    pieces = []
    for port in (svc.get("spec") or {}).get("ports") or []:
        if not isinstance(port, dict):
            continue
        protocol = port.get("protocol", "TCP")
        if _int(port.get("nodePort")) > 0:
            pieces.append(f"{port.get('port')}:{port.get('nodePort')}/{protocol}")
        else:
            pieces.append(f"{port.get('port')}/{protocol}")
    return ",".join(pieces) or "<none>"


def _service_row(svc: dict, now: int, wide: bool) -> list[str]:
    spec = svc.get("spec") or {}
    row = [str(spec.get("type", "ClusterIP")), spec.get("clusterIP") or "<none>",
           service_external_ip(svc, wide), service_ports(svc), _age(svc, now)]
    if wide:
        row.append(format_labels(spec.get("selector")))
    return row


def _more(items: list[str], count: int, limit: int, empty: str) -> str:
    text = ",".join(items)
    if count > limit:
        return f"{text} + {count - limit} more..."
    return text or empty


def _endpoints_row(ep: dict, now: int, wide: bool) -> list[str]:
    """``formatEndpoints``: up to 3 ``ip:port``, then ``+ N more...``."""
    subsets = ep.get("subsets") or []
    listed: list[str] = []
    count = 0
    for subset in subsets:
        addresses = [a.get("ip", "") for a in subset.get("addresses") or [] if isinstance(a, dict)]
        ports = subset.get("ports") or []
        if not ports:
            count += len(addresses)
            listed.extend(addresses[: max(0, 3 - len(listed))])
            continue
        for port in ports:
            count += len(addresses)
            for ip in addresses:
                if len(listed) < 3:
                    host = f"[{ip}]" if ":" in ip else ip
                    listed.append(f"{host}:{port.get('port')}")
    cell = "<none>" if not subsets else _more(listed, count, 3, "")
    return [cell, _age(ep, now)]


def _endpointslice_row(es: dict, now: int, wide: bool) -> list[str]:
    ports = []
    for port in es.get("ports") or []:
        if port.get("port") is not None:
            ports.append(str(port["port"]))
        elif port.get("name") is not None:
            ports.append(str(port["name"]))
        else:
            ports.append("*")
    addresses = [a for e in es.get("endpoints") or [] for a in e.get("addresses") or []]
    return [str(es.get("addressType", "")), _more(ports[:3], len(ports), 3, "<unset>"),
            _more([str(a) for a in addresses[:3]], len(addresses), 3, "<unset>"), _age(es, now)]


def ingress_hosts(rules: list) -> str:
    """``formatHosts``: up to 3 hosts, ``*`` when no rule names one."""
    listed: list[str] = []
    more = False
    for rule in rules or []:
        if len(listed) == 3:
            more = True
        if not more and isinstance(rule, dict) and rule.get("host"):
            listed.append(str(rule["host"]))
    if not listed:
        return "*"
    text = ",".join(listed)
    return f"{text} + {len(rules) - 3} more..." if more else text


def _ingress_row(ing: dict, now: int, wide: bool) -> list[str]:
    spec = ing.get("spec") or {}
    ports = "80, 443" if spec.get("tls") else "80"
    return [spec.get("ingressClassName") or "<none>", ingress_hosts(spec.get("rules") or []),
            _lb_status(ing.get("status") or {}, wide), ports, _age(ing, now)]


def _ingressclass_row(ic: dict, now: int, wide: bool) -> list[str]:
    spec = ic.get("spec") or {}
    params = spec.get("parameters")
    cell = "<none>"
    if isinstance(params, dict):
        group = params.get("apiGroup")
        kind = f"{params.get('kind')}.{group}" if group else str(params.get("kind"))
        cell = f"{kind}/{params.get('name')}"
    return [str(spec.get("controller", "")), cell, _age(ic, now)]


# --- configuration, cluster ----------------------------------------------------------------


def _configmap_row(cm: dict, now: int, wide: bool) -> list[str]:
    return [str(len(cm.get("data") or {}) + len(cm.get("binaryData") or {})), _age(cm, now)]


def _secret_row(s: dict, now: int, wide: bool) -> list[str]:
    return [str(s.get("type", "Opaque")), str(len(s.get("data") or {})), _age(s, now)]


def _namespace_row(ns: dict, now: int, wide: bool) -> list[str]:
    return [str((ns.get("status") or {}).get("phase", "Active")), _age(ns, now)]


def _serviceaccount_row(sa: dict, now: int, wide: bool) -> list[str]:
    return [str(len(sa.get("secrets") or [])), _age(sa, now)]


def node_roles(node: dict) -> list[str]:
    """``findNodeRoles``: ``node-role.kubernetes.io/<role>`` labels and ``kubernetes.io/role``."""
    roles: dict[str, None] = {}
    for key, value in (node["metadata"].get("labels") or {}).items():
        if key.startswith("node-role.kubernetes.io/"):
            role = key[len("node-role.kubernetes.io/"):]
            if role:
                roles[role] = None
        elif key == "kubernetes.io/role" and value:
            roles[str(value)] = None
    return sorted(roles)


def _node_row(node: dict, now: int, wide: bool) -> list[str]:
    status = node.get("status") or {}
    states = []
    for c in status.get("conditions") or []:
        if c.get("type") == "Ready":
            states.append({"True": "Ready", "False": "NotReady"}.get(c.get("status"), "Unknown"))
    if not states:
        states.append("Unknown")
    if (node.get("spec") or {}).get("unschedulable"):
        states.append("SchedulingDisabled")
    info = status.get("nodeInfo") or {}
    row = [",".join(states), ",".join(node_roles(node)) or "<none>", _age(node, now),
           str(info.get("kubeletVersion", ""))]
    if wide:
        addresses = status.get("addresses") or []
        internal = next((a["address"] for a in addresses if a.get("type") == "InternalIP"), "<none>")
        external = next((a["address"] for a in addresses if a.get("type") == "ExternalIP"), "<none>")
        row += [internal, external, str(info.get("osImage", "")) or "<unknown>",
                str(info.get("kernelVersion", "")) or "<unknown>",
                str(info.get("containerRuntimeVersion", "")) or "<unknown>"]
    return row


def event_source(event: dict) -> str:
    """``formatEventSource``: component, and the host after a comma."""
    source = event.get("source") or {}
    component = source.get("component") or event.get("reportingController") or ""
    host = source.get("host") or event.get("reportingInstance") or ""
    return f"{component}, {host}" if host else component


def event_object(event: dict) -> str:
    involved = event.get("involvedObject") or {}
    kind = str(involved.get("kind", "")).lower()
    return f"{kind}/{involved['name']}" if involved.get("name") else kind


def _event_row(event: dict, now: int, wide: bool) -> list[str]:
    first = since(now, event.get("firstTimestamp"))
    last = since(now, event.get("lastTimestamp")) if event.get("lastTimestamp") else first
    message = str(event.get("message", "")).strip()
    if not wide:
        return [last, str(event.get("type", "")), str(event.get("reason", "")),
                event_object(event), message]
    return [last, str(event.get("type", "")), str(event.get("reason", "")), event_object(event),
            str((event.get("involvedObject") or {}).get("fieldPath", "")), event_source(event),
            message, first, str(_int(event.get("count")) or 1), event["metadata"]["name"]]


#: Each kind's columns after NAME (events have no NAME column first).
COLUMNS: dict[str, Columns] = {
    "Pod": Columns(("READY", "STATUS", "RESTARTS", "AGE"),
                   ("IP", "NODE", "NOMINATED NODE", "READINESS GATES"), _pod_row),
    "PriorityClass": Columns(("VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"), (),
                             _priorityclass_row),
    "DaemonSet": Columns(("DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE",
                          "NODE SELECTOR", "AGE"), ("CONTAINERS", "IMAGES", "SELECTOR"),
                         _daemonset_row),
    "Deployment": Columns(("READY", "UP-TO-DATE", "AVAILABLE", "AGE"),
                          ("CONTAINERS", "IMAGES", "SELECTOR"), _deployment_row),
    "ReplicaSet": Columns(("DESIRED", "CURRENT", "READY", "AGE"),
                          ("CONTAINERS", "IMAGES", "SELECTOR"), _replicaset_row),
    "Service": Columns(("TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"), ("SELECTOR",),
                       _service_row),
    "Endpoints": Columns(("ENDPOINTS", "AGE"), (), _endpoints_row),
    "EndpointSlice": Columns(("ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"), (), _endpointslice_row),
    "Ingress": Columns(("CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"), (), _ingress_row),
    "IngressClass": Columns(("CONTROLLER", "PARAMETERS", "AGE"), (), _ingressclass_row),
    "ConfigMap": Columns(("DATA", "AGE"), (), _configmap_row),
    "Secret": Columns(("TYPE", "DATA", "AGE"), (), _secret_row),
    "Namespace": Columns(("STATUS", "AGE"), (), _namespace_row),
    "ServiceAccount": Columns(("SECRETS", "AGE"), (), _serviceaccount_row),
    "Node": Columns(("STATUS", "ROLES", "AGE", "VERSION"),
                    ("INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION",
                     "CONTAINER-RUNTIME"), _node_row),
}
EVENT_COLUMNS = ("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE")
EVENT_WIDE = ("LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE",
              "FIRST SEEN", "COUNT", "NAME")


def table_rows(kind: str, objs: list[dict], now: int, *, wide: bool = False,
               with_kind: bool = False, with_namespace: bool = False,
               show_labels: bool = False, headers: bool = True) -> list[list[str]]:
    """The header and rows of ``kubectl get`` for ``objs`` of one ``kind``."""
    resource = BY_KIND[kind]
    if kind == "Event":
        head = list(EVENT_WIDE if wide else EVENT_COLUMNS)
        make = lambda o: _event_row(o, now, wide)  # noqa: E731
    else:
        columns = COLUMNS[kind]
        head = ["NAME", *columns.names, *(columns.wide if wide else ())]

        def make(o: dict) -> list[str]:
            name = o["metadata"]["name"]
            shown = f"{resource.kind_group}/{name}" if with_kind else name
            return [shown, *columns.row(o, now, wide)]
    if with_namespace:
        head.insert(0, "NAMESPACE")
    if show_labels:
        head.append("LABELS")
    rows = [head] if headers else []
    for obj in objs:
        row = make(obj)
        if with_namespace:
            row.insert(0, obj["metadata"].get("namespace", ""))
        if show_labels:
            row.append(format_labels(obj["metadata"].get("labels")))
        rows.append(row)
    return rows
