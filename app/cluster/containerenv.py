"""A container's environment as the kubelet makes it (pkg/kubelet/kubelet_pods.go
``makeEnvironmentVariables``): ``envFrom`` first, then ``env`` with ``$(VAR)`` references
(third_party/forked/golang/expansion), the downward API's ``fieldRef``, ConfigMap and Secret
keys, then the Docker-link style variables of the Services (pkg/kubelet/envvars). A reference
that cannot be resolved is a :class:`ConfigError`, worded as the kubelet words the
``CreateContainerConfigError`` message."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from kubelearn.cluster import volumes
from kubelearn.kube.objects import as_dict, as_list

if TYPE_CHECKING:
    from kubelearn.cluster.store import Store

_ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")


class ConfigError(Exception):
    """A container config that cannot be made (CreateContainerConfigError)."""


def expand(text: str, env: dict[str, str]) -> str:
    """The kubelet's ``$(VAR)`` expansion of command, args and env values
    (third_party/forked/golang/expansion): ``$$`` escapes, an unknown name stays as written."""
    out, i = [], 0
    while i < len(text):
        if text.startswith("$$", i):
            out.append("$")
            i += 2
        elif text.startswith("$(", i):
            end = text.find(")", i)
            name = text[i + 2:end] if end > 0 else ""
            if end > 0 and name in env:
                out.append(env[name])
                i = end + 1
            else:
                out.append(text[i:end + 1] if end > 0 else text[i:])
                i = end + 1 if end > 0 else len(text)
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def environment(store: Store, pod: dict, container: dict, pod_ip: str,
                host_ip: Callable[[], str], warn: Callable[[str, str], None]) -> dict[str, str]:
    """``makeEnvironmentVariables``: envFrom first, then env (with ``$(VAR)``), then the
    Service links; errors are the CreateContainerConfigError messages."""
    namespace = pod["metadata"].get("namespace", "default")
    tmp: dict[str, str] = {}
    for env_from in as_list(container.get("envFrom")):
        env_from = as_dict(env_from)
        prefix = str(env_from.get("prefix") or "")
        for field_name, kind, word in (("configMapRef", "ConfigMap", "configmap"),
                                       ("secretRef", "Secret", "secret")):
            ref = env_from.get(field_name)
            if not isinstance(ref, dict):
                continue
            name = str(ref.get("name", ""))
            obj = store.get(kind, namespace, name)
            if obj is None:
                if ref.get("optional"):
                    continue
                raise ConfigError(f'{word} "{name}" not found')
            invalid = []
            for k, v in volumes.object_data(kind, obj).items():
                k = prefix + k
                if not _ENV_NAME.match(k):
                    invalid.append(k)
                    continue
                tmp[k] = v
            if invalid:
                label = "configMap" if kind == "ConfigMap" else "secret"
                warn("InvalidEnvironmentVariableNames",
                     f"Keys [{', '.join(sorted(invalid))}] from the EnvFrom {label} "
                     f"{namespace}/{name} were skipped since they are considered "
                     "invalid environment variable names.")
    services = service_env(store, namespace, pod["spec"].get("enableServiceLinks", True))
    for env in as_list(container.get("env")):
        env = as_dict(env)
        name = str(env.get("name", ""))
        value = env.get("value")
        source = as_dict(env.get("valueFrom"))
        if value not in (None, ""):
            tmp[name] = expand(str(value), {**services, **tmp})
            continue
        if isinstance(source.get("fieldRef"), dict):
            status_view = {**pod, "status": {**pod.get("status", {}), "podIP": pod_ip,
                                             "hostIP": host_ip()}}
            tmp[name] = volumes.field_value(status_view, str(source["fieldRef"].get("fieldPath", "")))
            continue
        for field_name, kind, label in (("configMapKeyRef", "ConfigMap", "configmap"),
                                        ("secretKeyRef", "Secret", "secret")):
            ref = source.get(field_name)
            if not isinstance(ref, dict):
                continue
            obj_name, key = str(ref.get("name", "")), str(ref.get("key", ""))
            obj = store.get(kind, namespace, obj_name)
            if obj is None:
                if ref.get("optional"):
                    break
                raise ConfigError(f'{label} "{obj_name}" not found')
            data = volumes.object_data(kind, obj)
            if key not in data:
                if ref.get("optional"):
                    break
                raise ConfigError(f"couldn't find key {key} in {kind} {namespace}/{obj_name}")
            tmp[name] = data[key]
            break
        else:
            if value == "":
                tmp.setdefault(name, "")
    out = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
           "HOSTNAME": pod["metadata"]["name"][:63]}
    out.update(tmp)
    for k, v in services.items():
        out.setdefault(k, v)
    out.setdefault("HOME", "/root")
    return out


def service_env(store: Store, namespace: str, links: bool) -> dict[str, str]:
    """Docker-link style variables of the Services (pkg/kubelet/envvars)."""
    out: dict[str, str] = {}
    chosen = []
    for svc in store.list("Service"):
        meta, spec = svc["metadata"], svc.get("spec", {})
        ip = spec.get("clusterIP")
        if not ip or ip == "None":
            continue
        if (meta.get("namespace") == "default" and meta["name"] == "kubernetes") or (
                links and meta.get("namespace") == namespace):
            chosen.append(svc)
    for svc in chosen:
        name = svc["metadata"]["name"].upper().replace("-", "_")
        spec = svc["spec"]
        ports = [as_dict(p) for p in as_list(spec.get("ports"))]
        if not ports:
            continue
        ip = spec["clusterIP"]
        out[f"{name}_SERVICE_HOST"] = ip
        out[f"{name}_SERVICE_PORT"] = str(ports[0].get("port"))
        for p in ports:
            if p.get("name"):
                out[f"{name}_SERVICE_PORT_{str(p['name']).upper().replace('-', '_')}"] = str(p.get("port"))
        first = ports[0]
        proto = str(first.get("protocol", "TCP"))
        out[f"{name}_PORT"] = f"{proto.lower()}://{ip}:{first.get('port')}"
        for p in ports:
            proto = str(p.get("protocol", "TCP"))
            base = f"{name}_PORT_{p.get('port')}_{proto}"
            out[base] = f"{proto.lower()}://{ip}:{p.get('port')}"
            out[base + "_PROTO"] = proto.lower()
            out[base + "_PORT"] = str(p.get("port"))
            out[base + "_ADDR"] = ip
    return out
