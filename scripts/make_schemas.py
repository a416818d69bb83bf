"""Build the pruned Kubernetes API schema that the checker ships (app/checker/schema/data/).

Source: the strict JSON schemas (``additionalProperties: false``) inside the PyPI package
kubernetes-validate (Apache-2.0), for one Kubernetes version. Only the definitions reachable
from the kinds below are kept, descriptions are cut to their first sentence, and the two
"string or number" types get a plain type list plus a ``format`` naming them (``int-or-string``,
``quantity``), so that an empty value is accepted as Kubernetes does and the checker can say
what they are. kubelearn never imports kubernetes_validate at run time.

Usage: pip install kubernetes-validate==1.37.0 && python scripts/make_schemas.py
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from importlib.resources import files
from pathlib import Path

KUBERNETES_VERSION = "1.33.0"
SOURCE_PACKAGE = "kubernetes-validate==1.37.0"

#: (file stem in the schema folder) for every kind the checker validates.
KINDS = [
    "pod-v1",
    "replicaset-apps-v1",
    "deployment-apps-v1",
    "statefulset-apps-v1",
    "daemonset-apps-v1",
    "job-batch-v1",
    "cronjob-batch-v1",
    "configmap-v1",
    "secret-v1",
    "service-v1",
    "namespace-v1",
    "serviceaccount-v1",
    "persistentvolumeclaim-v1",
    "persistentvolume-v1",
    "limitrange-v1",
    "resourcequota-v1",
    "ingress-networking-v1",
    "ingressclass-networking-v1",
    "networkpolicy-networking-v1",
    "horizontalpodautoscaler-autoscaling-v2",
    "poddisruptionbudget-policy-v1",
    "role-rbac-v1",
    "rolebinding-rbac-v1",
    "clusterrole-rbac-v1",
    "clusterrolebinding-rbac-v1",
    "storageclass-storage-v1",
    "priorityclass-scheduling-v1",
]

#: Fields whose value Kubernetes' API validation restricts to a fixed set (its "Unsupported
#: value" errors). The published schema only names them in prose, so they are listed here; an
#: empty value is always allowed (Kubernetes then applies the default).
_CORE, _APPS, _NET = "io.k8s.api.core.v1.", "io.k8s.api.apps.v1.", "io.k8s.api.networking.v1."
PROTOCOLS = ["TCP", "UDP", "SCTP"]
ENUMS: dict[str, dict[str, list[str]]] = {
    _CORE + "ServiceSpec": {
        "type": ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
        "externalTrafficPolicy": ["Cluster", "Local"],
        "internalTrafficPolicy": ["Cluster", "Local"],
        "sessionAffinity": ["ClientIP", "None"],
        "ipFamilyPolicy": ["SingleStack", "PreferDualStack", "RequireDualStack"],
    },
    _CORE + "ServicePort": {"protocol": PROTOCOLS},
    _CORE + "ContainerPort": {"protocol": PROTOCOLS},
    _CORE + "Container": {
        "imagePullPolicy": ["Always", "Never", "IfNotPresent"],
        "terminationMessagePolicy": ["File", "FallbackToLogsOnError"],
        "restartPolicy": ["Always"],
    },
    _CORE + "PodSpec": {
        "restartPolicy": ["Always", "OnFailure", "Never"],
        "dnsPolicy": ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        "preemptionPolicy": ["PreemptLowerPriority", "Never"],
    },
    _CORE + "HTTPGetAction": {"scheme": ["HTTP", "HTTPS"]},
    _CORE + "Toleration": {
        "operator": ["Exists", "Equal"],
        "effect": ["NoSchedule", "PreferNoSchedule", "NoExecute"],
    },
    _CORE + "NodeSelectorRequirement": {
        "operator": ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]
    },
    "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement": {
        "operator": ["In", "NotIn", "Exists", "DoesNotExist"]
    },
    _CORE + "HostPathVolumeSource": {
        "type": [
            "DirectoryOrCreate",
            "Directory",
            "FileOrCreate",
            "File",
            "Socket",
            "CharDevice",
            "BlockDevice",
        ]
    },
    _CORE + "PersistentVolumeClaimSpec": {
        "volumeMode": ["Block", "Filesystem"],
        "accessModes[]": ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"],
    },
    _CORE + "PersistentVolumeSpec": {
        "volumeMode": ["Block", "Filesystem"],
        "persistentVolumeReclaimPolicy": ["Recycle", "Delete", "Retain"],
        "accessModes[]": ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"],
    },
    _APPS + "DeploymentStrategy": {"type": ["Recreate", "RollingUpdate"]},
    _APPS + "StatefulSetSpec": {"podManagementPolicy": ["OrderedReady", "Parallel"]},
    _APPS + "StatefulSetUpdateStrategy": {"type": ["RollingUpdate", "OnDelete"]},
    _APPS + "DaemonSetUpdateStrategy": {"type": ["RollingUpdate", "OnDelete"]},
    "io.k8s.api.batch.v1.JobSpec": {"completionMode": ["NonIndexed", "Indexed"]},
    "io.k8s.api.batch.v1.CronJobSpec": {"concurrencyPolicy": ["Allow", "Forbid", "Replace"]},
    _NET + "HTTPIngressPath": {"pathType": ["Exact", "Prefix", "ImplementationSpecific"]},
    _NET + "NetworkPolicySpec": {"policyTypes[]": ["Ingress", "Egress"]},
    _NET + "NetworkPolicyPort": {"protocol": PROTOCOLS},
}

_PREFIX = "/api/_definitions.json#/$defs/"
_SPECIAL = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {
        "description": "A whole number or a name, such as 8080 or http.",
        "type": ["string", "integer", "null"],
        "format": "int-or-string",
    },
    "io.k8s.apimachinery.pkg.api.resource.Quantity": {
        "description": "An amount such as 500m (half a CPU), 128Mi or 2.",
        "type": ["string", "number", "null"],
        "format": "quantity",
    },
}
_SENTENCE = re.compile(r"^(.+?[.!?])(\s|$)", re.S)


def schema_dir() -> Path:
    root = files("kubernetes_validate") / "kubernetes-json-schema"
    return Path(str(root)) / f"v{KUBERNETES_VERSION}-local-strict"


def short(description: str, limit: int = 240) -> str:
    text = " ".join(description.split())
    m = _SENTENCE.match(text)
    if m:
        text = m.group(1)
    text = re.sub(r"\s*More info: \S+", "", text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clean(node: object, refs: set[str]) -> object:
    """The schema with local refs, short descriptions and no x-kubernetes-* keys."""
    if isinstance(node, list):
        return [clean(item, refs) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key.startswith("x-kubernetes-") or key in ("$schema", "$id"):
            continue
        if key == "$ref" and isinstance(value, str):
            name = value.removeprefix(_PREFIX).removeprefix("#/$defs/")
            refs.add(name)
            out[key] = "#/$defs/" + name
        elif key == "description" and isinstance(value, str):
            out[key] = short(value)
        elif key == "properties" and isinstance(value, dict):
            out[key] = {name: clean(prop, refs) for name, prop in value.items()}
        else:
            out[key] = clean(value, refs)
    return out


def add_enums(name: str, definition: dict) -> dict:
    """``definition`` with the enum of each restricted field (empty and null always allowed)."""
    for field, values in ENUMS.get(name, {}).items():
        many = field.endswith("[]")
        prop = definition["properties"][field.removesuffix("[]")]
        target = prop["items"] if many else prop
        assert target.get("type") in ("string", ["string", "null"]), (name, field, target)
        target["enum"] = [*values, ""] if target["type"] == "string" else [*values, "", None]
    return definition


def kind_key(api_version: str, kind: str) -> str:
    return f"{api_version}:{kind}"


def build() -> dict:
    folder = schema_dir()
    definitions = json.loads((folder / "_definitions.json").read_text())["$defs"]
    bundle_defs: dict[str, object] = {}
    kinds: dict[str, str] = {}
    pending: set[str] = set()
    for stem in KINDS:
        raw = json.loads((folder / f"{stem}.json").read_text())
        gvk = raw["x-kubernetes-group-version-kind"][0]
        api_version = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
        name = f"kind.{api_version.replace('/', '.')}.{gvk['kind']}"
        kinds[kind_key(api_version, gvk["kind"])] = name
        bundle_defs[name] = clean(raw, pending)
    while pending:
        ref = pending.pop()
        if ref in bundle_defs:
            continue
        if ref in _SPECIAL:
            bundle_defs[ref] = _SPECIAL[ref]
            continue
        bundle_defs[ref] = add_enums(ref, clean(definitions[ref], pending))

    api_versions: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.json")):
        if path.name.startswith("_") or path.name == "all.json":
            continue
        raw = json.loads(path.read_text())
        props = raw.get("properties", {})
        if "apiVersion" not in props or "kind" not in props:
            continue
        for gvk in raw.get("x-kubernetes-group-version-kind", []):
            kind = gvk["kind"]
            if kind.endswith("List") or kind in ("WatchEvent", "DeleteOptions", "Status"):
                continue
            group, version = gvk["group"], gvk["version"]
            api_version = f"{group}/{version}" if group else version
            api_versions.setdefault(kind, [])
            if api_version not in api_versions[kind]:
                api_versions[kind].append(api_version)
    missing = set(ENUMS) - set(bundle_defs)
    assert not missing, f"enums for definitions that are not shipped: {missing}"
    for versions in api_versions.values():
        versions.sort(key=_stability)
    return {
        "kubernetes": KUBERNETES_VERSION,
        "source": f"{SOURCE_PACKAGE} v{KUBERNETES_VERSION}-local-strict",
        "kinds": kinds,
        "apiVersions": dict(sorted(api_versions.items())),
        "$defs": dict(sorted(bundle_defs.items())),
    }


def _stability(api_version: str) -> tuple[int, str]:
    """Stable versions first: v1 before v1beta1 before v1alpha1."""
    version = api_version.rsplit("/", 1)[-1]
    rank = 2 if "alpha" in version else 1 if "beta" in version else 0
    return rank, api_version


def main() -> None:
    default = Path(__file__).resolve().parents[1] / "app" / "checker" / "schema" / "data"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default, help="output folder")
    args = parser.parse_args()
    bundle = build()
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"k8s-{KUBERNETES_VERSION.rsplit('.', 1)[0]}.json.gz"
    data = json.dumps(bundle, separators=(",", ":"), sort_keys=False).encode()
    target.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(
        f"{target}: {len(bundle['kinds'])} kinds, {len(bundle['$defs'])} definitions, "
        f"{len(data)} bytes, {target.stat().st_size} gzipped"
    )


if __name__ == "__main__":
    main()
