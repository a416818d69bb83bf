"""What a fresh cluster holds before the learner does anything: the nodes of a kind cluster
(``kind create cluster`` with workers) and the namespaces every cluster has.

Node names, labels, the control-plane taint, addresses and Pod CIDRs are the ones kind gives
(kind's Docker network is 172.18.0.0/16; the Pod subnet 10.244.0.0/16 split per node).

What a node offers is a laptop's: kind's nodes are containers, so the kubelet reports the
Docker host's CPUs, memory and disk as capacity (here an 8-core, 16 GB machine with a 250 GB
disk, :data:`CAPACITY`). Allocatable equals capacity, as on kind: its kubelet configuration
reserves nothing for the system and sets the disk eviction thresholds to 0%
(kubernetes-sigs/kind pkg/cluster/internal/kubeadm/config.go), and with ``evictionHard`` given
the kubelet adds no default memory threshold. Huge pages are 0 unless the host set some aside.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
CONTROL_PLANE = "kind-control-plane"
KUBELET_VERSION = "v1.33.1"
#: The images a kindest/node:v1.33.1 node image holds (kind v0.29.0).
NODE_IMAGES = (
    "docker.io/kindest/kindnetd:v20250512-df8de77b",
    "docker.io/kindest/local-path-helper:v20241212-8ac705d0",
    "docker.io/kindest/local-path-provisioner:v20250214-acbabc1a",
    "registry.k8s.io/coredns/coredns:v1.12.0",
    "registry.k8s.io/etcd:3.5.21-0",
    f"registry.k8s.io/kube-apiserver:{KUBELET_VERSION}",
    f"registry.k8s.io/kube-controller-manager:{KUBELET_VERSION}",
    f"registry.k8s.io/kube-proxy:{KUBELET_VERSION}",
    f"registry.k8s.io/kube-scheduler:{KUBELET_VERSION}",
    "registry.k8s.io/pause:3.10",
)
#: A node's capacity (and allocatable), without ``pods``, which is the kubelet's maxPods.
CAPACITY = {"cpu": "8", "ephemeral-storage": "263174212Ki", "hugepages-1Gi": "0",
            "hugepages-2Mi": "0", "memory": "16318588Ki"}


def node_names(workers: int) -> list[str]:
    return [CONTROL_PLANE] + [f"kind-worker{i if i > 1 else ''}" for i in range(1, workers + 1)]


def node(name: str, index: int, max_pods: int) -> dict:
    control = name == CONTROL_PLANE
    labels = {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
    }
    if control:
        labels["node-role.kubernetes.io/control-plane"] = ""
    spec: dict = {"podCIDR": f"10.244.{index}.0/24", "podCIDRs": [f"10.244.{index}.0/24"],
                  "providerID": f"kind://docker/kind/{name}"}
    if control:
        spec["taints"] = [{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": name, "labels": labels},
        "spec": spec,
        "status": {
            "addresses": [
                {"type": "InternalIP", "address": f"172.18.0.{index + 2}"},
                {"type": "Hostname", "address": name},
            ],
            "allocatable": {**CAPACITY, "pods": str(max_pods)},
            "capacity": {**CAPACITY, "pods": str(max_pods)},
            "conditions": [
                {"type": "Ready", "status": "True", "reason": "KubeletReady",
                 "message": "kubelet is posting ready status"},
            ],
            # The images the kind node image ships (kube-system's Pods start without a pull).
            "images": [{"names": [image]} for image in NODE_IMAGES],
            "nodeInfo": {
                "architecture": "amd64",
                "containerRuntimeVersion": "containerd://2.1.1",
                "kernelVersion": "6.8.0",
                "kubeProxyVersion": KUBELET_VERSION,
                "kubeletVersion": KUBELET_VERSION,
                "operatingSystem": "linux",
                "osImage": "Debian GNU/Linux 12 (bookworm)",
            },
        },
    }


def nodes_and_namespaces(cluster: Cluster, workers: int) -> None:
    for name in NAMESPACES:
        cluster.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name},
                        "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})
    for index, name in enumerate(node_names(workers)):
        obj = cluster.create(node(name, index, cluster.max_pods_per_node))
        for condition in obj["status"]["conditions"]:
            condition["lastHeartbeatTime"] = condition["lastTransitionTime"] = cluster.timestamp()


def node_ip(node_obj: dict) -> str:
    for address in node_obj["status"]["addresses"]:
        if address["type"] == "InternalIP":
            return address["address"]
    return ""
