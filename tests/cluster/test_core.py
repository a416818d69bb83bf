"""The cluster's core: storage and its indexes, the clock and timers, the API verbs, events,
admission through the checker, the scheduler and the garbage collector."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster, clock
from kubelearn.cluster.admission import read_manifests, refusal, validate
from kubelearn.cluster.cluster import MAX_EVENTS, SUFFIX_ALPHABET
from kubelearn.cluster.errors import ApiError
from kubelearn.cluster.store import Store


def pod(name: str, labels: dict | None = None, **spec) -> dict:
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "labels": labels or {}},
            "spec": {"containers": [{"name": "c", "image": "nginx:1.27"}], **spec}}


def bare() -> Cluster:
    """A cluster with no controllers: only what the API server itself does."""
    return Cluster(controllers=False)


# --- the store ---------------------------------------------------------------------------


def test_the_label_index_follows_labels_changed_in_place() -> None:
    c = bare()
    p = c.create(pod("a", {"app": "web", "tier": "front"}))
    assert c.store.pods_with_labels("default", {"app": "web"}) == [p]
    p["metadata"]["labels"]["app"] = "api"
    c.write(p)
    assert c.store.pods_with_labels("default", {"app": "web"}) == []
    assert c.store.pods_with_labels("default", {"app": "api", "tier": "front"}) == [p]
    assert c.store.pods_with_labels("other", {"app": "api"}) == []
    c.store.remove("Pod", "default", "a")
    assert c.store.pods_with_labels("default", {"app": "api"}) == []


def test_the_owner_index_follows_adoption_and_release() -> None:
    c = bare()
    owner = c.create({"kind": "ConfigMap", "metadata": {"name": "o"}})
    p = c.create(pod("a"), owner=owner)
    assert c.store.owned_pods(owner["metadata"]["uid"]) == [p]
    p["metadata"]["ownerReferences"] = []
    c.write(p)
    assert c.store.dependents(owner["metadata"]["uid"]) == []


def test_every_write_bumps_the_resource_version_and_tells_the_watchers() -> None:
    store = Store()
    seen = []
    store.watch(lambda kind, obj, deleted: seen.append((kind, obj["metadata"]["name"], deleted)))
    obj = {"kind": "ConfigMap", "metadata": {"name": "x", "namespace": "default", "uid": "1"}}
    store.put(obj)
    first = obj["metadata"]["resourceVersion"]
    store.put(obj)
    assert int(obj["metadata"]["resourceVersion"]) > int(first)
    store.remove("ConfigMap", "default", "x")
    assert seen == [("ConfigMap", "x", False), ("ConfigMap", "x", False), ("ConfigMap", "x", True)]


# --- verbs --------------------------------------------------------------------------------


def test_create_names_from_generate_name_with_the_upstream_alphabet() -> None:
    c = bare()
    obj = c.create({"kind": "ConfigMap", "metadata": {"generateName": "web-"}})
    name = obj["metadata"]["name"]
    assert name.startswith("web-") and len(name) == 9
    assert set(name[4:]) <= set(SUFFIX_ALPHABET)
    assert obj["metadata"]["namespace"] == "default"
    assert obj["metadata"]["creationTimestamp"] == clock.rfc3339(0)


@pytest.mark.parametrize(("obj", "reason", "message"), [
    ({"kind": "ConfigMap", "metadata": {"name": "x", "namespace": "nope"}}, "NotFound",
     'namespaces "nope" not found'),
    ({"kind": "Widget", "metadata": {"name": "x"}}, "BadRequest", 'no matches for kind "Widget"'),
    ({"kind": "ConfigMap", "metadata": {}}, "Invalid", "name or generateName is required"),
])
def test_create_refuses_as_the_api_server_does(obj, reason, message) -> None:
    with pytest.raises(ApiError) as caught:
        bare().create(obj)
    assert caught.value.reason == reason
    assert message in caught.value.message


def test_a_second_object_of_the_same_name_already_exists() -> None:
    c = bare()
    c.create({"kind": "ConfigMap", "metadata": {"name": "x"}})
    with pytest.raises(ApiError, match='configmaps "x" already exists'):
        c.create({"kind": "ConfigMap", "metadata": {"name": "x"}})
    with pytest.raises(ApiError, match=r'deployments.apps "web" not found'):
        c.get("Deployment", "default", "web")


def test_update_bumps_generation_only_when_the_spec_changes() -> None:
    c = bare()
    d = c.create({"kind": "ReplicaSet", "metadata": {"name": "r"},
                  "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {
                      "metadata": {"labels": {"a": "b"}},
                      "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}})
    assert d["metadata"]["generation"] == 1
    new = {**d, "metadata": {**d["metadata"], "labels": {"x": "y"}}}
    assert c.update(new)["metadata"]["generation"] == 1
    changed = {**new, "spec": {**new["spec"], "replicas": 4}}
    assert c.update(changed)["metadata"]["generation"] == 2


def test_defaults_are_the_api_servers() -> None:
    c = bare()
    p = c.create(pod("a"))
    container = p["spec"]["containers"][0]
    assert container["imagePullPolicy"] == "IfNotPresent"
    assert p["spec"]["restartPolicy"] == "Always"
    assert p["spec"]["terminationGracePeriodSeconds"] == 30
    latest = c.create({**pod("b"), "spec": {"containers": [{"name": "c", "image": "nginx"}]}})
    assert latest["spec"]["containers"][0]["imagePullPolicy"] == "Always"


def test_a_pod_on_a_node_is_deleted_gracefully_and_one_without_at_once() -> None:
    c = bare()
    p = c.create(pod("a", nodeName="kind-worker"))
    c.delete("Pod", "default", "a")
    assert p["metadata"]["deletionTimestamp"] == clock.rfc3339(30_000)
    assert p["metadata"]["deletionGracePeriodSeconds"] == 30
    c.create(pod("b"))
    c.delete("Pod", "default", "b")
    assert c.find("Pod", "default", "b") is None


def test_the_pod_cap_refuses_with_a_reason() -> None:
    c = Cluster(controllers=False, max_pods=2)
    c.create(pod("a"))
    c.create(pod("b"))
    with pytest.raises(ApiError, match="at most 2 pods") as caught:
        c.create(pod("c"))
    assert caught.value.reason == "Forbidden"


# --- clock -----------------------------------------------------------------------------------


class Ticker:
    name = "ticker"

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.seen: list[tuple[int, str]] = []

    def watches(self) -> dict:
        return {}

    def sync(self, key: str) -> None:
        self.seen.append((self.cluster.now_ms, key))


def test_timers_fire_in_order_at_their_moment() -> None:
    c = bare()
    t = Ticker(c)
    c.add_controller(t)
    c.after(2, t, "b")
    c.after(1, t, "a")
    c.after(2, t, "c")
    c.advance(1.5)
    assert t.seen == [(1000, "a")] and c.now_ms == 1500
    c.advance(10)
    assert t.seen == [(1000, "a"), (2000, "b"), (2000, "c")]
    assert c.now_ms == 11500


def test_run_until_stops_when_done_or_at_the_timeout() -> None:
    c = bare()
    t = Ticker(c)
    c.add_controller(t)
    for s in range(1, 10):
        c.after(s, t, str(s))
    assert c.run_until(lambda: len(t.seen) >= 3, timeout_s=60)
    assert c.now_ms == 3000
    assert not c.run_until(lambda: False, timeout_s=2)
    assert c.now_ms == 5000


class Spinner(Ticker):
    """A broken controller that re-queues itself for ever."""

    def sync(self, key: str) -> None:
        self.cluster.enqueue(self, key)


def test_a_controller_that_never_settles_is_stopped_and_reported() -> None:
    c = bare()
    s = Spinner(c)
    c.add_controller(s)
    c.enqueue(s, "x")
    c.settle()
    assert c.problems and "ticker" in c.problems[0]


# --- events ----------------------------------------------------------------------------------


def test_identical_events_are_counted_not_repeated() -> None:
    c = bare()
    p = c.create(pod("a"))
    c.record(p, "Warning", "BackOff", "Back-off restarting failed container", "kubelet", "kind-worker")
    c.advance(5)
    event = c.record(p, "Warning", "BackOff", "Back-off restarting failed container", "kubelet",
                     "kind-worker")
    assert event["count"] == 2
    assert event["firstTimestamp"] == clock.rfc3339(0)
    assert event["lastTimestamp"] == clock.rfc3339(5000)
    assert c.events_for(p) == [event]


def test_events_are_bounded_oldest_first_and_expire_after_an_hour() -> None:
    c = bare()
    p = c.create(pod("a"))
    for i in range(MAX_EVENTS + 10):
        c.record(p, "Normal", "R", f"message {i}", "x")
    events = c.store.list("Event")
    assert len(events) == MAX_EVENTS
    assert events[0]["message"] == "message 10"
    c.advance(3601)
    c.record(p, "Normal", "R", "fresh", "x")
    assert [e["message"] for e in c.store.list("Event")] == ["fresh"]


# --- admission ---------------------------------------------------------------------------------

GOOD = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: ok
data:
  a: "1"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: wbe}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
"""


def test_a_file_is_read_object_by_object_with_the_checkers_errors() -> None:
    read = read_manifests(GOOD)
    assert read.errors == ()
    first, second = read.manifests
    assert first.data["metadata"]["name"] == "ok" and first.errors == ()
    assert second.line == 8
    assert [f.code for f in second.errors] == ["selector-mismatch"]
    error = refusal(second.data, second.errors)
    assert error.reason == "Invalid"
    assert error.message.startswith('Deployment.apps "web" is invalid: spec.selector')


def test_a_yaml_error_refuses_the_whole_file() -> None:
    read = read_manifests("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n")
    assert read.manifests == [] and read.errors


def test_a_changed_object_is_validated_like_a_file() -> None:
    bad = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
           "spec": {"replicas": -1, "selector": {"matchLabels": {"app": "web"}},
                    "template": {"metadata": {"labels": {"app": "web"}},
                                 "spec": {"containers": [{"name": "n", "image": "nginx"}]}}}}
    assert validate(bad)


def test_an_immutable_configmap_refuses_changes() -> None:
    c = bare()
    cm = c.create({"kind": "ConfigMap", "metadata": {"name": "m"}, "data": {"a": "1"},
                   "immutable": True})
    changed = {**cm, "data": {"a": "2"}}
    with pytest.raises(ApiError, match="field is immutable when `immutable` is set"):
        c.update(changed)
    with pytest.raises(ApiError, match="immutable: Forbidden"):
        c.update({**cm, "immutable": False})


def test_secret_string_data_is_written_into_data_and_never_stored() -> None:
    """Convert_v1_Secret_To_core_Secret: stringData entries are base64-encoded into data,
    over a key data already has; stringData is write-only; the type defaults to Opaque."""
    c = bare()
    secret = c.create({"kind": "Secret", "metadata": {"name": "db"},
                       "data": {"user": "YWRtaW4=", "host": "ZGI="},
                       "stringData": {"user": "root", "password": "s3cr3t!"}})
    assert secret["data"] == {"user": "cm9vdA==", "host": "ZGI=", "password": "czNjcjN0IQ=="}
    assert "stringData" not in secret and secret["type"] == "Opaque"
    only = c.create({"kind": "Secret", "metadata": {"name": "tls"}, "type": "kubernetes.io/tls",
                     "stringData": {"tls.crt": "C", "tls.key": "K"}})
    assert only["data"] == {"tls.crt": "Qw==", "tls.key": "Sw=="}
    assert only["type"] == "kubernetes.io/tls"
    again = c.update({**secret, "stringData": {"password": "new"}})
    assert again["data"]["password"] == "bmV3" and "stringData" not in again


def test_an_immutable_secret_refuses_a_change_made_through_string_data() -> None:
    c = bare()
    secret = c.create({"kind": "Secret", "metadata": {"name": "db"}, "immutable": True,
                       "stringData": {"password": "s3cr3t!"}})
    with pytest.raises(ApiError, match="field is immutable when `immutable` is set"):
        c.update({**secret, "stringData": {"password": "other"}})
    assert c.update({**secret, "stringData": {"password": "s3cr3t!"}})["data"] == secret["data"]


def test_a_deployment_selector_is_immutable() -> None:
    c = bare()
    spec = {"selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web", "v": "1"}},
                         "spec": {"containers": [{"name": "n", "image": "nginx"}]}}}
    d = c.create({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                  "spec": spec})
    changed = {**d, "spec": {**d["spec"], "selector": {"matchLabels": {"v": "1"}}}}
    with pytest.raises(ApiError, match="spec.selector: Invalid value: .*field is immutable"):
        c.update(changed)


# --- scheduler and garbage collector ----------------------------------------------------------


def test_pods_spread_over_the_workers_and_never_land_on_the_tainted_control_plane() -> None:
    c = Cluster()
    owner = c.create({"kind": "ConfigMap", "metadata": {"name": "o"}})
    for i in range(4):
        c.create(pod(f"p{i}"), owner=owner)
    c.settle()
    nodes = [c.get("Pod", "default", f"p{i}")["spec"]["nodeName"] for i in range(4)]
    assert nodes == ["kind-worker", "kind-worker2", "kind-worker", "kind-worker2"]
    event = c.events_for(c.get("Pod", "default", "p0"))[0]
    assert (event["reason"], event["message"]) == (
        "Scheduled", "Successfully assigned default/p0 to kind-worker")


def test_a_pod_no_node_fits_stays_pending_with_the_upstream_words() -> None:
    # Each worker runs kind's kindnet and kube-proxy: with room for 10, 8 more fill it.
    c = Cluster(max_pods_per_node=10)
    for i in range(16):
        c.create(pod(f"filler{i}"))
    c.create(pod("c"))
    c.settle()
    waiting = c.get("Pod", "default", "c")
    assert "nodeName" not in waiting["spec"]
    message = c.events_for(waiting)[-1]["message"]
    assert message == (
        "0/3 nodes are available: 1 node(s) had untolerated taint "
        "{node-role.kubernetes.io/control-plane: }, 2 Too many pods. preemption: 0/3 nodes are "
        "available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found "
        "for incoming pod.")
    gone = next(p for p in c.list("Pod", "default") if p["spec"].get("nodeName") == "kind-worker")
    c.delete("Pod", "default", gone["metadata"]["name"], grace_seconds=0)
    c.settle()
    assert c.get("Pod", "default", "c")["spec"]["nodeName"] == "kind-worker"


def test_a_pod_tolerating_the_taint_may_land_on_the_control_plane() -> None:
    # The control plane runs 9 of kind's Pods and the ingress controller, a worker 2: with
    # room for 11, one is left on the control plane once the workers are full.
    c = Cluster(max_pods_per_node=11)
    for i in range(18):
        c.create(pod(f"filler{i}"))
    c.create(pod("c", tolerations=[{"key": "node-role.kubernetes.io/control-plane",
                                    "operator": "Exists", "effect": "NoSchedule"}]))
    c.settle()
    assert c.get("Pod", "default", "c")["spec"]["nodeName"] == "kind-control-plane"


def test_deleting_an_owner_deletes_what_it_owns_unless_orphaned() -> None:
    c = Cluster()
    owner = c.create({"kind": "ConfigMap", "metadata": {"name": "o"}})
    c.create(pod("a"), owner=owner)
    c.delete("ConfigMap", "default", "o")
    c.settle()
    deleted = c.find("Pod", "default", "a")  # the kubelet removes a Pod with nothing running
    assert deleted is None or "deletionTimestamp" in deleted["metadata"]
    other = c.create({"kind": "ConfigMap", "metadata": {"name": "p"}})
    c.create(pod("b"), owner=other)
    c.delete("ConfigMap", "default", "p", cascade="orphan")
    c.settle()
    kept = c.get("Pod", "default", "b")
    assert "deletionTimestamp" not in kept["metadata"]
    assert "ownerReferences" not in kept["metadata"]


def test_the_same_seed_gives_the_same_cluster() -> None:
    def names(seed: int) -> list[str]:
        c = Cluster(seed=seed)
        return [c.create({"kind": "ConfigMap", "metadata": {"generateName": "x-"}})["metadata"]["name"]
                for _ in range(3)]

    assert names(1) == names(1)
    assert names(1) != names(2)
