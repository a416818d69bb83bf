"""An Ingress's backends: each names a Service of the input (in its namespace) and one of that
Service's ports, by number or by name. A backend to a Service that is not in the input may
still work in a cluster, so these are warnings; the names themselves must be valid."""

from __future__ import annotations

from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import ERROR, WARNING, Context, Rule
from kubelearn.checker.rules.names import check_name
from kubelearn.kube.document import Document
from kubelearn.kube.names import DNS1035_LABEL, IANA_SVC_NAME
from kubelearn.kube.objects import as_dict, as_int
from kubelearn.kube.relations import ingress_backends, service_port_names, service_port_numbers


def check_ingress(doc: Document, ctx: Context) -> Iterator[Finding]:
    for backend in ingress_backends(doc, default="first"):
        svc_path = (*backend.at, "service")
        service = backend.service
        if not isinstance(service.get("name"), str):
            continue
        name = service["name"]
        yield from check_name(doc, ctx, (*svc_path, "name"), "service", DNS1035_LABEL)
        yield from check_name(doc, ctx, (*svc_path, "port", "name"), "port",
                              IANA_SVC_NAME)
        target = ctx.service(name, doc)
        if target is None:
            yield from ctx.missing_reference(doc, (*svc_path, "name"),
                                             "ingress-unknown-service", "ingress-no-service",
                                             "Service", name, ctx.service_names)
            continue
        port = as_dict(service.get("port"))
        numbers, names = service_port_numbers(target), service_port_names(target)
        number, port_name = as_int(port.get("number")), port.get("name")
        if number is not None and number not in numbers:
            yield ctx.at(doc, (*svc_path, "port", "number"), "ingress-unknown-port",
                         hint=len(numbers) == 1, name=name, number=number,
                         numbers=ctx.listing(numbers), only=numbers[0] if numbers else "")
        elif isinstance(port_name, str) and port_name not in names:
            yield ctx.at(doc, (*svc_path, "port", "name"), "ingress-unknown-port",
                         "ingress-unknown-port-name", name=name, port=port_name,
                         names=ctx.listing(names), maybe=ctx.maybe(port_name, names))


RULE = Rule(
    "ingress",
    {"invalid-name": ERROR, "ingress-unknown-service": WARNING, "ingress-unknown-port": WARNING},
    check_ingress,
    kinds=frozenset({"Ingress"}),
)
