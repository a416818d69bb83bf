"""What runs in a fresh kind cluster before the learner does anything (``kind create cluster``
with kindest/node v1.33.1): the control plane's static Pods, CoreDNS, kindnet and kube-proxy on
every node, and the local-path provisioner, so that ``kubectl get pods -A`` looks as it does
on kind.

How each comes about, as on kind:

- kubeadm writes the static Pod manifests of etcd, kube-apiserver, kube-controller-manager and
  kube-scheduler (kubernetes/cmd/kubeadm/app/phases/controlplane, etcd); the kubelet runs them
  from files and shows each as a *mirror Pod* named ``<component>-<node>``, owned by the Node,
  with the ``kubernetes.io/config.*`` annotations. The kubelet never runs a mirror Pod from
  the API (:data:`kubelearn.cluster.controllers.kubelet.MIRROR`), so their status is written
  here as the kubelet reports it.
- kubeadm's CoreDNS addon is a Deployment of 2 replicas (without its liveness and readiness
  probes: probed every 10 s, the cluster would never be quiet, and the playground's step key
  would step to kube-system's probes instead of the learner's next event); kind installs the local-path
  provisioner (namespace ``local-path-storage``). Both are made by the cluster's own
  controllers while the workers still carry the ``node.kubernetes.io/not-ready`` taint (a
  node joins NotReady until its CNI runs), so they land on the control-plane node as on kind
  and take its first Pod IPs.
- kindnet (kind's CNI) and kube-proxy are DaemonSets: one hostNetwork Pod per node, their IP
  the node's. There is no DaemonSet controller: the Pods are created here as it would create
  them (``controller-revision-hash``, ``pod-template-generation``, the node affinity on
  ``metadata.name``), and a deleted one is not replaced.

The images are on the node image already (each Node's ``status.images``), so nothing is
pulled. Everything here draws its names and uids from a random source of its own, so the
learner's objects are named as they were before these objects existed.
"""

from __future__ import annotations

import copy
import hashlib
from typing import TYPE_CHECKING

from kubelearn.cluster import bootstrap, errors, images, ingress
from kubelearn.cluster.cluster import admits
from kubelearn.cluster.controllers.kubelet import POD_SANDBOX_MS
from kubelearn.cluster.deployment_util import compute_hash
from kubelearn.cluster.resources import BY_KIND

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

K8S = bootstrap.KUBELET_VERSION
IMAGES = {
    "coredns": "registry.k8s.io/coredns/coredns:v1.12.0",
    "etcd": "registry.k8s.io/etcd:3.5.21-0",
    "kube-apiserver": f"registry.k8s.io/kube-apiserver:{K8S}",
    "kube-controller-manager": f"registry.k8s.io/kube-controller-manager:{K8S}",
    "kube-scheduler": f"registry.k8s.io/kube-scheduler:{K8S}",
    "kube-proxy": f"registry.k8s.io/kube-proxy:{K8S}",
    "kindnet": "docker.io/kindest/kindnetd:v20250512-df8de77b",
    "local-path-provisioner": "docker.io/kindest/local-path-provisioner:v20250214-acbabc1a",
    "local-path-helper": "docker.io/kindest/local-path-helper:v20241212-8ac705d0",
    "pause": "registry.k8s.io/pause:3.10",
}
NOT_READY = {"key": "node.kubernetes.io/not-ready", "effect": "NoSchedule"}
COREFILE = """.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
"""


def install(cluster: Cluster) -> None:
    """Create kube-system's and local-path-storage's objects and let the controllers run them,
    with what the controllers installed themselves (the ingress controller). Their Pods were
    set up before the learner's first command: no sandbox wait, images on the nodes."""
    kubelet = cluster.controller("kubelet")
    kubelet.sandbox_ms = 0
    # ingress-nginx was installed (its image pulled) before the learner came: it is running.
    ref = images.parse(ingress.IMAGE)
    kubelet.node_images.setdefault(bootstrap.CONTROL_PLANE, {})[ref.full if ref else ingress.IMAGE] = 0
    try:
        cluster.settle()
        workers = [n for n in cluster.store.list("Node")
                   if n["metadata"]["name"] != bootstrap.CONTROL_PLANE]
        for node in workers:
            node["spec"].setdefault("taints", []).append(dict(NOT_READY))
            cluster.write(node)
        _priority_classes(cluster)
        _control_plane(cluster)
        _addons(cluster)
        cluster.settle()
        for node in workers:
            node["spec"]["taints"] = [t for t in node["spec"]["taints"] if t != NOT_READY]
            if not node["spec"]["taints"]:
                del node["spec"]["taints"]
            cluster.write(node)
        _daemonsets(cluster)
        cluster.settle()
    finally:
        kubelet.sandbox_ms = POD_SANDBOX_MS


# --- priority ----------------------------------------------------------------------------------

#: The classes the API server creates at start (pkg/apis/scheduling: SystemPriorityClasses).
PRIORITY_CLASSES = (
    ("system-cluster-critical", 2000000000, "Used for system critical pods that must run in the "
     "cluster, but can be moved to another node if necessary."),
    ("system-node-critical", 2000001000, "Used for system critical pods that must not be moved "
     "from their current node."),
)


def _priority_classes(cluster: Cluster) -> None:
    for name, value, description in PRIORITY_CLASSES:
        cluster.create({"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                        "metadata": {"name": name}, "value": value, "description": description,
                        "preemptionPolicy": "PreemptLowerPriority"})


@admits("Pod")
def _priority(cluster: Cluster, pod: dict, old: dict | None) -> None:
    """The Priority admission plugin (plugin/pkg/admission/priority/admission.go): a Pod
    naming a PriorityClass gets its value and preemption policy; an unknown class is
    refused."""
    spec = pod.get("spec")
    if old is not None or not isinstance(spec, dict) or not spec.get("priorityClassName"):
        return
    name = str(spec["priorityClassName"])
    found = cluster.store.get("PriorityClass", "", name)
    if found is None:
        raise errors.forbidden(BY_KIND["Pod"], pod["metadata"].get("name", ""),
                               f"no PriorityClass with name {name} was found")
    spec["priority"] = int(found.get("value", 0))
    spec["preemptionPolicy"] = str(found.get("preemptionPolicy") or "PreemptLowerPriority")


# --- static Pods -----------------------------------------------------------------------------

def _probe(path: str, port: int, host: str, *, delay: int = 10, failures: int = 8,
           period: int = 10) -> dict:
    return {"failureThreshold": failures,
            "httpGet": {"host": host, "path": path, "port": port, "scheme": "HTTPS"},
            "initialDelaySeconds": delay, "periodSeconds": period, "successThreshold": 1,
            "timeoutSeconds": 15}


def _static_pods(ip: str) -> list[tuple[str, dict, dict]]:
    """(component, container, extra annotations) of kubeadm's four static Pods."""
    local = "127.0.0.1"
    return [
        ("etcd", {
            "command": ["etcd", f"--advertise-client-urls=https://{ip}:2379",
                        "--data-dir=/var/lib/etcd", f"--listen-client-urls=https://127.0.0.1:2379,https://{ip}:2379",
                        "--name=kind-control-plane"],
            "livenessProbe": _probe("/livez", 2381, local, period=10),
            "readinessProbe": _probe("/readyz", 2381, local, delay=0, failures=3, period=1),
            "startupProbe": _probe("/readyz", 2381, local, failures=24),
            "resources": {"requests": {"cpu": "100m", "memory": "100Mi"}},
        }, {"kubeadm.kubernetes.io/etcd.advertise-client-urls": f"https://{ip}:2379"}),
        ("kube-apiserver", {
            "command": ["kube-apiserver", f"--advertise-address={ip}",
                        "--authorization-mode=Node,RBAC", "--etcd-servers=https://127.0.0.1:2379",
                        "--secure-port=6443", "--service-cluster-ip-range=10.96.0.0/16"],
            "livenessProbe": _probe("/livez", 6443, ip),
            "readinessProbe": _probe("/readyz", 6443, ip, delay=0, failures=3, period=1),
            "startupProbe": _probe("/livez", 6443, ip, failures=24),
            "resources": {"requests": {"cpu": "250m"}},
        }, {"kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint": f"{ip}:6443"}),
        ("kube-controller-manager", {
            "command": ["kube-controller-manager", "--allocate-node-cidrs=true",
                        "--cluster-cidr=10.244.0.0/16", "--cluster-name=kind",
                        "--leader-elect=true", "--service-cluster-ip-range=10.96.0.0/16"],
            "livenessProbe": _probe("/healthz", 10257, local),
            "startupProbe": _probe("/healthz", 10257, local, failures=24),
            "resources": {"requests": {"cpu": "200m"}},
        }, {}),
        ("kube-scheduler", {
            "command": ["kube-scheduler", "--bind-address=127.0.0.1",
                        "--kubeconfig=/etc/kubernetes/scheduler.conf", "--leader-elect=true"],
            "livenessProbe": _probe("/livez", 10259, local),
            "readinessProbe": _probe("/readyz", 10259, local, delay=0, failures=3, period=1),
            "startupProbe": _probe("/livez", 10259, local, failures=24),
            "resources": {"requests": {"cpu": "100m"}},
        }, {}),
    ]


def _control_plane(cluster: Cluster) -> None:
    node = cluster.get("Node", "", bootstrap.CONTROL_PLANE)
    ip = bootstrap.node_ip(node)
    now = cluster.timestamp()
    for component, container, extra in _static_pods(ip):
        config_hash = hashlib.md5(f"{component}/{ip}".encode()).hexdigest()  # noqa: S324 (a name)
        name = f"{component}-{bootstrap.CONTROL_PLANE}"
        image = IMAGES[component]
        container = {"name": component, "image": image, "imagePullPolicy": "IfNotPresent",
                     **container}
        pod = cluster.create({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {
                "name": name, "namespace": "kube-system",
                "labels": {"component": component, "tier": "control-plane"},
                "annotations": {**extra, "kubernetes.io/config.hash": config_hash,
                                "kubernetes.io/config.mirror": config_hash,
                                "kubernetes.io/config.seen": now,
                                "kubernetes.io/config.source": "file"},
                "ownerReferences": [{"apiVersion": "v1", "kind": "Node",
                                     "name": bootstrap.CONTROL_PLANE, "controller": True,
                                     "uid": node["metadata"]["uid"]}],
            },
            "spec": {"containers": [container], "hostNetwork": True,
                     "nodeName": bootstrap.CONTROL_PLANE,
                     "priorityClassName": "system-node-critical",
                     "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
                     "tolerations": [{"effect": "NoExecute", "operator": "Exists"}]},
        })
        container_id = "containerd://" + hashlib.sha256(
            pod["metadata"]["uid"].encode()).hexdigest()
        digest = hashlib.sha256(image.encode()).hexdigest()
        pod["status"] = {
            "phase": "Running", "hostIP": ip, "hostIPs": [{"ip": ip}], "podIP": ip,
            "podIPs": [{"ip": ip}], "qosClass": "Burstable", "startTime": now,
            "conditions": [{"type": t, "status": "True", "lastProbeTime": None,
                            "lastTransitionTime": now}
                           for t in ("PodReadyToStartContainers", "Initialized", "Ready",
                                     "ContainersReady", "PodScheduled")],
            "containerStatuses": [{
                "containerID": container_id, "image": image,
                "imageID": f"{image.rsplit(':', 1)[0]}@sha256:{digest}", "lastState": {},
                "name": component, "ready": True, "restartCount": 0, "started": True,
                "state": {"running": {"startedAt": now}}}],
        }
        cluster.write(pod)


# --- addons made by the controllers ------------------------------------------------------------

def _deployment(name: str, namespace: str, labels: dict, replicas: int, pod_spec: dict) -> dict:
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": namespace, "labels": dict(labels)},
        "spec": {"replicas": replicas, "selector": {"matchLabels": dict(labels)},
                 "template": {"metadata": {"labels": dict(labels)}, "spec": pod_spec}},
    }


def _addons(cluster: Cluster) -> None:
    cluster.create({"apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": {"name": "coredns", "namespace": "kube-system"},
                    "data": {"Corefile": COREFILE}})
    control_plane = {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}
    cluster.create(_deployment("coredns", "kube-system", {"k8s-app": "kube-dns"}, 2, {
        "containers": [{
            "name": "coredns", "image": IMAGES["coredns"], "imagePullPolicy": "IfNotPresent",
            "args": ["-conf", "/etc/coredns/Corefile"],
            "ports": [{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                      {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                      {"containerPort": 9153, "name": "metrics", "protocol": "TCP"},
                      {"containerPort": 8080, "name": "liveness-probe", "protocol": "TCP"},
                      {"containerPort": 8181, "name": "readiness-probe", "protocol": "TCP"}],
            "resources": {"limits": {"memory": "170Mi"},
                          "requests": {"cpu": "100m", "memory": "70Mi"}},
            "volumeMounts": [{"name": "config-volume", "mountPath": "/etc/coredns",
                              "readOnly": True}],
        }],
        "dnsPolicy": "Default",
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "priorityClassName": "system-cluster-critical",
        "serviceAccountName": "coredns",
        "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"}, control_plane],
        "volumes": [{"name": "config-volume", "configMap": {
            "name": "coredns", "items": [{"key": "Corefile", "path": "Corefile"}]}}],
    }))
    cluster.create({"apiVersion": "v1", "kind": "Namespace",
                    "metadata": {"name": "local-path-storage"},
                    "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})
    cluster.create({"apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": {"name": "local-path-config", "namespace": "local-path-storage"},
                    "data": {"config.json": '{\n  "nodePathMap":[\n  {\n    "node":'
                             '"DEFAULT_PATH_FOR_NON_LISTED_NODES",\n    "paths":'
                             '["/var/local-path-provisioner"]\n  }\n  ]\n}\n'}})
    labels = {"app": "local-path-provisioner"}
    cluster.create(_deployment("local-path-provisioner", "local-path-storage", labels, 1, {
        "containers": [{
            "name": "local-path-provisioner", "image": IMAGES["local-path-provisioner"],
            "imagePullPolicy": "IfNotPresent",
            "command": ["local-path-provisioner", "--debug", "start", "--helper-image",
                        IMAGES["local-path-helper"], "--config", "/etc/config/config.json"],
            "env": [{"name": "POD_NAMESPACE", "valueFrom": {
                "fieldRef": {"fieldPath": "metadata.namespace"}}},
                    {"name": "CONFIG_MOUNT_PATH", "value": "/etc/config/"}],
            "volumeMounts": [{"name": "config-volume", "mountPath": "/etc/config/"}],
        }],
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "serviceAccountName": "local-path-provisioner-service-account",
        "tolerations": [control_plane,
                        {"effect": "NoSchedule", "key": "node-role.kubernetes.io/master",
                         "operator": "Equal"}],
        "volumes": [{"name": "config-volume", "configMap": {"name": "local-path-config"}}],
    }))


# --- DaemonSets ------------------------------------------------------------------------------

def _daemonsets(cluster: Cluster) -> None:
    nodes = cluster.store.list("Node")
    everything = [{"operator": "Exists"}]
    for name, labels, container, tolerations in (
        ("kindnet", {"app": "kindnet", "k8s-app": "kindnet", "tier": "node"}, {
            "name": "kindnet-cni", "image": IMAGES["kindnet"], "imagePullPolicy": "IfNotPresent",
            "env": [{"name": "HOST_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.hostIP"}}},
                    {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},
                    {"name": "POD_SUBNET", "value": "10.244.0.0/16"}],
            "resources": {"limits": {"cpu": "100m", "memory": "50Mi"},
                          "requests": {"cpu": "100m", "memory": "50Mi"}},
            "securityContext": {"capabilities": {"add": ["NET_RAW", "NET_ADMIN"]},
                                "privileged": False},
        }, everything),
        ("kube-proxy", {"k8s-app": "kube-proxy"}, {
            "name": "kube-proxy", "image": IMAGES["kube-proxy"], "imagePullPolicy": "IfNotPresent",
            "command": ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                        "--hostname-override=$(NODE_NAME)"],
            "env": [{"name": "NODE_NAME", "valueFrom": {
                "fieldRef": {"fieldPath": "spec.nodeName"}}}],
            "securityContext": {"privileged": True},
        }, [{"key": "CriticalAddonsOnly", "operator": "Exists"}, {"operator": "Exists"}]),
    ):
        pod_spec = {"containers": [container], "hostNetwork": True,
                    "nodeSelector": {"kubernetes.io/os": "linux"},
                    "priorityClassName": "system-node-critical",
                    "serviceAccountName": name, "tolerations": tolerations}
        template = {"metadata": {"labels": dict(labels)}, "spec": pod_spec}
        ds = cluster.create({
            "apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": name, "namespace": "kube-system", "labels": dict(labels),
                         "annotations": {"deprecated.daemonset.template.generation": "1"}},
            "spec": {"selector": {"matchLabels": dict(labels)}, "template": template,
                     "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {
                         "maxSurge": 0, "maxUnavailable": 1}},
                     "revisionHistoryLimit": 10},
        })
        revision = compute_hash(template, None)
        for node in nodes:
            node_name = node["metadata"]["name"]
            spec = copy.deepcopy(pod_spec)
            spec["nodeName"] = node_name
            # The DaemonSet controller pins each Pod to its node (util.ReplaceDaemonSetPodNodeNameNodeAffinity).
            spec["affinity"] = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In",
                                                        "values": [node_name]}]}]}}}
            cluster.create({
                "apiVersion": "v1", "kind": "Pod",
                "metadata": {"generateName": f"{name}-", "namespace": "kube-system",
                             "labels": {**labels, "controller-revision-hash": revision,
                                        "pod-template-generation": "1"}},
                "spec": spec,
            }, owner=ds)
        count = len(nodes)
        ds["status"] = {"currentNumberScheduled": count, "desiredNumberScheduled": count,
                        "numberAvailable": count, "numberMisscheduled": 0,
                        "numberReady": count, "observedGeneration": 1,
                        "updatedNumberScheduled": count}
        cluster.write(ds)
