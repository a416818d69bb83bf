"""The parts of a Pod spec that must fit together: container names and volume names once
each, every volumeMount naming a volume of the Pod (or, in a StatefulSet, one of its
volumeClaimTemplates), and no two mounts of a container at one
path. Kubernetes rejects a Pod spec that breaks any of these."""

from __future__ import annotations

from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import ERROR, Context, Rule, line_col
from kubelearn.kube.document import DocPath, Document, format_path
from kubelearn.kube.objects import POD_KINDS, as_dict, as_list, claim_templates, pod_spec_path


def check_pod_spec(doc: Document, ctx: Context) -> Iterator[Finding]:
    spec = pod_spec_path(doc)
    if spec is None:
        return
    seen: dict[str, DocPath] = {}
    named = [(path, c["name"]) for path, c in ctx.containers(doc) if isinstance(c.get("name"), str)]
    named.sort(key=lambda item: line_col(doc, (*item[0], "name")))
    for path, name in named:
        if name in seen:
            yield ctx.at(doc, (*path, "name"), "duplicate-container-name", name=name,
                         other=format_path(seen[name]))
        else:
            seen[name] = path
    volumes: dict[str, DocPath] = {}
    for i, volume in enumerate(as_list(doc.value_at((*spec, "volumes")))):
        name = as_dict(volume).get("name")
        if not isinstance(name, str):
            continue
        if name in volumes:
            yield ctx.at(doc, (*spec, "volumes", i, "name"), "duplicate-volume-name", name=name,
                         other=format_path(volumes[name]))
        else:
            volumes[name] = (*spec, "volumes", i)
    for path, name in claim_templates(doc):  # a StatefulSet's claims are volumes of its Pods
        volumes.setdefault(name, path)
    written = doc.value_at((*spec, "volumes"))
    if written is not None and not isinstance(written, list):
        return  # the schema says `volumes` is not a list: the mounts' volumes are in there
    for path, container in ctx.containers(doc):
        mount_paths: dict[str, int] = {}
        for j, mount in enumerate(as_list(container.get("volumeMounts"))):
            mount = as_dict(mount)
            name, mount_path = mount.get("name"), mount.get("mountPath")
            if isinstance(name, str) and name not in volumes:
                yield ctx.at(doc, (*path, "volumeMounts", j, "name"), "volume-mount-unknown",
                             None if volumes else "volume-mount-no-volumes", name=name,
                             volumes=ctx.listing(volumes), maybe=ctx.maybe(name, volumes),
                             where=format_path((*spec, "volumes")))
            if isinstance(mount_path, str):
                if mount_path in mount_paths:
                    yield ctx.at(doc, (*path, "volumeMounts", j, "mountPath"),
                                 "duplicate-mount-path", path=mount_path,
                                 other=mount_paths[mount_path])
                mount_paths.setdefault(mount_path, j)


RULE = Rule(
    "pod_spec",
    {"duplicate-container-name": ERROR, "duplicate-volume-name": ERROR,
     "volume-mount-unknown": ERROR, "duplicate-mount-path": ERROR},
    check_pod_spec,
    kinds=POD_KINDS,
)
