"""The API resources the offline cluster serves, as ``kubectl api-resources`` lists them.

Each kind's plural, short names, group/version and scope are upstream's (``kubectl
api-resources`` on a 1.33 cluster); kubectl resolves what the learner types (``deploy``,
``deployments.apps``, ``svc``, ``Pod``) through :func:`resolve`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resource:
    kind: str
    plural: str
    singular: str
    group: str  # "" for the core group
    version: str
    namespaced: bool
    short: tuple[str, ...] = ()

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def qualified(self) -> str:
        """How kubectl names the resource in messages: ``deployments.apps``, ``pods``."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def kind_group(self) -> str:
        """``deployment.apps`` / ``pod``: the prefix of ``kubectl apply``'s ``NAME`` output."""
        lower = self.kind.lower()
        return f"{lower}.{self.group}" if self.group else lower


RESOURCES: tuple[Resource, ...] = (
    Resource("ConfigMap", "configmaps", "configmap", "", "v1", True, ("cm",)),
    Resource("Endpoints", "endpoints", "endpoints", "", "v1", True, ("ep",)),
    Resource("Event", "events", "event", "", "v1", True, ("ev",)),
    Resource("Namespace", "namespaces", "namespace", "", "v1", False, ("ns",)),
    Resource("Node", "nodes", "node", "", "v1", False, ("no",)),
    Resource("Pod", "pods", "pod", "", "v1", True, ("po",)),
    Resource("Secret", "secrets", "secret", "", "v1", True),
    Resource("Service", "services", "service", "", "v1", True, ("svc",)),
    Resource("ServiceAccount", "serviceaccounts", "serviceaccount", "", "v1", True, ("sa",)),
    Resource("DaemonSet", "daemonsets", "daemonset", "apps", "v1", True, ("ds",)),
    Resource("Deployment", "deployments", "deployment", "apps", "v1", True, ("deploy",)),
    Resource("ReplicaSet", "replicasets", "replicaset", "apps", "v1", True, ("rs",)),
    Resource("EndpointSlice", "endpointslices", "endpointslice", "discovery.k8s.io", "v1", True),
    Resource("Ingress", "ingresses", "ingress", "networking.k8s.io", "v1", True, ("ing",)),
    Resource("IngressClass", "ingressclasses", "ingressclass", "networking.k8s.io", "v1", False),
    Resource("PriorityClass", "priorityclasses", "priorityclass", "scheduling.k8s.io", "v1", False,
             ("pc",)),
)

BY_KIND: dict[str, Resource] = {r.kind: r for r in RESOURCES}

_NAMES: dict[str, Resource] = {}
for _r in RESOURCES:
    for _name in (_r.plural, _r.singular, _r.kind.lower(), *_r.short):
        _NAMES.setdefault(_name, _r)
        if _r.group:
            _NAMES.setdefault(f"{_name}.{_r.group}", _r)
            _NAMES.setdefault(f"{_name}.{_r.version}.{_r.group}", _r)


def resolve(name: str) -> Resource | None:
    """The resource a kubectl resource argument names (case-insensitive, as kubectl reads it)."""
    return _NAMES.get(name.lower())
