"""What a fresh cluster holds before the learner does anything: the nodes of a kind cluster
(``kind create cluster`` with workers) and the namespaces every cluster has.

Node names, labels, the control-plane taint, addresses and Pod CIDRs are the ones kind gives
(kind's Docker network is 172.18.0.0/16; the Pod subnet 10.244.0.0/16 split per node).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
CONTROL_PLANE = "kind-control-plane"
KUBELET_VERSION = "v1.33.1"


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
            "allocatable": {"cpu": "8", "memory": "16318588Ki", "pods": str(max_pods)},
            "capacity": {"cpu": "8", "memory": "16318588Ki", "pods": str(max_pods)},
            "conditions": [
                {"type": "Ready", "status": "True", "reason": "KubeletReady",
                 "message": "kubelet is posting ready status"},
            ],
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
