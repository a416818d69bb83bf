"""The files a container sees: its image's few files, the Pod's volumes mounted where its
``volumeMounts`` say, and what its processes wrote.

Volumes, as the kubelet's volume plugins lay them out (pkg/volume/configmap, secret, projected,
downwardapi, emptydir; pkg/volume/util/atomic_writer.go):

- configMap, secret, projected and downwardAPI volumes are written by the AtomicWriter: the
  files live in a timestamped directory ``..2025_06_02_09_00_05.1234567890``, ``..data`` is a
  symlink to it, and each top-level name is a symlink into ``..data``. An update writes a new
  directory and swaps ``..data``, so a reader never sees half an update. Each key is a file,
  or only the ``items`` (with their ``path`` and ``mode``); ``defaultMode`` 0644 otherwise.
  A missing object (or key of ``items``) fails the mount unless ``optional``.
- emptyDir is one writable directory shared by the Pod's containers.
- A ``subPath`` mount is a bind mount of one file or directory taken when the container
  starts: it never sees a later update (kubernetes.io configmap.md, "mounted ConfigMaps are
  updated automatically" does not apply to subPath).

Which objects a Pod reads and the messages of a failed mount (``MountVolume.SetUp failed for
volume "config" : configmap "x" not found``) are here too, so the kubelet model only decides
when things happen.
"""

from __future__ import annotations

import base64
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kubelearn.cluster import clock
from kubelearn.kube.objects import as_dict, as_list

#: What a container's processes may write to its writable layer or an emptyDir, in total.
MAX_WRITTEN_BYTES = 1_000_000
#: A file mode as ``ls -l`` prints it.
DIR, FILE, LINK = "d", "-", "l"

Lookup = Callable[[str, str], "dict | None"]


class MountError(Exception):
    """A volume that cannot be set up; ``str()`` is the plugin's error, which the kubelet puts
    after 'MountVolume.SetUp failed for volume "name" : '."""


@dataclass
class Entry:
    """One name in a directory listing."""

    name: str
    kind: str  # DIR, FILE or LINK
    mode: int
    size: int = 0
    target: str = ""


@dataclass
class Projection:
    """The files of an atomically written volume at one moment."""

    files: dict[str, tuple[str, int]]
    stamp: str


def _decode(value: Any) -> str:
    try:
        return base64.b64decode(str(value), validate=False).decode("utf-8", "replace")
    except (ValueError, TypeError):
        return ""


def _object_data(kind: str, obj: dict) -> dict[str, str]:
    """A ConfigMap's ``data`` (and ``binaryData``) or a Secret's decoded ``data`` and
    ``stringData``, as the files or env values show them."""
    out: dict[str, str] = {}
    if kind == "ConfigMap":
        out.update({str(k): str(v) for k, v in as_dict(obj.get("data")).items()})
        out.update({str(k): _decode(v) for k, v in as_dict(obj.get("binaryData")).items()})
    else:
        out.update({str(k): _decode(v) for k, v in as_dict(obj.get("data")).items()})
        out.update({str(k): str(v) for k, v in as_dict(obj.get("stringData")).items()})
    return out


def object_data(kind: str, obj: dict) -> dict[str, str]:
    return _object_data(kind, obj)


def _items(kind: str, name: str, data: dict[str, str], source: dict, default_mode: int,
           optional: bool) -> dict[str, tuple[str, int]]:
    """The files of one ConfigMap or Secret source (``MakePayload`` of the configmap and secret
    plugins)."""
    items = as_list(source.get("items"))
    if not items:
        return {key: (value, default_mode) for key, value in data.items()}
    out = {}
    for item in items:
        item = as_dict(item)
        key = str(item.get("key", ""))
        if key not in data:
            if optional:
                continue
            what = "config key" if kind == "ConfigMap" else "secret key"
            prefix = "configmap references" if kind == "ConfigMap" else "references"
            raise MountError(f"{prefix} non-existent {what}: {key}")
        mode = item.get("mode")
        out[str(item.get("path") or key)] = (data[key], mode if isinstance(mode, int) else default_mode)
    return out


def _source_files(kind: str, source: dict, namespace: str, lookup: Lookup,
                  default_mode: int) -> dict[str, tuple[str, int]]:
    name = str(source.get("name") or source.get("secretName") or "")
    optional = bool(source.get("optional"))
    obj = lookup(kind, name)
    if obj is None:
        if optional:
            return {}
        raise MountError(f'{"configmap" if kind == "ConfigMap" else "secret"} "{name}" not found')
    return _items(kind, name, _object_data(kind, obj), source, default_mode, optional)


def _downward(items: Iterable, pod: dict, default_mode: int) -> dict[str, tuple[str, int]]:
    """downwardAPI items with a fieldRef (metadata.name, namespace, uid, labels, annotations)."""
    meta = pod["metadata"]
    out = {}
    for item in items:
        item = as_dict(item)
        path = str(item.get("path", ""))
        field_path = str(as_dict(item.get("fieldRef")).get("fieldPath", ""))
        value = field_value(pod, field_path)
        if field_path in ("metadata.labels", "metadata.annotations"):
            pairs = as_dict(meta.get(field_path.split(".")[1]))
            value = "\n".join(f'{k}="{v}"' for k, v in sorted(pairs.items()))
        mode = item.get("mode")
        out[path] = (value, mode if isinstance(mode, int) else default_mode)
    return out


def field_value(pod: dict, field_path: str) -> str:
    """A downward API field (``fieldRef.fieldPath``) of ``pod``."""
    meta, spec, status = pod["metadata"], pod.get("spec", {}), pod.get("status", {})
    simple = {
        "metadata.name": meta.get("name", ""),
        "metadata.namespace": meta.get("namespace", ""),
        "metadata.uid": meta.get("uid", ""),
        "spec.nodeName": spec.get("nodeName", ""),
        "spec.serviceAccountName": spec.get("serviceAccountName", ""),
        "status.podIP": status.get("podIP", ""),
        "status.hostIP": status.get("hostIP", ""),
    }
    if field_path in simple:
        return str(simple[field_path])
    for prefix, table in (("metadata.labels['", meta.get("labels")),
                          ("metadata.annotations['", meta.get("annotations"))):
        if field_path.startswith(prefix) and field_path.endswith("']"):
            return str(as_dict(table).get(field_path[len(prefix):-2], ""))
    return ""


def project(volume: dict, pod: dict, lookup: Lookup) -> dict[str, tuple[str, int]] | None:
    """The files of an atomically written volume (configMap, secret, projected, downwardAPI)
    now, or None for another kind. Raises :class:`MountError` when it cannot be set up."""
    namespace = pod["metadata"].get("namespace", "default")
    if isinstance(volume.get("configMap"), dict):
        source = volume["configMap"]
        return _source_files("ConfigMap", source, namespace, lookup,
                             int(source.get("defaultMode", 0o644)))
    if isinstance(volume.get("secret"), dict):
        source = volume["secret"]
        return _source_files("Secret", source, namespace, lookup,
                             int(source.get("defaultMode", 0o644)))
    if isinstance(volume.get("downwardAPI"), dict):
        source = volume["downwardAPI"]
        return _downward(as_list(source.get("items")), pod, int(source.get("defaultMode", 0o644)))
    if isinstance(volume.get("projected"), dict):
        projected = volume["projected"]
        mode = int(projected.get("defaultMode", 0o644))
        out: dict[str, tuple[str, int]] = {}
        for source in as_list(projected.get("sources")):
            source = as_dict(source)
            if isinstance(source.get("configMap"), dict):
                out.update(_source_files("ConfigMap", source["configMap"], namespace, lookup, mode))
            elif isinstance(source.get("secret"), dict):
                out.update(_source_files("Secret", source["secret"], namespace, lookup, mode))
            elif isinstance(source.get("downwardAPI"), dict):
                out.update(_downward(as_list(source["downwardAPI"].get("items")), pod, mode))
        return out
    return None


def references(pod_spec: dict) -> list[tuple[str, str]]:
    """The (kind, name) of every ConfigMap and Secret the Pod reads, in volumes, env and
    envFrom, in order: what the kubelet's managers watch for it."""
    out: dict[tuple[str, str], None] = {}
    for volume in as_list(pod_spec.get("volumes")):
        volume = as_dict(volume)
        if isinstance(volume.get("configMap"), dict):
            out[("ConfigMap", str(volume["configMap"].get("name", "")))] = None
        if isinstance(volume.get("secret"), dict):
            out[("Secret", str(volume["secret"].get("secretName", "")))] = None
        for source in as_list(as_dict(volume.get("projected")).get("sources")):
            source = as_dict(source)
            if isinstance(source.get("configMap"), dict):
                out[("ConfigMap", str(source["configMap"].get("name", "")))] = None
            if isinstance(source.get("secret"), dict):
                out[("Secret", str(source["secret"].get("name", "")))] = None
    for group in ("initContainers", "containers"):
        for c in as_list(pod_spec.get(group)):
            c = as_dict(c)
            for env_from in as_list(c.get("envFrom")):
                env_from = as_dict(env_from)
                if isinstance(env_from.get("configMapRef"), dict):
                    out[("ConfigMap", str(env_from["configMapRef"].get("name", "")))] = None
                if isinstance(env_from.get("secretRef"), dict):
                    out[("Secret", str(env_from["secretRef"].get("name", "")))] = None
            for env in as_list(c.get("env")):
                source = as_dict(as_dict(env).get("valueFrom"))
                if isinstance(source.get("configMapKeyRef"), dict):
                    out[("ConfigMap", str(source["configMapKeyRef"].get("name", "")))] = None
                if isinstance(source.get("secretKeyRef"), dict):
                    out[("Secret", str(source["secretKeyRef"].get("name", "")))] = None
    return list(out)


def stamp(ms: int, serial: int) -> str:
    """The AtomicWriter's directory name for a write at ``ms`` (``..2025_06_02_09_00_05.`` and
    the random digits ``os.MkdirTemp`` adds, here a serial number)."""
    return ".." + clock.rfc3339(ms)[:19].replace("-", "_").replace("T", "_").replace(":", "_") \
        + f".{1_000_000_000 + serial * 7_919 % 1_000_000_000}"


# --- the container's view -----------------------------------------------------------------


@dataclass
class Mount:
    """A ``volumeMount`` of one container, resolved at container start."""

    path: str
    #: "atomic" (configMap/secret/projected/downwardAPI), "dir" (emptyDir) or "file" (subPath
    #: of a file, a snapshot).
    kind: str
    read_only: bool
    #: For "atomic": the volume's current projection, read at every access (updates show).
    projection: Callable[[], Projection | None] | None = None
    #: For "dir": the shared files of the emptyDir (relative path -> content).
    shared: dict[str, str] | None = None
    #: For "dir": the sub-directory of the emptyDir this mount shows ("" for all of it).
    prefix: str = ""
    #: For "file": the content taken at start.
    content: str = ""
    mode: int = 0o644


@dataclass
class ContainerFiles:
    """The read-write view a container's processes and ``kubectl exec`` share."""

    image_files: dict[str, str]
    mounts: list[Mount] = field(default_factory=list)
    #: What processes wrote outside of mounts (the container's writable layer).
    written: dict[str, str] = field(default_factory=dict)
    written_bytes: int = 0

    def _mount_for(self, path: str) -> tuple[Mount | None, str]:
        best: Mount | None = None
        for mount in self.mounts:
            if path == mount.path or path.startswith(mount.path.rstrip("/") + "/"):
                if best is None or len(mount.path) > len(best.path):
                    best = mount
        if best is None:
            return None, path
        return best, path[len(best.path):].lstrip("/")

    def _atomic_files(self, mount: Mount) -> tuple[dict[str, tuple[str, int]], str]:
        projection = mount.projection() if mount.projection else None
        if projection is None:
            return {}, ""
        return projection.files, projection.stamp

    def read(self, path: str) -> str | None:
        """The content of the file at ``path``, or None when there is no such file."""
        path = normalize(path)
        mount, rel = self._mount_for(path)
        if mount is None:
            if path in self.written:
                return self.written[path]
            return self.image_files.get(path)
        if mount.kind == "file":
            return mount.content if rel == "" else None
        if mount.kind == "dir":
            return (mount.shared or {}).get(posixpath.join(mount.prefix, rel).strip("/"))
        files, current = self._atomic_files(mount)
        for lead in ("..data/", current + "/"):
            if rel.startswith(lead):
                rel = rel[len(lead):]
        found = files.get(rel)
        return found[0] if found else None

    def entries(self, path: str) -> list[Entry] | None:
        """The names in the directory ``path`` (without ``.`` and ``..``), or None when it is
        not a directory."""
        path = normalize(path)
        mount, rel = self._mount_for(path)
        names: dict[str, Entry] = {}
        if mount is not None and mount.kind == "atomic":
            files, current = self._atomic_files(mount)
            inner = rel
            for lead in ("..data", current):
                if inner == lead or inner.startswith(lead + "/"):
                    inner = inner[len(lead):].lstrip("/")
                    break
            else:
                if rel == "":
                    names["..data"] = Entry("..data", LINK, 0o777, len(current), current)
                    names[current] = Entry(current, DIR, 0o755)
                    for key in files:
                        top = key.split("/", 1)[0]
                        names[top] = Entry(top, LINK, 0o777, len("..data/" + top), "..data/" + top)
                    return sorted(names.values(), key=lambda e: e.name)
            _children(names, {k: (v, m) for k, (v, m) in files.items()}, inner)
            if not names and not any(k.startswith(inner + "/") for k in files) and inner:
                return None
            return sorted(names.values(), key=lambda e: e.name)
        if mount is not None and mount.kind == "dir":
            base = posixpath.join(mount.prefix, rel).strip("/")
            shared = mount.shared or {}
            if rel and not any(k.startswith(base + "/") for k in shared):
                return None  # a file of the volume, or nothing: not a directory
            _children(names, {k: (v, 0o644) for k, v in shared.items()}, base)
            return sorted(names.values(), key=lambda e: e.name)
        if mount is not None:
            return None
        merged = {**{k: (v, 0o644) for k, v in self.image_files.items()},
                  **{k: (v, 0o644) for k, v in self.written.items()}}
        _children(names, {k.lstrip("/"): v for k, v in merged.items()}, path.strip("/"))
        for m in self.mounts:
            parent, _, leaf = m.path.rstrip("/").rpartition("/")
            if normalize(parent or "/") == path and leaf:
                names[leaf] = Entry(leaf, DIR if m.kind != "file" else FILE,
                                    0o777 if m.kind == "dir" else 0o755,
                                    len(m.content) if m.kind == "file" else 4096)
        if not names and path != "/" and not any(
                normalize(m.path).startswith(path + "/") or m.path == path for m in self.mounts):
            return None
        return sorted(names.values(), key=lambda e: e.name)

    def is_dir(self, path: str) -> bool:
        return self.read(path) is None and self.entries(path) is not None

    def write(self, path: str, text: str, *, append: bool = False) -> str | None:
        """Write a file as a process would; returns the shell's error, or None."""
        path = normalize(path)
        if path in ("/dev/null",):
            return None
        mount, rel = self._mount_for(path)
        if mount is not None and (mount.read_only or mount.kind == "atomic"):
            return "Read-only file system"
        old = (self.read(path) or "") if append else ""
        new = old + text
        if self.written_bytes + len(new) - len(old) > MAX_WRITTEN_BYTES:
            return "No space left on device"
        self.written_bytes += len(new) - len(old)
        if mount is None:
            self.written[path] = new
        elif mount.kind == "dir":
            assert mount.shared is not None
            mount.shared[posixpath.join(mount.prefix, rel).strip("/")] = new
        else:
            mount.content = new
        return None


def _children(names: dict[str, Entry], files: dict[str, tuple[str, int]], base: str) -> None:
    lead = base + "/" if base else ""
    for key, (content, mode) in files.items():
        if not key.startswith(lead):
            continue
        rest = key[len(lead):]
        if "/" in rest:
            top = rest.split("/", 1)[0]
            names.setdefault(top, Entry(top, DIR, 0o755, 4096))
        elif rest:
            names[rest] = Entry(rest, FILE, mode, len(content.encode()))


def normalize(path: str) -> str:
    return posixpath.normpath("/" + path.strip().lstrip("/"))
