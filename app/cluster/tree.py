"""The cluster's objects as a tree of explained relations, for the playground's live view.

Each branch follows one relation the way the traffic or the controllers follow it:

- Ingress -> host and path -> Service -> port -> endpoints -> Pods;
- Service -> port -> endpoints (ready or not) -> Pods;
- Deployment -> its ReplicaSets with their revisions -> their Pods with their status;
- ConfigMap / Secret -> who uses it, each use marked "updates after sync" (a volume) or
  "never updates" (``env``, ``envFrom``, a ``subPath`` mount).

A link that is missing is a node too, marked ``missing`` with why it matters: a selector that
matches no Pod, a named ``targetPort`` no container declares, a Service without ready
endpoints, an Ingress path another Ingress already holds, a ConfigMap that does not exist.

The relations inside an object (which volumes use a ConfigMap, what a Service port targets,
which backend an Ingress rule names) are :mod:`kubelearn.kube.relations`' answers, asked of
each stored object wrapped as a :class:`~kubelearn.kube.document.Document`; what only a running
cluster knows (ready Pods, their IPs, owners, revisions) comes from the store. Nothing here
knows about Textual: the screen turns :class:`Node` into widgets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kubelearn.cluster import pods
from kubelearn.cluster.ingress import is_ours
from kubelearn.cluster.podstatus import pod_columns
from kubelearn.cluster.store import controller_uid
from kubelearn.kube.document import Document
from kubelearn.kube.objects import as_dict, as_list, containers
from kubelearn.kube.relations import (
    env_from_refs,
    env_key_refs,
    ingress_backends,
    target_port,
    volume_sources,
)
from kubelearn.words import words

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

#: Namespaces the tree leaves out: the cluster's own machinery, not the learner's objects.
SYSTEM_NAMESPACES = frozenset({"kube-system", "kube-public", "kube-node-lease", "ingress-nginx",
                               "local-path-storage"})
#: Children shown under one node before "and N more" (a 1,000-replica ReplicaSet stays readable
#: and cheap to draw).
MAX_CHILDREN = 12
REVISION = "deployment.kubernetes.io/revision"

OK, WAIT, MISSING, INFO = "ok", "wait", "missing", "info"


@dataclass(frozen=True)
class Node:
    """One line of the tree.

    Attributes:
        key: stable across redraws (the screen keeps a branch open by its key).
        label: the line shown; object names in it come from the learner, shown literally.
        state: ``ok``, ``wait`` (not there yet: a Pod not ready), ``missing`` (a broken
            link) or ``info``.
        why: what the state means for the learner, shown when the line is chosen.
    """

    key: str
    label: str
    state: str = OK
    why: str = ""
    children: tuple[Node, ...] = ()


def build(cluster: Cluster, lang: str = "en") -> tuple[Node, ...]:
    """The tree for the cluster as it is now: one section per kind that has objects."""
    return _Builder(cluster, lang).sections()


def flatten(nodes: Iterable[Node]) -> Iterable[Node]:
    """Every node, depth first (tests and searches)."""
    for node in nodes:
        yield node
        yield from flatten(node.children)


class _Builder:
    def __init__(self, cluster: Cluster, lang: str) -> None:
        self.cluster = cluster
        self.say = words(lang)

    def t(self, name: str, /, **fields: Any) -> str:
        return self.say(f"play.tree.{name}", **fields)

    def objects(self, kind: str) -> list[dict]:
        return [o for o in self.cluster.store.list(kind)
                if o["metadata"].get("namespace", "") not in SYSTEM_NAMESPACES]

    def sections(self) -> tuple[Node, ...]:
        parts = [
            ("Ingress", self.ingresses()),
            ("Service", [self.service(s) for s in self.objects("Service")]),
            ("Deployment", [self.deployment(d) for d in self.objects("Deployment")]),
            ("ReplicaSet", [self.replica_set(r) for r in self.objects("ReplicaSet")
                            if controller_uid(r) is None]),
            ("Pod", [self.pod(p) for p in self.objects("Pod") if controller_uid(p) is None]),
            ("ConfigMap", self.sources("ConfigMap")),
            ("Secret", self.sources("Secret")),
        ]
        out = []
        for kind, nodes in parts:
            if nodes:
                label = self.t("section", kind=kind, n=len(nodes))
                state = MISSING if any(n.state == MISSING for n in nodes) else OK
                out.append(Node(f"section/{kind}", label, state, children=_bounded(
                    f"section/{kind}", nodes, self)))
        return tuple(out)

    # --- Pods -------------------------------------------------------------------------------

    def pod(self, pod: dict, prefix: str = "") -> Node:
        meta = pod["metadata"]
        status = pod_status(pod)
        ready, total = ready_count(pod)
        ip = pod.get("status", {}).get("podIP") or ""
        label = self.t("pod", name=meta["name"], status=status, ready=ready, total=total, ip=ip)
        if pods.is_ready(pod) and not pods.is_terminating(pod):
            return Node(f"{prefix}Pod/{_id(pod)}", label, OK)
        why = self.t("pod_not_ready_why", status=status)
        return Node(f"{prefix}Pod/{_id(pod)}", label, WAIT, why)

    # --- Deployments and ReplicaSets -------------------------------------------------------------

    def deployment(self, deploy: dict) -> Node:
        spec, status = deploy.get("spec", {}), deploy.get("status", {})
        key = f"Deployment/{_id(deploy)}"
        label = self.t("deployment", name=deploy["metadata"]["name"],
                       ready=status.get("readyReplicas", 0), replicas=spec.get("replicas", 1),
                       updated=status.get("updatedReplicas", 0))
        sets = [o for o in self.cluster.store.dependents(deploy["metadata"]["uid"])
                if o["kind"] == "ReplicaSet" and controller_uid(o) == deploy["metadata"]["uid"]]
        sets.sort(key=lambda rs: -_revision(rs))
        children = [self.replica_set(rs, prefix=key + "/") for rs in sets]
        state, why = OK, ""
        progressing = pods.condition(deploy, "Progressing")
        if progressing and progressing.get("reason") == "ProgressDeadlineExceeded":
            state, why = MISSING, self.t("deadline_why", message=progressing.get("message", ""))
        elif spec.get("paused"):
            state, why = INFO, self.t("paused_why")
        elif not sets:
            children.append(Node(f"{key}/none", self.t("no_replicaset"), WAIT))
        return Node(key, label, state, why, tuple(children))

    def replica_set(self, rs: dict, prefix: str = "") -> Node:
        meta, spec, status = rs["metadata"], rs.get("spec", {}), rs.get("status", {})
        key = f"{prefix}ReplicaSet/{_id(rs)}"
        revision = _revision(rs)
        label = self.t("replicaset_revision" if revision else "replicaset", name=meta["name"],
                       revision=revision, ready=status.get("readyReplicas", 0),
                       replicas=spec.get("replicas", 1))
        owned = sorted(self.cluster.store.owned_pods(meta["uid"]), key=lambda p: p["metadata"]["name"])
        children = [self.pod(p, prefix=key + "/") for p in owned]
        return Node(key, label, OK, "", _bounded(key, children, self))

    # --- Services ----------------------------------------------------------------------------

    def service(self, svc: dict, only_port: dict | None = None, prefix: str = "") -> Node:
        spec = svc.get("spec", {})
        name = svc["metadata"]["name"]
        key = f"{prefix}Service/{_id(svc)}"
        kind = spec.get("type", "ClusterIP")
        if kind == "ExternalName":
            label = self.t("service_external", name=name, host=spec.get("externalName", ""))
            return Node(key, label, INFO, self.t("external_why"))
        label = self.t("service", name=name, type=kind, ip=spec.get("clusterIP", ""))
        selector = spec.get("selector")
        if not isinstance(selector, dict) or not selector:
            return Node(key, label, INFO, self.t("no_selector_why"))
        selected = [p for p in self.cluster.store.pods_with_labels(
            svc["metadata"].get("namespace", "default"), selector) if pods.is_active(p)
            or pods.is_terminating(p)]
        if not selected:
            shown = ",".join(f"{k}={v}" for k, v in selector.items())
            hint = self._selector_hint(svc, selector)
            missing = Node(f"{key}/no-pods", self.t("no_pods", selector=shown), MISSING,
                           self.t("no_pods_why", selector=shown) + hint)
            return Node(key, label, MISSING, missing.why, (missing,))
        ports = [p for p in as_list(spec.get("ports")) if isinstance(p, dict)]
        if only_port is not None:
            ports = [p for p in ports if p is only_port]
        children = [self.service_port(svc, port, selected, key) for port in ports]
        state = MISSING if any(c.state == MISSING for c in children) else OK
        return Node(key, label, state, "", tuple(children))

    def _selector_hint(self, svc: dict, selector: dict) -> str:
        """Which Deployment in the namespace the learner probably meant, and its labels."""
        ns = svc["metadata"].get("namespace", "default")
        for deploy in self.cluster.list("Deployment", ns):
            labels = as_dict(deploy.get("spec", {}).get("template", {}).get("metadata", {})
                             .get("labels"))
            if labels and set(selector) & set(labels):
                shown = ",".join(f"{k}={v}" for k, v in labels.items())
                return self.t("selector_hint", name=deploy["metadata"]["name"], labels=shown)
        return ""

    def service_port(self, svc: dict, port: dict, selected: list[dict], prefix: str) -> Node:
        target, _ = target_port(port)
        number = port.get("port")
        key = f"{prefix}/port/{number}"
        label = self.t("port", port=number, protocol=port.get("protocol", "TCP"), target=target)
        endpoints = []
        for pod in sorted(selected, key=lambda p: p["metadata"]["name"]):
            resolved = resolve_port(pod, target)
            if resolved is not None:
                endpoints.append((pod, resolved))
        if not endpoints:
            missing = Node(f"{key}/no-port", self.t("no_named_port", target=target), MISSING,
                           self.t("no_named_port_why", target=target, n=len(selected)))
            return Node(key, label, MISSING, missing.why, (missing,))
        ready = [(p, n) for p, n in endpoints if pods.is_ready(p) and not pods.is_terminating(p)]
        summary = self.t("endpoints", ready=len(ready), total=len(endpoints))
        leaves = [self._endpoint(pod, n, f"{key}/ep/") for pod, n in endpoints]
        if ready:
            group = Node(f"{key}/endpoints", summary, OK, "", _bounded(f"{key}/endpoints",
                                                                       leaves, self))
        else:
            group = Node(f"{key}/endpoints", summary, MISSING, self.t("no_ready_why"),
                         _bounded(f"{key}/endpoints", leaves, self))
        return Node(key, label, group.state, group.why, (group,))

    def _endpoint(self, pod: dict, port: int, prefix: str) -> Node:
        ip = pod.get("status", {}).get("podIP") or "<none>"
        name = pod["metadata"]["name"]
        if pods.is_terminating(pod):
            return Node(f"{prefix}{_id(pod)}", self.t("endpoint_terminating", name=name, ip=ip,
                                                      port=port), WAIT, self.t("terminating_why"))
        if pods.is_ready(pod):
            return Node(f"{prefix}{_id(pod)}", self.t("endpoint_ready", name=name, ip=ip,
                                                      port=port), OK)
        return Node(f"{prefix}{_id(pod)}", self.t("endpoint_not_ready", name=name, ip=ip,
                                                  port=port), WAIT,
                    self.t("pod_not_ready_why", status=pod_status(pod)))

    # --- Ingresses ---------------------------------------------------------------------------

    def ingresses(self) -> list[Node]:
        found = self.objects("Ingress")
        # Who holds each host and path: ingress controllers merge every Ingress and, when two
        # claim the same host and path, the oldest wins (creationTimestamp, then uid): NGINX
        # Ingress Controller, "Host and Listener collisions"; ingress-nginx's "first rule wins".
        # Within one Ingress, the first of two equal paths is kept.
        holders: dict[tuple, tuple[str, tuple]] = {}
        for ing in sorted(found, key=lambda o: (o["metadata"].get("creationTimestamp", ""),
                                                o["metadata"].get("uid", ""))):
            for backend in ingress_backends(Document(0, ing), default=None):
                holders.setdefault(_route_key(backend), (ing["metadata"]["name"], backend.at))
        return [self.ingress(ing, holders) for ing in found]

    def ingress(self, ing: dict, holders: dict[tuple, tuple[str, tuple]]) -> Node:
        meta, spec = ing["metadata"], ing.get("spec", {})
        key = f"Ingress/{_id(ing)}"
        wanted = spec.get("ingressClassName") or as_dict(meta.get("annotations")).get(
            "kubernetes.io/ingress.class")
        label = self.t("ingress", name=meta["name"], cls=wanted or "-")
        children = []
        for i, backend in enumerate(ingress_backends(Document(0, ing), default="last")):
            children.append(self._route(ing, backend, holders, f"{key}/{i}"))
        state, why = OK, ""
        if not is_ours(self.cluster, ing):
            state, why = MISSING, self.t("no_class_why", cls=wanted or "-")
        elif any(c.state == MISSING for c in children):
            state = MISSING
        return Node(key, label, state, why, tuple(children))

    def _route(self, ing: dict, backend: Any, holders: dict[tuple, tuple[str, tuple]],
               key: str) -> Node:
        if backend.host is None and backend.path is None:
            label = self.t("default_backend")
        else:
            label = self.t("route", host=backend.host or "*", path=backend.path or "/",
                           type=backend.path_type or "")
        holder = holders.get(_route_key(backend)) if backend.path is not None else None
        if holder is not None and holder != (ing["metadata"]["name"], backend.at):
            why = (self.t("shadowed_same_why") if holder[0] == ing["metadata"]["name"]
                   else self.t("shadowed_why", other=holder[0]))
            return Node(key, "✗ " + label, MISSING, why)
        service_ref = backend.service
        name = service_ref.get("name")
        if not isinstance(name, str):
            return Node(key, label, INFO, self.t("resource_backend_why"))
        ns = ing["metadata"].get("namespace", "default")
        svc = self.cluster.find("Service", ns, name)
        if svc is None:
            missing = Node(f"{key}/svc", self.t("no_service", name=name), MISSING,
                           self.t("no_service_why", name=name))
            return Node(key, label, MISSING, missing.why, (missing,))
        wanted = as_dict(service_ref.get("port"))
        port = next((p for p in as_list(svc.get("spec", {}).get("ports")) if isinstance(p, dict)
                     and (p.get("port") == wanted.get("number") and wanted.get("number") is not None
                          or p.get("name") == wanted.get("name") and wanted.get("name"))), None)
        if port is None:
            shown = wanted.get("number", wanted.get("name", ""))
            missing = Node(f"{key}/port", self.t("no_service_port", port=shown, name=name),
                           MISSING, self.t("no_service_port_why", port=shown, name=name))
            return Node(key, label, MISSING, missing.why, (missing,))
        child = self.service(svc, only_port=port, prefix=key + "/")
        return Node(key, label, child.state, "", (child,))

    # --- ConfigMaps and Secrets ------------------------------------------------------------------

    def sources(self, kind: str) -> list[Node]:
        """Each ConfigMap (or Secret) with its users; one that is used but missing, too."""
        users: dict[tuple[str, str], list[Node]] = {}
        for consumer in self._consumers():
            ns = consumer["metadata"].get("namespace", "default")
            for name, uses in self._uses(consumer, kind).items():
                users.setdefault((ns, name), []).append(uses)
        out = []
        stored = {(o["metadata"].get("namespace", "default"), o["metadata"]["name"]): o
                  for o in self.objects(kind)}
        for (ns, name), obj in stored.items():
            key = f"{kind}/{ns}/{name}"
            keys = len(as_dict(obj.get("data"))) + len(as_dict(obj.get("binaryData")))
            label = self.t("source_immutable" if obj.get("immutable") else "source",
                           kind=kind, name=name, n=keys)
            found = users.get((ns, name), [])
            children = _prefix(key, found) or (Node(f"{key}/unused", self.t("unused"), INFO),)
            state = MISSING if any(c.state == MISSING for c in flatten(children)) else OK
            out.append(Node(key, label, state, "", children))
        for (ns, name), found in users.items():
            if (ns, name) not in stored:
                key = f"{kind}/{ns}/{name}"
                out.append(Node(key, self.t("source_missing", kind=kind, name=name), MISSING,
                                self.t("source_missing_why", kind=kind, name=name),
                                _prefix(key, found)))
        return out

    def _consumers(self) -> list[dict]:
        """What holds a Pod spec the learner wrote: Deployments, and ReplicaSets and Pods that
        no controller owns (a Deployment's Pods use what its template says)."""
        return (self.objects("Deployment")
                + [r for r in self.objects("ReplicaSet") if controller_uid(r) is None]
                + [p for p in self.objects("Pod") if controller_uid(p) is None])

    def _uses(self, consumer: dict, kind: str) -> dict[str, Node]:
        """For each ConfigMap (Secret) name ``consumer`` uses: a node listing how."""
        doc = Document(0, consumer)
        data = self._data_keys(consumer, kind)
        by_name: dict[str, list[Node]] = {}
        mounts = _mounts(doc)
        for source in volume_sources(doc, kind):
            for path, sub in mounts.get(source.volume_name, [(None, None)]):
                key = f"vol/{source.volume_name}/{path}"
                if path is None:
                    node = Node(key, self.t("volume_unmounted", volume=source.volume_name), INFO)
                elif sub:
                    node = Node(key, self.t("use_subpath", volume=source.volume_name, path=path,
                                            sub=sub), INFO, self.t("never_why_subpath"))
                else:
                    node = Node(key, self.t("use_volume", volume=source.volume_name, path=path),
                                OK, self.t("updates_why"))
                by_name.setdefault(source.name, []).append(node)
        for cpath, container in containers(doc):
            cname = container.get("name", "")
            for ref in env_key_refs(cpath, container, kind):
                node_key = f"env/{cname}/{ref.var}"
                keys = data.get(ref.name)
                if keys is not None and ref.key not in keys and not ref.optional:
                    node = Node(node_key, self.t("use_env_missing_key", var=ref.var, key=ref.key),
                                MISSING, self.t("missing_key_why", key=ref.key, name=ref.name,
                                                kind=kind))
                else:
                    node = Node(node_key, self.t("use_env", var=ref.var, key=ref.key,
                                                 container=cname), INFO, self.t("never_why_env"))
                by_name.setdefault(ref.name, []).append(node)
            for ref in env_from_refs(cpath, container, kind):
                node = Node(f"envFrom/{cname}/{ref.index}", self.t(
                    "use_env_from_prefix" if ref.prefix else "use_env_from", prefix=ref.prefix,
                    container=cname), INFO, self.t("never_why_env"))
                by_name.setdefault(ref.name, []).append(node)
        label = self.t("consumer", kind=consumer["kind"], name=consumer["metadata"]["name"])
        out = {}
        for name, nodes in by_name.items():
            state = MISSING if any(n.state == MISSING for n in nodes) else OK
            out[name] = Node(f"{consumer['kind']}/{consumer['metadata']['name']}", label, state,
                             "", tuple(nodes))
        return out

    def _data_keys(self, consumer: dict, kind: str) -> dict[str, list[str]]:
        ns = consumer["metadata"].get("namespace", "default")
        return {o["metadata"]["name"]: [*as_dict(o.get("data")), *as_dict(o.get("binaryData")),
                                        *as_dict(o.get("stringData"))]
                for o in self.cluster.list(kind, ns)}


def _mounts(doc: Document) -> dict[Any, list[tuple[str, str | None]]]:
    """Volume name -> where containers mount it (mountPath, subPath)."""
    out: dict[Any, list[tuple[str, str | None]]] = {}
    for _, container in containers(doc):
        for mount in as_list(container.get("volumeMounts")):
            if isinstance(mount, dict) and isinstance(mount.get("mountPath"), str):
                sub = mount.get("subPath") if isinstance(mount.get("subPath"), str) else None
                out.setdefault(mount.get("name"), []).append((mount["mountPath"], sub or None))
    return out


def _prefix(key: str, nodes: list[Node]) -> tuple[Node, ...]:
    return tuple(_rekey(f"{key}/", n) for n in nodes)


def _rekey(prefix: str, node: Node) -> Node:
    return Node(prefix + node.key, node.label, node.state, node.why,
                tuple(_rekey(prefix + node.key + "/", c) for c in node.children))


def _bounded(key: str, nodes: list[Node], builder: _Builder) -> tuple[Node, ...]:
    if len(nodes) <= MAX_CHILDREN:
        return tuple(nodes)
    # Keep the broken links in view: they come first among what is shown.
    ordered = sorted(nodes, key=lambda n: n.state == OK)
    more = len(nodes) - MAX_CHILDREN
    return (*ordered[:MAX_CHILDREN], Node(f"{key}/more", builder.t("more", n=more), INFO))


def _id(obj: dict) -> str:
    meta = obj["metadata"]
    return f"{meta.get('namespace', '')}/{meta['name']}"


def _revision(rs: dict) -> int:
    value = as_dict(rs["metadata"].get("annotations")).get(REVISION, "0")
    return int(value) if isinstance(value, str) and value.isdigit() else 0


def _route_key(backend: Any) -> tuple:
    """What two Ingress paths must share to claim the same requests: host, path type and
    path (a Prefix path with or without its trailing '/' matches the same requests)."""
    path = backend.path
    if backend.path_type == "Prefix" and isinstance(path, str) and path != "/":
        path = path.rstrip("/")
    return (backend.host or "", backend.path_type or "", path)


def resolve_port(pod: dict, target: Any) -> int | None:
    """The container port a Service ``targetPort`` reaches in ``pod``: a number as it is, a
    name through the containers' ``ports`` (``podutil.FindPort``, pkg/api/v1/pod/util.go)."""
    if isinstance(target, int) and not isinstance(target, bool):
        return target
    if isinstance(target, str) and target.isdigit():
        return int(target)
    for container in as_list(pod.get("spec", {}).get("containers")):
        for port in as_list(as_dict(container).get("ports")):
            if isinstance(port, dict) and port.get("name") == target:
                number = port.get("containerPort")
                return number if isinstance(number, int) else None
    return None


def ready_count(pod: dict) -> tuple[int, int]:
    """kubectl's READY column: containers ready and running / containers (``printPod``)."""
    columns = pod_columns(pod)
    return columns.ready, columns.total


def pod_status(pod: dict) -> str:
    """kubectl's STATUS column for a Pod (``printPod``, pkg/printers/internalversion/
    printers.go): the phase or the Pod's reason, an init container's or a container's waiting
    or terminated reason (ContainerCreating, CrashLoopBackOff, Init:0/1, Completed, Error),
    ``Terminating`` when deleted."""
    return pod_columns(pod).reason
