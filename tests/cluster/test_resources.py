"""Requests, limits and what a node can hold: the Pod's totals (component-helpers
resource/helpers_test.go), its QoS class (pkg/apis/core/v1/helper/qos/qos_test.go),
quantities printed as the API prints them, defaulting requests from limits, the scheduler's
NodeResourcesFit filter and ``kubectl describe node``'s resource tables."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run
from kubelearn.cluster.podresources import canonical, parse, pod_limits, pod_requests
from kubelearn.cluster.podstatus import qos_class


def rl(cpu: str = "", memory: str = "") -> dict:
    """``getResourceList``: only the amounts given."""
    out = {}
    if cpu:
        out["cpu"] = cpu
    if memory:
        out["memory"] = memory
    return out


def container(requests: dict | None = None, limits: dict | None = None, **extra) -> dict:
    resources = {}
    if requests:
        resources["requests"] = requests
    if limits:
        resources["limits"] = limits
    return {"name": "c", "resources": resources, **extra}


def shown(resources: dict) -> dict:
    return {name: canonical(amount) for name, amount in resources.items()}


# --- quantities ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "printed"), [
    ("500m", "500m"), ("1.5", "1500m"), ("2000m", "2"), ("0.1", "100m"), ("10000", "10k"),
    ("64Mi", "64Mi"), ("1024Mi", "1Gi"), ("1536Mi", "1536Mi"), ("1000Ki", "1000Ki"),
    ("512", "512"), ("1e3", "1e3"), ("1E", "1E"), ("0", "0"), ("100M", "100M"),
])
def test_a_quantity_prints_in_its_canonical_form(text: str, printed: str) -> None:
    amount = parse(text)
    assert amount is not None
    assert canonical(amount) == printed


@pytest.mark.parametrize(("parts", "total"), [
    (["100m", "250m"], "350m"), (["64Mi", "128Mi"], "192Mi"), (["512Mi", "512Mi"], "1Gi"),
    (["0", "64Mi"], "64Mi"),  # a zero takes the format of what is added to it
    (["1", "500m"], "1500m"), (["100Mi", "1G"], "1104857600"),
])
def test_a_sum_keeps_the_format_of_its_first_amount(parts: list[str], total: str) -> None:
    amounts = [parse(p) for p in parts]
    acc = amounts[0]
    for a in amounts[1:]:
        acc = acc.add(a)
    assert canonical(acc) == total


# --- PodRequests / PodLimits (helpers_test.go) -------------------------------------------

def pod(containers: list, inits: list | None = None, overhead: dict | None = None) -> dict:
    spec: dict = {"containers": containers}
    if inits:
        spec["initContainers"] = inits
    if overhead:
        spec["overhead"] = overhead
    return {"kind": "Pod", "spec": spec}


@pytest.mark.parametrize(("name", "p", "requests", "limits"), [
    # TestPodRequestsAndLimits
    ("just-limit-no-overhead", pod([container(limits=rl("9"))]), {}, {"cpu": "9"}),
    ("just-overhead", pod([container()], overhead=rl("5", "5")), {"cpu": "5", "memory": "5"}, {}),
    ("req-and-overhead", pod([container(rl("1", "10"))], overhead=rl("5", "5")),
     {"cpu": "6", "memory": "15"}, {}),
    ("all-req-lim-and-overhead", pod([container(rl("1", "10"), rl("2", "12"))], overhead=rl("5", "5")),
     {"cpu": "6", "memory": "15"}, {"cpu": "7", "memory": "17"}),
    ("req-some-lim-and-overhead", pod([container(rl("1", "10"), rl("2"))], overhead=rl("5", "5")),
     {"cpu": "6", "memory": "15"}, {"cpu": "7"}),
    # TestPodResourceRequests, nil options
    ("larger init container", pod([container(rl("1"))], [container(rl("4"))]), {"cpu": "4"}, {}),
    ("larger containers", pod([container(rl("2")), container(rl("3"))], [container(rl("2"))]),
     {"cpu": "5"}, {}),
    ("pod overhead included",
     pod([container(rl("2")), container(rl("3"))], [container(rl("2"), rl("2"))],
         overhead=rl("1", "1Gi")),
     {"cpu": "6", "memory": "1Gi"}, {"cpu": "3"}),
    # The sidecar formula of KEP-753: a restartable init container adds to the containers
    # and to every init container after it.
    ("sidecar adds to the containers",
     pod([container(rl("1"))], [container(rl("2"), restartPolicy="Always")]), {"cpu": "3"}, {}),
    ("init after a sidecar counts the sidecar",
     pod([container(rl("1"))], [container(rl("2"), restartPolicy="Always"), container(rl("5"))]),
     {"cpu": "7"}, {}),
    ("init before a sidecar does not",
     pod([container(rl("1"))], [container(rl("5")), container(rl("2"), restartPolicy="Always")]),
     {"cpu": "5"}, {}),
])
def test_pod_requests_and_limits(name: str, p: dict, requests: dict, limits: dict) -> None:
    assert shown(pod_requests(p)) == requests, name
    assert shown(pod_limits(p)) == limits, name


@pytest.mark.parametrize(("p", "requests", "limits"), [
    # TestPodRequestsAndLimitsWithoutOverhead
    (pod([container(rl("1", "5"), rl("2", "10")), container(rl("4", "12"), rl("8", "24"))]),
     {"cpu": "5", "memory": "17"}, {"cpu": "10", "memory": "34"}),
    (pod([container(rl("1", "5"), rl("2", "10")), container(rl("4", "12"), rl("8", "24"))],
         overhead=rl("3", "8")),
     {"cpu": "5", "memory": "17"}, {"cpu": "10", "memory": "34"}),
    (pod([container(rl("1", "5"), rl("2", "10")), container(rl("4", "12"), rl("8", "24"))],
         [container(rl("1", "5"), rl("1", "5")), container(rl("40", "120"), rl("80", "240"))],
         overhead=rl("3", "8")),
     {"cpu": "40", "memory": "120"}, {"cpu": "80", "memory": "240"}),
])
def test_pod_requests_and_limits_without_overhead(p: dict, requests: dict, limits: dict) -> None:
    assert shown(pod_requests(p, overhead=False)) == requests
    assert shown(pod_limits(p, overhead=False)) == limits


# --- GetPodQOS (qos_test.go TestComputePodQOS, without pod-level resources) ---------------

@pytest.mark.parametrize(("name", "containers", "inits", "expected"), [
    ("guaranteed", [container(rl("100m", "100Mi"), rl("100m", "100Mi"))], [], "Guaranteed"),
    ("guaranteed-guaranteed", [container(rl("100m", "100Mi"), rl("100m", "100Mi"))] * 2, [],
     "Guaranteed"),
    ("best-effort-best-effort", [container(), container()], [], "BestEffort"),
    ("best-effort", [container()], [], "BestEffort"),
    ("best-effort-burstable", [container(), container(rl("1"), rl("2"))], [], "Burstable"),
    ("best-effort-guaranteed", [container(), container(rl("10m", "100Mi"), rl("10m", "100Mi"))],
     [], "Burstable"),
    ("burstable-cpu-guaranteed-memory", [container(rl(memory="100Mi"), rl(memory="100Mi"))], [],
     "Burstable"),
    ("burstable-no-limits", [container(rl("100m", "100Mi"))], [], "Burstable"),
    ("burstable-guaranteed", [container(rl("1", "100Mi"), rl("2", "100Mi")),
                              container(rl("100m", "100Mi"), rl("100m", "100Mi"))], [], "Burstable"),
    ("burstable-unbounded-but-requests-match-limits",
     [container(rl("100m", "100Mi"), rl("200m", "200Mi")), container(rl("100m", "100Mi"))], [],
     "Burstable"),
    ("burstable-1", [container(rl("10m", "100Mi"), rl("100m", "200Mi"))], [], "Burstable"),
    ("burstable-2", [container(rl("0", "0"), rl("100m", "200Mi"))], [], "Burstable"),
    ("best-effort-hugepages", [container({"cpu": "0", "memory": "0", "hugepages-2Mi": "1Gi"},
                                         {"cpu": "0", "memory": "0", "hugepages-2Mi": "1Gi"})],
     [], "BestEffort"),
    ("init-container", [container()], [container(rl("10m", "100Mi"), rl("100m", "200Mi"))],
     "Burstable"),
    # The same values compare as amounts, not as text.
    ("guaranteed-written-differently", [container(rl("0.5", "1Gi"), rl("500m", "1024Mi"))], [],
     "Guaranteed"),
])
def test_qos_class(name: str, containers: list, inits: list, expected: str) -> None:
    spec: dict = {"containers": containers}
    if inits:
        spec["initContainers"] = inits
    assert qos_class(spec) == expected, name


# --- in the cluster -------------------------------------------------------------------------

def manifest(name: str, requests: dict | None = None, limits: dict | None = None) -> str:
    resources = ""
    for field, values in (("requests", requests), ("limits", limits)):
        if values:
            resources += f"        {field}:\n" + "".join(
                f"          {k}: \"{v}\"\n" for k, v in values.items())
    if resources:
        resources = "      resources:\n" + resources
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n"
            f"    - name: app\n      image: nginx:1.27\n{resources}")


def apply(cluster: Cluster, text: str) -> None:
    result = run(cluster, "kubectl apply -f p.yaml", files={"p.yaml": text})
    assert result.status == 0, result.error


def test_a_limit_without_a_request_is_requested_and_the_pod_is_guaranteed() -> None:
    c = Cluster(seed=0)
    apply(c, manifest("g", limits={"cpu": "500m", "memory": "128Mi"}))
    c.advance(30)
    p = c.get("Pod", "default", "g")
    assert p["spec"]["containers"][0]["resources"] == {
        "limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"cpu": "500m", "memory": "128Mi"}}
    assert p["status"]["qosClass"] == "Guaranteed"
    out = run(c, "kubectl describe pod g").output
    assert ["QoS", "Class:", "Guaranteed"] in [line.split() for line in out.splitlines()]


def test_a_deployments_template_keeps_what_was_written() -> None:
    c = Cluster(seed=0)
    run(c, "kubectl create deployment web --image=nginx:1.27")
    d = c.get("Deployment", "default", "web")
    d["spec"]["template"]["spec"]["containers"][0]["resources"] = {"limits": {"cpu": "1"}}
    c.update(d)
    c.advance(30)
    assert c.get("Deployment", "default", "web")["spec"]["template"]["spec"]["containers"][0][
        "resources"] == {"limits": {"cpu": "1"}}
    pods = [p for p in c.list("Pod", "default") if "deletionTimestamp" not in p["metadata"]]
    assert pods and all(p["spec"]["containers"][0]["resources"]["requests"] == {"cpu": "1"}
                        for p in pods)


@pytest.mark.parametrize(("requests", "reason"), [
    ({"cpu": "9"}, "2 Insufficient cpu"),
    ({"memory": "17Gi"}, "2 Insufficient memory"),
    ({"cpu": "9", "memory": "17Gi"}, "2 Insufficient cpu, 2 Insufficient memory"),
])
def test_a_pod_that_fits_no_node_stays_pending_with_the_schedulers_words(
        requests: dict, reason: str) -> None:
    c = Cluster(seed=0)
    apply(c, manifest("big", requests=requests))
    c.advance(10)
    p = c.get("Pod", "default", "big")
    assert p["status"]["phase"] == "Pending" and "nodeName" not in p["spec"]
    helpless = "2 No preemption victims found for incoming pod"
    message = (
        "0/3 nodes are available: 1 node(s) had untolerated taint "
        f"{{node-role.kubernetes.io/control-plane: }}, {reason}. preemption: 0/3 nodes are "
        f"available: 1 Preemption is not helpful for scheduling, {helpless}.")
    condition = next(x for x in p["status"]["conditions"] if x["type"] == "PodScheduled")
    assert condition["reason"] == "Unschedulable" and condition["message"] == message
    assert f"Warning  FailedScheduling  10s   default-scheduler  {message}" in run(
        c, "kubectl describe pod big").output


def test_requests_add_up_on_a_node_and_a_freed_node_takes_the_waiting_pod() -> None:
    c = Cluster(seed=0)
    for name in ("a", "b", "c"):
        apply(c, manifest(name, requests={"cpu": "5"}))
    c.advance(10)
    placed = {p["metadata"]["name"]: p["spec"].get("nodeName") for p in c.list("Pod", "default")}
    assert sorted(n for n in placed.values() if n) == ["kind-worker", "kind-worker2"]
    waiting = next(name for name, node in placed.items() if not node)
    gone = next(name for name, node in placed.items() if node)
    run(c, f"kubectl delete pod {gone}")
    c.advance(40)
    assert c.get("Pod", "default", waiting)["spec"].get("nodeName") == placed[gone]


def test_describe_node_shows_each_pods_share_and_the_allocated_totals() -> None:
    c = Cluster(seed=0)
    apply(c, manifest("a", requests={"cpu": "250m", "memory": "64Mi"},
                      limits={"cpu": "500m", "memory": "128Mi"}))
    c.advance(10)
    node = c.get("Pod", "default", "a")["spec"]["nodeName"]
    out = run(c, f"kubectl describe node {node}").output
    assert "  ephemeral-storage:  263174212Ki\n" in out
    assert "  hugepages-2Mi:      0\n" in out
    lines = out[out.index("Non-terminated Pods:"):].splitlines()
    row = next(line for line in lines if line.startswith("  default"))
    assert row.split() == ["default", "a", "250m", "(3%)", "500m", "(6%)", "64Mi", "(0%)",
                           "128Mi", "(0%)", "10s"]
    allocated = lines[lines.index("Allocated resources:"):]
    assert allocated[1] == "  (Total limits may be over 100 percent, i.e., overcommitted.)"
    assert [line.split() for line in allocated[2:8]] == [
        ["Resource", "Requests", "Limits"], ["--------", "--------", "------"],
        # kindnet's requests and limits (100m, 50Mi) are the node's too
        ["cpu", "350m", "(4%)", "600m", "(7%)"], ["memory", "114Mi", "(0%)", "178Mi", "(1%)"],
        ["ephemeral-storage", "0", "(0%)", "0", "(0%)"],
        ["hugepages-1Gi", "0", "(0%)", "0", "(0%)"]]
