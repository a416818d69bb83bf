"""``mounts: {pod: Deployment/web, configmap: nginx-conf, path: /etc/nginx, readOnly: true}``:
a container of the Pods mounts a volume that holds the ConfigMap (at ``path``, read-only or
not when asked). Which volumes hold a ConfigMap is :mod:`kubelearn.kube.relations`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kubelearn.checker.goals.base import (
    ConfigMapRef,
    Failure,
    Form,
    ObjectRef,
    Say,
    configmap_names,
    describe,
    missing,
    parse_configmap,
    parse_ref,
    relation_body,
    show,
)
from kubelearn.kube.document import Document
from kubelearn.kube.objects import POD_KINDS, as_dict, as_list, containers, pod_spec_path
from kubelearn.kube.relations import volumes_using


@dataclass(frozen=True)
class MountsGoal:
    message: str
    pod: ObjectRef
    configmap: ConfigMapRef
    path: str | None = None
    read_only: bool | None = None


def parse(raw: dict, message: str) -> MountsGoal:
    body = relation_body(raw, "mounts", {"pod", "configmap"}, {"path", "readOnly"})
    read_only = body.get("readOnly")
    if read_only is not None and not isinstance(read_only, bool):
        raise ValueError("mounts.readOnly must be true or false")
    return MountsGoal(message, parse_ref(body["pod"], "mounts.pod", POD_KINDS),
                      parse_configmap(body["configmap"]), body.get("path"), read_only)


def _same_dir(a: Any, b: str) -> bool:
    return isinstance(a, str) and (a.rstrip("/") or "/") == (b.rstrip("/") or "/")


def judge(goal: MountsGoal, objects: list[Document], say: Say) -> Failure | None:
    pods = [d for d in objects if goal.pod.matches(d)]
    if not pods:
        return missing(goal.pod, objects, say)
    cms, failure = configmap_names(goal.configmap, objects, say)
    if failure:
        return failure
    names = {n for n, _ in cms}
    cm_text = ", ".join(sorted(names))
    best: tuple[int, Failure] | None = None

    def consider(score: int, f: Failure) -> None:
        nonlocal best
        if best is None or score > best[0]:
            best = (score, f)

    for pod in pods:
        volumes = volumes_using(pod, names, "ConfigMap")
        if not volumes:
            spec = pod_spec_path(pod) or ("spec",)
            consider(0, Failure(say("no_cm_volume", pod=describe(pod, say), cm=cm_text), pod,
                                (*spec, "volumes")))
            continue
        volume_name = next(iter(volumes))
        consider(1, Failure(say("not_mounted", volume=volume_name, cm=cm_text,
                                pod=describe(pod, say)), pod, volumes[volume_name]))
        for path, container in containers(pod):
            for j, mount in enumerate(as_list(container.get("volumeMounts"))):
                mount = as_dict(mount)
                if not isinstance(mount.get("name"), str) or mount["name"] not in volumes:
                    continue
                mount_path = (*path, "volumeMounts", j)
                where = mount.get("mountPath")
                if goal.path is not None and not _same_dir(where, goal.path):
                    consider(2, Failure(say("wrong_mount_path", volume=mount["name"],
                                            found=show(where), want=goal.path),
                                        pod, (*mount_path, "mountPath"), key=False))
                    continue
                read_only = mount.get("readOnly") is True
                if goal.read_only is not None and read_only != goal.read_only:
                    state = say("read_only" if read_only else "writable")
                    consider(3, Failure(
                        say("not_read_only", volume=mount["name"], found=show(where), state=state),
                        pod,
                        mount_path if "readOnly" not in mount else (*mount_path, "readOnly"),
                        hint=say("read_only_hint", value="true" if goal.read_only else "false"),
                    ))
                    continue
                return None
    return best[1] if best else None


FORM = Form("mounts", frozenset({"mounts", "message"}), MountsGoal, parse, judge)
