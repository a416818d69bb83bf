"""Fields the API server requires although the OpenAPI schema marks them optional.

Kubernetes' own validation (pkg/apis/core/validation) asks for a name, a Pod spec with at least
one container, and an image in every container; the schema cannot say so, so a manifest without
them would pass a schema check and still be refused by ``kubectl apply``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubelearn.checker.schema.describe import shown_path
from kubelearn.kube.document import DocPath
from kubelearn.kube.objects import pod_spec_path

if TYPE_CHECKING:
    from kubelearn.checker.schema.validate import DocumentCheck

#: (type, field) that :func:`server_required` reports missing although the schema does not
#: mark it required: a name, a Pod spec and the path to it, an image in every container.
SERVER_REQUIRED = frozenset(
    {
        ("ObjectMeta", "name"),
        ("Container", "image"),
        ("PodTemplateSpec", "spec"),
        ("ReplicaSetSpec", "template"),
        ("JobTemplateSpec", "spec"),
        ("Pod", "spec"),
        ("Deployment", "spec"),
        ("ReplicaSet", "spec"),
        ("StatefulSet", "spec"),
        ("DaemonSet", "spec"),
        ("Job", "spec"),
        ("CronJob", "spec"),
    }
)


def server_required(check: DocumentCheck, api_version: str, kind: str) -> None:
    """Add to ``check`` a finding for each such field the document lacks or leaves empty,
    unless a finding about the same path (a wrong type, a "did you mean") already says it."""
    doc = check.doc
    data = doc.data
    done = {f.path for f in check.findings if f.code in ("missing-field", "wrong-type")}
    done |= {f.path for f in check.findings if f.code.startswith("unquoted-")}
    done |= check.suggested  # "did you mean `image`?" already says it is missing

    def missing(path: DocPath, field: str, entry: str | None = None) -> None:
        if shown_path((*path, field)) not in done:
            check.missing_field(path, field, api_version, kind, entry=entry)

    metadata = data.get("metadata")
    named = isinstance(metadata, dict) and (
        metadata.get("name") is not None or metadata.get("generateName") is not None
    )
    if "metadata.name" not in done and not named:
        if isinstance(metadata, dict) and "name" in metadata:  # `name:` with nothing after
            missing(("metadata",), "name", "missing-field-empty")
        elif "metadata" not in data:
            check.add(
                "missing-field",
                doc.start,
                ("metadata", "name"),
                entry="missing-metadata",
                kind=kind,
                example=kind.lower(),
            )
        elif metadata is None or isinstance(metadata, dict):
            check.add(
                "missing-field",
                doc.pos(("metadata",)),
                ("metadata", "name"),
                entry="missing-name",
                example=kind.lower(),
            )
    spec_path = pod_spec_path(doc)
    if spec_path is None:
        return
    parent: DocPath = ()
    for step in spec_path:  # ("spec", "template", "spec"): each must be there
        node = doc.value_at((*parent, step))
        if node is None:
            entry = "missing-field-empty" if (*parent, step) in doc.value_pos else None
            missing(parent, step, entry)
            return
        if not isinstance(node, dict):
            return
        parent = (*parent, step)
    spec = doc.value_at(spec_path)
    if "containers" in spec and spec["containers"] in ([], None):
        missing(spec_path, "containers", "missing-field-empty-list")
    for group in ("initContainers", "containers"):
        items = doc.value_at((*spec_path, group))
        for i, container in enumerate(items if isinstance(items, list) else []):
            if not isinstance(container, dict):
                continue
            image = container.get("image")
            if image is None or image == "":
                entry = None if "image" not in container else "missing-field-empty"
                missing((*spec_path, group, i), "image", entry)
