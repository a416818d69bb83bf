"""The relation tree: every relation the playground explains, and every missing link, found on a
cluster whose objects are written the way the controllers and the kubelet write them.

The cluster here runs no controllers: each test sets the state it is about (a Pod ready or
not, a ReplicaSet's revision) through the API verbs, so the tree is judged on that state alone.
"""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster, ingress
from kubelearn.cluster.tree import MAX_CHILDREN, MISSING, OK, WAIT, build, flatten, pod_status


def cluster() -> Cluster:
    return Cluster(controllers=False)


def make_pod(c: Cluster, name: str, labels: dict, *, ready: bool = True, ports: list | None = None,
             ip: str = "10.244.1.5", owner: dict | None = None, spec: dict | None = None) -> dict:
    container = {"name": "app", "image": "nginx:1.27", "ports": ports or []}
    obj = c.create({"apiVersion": "v1", "kind": "Pod",
                    "metadata": {"name": name, "labels": labels},
                    "spec": spec or {"containers": [container]}}, owner=owner)
    obj["status"] = {
        "phase": "Running", "podIP": ip,
        "conditions": [{"type": "Ready", "status": "True" if ready else "False"}],
        "containerStatuses": [{"name": "app", "ready": ready, "restartCount": 0,
                               "state": {"running": {"startedAt": c.timestamp()}}}],
    }
    return c.write(obj)


def template(labels: dict, spec: dict | None = None) -> dict:
    return {"metadata": {"labels": labels},
            "spec": spec or {"containers": [{"name": "app", "image": "nginx:1.27"}]}}


def make_deployment(c: Cluster, name: str, labels: dict, spec: dict | None = None) -> dict:
    return c.create({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
                     "spec": {"replicas": 2, "selector": {"matchLabels": labels},
                              "template": template(labels, spec)}})


def make_service(c: Cluster, name: str, selector: dict, target=80, port: int = 80) -> dict:
    return c.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name},
                     "spec": {"selector": selector,
                              "ports": [{"port": port, "targetPort": target}]}})


def make_ingress(c: Cluster, name: str, paths: list[tuple[str, str, str, object]],
                 cls: str = "nginx", host: str = "shop.example.com") -> dict:
    items = [{"path": path, "pathType": kind,
              "backend": {"service": {"name": svc, "port": {"number": port} if isinstance(
                  port, int) else {"name": port}}}} for path, kind, svc, port in paths]
    return c.create({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                     "metadata": {"name": name},
                     "spec": {"ingressClassName": cls,
                              "rules": [{"host": host, "http": {"paths": items}}]}})


def configmap(c: Cluster, name: str, data: dict) -> dict:
    return c.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name},
                     "data": data})


def find(nodes, text: str):
    """The first node whose label holds ``text``."""
    return next(n for n in flatten(nodes) if text in n.label)


def labels(nodes) -> list[str]:
    return [n.label for n in flatten(nodes)]


# --- missing links, each found and explained -----------------------------------------------------


def _no_pod(c: Cluster) -> None:
    make_deployment(c, "web", {"app": "web"})
    make_service(c, "web", {"app": "webx"})


def _no_named_port(c: Cluster) -> None:
    make_pod(c, "web-1", {"app": "web"}, ports=[{"name": "web", "containerPort": 80}])
    make_service(c, "web", {"app": "web"}, target="http")


def _no_ready(c: Cluster) -> None:
    make_pod(c, "web-1", {"app": "web"}, ready=False)
    make_pod(c, "web-2", {"app": "web"}, ready=False, ip="10.244.2.7")
    make_service(c, "web", {"app": "web"})


def _ingress_no_service(c: Cluster) -> None:
    ingress.bootstrap(c)
    make_ingress(c, "shop", [("/api", "Prefix", "api", 80)])


def _ingress_no_port(c: Cluster) -> None:
    ingress.bootstrap(c)
    make_service(c, "api", {"app": "api"})
    make_pod(c, "api-1", {"app": "api"})
    make_ingress(c, "shop", [("/api", "Prefix", "api", 8080)])


def _ingress_shadowed(c: Cluster) -> None:
    ingress.bootstrap(c)
    make_service(c, "api", {"app": "api"})
    make_service(c, "old", {"app": "api"})
    make_pod(c, "api-1", {"app": "api"})
    make_ingress(c, "shop", [("/api", "Prefix", "api", 80), ("/api/", "Prefix", "old", 80)])


def _ingress_unserved_class(c: Cluster) -> None:
    ingress.bootstrap(c)
    make_service(c, "api", {"app": "api"})
    make_ingress(c, "shop", [("/", "Prefix", "api", 80)], cls="traefik")


def _configmap_missing(c: Cluster) -> None:
    make_deployment(c, "web", {"app": "web"}, {"containers": [
        {"name": "app", "image": "nginx:1.27", "envFrom": [{"configMapRef": {"name": "settings"}}]}]})


def _configmap_key_missing(c: Cluster) -> None:
    configmap(c, "settings", {"mode": "fast"})
    make_deployment(c, "web", {"app": "web"}, {"containers": [
        {"name": "app", "image": "nginx:1.27", "env": [
            {"name": "LEVEL", "valueFrom": {"configMapKeyRef": {"name": "settings",
                                                                 "key": "level"}}}]}]})


MISSING_LINKS = [
    pytest.param(_no_pod, "the selector app=webx matches no Pod",
                 "Deployment web are labelled app=web", id="selector-matches-no-pod"),
    pytest.param(_no_named_port, "no container declares a port named http",
                 "none of the 1 selected Pods", id="named-port-not-declared"),
    pytest.param(_no_ready, "endpoints: 0 of 2 ready", "none is ready", id="no-ready-endpoints"),
    pytest.param(_ingress_no_service, "Service api does not exist", "answers 503",
                 id="ingress-service-missing"),
    pytest.param(_ingress_no_port, "Service api has no port 8080", "answers 503",
                 id="ingress-port-missing"),
    pytest.param(_ingress_shadowed, "✗ shop.example.com/api/ (Prefix)", "keeps the first",
                 id="ingress-path-shadowed"),
    pytest.param(_ingress_unserved_class, "Ingress shop · class traefik", "class traefik",
                 id="ingress-class-not-served"),
    pytest.param(_configmap_missing, "ConfigMap settings does not exist",
                 "CreateContainerConfigError", id="configmap-missing"),
    pytest.param(_configmap_key_missing, "env LEVEL ← key level: the key does not exist",
                 "has no key level", id="configmap-key-missing"),
]


@pytest.mark.parametrize(("setup", "label", "why"), MISSING_LINKS)
def test_a_missing_link_is_shown_and_explained(setup, label: str, why: str) -> None:
    c = cluster()
    setup(c)
    nodes = build(c)
    node = find(nodes, label)
    assert node.state == MISSING, labels(nodes)
    assert why in node.why
    section = next(s for s in nodes if any(n is node for n in flatten(s.children)))
    assert section.state == MISSING, "the section shows that something inside is broken"


# --- relations that hold ------------------------------------------------------------------------


def test_ingress_path_leads_to_service_port_endpoints_and_pods() -> None:
    c = cluster()
    ingress.bootstrap(c)
    make_service(c, "api", {"app": "api"}, target="http")
    make_pod(c, "api-1", {"app": "api"}, ports=[{"name": "http", "containerPort": 8080}],
             ip="10.244.1.9")
    make_pod(c, "api-2", {"app": "api"}, ports=[{"name": "http", "containerPort": 8080}],
             ready=False, ip="10.244.2.3")
    make_ingress(c, "shop", [("/api", "Prefix", "api", 80)])
    section = next(s for s in build(c) if s.key == "section/Ingress")
    route = section.children[0].children[0]
    assert route.label == "shop.example.com/api (Prefix)" and route.state == OK
    service = route.children[0]
    assert service.label.startswith("Service api · ClusterIP")
    port = service.children[0]
    assert port.label == "port 80/TCP → targetPort http"
    endpoints = port.children[0]
    assert endpoints.label == "endpoints: 1 of 2 ready"
    assert [e.label for e in endpoints.children] == ["api-1 10.244.1.9:8080 ready",
                                                      "api-2 10.244.2.3:8080 not ready"]
    assert [e.state for e in endpoints.children] == [OK, WAIT]


def test_deployment_shows_replicasets_newest_revision_first_with_their_pods() -> None:
    c = cluster()
    deploy = make_deployment(c, "web", {"app": "web"})
    for revision, name in ((1, "web-5d8f7c"), (2, "web-7b9c6d")):
        rs = c.create({"apiVersion": "apps/v1", "kind": "ReplicaSet",
                       "metadata": {"name": name, "labels": {"app": "web"},
                                    "annotations": {"deployment.kubernetes.io/revision":
                                                    str(revision)}},
                       "spec": {"replicas": revision - 1, "selector": {"matchLabels": {"app": "web"}},
                                "template": template({"app": "web"})}}, owner=deploy)
        rs["status"] = {"replicas": revision - 1, "readyReplicas": revision - 1}
        c.write(rs)
    newest = c.get("ReplicaSet", "default", "web-7b9c6d")
    make_pod(c, "web-7b9c6d-x2k4p", {"app": "web"}, owner=newest)
    node = next(s for s in build(c) if s.key == "section/Deployment").children[0]
    assert node.label == "Deployment web · 0/2 ready · 0 up to date"
    assert [rs.label for rs in node.children] == [
        "ReplicaSet web-7b9c6d · revision 2 · 1/1 ready",
        "ReplicaSet web-5d8f7c · revision 1 · 0/0 ready",
    ]
    assert [p.label for p in node.children[0].children] == [
        "Pod web-7b9c6d-x2k4p · Running · 1/1 ready 10.244.1.5"]
    assert not any(s.key == "section/Pod" for s in build(c)), "owned Pods sit under their owner"


def test_configmap_uses_say_which_update_and_which_never_do() -> None:
    c = cluster()
    configmap(c, "settings", {"mode": "fast", "level": "debug"})
    make_deployment(c, "web", {"app": "web"}, {
        "volumes": [{"name": "conf", "configMap": {"name": "settings"}}],
        "containers": [{
            "name": "app", "image": "nginx:1.27",
            "volumeMounts": [{"name": "conf", "mountPath": "/etc/app"},
                             {"name": "conf", "mountPath": "/etc/mode", "subPath": "mode"}],
            "env": [{"name": "LEVEL", "valueFrom": {"configMapKeyRef": {"name": "settings",
                                                                         "key": "level"}}}],
            "envFrom": [{"configMapRef": {"name": "settings"}, "prefix": "APP_"}],
        }]})
    node = next(s for s in build(c) if s.key == "section/ConfigMap").children[0]
    assert node.label == "ConfigMap settings · 2 keys" and node.state == OK
    uses = node.children[0]
    assert uses.label == "Deployment web"
    assert [u.label for u in uses.children] == [
        "volume conf → /etc/app · updates after sync",
        "volume conf → /etc/mode (subPath mode) · never updates",
        "env LEVEL ← key level (app) · never updates",
        "envFrom, every key with prefix APP_ (app) · never updates",
    ]
    assert "next periodic sync" in uses.children[0].why
    assert "restart" in uses.children[2].why


def test_an_unused_configmap_says_so() -> None:
    c = cluster()
    configmap(c, "lonely", {"a": "1"})
    node = next(s for s in build(c) if s.key == "section/ConfigMap").children[0]
    assert [n.label for n in node.children] == ["no Pod uses it"]


def test_a_large_replicaset_shows_a_bounded_number_of_pods() -> None:
    c = cluster()
    rs = c.create({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "big"},
                   "spec": {"replicas": 30, "selector": {"matchLabels": {"app": "big"}},
                            "template": template({"app": "big"})}})
    for i in range(30):
        make_pod(c, f"big-{i:02d}", {"app": "big"}, owner=rs, ready=i % 10 != 0)
    node = next(s for s in build(c) if s.key == "section/ReplicaSet").children[0]
    assert len(node.children) == MAX_CHILDREN + 1
    assert node.children[-1].label == f"… and {30 - MAX_CHILDREN} more"
    assert [n.state for n in node.children[:3]] == [WAIT] * 3, "Pods not ready come first"


def test_the_tree_is_deterministic_and_speaks_the_learners_language() -> None:
    def setup() -> Cluster:
        c = cluster()
        _no_pod(c)
        configmap(c, "settings", {"mode": "fast"})
        make_deployment(c, "api", {"app": "api"}, {"containers": [
            {"name": "app", "image": "nginx:1.27",
             "envFrom": [{"configMapRef": {"name": "settings"}}]}]})
        return c

    assert build(setup()) == build(setup())
    zh = build(setup(), "zh")
    assert any("选择算符 app=webx 没有匹配任何 Pod" in label for label in labels(zh))
    assert any("同步后更新" in label or "永不更新" in label for label in labels(zh))


def test_labels_hold_learner_names_as_data() -> None:
    """A name is shown as it is; it never becomes part of the template."""
    c = cluster()
    configmap(c, "x-{n}", {})
    node = next(s for s in build(c) if s.key == "section/ConfigMap").children[0]
    assert node.label == "ConfigMap x-{n} · 0 keys"


# --- kubectl's STATUS column ---------------------------------------------------------------------

STATUSES = [
    pytest.param({"phase": "Pending", "containerStatuses": [
        {"ready": False, "state": {"waiting": {"reason": "ContainerCreating"}}}]},
        {}, "ContainerCreating", id="container-creating"),
    pytest.param({"phase": "Running", "containerStatuses": [
        {"ready": False, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]},
        {}, "CrashLoopBackOff", id="crash-loop"),
    pytest.param({"phase": "Succeeded", "containerStatuses": [
        {"ready": False, "state": {"terminated": {"reason": "Completed", "exitCode": 0}}}]},
        {}, "Completed", id="completed"),
    pytest.param({"phase": "Running", "containerStatuses": [
        {"ready": False, "state": {"terminated": {"exitCode": 2}}}]},
        {}, "ExitCode:2", id="exit-code-without-reason"),
    pytest.param({"phase": "Running", "containerStatuses": [
        {"ready": True, "state": {"running": {}}}]},
        {"deletionTimestamp": "2025-06-02T09:00:30Z"}, "Terminating", id="terminating"),
    pytest.param({"phase": "Pending", "initContainerStatuses": [
        {"ready": False, "state": {"waiting": {"reason": "PodInitializing"}}}]},
        {}, "Init:0/1", id="init-running"),
    pytest.param({"phase": "Pending", "initContainerStatuses": [
        {"ready": False, "state": {"terminated": {"reason": "Error", "exitCode": 1}}}]},
        {}, "Init:Error", id="init-failed"),
    pytest.param({"phase": "Failed", "reason": "Evicted"}, {}, "Evicted", id="pod-reason"),
]


@pytest.mark.parametrize(("status", "meta", "expected"), STATUSES)
def test_pod_status_is_kubectls_status_column(status: dict, meta: dict, expected: str) -> None:
    pod = {"metadata": {"name": "p", **meta}, "status": status,
           "spec": {"initContainers": [{"name": "init"}], "containers": [{"name": "app"}]}}
    assert pod_status(pod) == expected
