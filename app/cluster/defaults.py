"""The defaults the API server fills in, so ``kubectl get -o yaml`` shows what a real cluster
shows and the controllers read one shape.

Each function mirrors upstream's ``SetDefaults_*`` (pkg/apis/core/v1/defaults.go,
pkg/apis/apps/v1/defaults.go, pkg/apis/networking/v1/defaults.go) for the fields the
simulator models; ``setdefault`` keeps what the learner wrote.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

from kubelearn.kube.objects import as_list
from kubelearn.kube.quantity import canonical_quantity


def _probe(probe: dict) -> None:
    probe.setdefault("timeoutSeconds", 1)
    probe.setdefault("periodSeconds", 10)
    probe.setdefault("successThreshold", 1)
    probe.setdefault("failureThreshold", 3)
    http = probe.get("httpGet")
    if isinstance(http, dict):
        http.setdefault("path", "/")
        http.setdefault("scheme", "HTTP")


def _image_pull_policy(image: str) -> str:
    """``SetDefaults_Container``: Always for ``:latest`` or no tag, else IfNotPresent."""
    name = image.rsplit("/", 1)[-1]
    if "@" in name:
        return "IfNotPresent"
    tag = name.split(":", 1)[1] if ":" in name else ""
    return "Always" if tag in ("", "latest") else "IfNotPresent"


def container(c: dict) -> None:
    if isinstance(c.get("image"), str):
        c.setdefault("imagePullPolicy", _image_pull_policy(c["image"]))
    c.setdefault("resources", {})
    resources = c["resources"]
    if isinstance(resources, dict):
        for group in ("requests", "limits"):
            _canonical_quantities(resources.get(group))
    c.setdefault("terminationMessagePath", "/dev/termination-log")
    c.setdefault("terminationMessagePolicy", "File")
    for port in as_list(c.get("ports")):
        if isinstance(port, dict):
            port.setdefault("protocol", "TCP")
    for name in ("readinessProbe", "livenessProbe", "startupProbe"):
        if isinstance(c.get(name), dict):
            _probe(c[name])


def _canonical_quantities(amounts: object) -> None:
    """Quantities as the API server keeps them: decoded, then encoded by resource.Quantity,
    so ``cpu: 0.5`` is served as ``500m`` and ``memory: 1.5Gi`` as ``1536Mi`` (see
    kube/quantity.py, canonical_quantity). A value that is no quantity never gets here (the
    checker refused it) and is left alone."""
    if not isinstance(amounts, dict):
        return
    for name, amount in amounts.items():
        kept = canonical_quantity(amount)
        if kept is not None:
            amounts[name] = kept


def pod_spec(spec: dict) -> None:
    for group in ("initContainers", "containers"):
        for c in as_list(spec.get(group)):
            if isinstance(c, dict):
                container(c)
    _canonical_quantities(spec.get("overhead"))
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("terminationGracePeriodSeconds", 30)
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("securityContext", {})
    spec.setdefault("schedulerName", "default-scheduler")
    for volume in as_list(spec.get("volumes")):
        if not isinstance(volume, dict):
            continue
        for source in ("configMap", "secret"):
            if isinstance(volume.get(source), dict):
                volume[source].setdefault("defaultMode", 0o644)
        empty_dir = volume.get("emptyDir")
        if isinstance(empty_dir, dict) and "sizeLimit" in empty_dir:
            kept = canonical_quantity(empty_dir["sizeLimit"])
            if kept is not None:
                empty_dir["sizeLimit"] = kept
        if isinstance(volume.get("projected"), dict):
            volume["projected"].setdefault("defaultMode", 0o644)


def _requests_from_limits(c: dict) -> None:
    """``SetDefaults_Pod`` (pkg/apis/core/v1/defaults.go): a container with a limit and no
    request for that resource requests its limit. Pods only: a Deployment's template keeps
    what was written, and its Pods get the requests when they are created."""
    resources = c.get("resources")
    if not isinstance(resources, dict) or not isinstance(resources.get("limits"), dict) \
            or not resources["limits"]:
        return
    requests = resources.get("requests")
    if not isinstance(requests, dict):
        requests = resources["requests"] = {}
    for name, value in resources["limits"].items():
        requests.setdefault(name, value)


def pod(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    pod_spec(spec)
    for group in ("initContainers", "containers"):
        for c in as_list(spec.get(group)):
            if isinstance(c, dict):
                _requests_from_limits(c)
    # The ServiceAccount and DefaultTolerationSeconds admission plugins.
    spec.setdefault("serviceAccountName", "default")
    spec.setdefault("serviceAccount", spec["serviceAccountName"])
    spec.setdefault("enableServiceLinks", True)
    spec.setdefault("preemptionPolicy", "PreemptLowerPriority")
    spec.setdefault("priority", 0)
    tolerations = spec.setdefault("tolerations", [])
    keys = {t.get("key") for t in tolerations if isinstance(t, dict)}
    for taint in ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"):
        if taint not in keys:
            tolerations.append(
                {"key": taint, "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
            )


def _template(obj: dict) -> None:
    template = obj.setdefault("spec", {}).setdefault("template", {})
    template.setdefault("metadata", {})
    pod_spec(template.setdefault("spec", {}))


def deployment(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    strategy = spec.setdefault("strategy", {})
    strategy.setdefault("type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        rolling = strategy.setdefault("rollingUpdate", {})
        rolling.setdefault("maxUnavailable", "25%")
        rolling.setdefault("maxSurge", "25%")
    spec.setdefault("revisionHistoryLimit", 10)
    spec.setdefault("progressDeadlineSeconds", 600)
    _template(obj)


def replica_set(obj: dict) -> None:
    obj.setdefault("spec", {}).setdefault("replicas", 1)
    _template(obj)


def service(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("type", "ClusterIP")
    if spec["type"] == "ExternalName":
        return
    spec.setdefault("sessionAffinity", "None")
    for port in as_list(spec.get("ports")):
        if isinstance(port, dict):
            port.setdefault("protocol", "TCP")
            if "port" in port:
                port.setdefault("targetPort", port["port"])
    spec.setdefault("internalTrafficPolicy", "Cluster")
    spec.setdefault("ipFamilies", ["IPv4"])
    spec.setdefault("ipFamilyPolicy", "SingleStack")
    if spec["type"] in ("NodePort", "LoadBalancer"):
        spec.setdefault("externalTrafficPolicy", "Cluster")
    if spec["type"] == "LoadBalancer":
        spec.setdefault("allocateLoadBalancerNodePorts", True)


def secret(obj: dict) -> None:
    """What the API server makes of a Secret it is sent, before validation and storage.

    ``Convert_v1_Secret_To_core_Secret`` (pkg/apis/core/v1/conversion.go): each
    ``stringData`` entry is written into ``data`` (base64, as data is served), overwriting a
    key data already has; the internal type has no stringData, so it is never stored or
    served ("a write-only input field", as the API reference says). ``SetDefaults_Secret``
    (defaults.go): ``type`` is Opaque when not given."""
    string_data = obj.pop("stringData", None)
    if isinstance(string_data, dict) and string_data:
        # A new dict: the caller's data may be the stored object's own (a shallow copy).
        data = obj["data"] = dict(obj["data"]) if isinstance(obj.get("data"), dict) else {}
        for key, value in string_data.items():
            data[str(key)] = base64.b64encode(str(value).encode()).decode("ascii")
    if not obj.get("type"):
        obj["type"] = "Opaque"


#: The defaulting function of each kind (a kind missing here has no defaults worth showing).
DEFAULTS: dict[str, Callable[[dict], None]] = {
    "Secret": secret,
    "Pod": pod,
    "Deployment": deployment,
    "ReplicaSet": replica_set,
    "Service": service,
}


def apply(obj: dict) -> None:
    """Fill in ``obj``'s defaults in place."""
    fill = DEFAULTS.get(obj.get("kind", ""))
    if fill is not None:
        fill(obj)
