"""Each container's ports: numbers from 1 to 65535, and no port name twice in a container."""

from __future__ import annotations

from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import ERROR, Context, Rule
from kubelearn.kube.document import Document
from kubelearn.kube.objects import POD_KINDS, as_dict, as_int, as_list


def check_container_ports(doc: Document, ctx: Context) -> Iterator[Finding]:
    for path, container in ctx.containers(doc):
        names: set[str] = set()
        for j, port in enumerate(as_list(container.get("ports"))):
            port = as_dict(port)
            number = as_int(port.get("containerPort"))
            if number is not None and not 1 <= number <= 65535:
                yield ctx.at(doc, (*path, "ports", j, "containerPort"), "invalid-port",
                             field="containerPort", value=number)
            name = port.get("name")
            if isinstance(name, str):
                if name in names:
                    yield ctx.at(doc, (*path, "ports", j, "name"), "duplicate-port-name",
                                 name=name)
                names.add(name)


RULE = Rule(
    "container_ports",
    {"invalid-port": ERROR, "duplicate-port-name": ERROR},
    check_container_ports,
    kinds=POD_KINDS,
)
