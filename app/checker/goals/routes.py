"""``routes: {ingress: Ingress/web, service: Service/web, host: shop.example, path: /api}``:
an Ingress sends the host and path to the Service, on one of its ports. Which backend a host
and path reach is :mod:`kubelearn.kube.relations`."""

from __future__ import annotations

from dataclasses import dataclass

from kubelearn.checker.goals.base import (
    Failure,
    Form,
    ObjectRef,
    Say,
    describe,
    missing,
    parse_ref,
    relation_body,
    show,
)
from kubelearn.kube.document import DocPath, Document
from kubelearn.kube.objects import as_dict, as_list, by_name
from kubelearn.kube.relations import ingress_backends, named_near, reaches_port, routes


@dataclass(frozen=True)
class RoutesGoal:
    message: str
    ingress: ObjectRef
    service: ObjectRef
    path: str | None = None
    host: str | None = None


def parse(raw: dict, message: str) -> RoutesGoal:
    body = relation_body(raw, "routes", {"ingress", "service"}, {"path", "host"})
    return RoutesGoal(message,
                      parse_ref(body["ingress"], "routes.ingress", frozenset({"Ingress"})),
                      parse_ref(body["service"], "routes.service", frozenset({"Service"})),
                      body.get("path"), body.get("host"))


def judge(goal: RoutesGoal, objects: list[Document], say: Say) -> Failure | None:
    ingresses = [d for d in objects if goal.ingress.matches(d)]
    services = [d for d in objects if goal.service.matches(d)]
    if not ingresses:
        return missing(goal.ingress, objects, say)
    if not services:
        return missing(goal.service, objects, say)
    named = by_name(services)
    seen: list[str] = []
    near: tuple[Document, DocPath] | None = None
    first_at: tuple[Document, DocPath] | None = None
    for ingress in ingresses:
        default = "last" if goal.path is None else None
        for backend in ingress_backends(ingress, default=default):
            svc = backend.service
            port = as_dict(svc.get("port"))
            shown_port = port.get("number", port.get("name"))
            target_name = show(svc["name"]) if svc.get("name") is not None else "?"
            target_port = show(shown_port) if shown_port is not None else "?"
            seen.append(f"{backend.host or '*'}{backend.path or ''} -> {target_name}:{target_port}")
            at = backend.at
            first_at = first_at or (ingress, (*at[:-1], "path") if backend.path is not None else at)
            if not routes(backend, goal.host, goal.path):
                continue
            near = near or (ingress, (*at, "service"))
            for target in named_near(named, svc.get("name"), ingress):
                near = (ingress, (*at, "service", "port"))
                if reaches_port(port, target):
                    return None
    what = f"{goal.host or ''}{goal.path or ''}" or say("any_path")
    ports = sorted({show(as_dict(p).get("port"))
                    for s in services for p in as_list(s.value_at(("spec", "ports")))})
    text = say("no_route", ingress=describe(ingresses[0], say), what=what,
               svc=", ".join(s.name or "?" for s in services), ports=", ".join(ports) or say("none"))
    text += " " + say("routes_found", routes="; ".join(seen[:4]) or say("nothing"))
    doc, path = near or first_at or (ingresses[0], ("spec", "rules"))
    return Failure(text, doc, path)


FORM = Form("routes", frozenset({"routes", "message"}), RoutesGoal, parse, judge)
