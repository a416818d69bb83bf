"""kind's own Pods in kube-system and local-path-storage: there as on kind, and out of the
learner's way (their names, IPs, events and the default namespace stay as before)."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return Cluster(seed=0)


def names(cluster: Cluster, namespace: str) -> list[str]:
    return [p["metadata"]["name"] for p in cluster.list("Pod", namespace)]


def test_kube_system_holds_kinds_pods(cluster: Cluster) -> None:
    pods = names(cluster, "kube-system")
    static = [f"{c}-kind-control-plane" for c in
              ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler")]
    assert all(name in pods for name in static)
    assert [n.split("-")[0] for n in pods if n.startswith("coredns-")] == ["coredns", "coredns"]
    assert sum(n.startswith("kindnet-") for n in pods) == 3
    assert sum(n.startswith("kube-proxy-") for n in pods) == 3
    assert [n.rsplit("-", 2)[0] for n in names(cluster, "local-path-storage")] == [
        "local-path-provisioner"]
    table = run(cluster, "kubectl get pods -A").output.splitlines()
    assert table[0].split() == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert all(row.split()[2:5] == ["1/1", "Running", "0"] for row in table[1:])


def test_where_they_run_and_their_addresses(cluster: Cluster) -> None:
    pods = {p["metadata"]["name"]: p for p in cluster.list("Pod", "kube-system")}
    for name, pod in pods.items():
        node = pod["spec"]["nodeName"]
        ip = pod["status"]["podIP"]
        if name.startswith("coredns-"):
            # made while the workers were NotReady: on the control plane, its first Pod IPs
            # after the ingress controller's (10.244.0.2)
            assert node == "kind-control-plane" and ip in ("10.244.0.3", "10.244.0.4")
        else:
            # hostNetwork: the node's own address
            host = {"kind-control-plane": "172.18.0.2", "kind-worker": "172.18.0.3",
                    "kind-worker2": "172.18.0.4"}[node]
            assert ip == host, name


def test_mirror_pods_are_owned_by_the_node_and_not_run_by_the_kubelet(cluster: Cluster) -> None:
    pod = cluster.get("Pod", "kube-system", "etcd-kind-control-plane")
    assert pod["metadata"]["ownerReferences"][0]["kind"] == "Node"
    assert pod["metadata"]["annotations"]["kubernetes.io/config.source"] == "file"
    assert ("kube-system", "etcd-kind-control-plane") not in cluster.controller("kubelet").runs
    coredns = next(n for n in names(cluster, "kube-system") if n.startswith("coredns-"))
    assert ("kube-system", coredns) in cluster.controller("kubelet").runs


def test_the_learners_namespace_is_empty_and_its_first_pod_gets_the_first_address() -> None:
    c = Cluster(seed=0)
    assert run(c, "kubectl get pods").error == "No resources found in default namespace.\n"
    assert run(c, "kubectl get events").error == "No resources found in default namespace.\n"
    run(c, "kubectl run web --image=nginx:1.27")
    c.advance(5)
    pod = c.get("Pod", "default", "web")
    assert (pod["spec"]["nodeName"], pod["status"]["podIP"]) == ("kind-worker", "10.244.1.2")


def test_daemonsets_print_as_kubectl_prints_them(cluster: Cluster) -> None:
    assert run(cluster, "kubectl get ds -n kube-system").output == (
        "NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR"
        "            AGE\n"
        "kindnet      3         3         3       3            3           kubernetes.io/os=linux"
        "   0s\n"
        "kube-proxy   3         3         3       3            3           kubernetes.io/os=linux"
        "   0s\n")


def test_api_resources_lists_the_cluster_scoped_kinds(cluster: Cluster) -> None:
    assert run(cluster, "kubectl api-resources --namespaced=false").output == (
        "NAME              SHORTNAMES   APIVERSION             NAMESPACED   KIND\n"
        "namespaces        ns           v1                     false        Namespace\n"
        "nodes             no           v1                     false        Node\n"
        "ingressclasses                 networking.k8s.io/v1   false        IngressClass\n"
        "priorityclasses   pc           scheduling.k8s.io/v1   false        PriorityClass\n")


def test_a_waiting_pod_is_tried_again_when_a_node_changes() -> None:
    c = Cluster(seed=0)
    c.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "ssd"},
              "spec": {"nodeSelector": {"disk": "ssd"},
                       "containers": [{"name": "c", "image": "nginx:1.27"}]}})
    c.settle()
    assert "nodeName" not in c.get("Pod", "default", "ssd")["spec"]
    run(c, "kubectl label node kind-worker2 disk=ssd")
    c.settle()
    assert c.get("Pod", "default", "ssd")["spec"]["nodeName"] == "kind-worker2"


def test_a_priority_class_gives_a_pod_its_priority_and_an_unknown_one_is_refused(
        cluster: Cluster) -> None:
    coredns = next(p for p in cluster.list("Pod", "kube-system")
                   if p["metadata"]["name"].startswith("coredns-"))
    assert coredns["spec"]["priority"] == 2000000000
    assert run(cluster, "kubectl get pc").output == (
        "NAME                      VALUE        GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY\n"
        "system-cluster-critical   2000000000   false            0s    PreemptLowerPriority\n"
        "system-node-critical      2000001000   false            0s    PreemptLowerPriority\n")
    result = run(cluster, "kubectl apply -f p.yaml", files={"p.yaml": (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: vip\nspec:\n  priorityClassName: gold\n"
        "  containers:\n    - name: c\n      image: nginx:1.27\n")})
    assert result.status == 1
    assert 'pods "vip" is forbidden: no PriorityClass with name gold was found' in result.error
