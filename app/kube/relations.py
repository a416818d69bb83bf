"""How Kubernetes objects refer to one another, each relation written once.

Which volumes and environment sources of a Pod spec use a ConfigMap or a Secret, which
Service port reaches which container port, and which backend an Ingress rule sends a host and
path to. The checker's rules (is the reference broken?) and the exercise goals (does the answer
make this connection?) both ask these questions; the cluster will too. The answers carry the
path of each reference so that a caller can point at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kubelearn.kube.document import DocPath, Document
from kubelearn.kube.objects import (
    as_dict,
    as_int,
    as_list,
    containers,
    same_namespace,
    values_equal,
    volumes,
)

# --- ConfigMaps and Secrets used by a Pod spec -------------------------------------------------


@dataclass(frozen=True)
class _Fields:
    """The field names one kind of reference uses in a Pod spec."""

    volume: str  # volumes[].<volume> and projected sources[].<volume>
    volume_name: str  # the name field of volumes[].<volume> (a projected source's is "name")
    key_ref: str  # env[].valueFrom.<key_ref>
    env_from: str  # envFrom[].<env_from>


_FIELDS = {
    "ConfigMap": _Fields("configMap", "name", "configMapKeyRef", "configMapRef"),
    "Secret": _Fields("secret", "secretName", "secretKeyRef", "secretRef"),
}


@dataclass(frozen=True)
class VolumeSource:
    """A volume (or one source of a projected volume) that holds a ConfigMap or Secret."""

    volume_path: DocPath
    volume_name: Any
    path: DocPath  # of the source mapping (``...volumes[0].configMap``)
    name: str
    optional: bool
    #: The keys its ``items`` pick, with where each is.
    keys: tuple[tuple[DocPath, str], ...]


@dataclass(frozen=True)
class EnvKeyRef:
    """One variable of ``env`` that takes its value from a key of a ConfigMap or Secret."""

    index: int  # in the container's env list
    path: DocPath  # of the reference (``...env[0].valueFrom.configMapKeyRef``)
    name: str
    key: Any
    var: Any  # the variable's name
    optional: bool


@dataclass(frozen=True)
class EnvFromRef:
    """One ``envFrom`` entry that takes every key of a ConfigMap or Secret as a variable."""

    index: int  # in the container's envFrom list
    path: DocPath  # of the reference (``...envFrom[0].configMapRef``)
    name: str
    prefix: str
    optional: bool


@dataclass(frozen=True)
class Reference:
    """Any use of a ConfigMap or Secret by name, with the keys it needs."""

    path: DocPath
    name: str
    optional: bool
    keys: tuple[tuple[DocPath, str], ...]


def _item_keys(path: DocPath, source: dict) -> tuple[tuple[DocPath, str], ...]:
    return tuple(
        ((*path, "items", k, "key"), item["key"])
        for k, item in enumerate(as_list(source.get("items")))
        if isinstance(item, dict) and isinstance(item.get("key"), str)
    )


def volume_sources(doc: Document, kind: str = "ConfigMap") -> Iterator[VolumeSource]:
    """The volumes of ``doc``'s Pod spec that hold a ``kind`` (ConfigMap or Secret), in order."""
    fields = _FIELDS[kind]
    for volume_path, volume in volumes(doc):
        volume = as_dict(volume)
        found = [(volume_path, volume.get(fields.volume), fields.volume_name)]
        for k, source in enumerate(as_list(as_dict(volume.get("projected")).get("sources"))):
            found.append(((*volume_path, "projected", "sources", k),
                          as_dict(source).get(fields.volume), "name"))
        for at, source, name_field in found:
            name = source.get(name_field) if isinstance(source, dict) else None
            if isinstance(name, str):
                path = (*at, fields.volume)
                yield VolumeSource(volume_path, volume.get("name"), path, name,
                                   source.get("optional") is True, _item_keys(path, source))


def env_key_refs(path: DocPath, container: dict, kind: str = "ConfigMap") -> Iterator[EnvKeyRef]:
    """The variables of the container at ``path`` that read one key of a ``kind``."""
    field = _FIELDS[kind].key_ref
    for j, env in enumerate(as_list(container.get("env"))):
        env = as_dict(env)
        ref = as_dict(as_dict(env.get("valueFrom")).get(field))
        if isinstance(ref.get("name"), str):
            yield EnvKeyRef(j, (*path, "env", j, "valueFrom", field), ref["name"], ref.get("key"),
                            env.get("name"), ref.get("optional") is True)


def env_from_refs(path: DocPath, container: dict, kind: str = "ConfigMap") -> Iterator[EnvFromRef]:
    """The ``envFrom`` entries of the container at ``path`` that read every key of a ``kind``."""
    field = _FIELDS[kind].env_from
    for j, source in enumerate(as_list(container.get("envFrom"))):
        source = as_dict(source)
        ref = as_dict(source.get(field))
        if isinstance(ref.get("name"), str):
            prefix = source.get("prefix") if isinstance(source.get("prefix"), str) else ""
            yield EnvFromRef(j, (*path, "envFrom", j, field), ref["name"], prefix,
                             ref.get("optional") is True)


def references(doc: Document, kind: str = "ConfigMap") -> Iterator[Reference]:
    """Every use of a ``kind`` by ``doc``'s Pod spec: volumes first, then each container's
    ``env`` and ``envFrom``."""
    for volume in volume_sources(doc, kind):
        yield Reference(volume.path, volume.name, volume.optional, volume.keys)
    for path, container in containers(doc):
        for env in env_key_refs(path, container, kind):
            key = env.key
            keys = (((*env.path, "key"), key),) if isinstance(key, str) else ()
            yield Reference(env.path, env.name, env.optional, keys)
        for source in env_from_refs(path, container, kind):
            yield Reference(source.path, source.name, source.optional, ())


def volumes_using(doc: Document, names: set[str], kind: str = "ConfigMap") -> dict[str, DocPath]:
    """The named volumes of ``doc`` that hold one of the ``kind``s called ``names``, with
    where each volume is."""
    found: dict[str, DocPath] = {}
    for source in volume_sources(doc, kind):
        if source.name in names and isinstance(source.volume_name, str):
            found[source.volume_name] = source.volume_path
    return found


def env_from_provides(key: str | None, var: str | None, prefix: str, keys: list | None) -> bool:
    """Whether ``envFrom`` with ``prefix`` gives the variable ``var`` and/or the value of
    ``key`` (``keys``: the ConfigMap's keys, None when it is not known)."""
    if key is not None:
        return (keys is None or key in keys) and (var is None or var == prefix + key)
    if var is not None:
        return var.startswith(prefix) and (keys is None or var[len(prefix):] in keys)
    return True


# --- Services and the ports they reach ----------------------------------------------------------


def named_near(index: dict[str, list[Document]], name: Any, near: Document) -> list[Document]:
    """The objects of ``index`` (by name) called ``name`` in ``near``'s namespace."""
    if not isinstance(name, str):
        return []
    return [doc for doc in index.get(name, ()) if same_namespace(doc, near)]


def service_ports(service: Document) -> list[dict]:
    """The ports a Service declares (mappings only)."""
    return [p for p in as_list(service.value_at(("spec", "ports"))) if isinstance(p, dict)]


def service_port_numbers(service: Document) -> list[int]:
    return [n for n in (as_int(p.get("port")) for p in service_ports(service)) if n is not None]


def service_port_names(service: Document) -> list[str]:
    return [p["name"] for p in service_ports(service) if isinstance(p.get("name"), str)]


def target_port(port: dict) -> tuple[Any, str]:
    """The container port a Service port sends to (a number or a port name), and the field
    that says so: ``targetPort``, or ``port`` when the target is left out."""
    return port.get("targetPort", port.get("port")), "targetPort" if "targetPort" in port else "port"


def reaches_port(backend_port: dict, service: Document) -> bool:
    """Whether an Ingress backend's ``port`` (``number`` or ``name``) is a port of ``service``."""
    ports = [as_dict(p) for p in as_list(service.value_at(("spec", "ports")))]
    number, name = backend_port.get("number"), backend_port.get("name")
    if number is not None and any(values_equal(number, p.get("port")) for p in ports):
        return True
    return isinstance(name, str) and any(name == p.get("name") for p in ports)


# --- Ingress rules ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Backend:
    """Where an Ingress sends one host and path (both None for the default backend)."""

    host: Any
    path: Any
    path_type: Any
    at: DocPath  # of the backend mapping
    backend: Any

    @property
    def service(self) -> dict:
        return as_dict(as_dict(self.backend).get("service"))


def ingress_backends(ingress: Document, *, default: str | None = "last") -> Iterator[Backend]:
    """Every backend of ``ingress``: each rule's paths, and its default backend ``"first"``,
    ``"last"`` or not at all (None)."""
    fallback = ingress.value_at(("spec", "defaultBackend"))
    if default == "first" and isinstance(fallback, dict):
        yield Backend(None, None, None, ("spec", "defaultBackend"), fallback)
    for i, rule in enumerate(as_list(ingress.value_at(("spec", "rules")))):
        rule = as_dict(rule)
        for j, item in enumerate(as_list(as_dict(rule.get("http")).get("paths"))):
            item = as_dict(item)
            at = ("spec", "rules", i, "http", "paths", j, "backend")
            yield Backend(rule.get("host"), item.get("path"), item.get("pathType"), at,
                          item.get("backend"))
    if default == "last" and isinstance(fallback, dict):
        yield Backend(None, None, None, ("spec", "defaultBackend"), fallback)


def same_route_path(path: Any, path_type: Any, wanted: str) -> bool:
    """Paths compare exactly, except that a Prefix path matches with or without a trailing
    '/', as Kubernetes matches it (``/api/`` and ``/api`` route the same requests)."""
    if path == wanted:
        return True
    return (
        path_type == "Prefix" and isinstance(path, str) and path.rstrip("/") == wanted.rstrip("/")
    )


def routes(backend: Backend, host: str | None, path: str | None) -> bool:
    """Whether ``backend`` is where the Ingress sends ``host`` and ``path`` (None: any)."""
    if host is not None and backend.host != host:
        return False
    return path is None or same_route_path(backend.path, backend.path_type, path)
