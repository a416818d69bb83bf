"""What stands between the learner's YAML and the cluster: the checker, as the API server's
validation, and the update rules the API server enforces (immutable fields).

:func:`read_manifests` reads a file as ``kubectl apply -f`` does: a YAML error refuses the
whole file (kubectl cannot even split it), otherwise each object is taken on its own, and an
object the checker finds an error in is refused with that finding, the way the API server
refuses an invalid object while the file's other objects are applied. Warnings and notes
never refuse anything: Kubernetes would accept the object.
"""

from __future__ import annotations

import bisect
import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from kubelearn.checker import Finding, Severity, check
from kubelearn.cluster import errors
from kubelearn.cluster.cluster import admits
from kubelearn.cluster.resources import BY_KIND

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

#: The most objects one ``apply -f`` takes (more is refused before anything is created).
MAX_OBJECTS_PER_FILE = 1_000


@dataclass
class Manifest:
    """One object of a file, as Kubernetes reads it."""

    data: Any
    #: The line its document starts on (1-based).
    line: int
    #: The checker's errors about it: non-empty means the API server refuses it.
    errors: tuple[Finding, ...] = ()
    #: Its warnings and notes (shown by ``apply``'s caller if it wants to).
    notes: tuple[Finding, ...] = ()


@dataclass
class ReadFile:
    manifests: list[Manifest] = field(default_factory=list)
    #: Errors about the file as a whole (it is not YAML): nothing in it can be applied.
    errors: tuple[Finding, ...] = ()


def read_manifests(text: str | bytes, *, lang: str = "en") -> ReadFile:
    """The objects of ``text`` with the checker's findings about each."""
    from kubelearn.checker.pipeline import check_read

    report, result = check_read(text, lang=lang)
    if result.text == "" and not result.documents:
        return ReadFile(errors=report.errors)
    docs = []
    for doc in result.documents:
        items = doc.data.get("items") if doc.kind == "List" else None
        if isinstance(items, list):
            docs.extend((item, doc.value_pos.get(("items", i), doc.start).line)
                        for i, item in enumerate(items))
        elif doc.data is not None:
            docs.append((doc.data, doc.start.line))
    # What the YAML reader itself refuses (a syntax error, a duplicate key, a control
    # character): kubectl fails to read the file before it sends anything.
    unreadable = tuple(f for f in result.findings if f.severity is Severity.ERROR)
    if unreadable or not docs:
        return ReadFile(errors=unreadable or report.errors)
    starts = [line for _, line in docs]
    owned: list[list[Finding]] = [[] for _ in docs]
    loose: list[Finding] = []
    for finding in report.findings:
        # The document the finding's line falls in: the last one starting at or before it.
        index = bisect.bisect_right(starts, finding.line) - 1
        (owned[index] if index >= 0 else loose).append(finding)
    manifests = [
        Manifest(data, line,
                 tuple(f for f in found if f.severity is Severity.ERROR),
                 tuple(f for f in found if f.severity is not Severity.ERROR))
        for (data, line), found in zip(docs, owned, strict=True)
    ]
    file_errors = tuple(f for f in loose if f.severity is Severity.ERROR)
    if len(manifests) > MAX_OBJECTS_PER_FILE:
        file_errors += (Finding(Severity.ERROR, 1, 1, "too-many-objects",
                                f"more than {MAX_OBJECTS_PER_FILE} objects in one file"),)
    return ReadFile(manifests, file_errors)


def validate(obj: dict, *, lang: str = "en") -> tuple[Finding, ...]:
    """The checker's errors about one object a command built or changed (``kubectl scale``,
    ``set image``, ``create deployment``): the same validation as a file gets."""
    text = yaml.safe_dump(_without_server_fields(obj), sort_keys=False, allow_unicode=True)
    return check(text, lang=lang).errors


def _without_server_fields(obj: dict) -> dict:
    out = {k: v for k, v in obj.items() if k != "status"}
    meta = dict(out.get("metadata") or {})
    for name in ("uid", "resourceVersion", "generation", "creationTimestamp", "managedFields"):
        meta.pop(name, None)
    out["metadata"] = meta
    return out


def refusal(obj: Any, found: tuple[Finding, ...]) -> errors.ApiError:
    """The API server's Invalid error for an object the checker found errors in."""
    data = obj if isinstance(obj, dict) else {}
    kind = data.get("kind") if isinstance(data.get("kind"), str) else ""
    name = (data.get("metadata") or {}).get("name") if isinstance(data.get("metadata"), dict) else ""
    resource = BY_KIND.get(kind)
    causes = [f"{f.path}: {f.message}" if f.path else f.message for f in found]
    if resource is None:
        return errors.ApiError("Invalid", 422, f'{kind} "{name}" is invalid: {"; ".join(causes)}',
                               found)
    return errors.invalid(resource, str(name or ""), causes, found)


# --- update rules the API server enforces (pkg/apis/*/validation ValidateXUpdate) ----------


@admits("ConfigMap", "Secret")
def _immutable_data(cluster: Cluster, obj: dict, old: dict | None) -> None:
    """ValidateConfigMapUpdate / ValidateSecretUpdate: once ``immutable: true``, neither the
    data nor the flag may change."""
    if old is None or not old.get("immutable"):
        return
    resource = BY_KIND[obj["kind"]]
    name = obj["metadata"]["name"]
    causes = []
    if not obj.get("immutable"):
        causes.append("immutable: Forbidden: field is immutable when `immutable` is set")
    for field_name in ("data", "binaryData") + (("stringData", "type") if obj["kind"] == "Secret" else ()):
        if (obj.get(field_name) or None) != (old.get(field_name) or None):
            causes.append(f"{field_name}: Forbidden: field is immutable when `immutable` is set")
    if causes:
        raise errors.invalid(resource, name, causes)


@admits("Deployment", "ReplicaSet")
def _selector_immutable(cluster: Cluster, obj: dict, old: dict | None) -> None:
    """apps/v1 ValidateDeploymentUpdate: ``spec.selector`` is immutable."""
    if old is None:
        return
    new_selector = obj.get("spec", {}).get("selector")
    if new_selector != old.get("spec", {}).get("selector"):
        raise errors.invalid(BY_KIND[obj["kind"]], obj["metadata"]["name"],
                             [f"spec.selector: Invalid value: {_go(new_selector)}: "
                              "field is immutable"])


@admits("Service")
def _service_ip_immutable(cluster: Cluster, obj: dict, old: dict | None) -> None:
    """ValidateServiceUpdate: a set ``clusterIP`` cannot change (an unset one keeps the old)."""
    if old is None:
        return
    spec, old_spec = obj.setdefault("spec", {}), old.get("spec", {})
    for name in ("clusterIP", "clusterIPs"):
        if name in old_spec and name not in spec:
            spec[name] = copy.deepcopy(old_spec[name])
    if spec.get("clusterIP") != old_spec.get("clusterIP") and old_spec.get("clusterIP") != "None":
        raise errors.invalid(BY_KIND["Service"], obj["metadata"]["name"],
                             [f"spec.clusterIPs[0]: Invalid value: []string{{\"{spec.get('clusterIP')}\"}}: "
                              "may not change once set"])


#: What ValidatePodUpdate lets change in a Pod's spec (pkg/apis/core/validation).
_POD_UPDATE_MESSAGE = (
    "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
    "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only "
    "additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be "
    "set to 1 if it was previously negative)"
)


@admits("Pod")
def _pod_update(cluster: Cluster, obj: dict, old: dict | None) -> None:
    if old is None:
        return
    new_spec = copy.deepcopy(obj.get("spec", {}))
    old_spec = old.get("spec", {})
    for group in ("containers", "initContainers"):
        for mine, theirs in zip(new_spec.get(group) or [], old_spec.get(group) or [], strict=False):
            if isinstance(mine, dict) and isinstance(theirs, dict) and "image" in theirs:
                mine["image"] = theirs["image"]
    for name in ("activeDeadlineSeconds", "tolerations", "nodeName"):
        new_spec.pop(name, None)
    old_cmp = {k: v for k, v in old_spec.items() if k not in ("activeDeadlineSeconds", "tolerations", "nodeName")}
    if new_spec != old_cmp:
        raise errors.invalid(BY_KIND["Pod"], obj["metadata"]["name"], [_POD_UPDATE_MESSAGE])
    if old_spec.get("nodeName") and "nodeName" not in obj["spec"]:
        obj["spec"]["nodeName"] = old_spec["nodeName"]


def _go(value: Any) -> str:
    """A value as Go's ``%#v`` roughly prints it in a field error (for a selector)."""
    if isinstance(value, dict):
        labels = value.get("matchLabels") or {}
        inner = ", ".join(f'"{k}":"{v}"' for k, v in labels.items())
        return f"v1.LabelSelector{{MatchLabels:map[string]string{{{inner}}}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}"
    return repr(value)
