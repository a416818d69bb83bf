"""A probe that names its port: an ``httpGet`` or ``tcpSocket`` probe may give the port by
name, and the kubelet looks that name up among the ports of the same container
(``findPortByName`` in kubernetes/kubernetes pkg/kubelet/prober/prober.go). A name the container
does not declare can never resolve, so the probe always fails: a liveness probe then restarts
the container for ever, a readiness probe keeps it out of every Service. The API server
accepts it, so this is a warning. A port number is always fine: a program may listen on a port
it does not declare."""

from __future__ import annotations

from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import WARNING, Context, Rule
from kubelearn.kube.document import Document
from kubelearn.kube.objects import POD_KINDS, as_dict, as_list

PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
HANDLERS = ("httpGet", "tcpSocket")


def check_probes(doc: Document, ctx: Context) -> Iterator[Finding]:
    for path, container in ctx.containers(doc):
        names = [p["name"] for p in as_list(container.get("ports"))
                 if isinstance(p, dict) and isinstance(p.get("name"), str)]
        for probe in PROBES:
            for handler in HANDLERS:
                port = as_dict(as_dict(container.get(probe)).get(handler)).get("port")
                if isinstance(port, str) and port and port not in names:
                    yield ctx.at(doc, (*path, probe, handler, "port"), "probe-port-unknown",
                                 None if names else "probe-port-no-ports", port=port,
                                 probe=probe, names=ctx.listing(names),
                                 maybe=ctx.maybe(port, names))


RULE = Rule("probes", {"probe-port-unknown": WARNING}, check_probes, kinds=POD_KINDS)
