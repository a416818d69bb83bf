"""An Ingress's own rules, as the API server validates them (networking validation,
``ValidateIngressSpec`` in kubernetes/kubernetes pkg/apis/networking/validation): a host is a
lowercase DNS name with a wildcard only as its whole first label, an Exact or Prefix path starts
with '/', a backend names a Service port by name or by number but not both, and an Ingress has
rules or a default backend. The syntax is :mod:`kubelearn.kube.names`.

The API server's words for the last two: ``spec: Invalid value: ...: either `defaultBackend` or
`rules` must be specified`` (``ValidateIngressSpec``: no rule, or ``rules: []``, and no
``defaultBackend``) and ``...service.port: Invalid value: "": cannot set both port name & port
number`` (``validateIngressBackend``, for every backend, the default one too)."""

from __future__ import annotations

from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import ERROR, Context, Rule
from kubelearn.kube.document import Document
from kubelearn.kube.names import host_problem, ingress_path_problem
from kubelearn.kube.objects import as_dict, as_list
from kubelearn.kube.relations import ingress_backends

#: The pathTypes whose paths the API server checks (others: the schema's unsupported value).
PATH_TYPES = ("Exact", "Prefix", "ImplementationSpecific")


def check_ingress_spec(doc: Document, ctx: Context) -> Iterator[Finding]:
    spec = doc.value_at(("spec",))
    if not isinstance(spec, dict):
        return
    rules = spec.get("rules")
    if not as_list(rules) and spec.get("defaultBackend") is None:
        on_key = "rules" in spec
        yield ctx.at(doc, ("spec", "rules") if on_key else ("spec",), "ingress-no-rules",
                     on_key=True)
    for i, rule in enumerate(as_list(rules)):
        rule = as_dict(rule)
        host = rule.get("host")
        if isinstance(host, str):
            problem = host_problem(host)
            if problem is not None:
                yield ctx.at(doc, ("spec", "rules", i, "host"), "ingress-invalid-host",
                             host=host, problem=ctx.problem(problem))
        http = rule.get("http")
        if isinstance(http, dict) and not as_list(http.get("paths")):
            yield ctx.at(doc, ("spec", "rules", i, "http"), "ingress-no-paths", on_key=True)
        for j, item in enumerate(as_list(as_dict(http).get("paths"))):
            item = as_dict(item)
            path, path_type = item.get("path", ""), item.get("pathType")
            if isinstance(path, str) and path_type in PATH_TYPES:
                problem = ingress_path_problem(path, path_type)
                if problem is not None:
                    at = ("spec", "rules", i, "http", "paths", j)
                    yield ctx.at(doc, (*at, "path") if "path" in item else at,
                                 "ingress-invalid-path", on_key="path" not in item,
                                 path=path, type=path_type, problem=ctx.problem(problem),
                                 fixed="/" + path.lstrip("/"))
    for backend in ingress_backends(doc, default="first"):
        port = as_dict(backend.service.get("port"))
        name, number = port.get("name"), port.get("number")
        if isinstance(name, str) and name and number not in (None, 0):
            yield ctx.at(doc, (*backend.at, "service", "port"), "ingress-port-both",
                         on_key=True, name=name, number=number)


RULE = Rule(
    "ingress_spec",
    {"ingress-no-rules": ERROR, "ingress-no-paths": ERROR, "ingress-invalid-host": ERROR,
     "ingress-invalid-path": ERROR, "ingress-port-both": ERROR},
    check_ingress_spec,
    kinds=frozenset({"Ingress"}),
)
