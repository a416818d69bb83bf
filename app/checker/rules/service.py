"""A Service's own ports, as the API server validates them: port numbers in range, a
``nodePort`` only where there is one and in its range, no port, name or nodePort twice, and a
name on every port when there are several."""

from __future__ import annotations

from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import ERROR, Context, Rule
from kubelearn.kube.document import Document
from kubelearn.kube.objects import as_dict, as_int, as_list

NODE_PORT_RANGE = (30000, 32767)


def check_service(doc: Document, ctx: Context) -> Iterator[Finding]:
    spec = as_dict(doc.value_at(("spec",)))
    svc_type = spec.get("type", "ClusterIP")
    ports = as_list(spec.get("ports"))
    seen_ports: dict[tuple, int] = {}
    seen_names: dict[str, int] = {}
    seen_node: dict[int, int] = {}
    for i, port in enumerate(ports):
        if not isinstance(port, dict):
            continue
        path = ("spec", "ports", i)
        number, node_port = as_int(port.get("port")), as_int(port.get("nodePort"))
        for field, value in (("port", number), ("targetPort", as_int(port.get("targetPort")))):
            # targetPort 0 means "same as port"
            if value is not None and not 1 <= value <= 65535 and (field, value) != ("targetPort", 0):
                yield ctx.at(doc, (*path, field), "invalid-port", field=field, value=value)
        if node_port:
            if svc_type in ("ClusterIP", "ExternalName"):
                yield ctx.at(doc, (*path, "nodePort"), "nodeport-clusterip", on_key=True,
                             type=svc_type)
            elif not NODE_PORT_RANGE[0] <= node_port <= NODE_PORT_RANGE[1]:
                yield ctx.at(doc, (*path, "nodePort"), "nodeport-range", port=node_port)
            elif node_port in seen_node:
                yield ctx.at(doc, (*path, "nodePort"), "service-port-duplicate",
                             "nodeport-duplicate", port=node_port, other=seen_node[node_port])
            seen_node.setdefault(node_port, i)
        protocol = port.get("protocol", "TCP")
        if number is not None and isinstance(protocol, str):
            if (number, protocol) in seen_ports:
                yield ctx.at(doc, (*path, "port"), "service-port-duplicate", "port-duplicate",
                             port=number, protocol=protocol, other=seen_ports[(number, protocol)])
            seen_ports.setdefault((number, protocol), i)
        name = port.get("name")
        if isinstance(name, str):
            if name in seen_names:
                yield ctx.at(doc, (*path, "name"), "service-port-duplicate",
                             "port-name-duplicate", name=name, other=seen_names[name])
            seen_names.setdefault(name, i)
        elif name is None and len(ports) > 1:
            yield ctx.at(doc, path, "service-port-name-required")


RULE = Rule(
    "service",
    {"invalid-port": ERROR, "nodeport-clusterip": ERROR, "nodeport-range": ERROR,
     "service-port-duplicate": ERROR, "service-port-name-required": ERROR},
    check_service,
    kinds=frozenset({"Service"}),
)
