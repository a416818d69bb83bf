"""The relations between objects, asked directly: what a selector selects, which volumes and
variables use a ConfigMap or Secret, which Service port reaches which container port, where an
Ingress sends a host and path."""

from __future__ import annotations

import textwrap

import pytest

from kubelearn.checker.yaml import read
from kubelearn.kube.document import Document
from kubelearn.kube.objects import by_name, containers
from kubelearn.kube.relations import (
    env_from_provides,
    env_from_refs,
    env_key_refs,
    ingress_backends,
    named_near,
    reaches_port,
    references,
    routes,
    same_route_path,
    service_port_names,
    service_port_numbers,
    target_port,
    volume_sources,
    volumes_using,
)
from kubelearn.kube.selectors import PodIndex, expression_holds, first_unmatched, selector_selects


def docs(text: str) -> list[Document]:
    return read(textwrap.dedent(text).lstrip("\n")).documents


POD = docs("""
    apiVersion: v1
    kind: Pod
    metadata: {name: web, labels: {app: web, tier: front}}
    spec:
      containers:
        - name: web
          image: nginx
          ports: [{name: http, containerPort: 8080}]
          env:
            - name: LEVEL
              valueFrom: {configMapKeyRef: {name: settings, key: level}}
            - name: PASSWORD
              valueFrom: {secretKeyRef: {name: creds, key: password, optional: true}}
          envFrom:
            - {configMapRef: {name: settings}, prefix: APP_}
            - secretRef: {name: creds}
      volumes:
        - name: config
          configMap: {name: nginx-conf, items: [{key: a.conf, path: a.conf}]}
        - name: all
          projected:
            sources:
              - configMap: {name: extra}
              - secret: {name: creds}
        - name: tls
          secret: {secretName: tls}
""")[0]


def test_volumes_that_hold_a_configmap_or_a_secret():
    assert [(v.volume_name, v.name, v.path[-1], v.keys) for v in volume_sources(POD)] == [
        ("config", "nginx-conf", "configMap",
         ((("spec", "volumes", 0, "configMap", "items", 0, "key"), "a.conf"),)),
        ("all", "extra", "configMap", ()),
    ]
    assert [(v.volume_name, v.name) for v in volume_sources(POD, "Secret")] == [
        ("all", "creds"), ("tls", "tls")]
    assert volumes_using(POD, {"extra"}) == {"all": ("spec", "volumes", 1)}
    assert volumes_using(POD, {"nope"}) == {}


def test_variables_that_read_a_configmap_or_a_secret():
    (path, container), = containers(POD)
    assert [(e.var, e.name, e.key, e.optional) for e in env_key_refs(path, container)] == [
        ("LEVEL", "settings", "level", False)]
    assert [(e.var, e.optional) for e in env_key_refs(path, container, "Secret")] == [
        ("PASSWORD", True)]
    assert [(s.name, s.prefix, s.index) for s in env_from_refs(path, container)] == [
        ("settings", "APP_", 0)]
    assert [(s.name, s.index) for s in env_from_refs(path, container, "Secret")] == [("creds", 1)]


def test_every_reference_in_order_volumes_first():
    assert [(r.name, r.optional, len(r.keys)) for r in references(POD)] == [
        ("nginx-conf", False, 1), ("extra", False, 0), ("settings", False, 1),
        ("settings", False, 0)]
    assert [(r.name, r.optional) for r in references(POD, "Secret")] == [
        ("creds", False), ("tls", False), ("creds", True), ("creds", False)]


@pytest.mark.parametrize("key, var, prefix, keys, gives", [
    ("level", None, "", ["level"], True),
    ("level", None, "", ["other"], False),
    ("level", "APP_level", "APP_", None, True),
    ("level", "level", "APP_", None, False),
    (None, "APP_level", "APP_", ["level"], True),
    (None, "level", "APP_", ["level"], False),
    (None, None, "", [], True),
])
def test_what_env_from_provides(key, var, prefix, keys, gives):
    assert env_from_provides(key, var, prefix, keys) is gives


SERVICE = docs("""
    apiVersion: v1
    kind: Service
    metadata: {name: web}
    spec:
      selector: {app: web}
      ports:
        - {name: http, port: 80, targetPort: http}
        - {name: metrics, port: 9090}
""")[0]


def test_service_ports_and_their_targets():
    assert service_port_numbers(SERVICE) == [80, 9090]
    assert service_port_names(SERVICE) == ["http", "metrics"]
    first, second = SERVICE.data["spec"]["ports"]
    assert target_port(first) == ("http", "targetPort")
    assert target_port(second) == (9090, "port")
    assert reaches_port({"number": 80}, SERVICE) and reaches_port({"name": "metrics"}, SERVICE)
    assert not reaches_port({"number": 81}, SERVICE)
    assert not reaches_port({"name": "grpc"}, SERVICE)


def test_what_a_service_selects_and_the_ports_its_pods_declare():
    other = docs("apiVersion: v1\nkind: Pod\nmetadata: {name: db, labels: {app: db}}\n")[0]
    elsewhere = docs("apiVersion: v1\nkind: Pod\nmetadata:\n  name: w2\n  namespace: b\n"
                     "  labels: {app: web}\n")[0]
    index = PodIndex([POD, other, elsewhere])
    selection = index.selected({"app": "web"}, SERVICE)
    assert [d.name for d in selection.docs] == ["web", "w2"]
    assert (selection.port_names, selection.port_numbers) == (["http"], [8080])
    near_a = docs("apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: a}\n")[0]
    assert [d.name for d in index.selected({"app": "web"}, near_a).docs] == ["web"]
    assert index.selected({}, SERVICE).docs == []
    assert index.selected({"app": "web", "tier": "back"}, SERVICE).docs == []


def test_plain_selectors_and_expressions():
    labels = {"app": "web", "tier": "front"}
    assert selector_selects({"app": "web"}, labels)
    assert not selector_selects({}, labels)
    assert not selector_selects({"app": "db"}, labels)
    assert first_unmatched({"app": "web", "tier": "back", "x": "y"}, labels) == "tier"
    assert first_unmatched({"app": "web"}, labels) is None
    assert expression_holds("app", "In", ["web", "api"], labels)
    assert not expression_holds("app", "NotIn", ["web"], labels)
    assert expression_holds("role", "NotIn", ["web"], labels)
    assert expression_holds("tier", "Exists", [], labels)
    assert expression_holds("role", "DoesNotExist", [], labels)
    with pytest.raises(ValueError):
        expression_holds("app", "Equals", ["web"], labels)


INGRESS = docs("""
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata: {name: web}
    spec:
      defaultBackend: {service: {name: fallback, port: {number: 80}}}
      rules:
        - host: shop.example
          http:
            paths:
              - path: /api/
                pathType: Prefix
                backend: {service: {name: api, port: {name: http}}}
              - path: /exact
                pathType: Exact
                backend: {service: {name: web, port: {number: 80}}}
""")[0]


def test_ingress_backends_in_either_order():
    last = [(b.host, b.path, b.service.get("name")) for b in ingress_backends(INGRESS)]
    assert last == [("shop.example", "/api/", "api"), ("shop.example", "/exact", "web"),
                    (None, None, "fallback")]
    first = [b.service.get("name") for b in ingress_backends(INGRESS, default="first")]
    assert first == ["fallback", "api", "web"]
    assert [b.service.get("name") for b in ingress_backends(INGRESS, default=None)] == [
        "api", "web"]


def test_where_an_ingress_sends_a_host_and_path():
    api, exact, fallback = ingress_backends(INGRESS)
    assert routes(api, "shop.example", "/api") and routes(api, None, "/api/")
    assert not routes(api, "other.example", "/api")
    assert routes(exact, None, "/exact") and not routes(exact, None, "/exact/")
    assert routes(fallback, None, None) and not routes(fallback, None, "/")
    assert same_route_path("/a/", "Prefix", "/a") and not same_route_path("/a/", "Exact", "/a")


def test_objects_by_name_in_a_namespace():
    index = by_name([SERVICE, *docs("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
                                    "  namespace: other\n")])
    near = docs("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\n")[0]
    assert [d.value_at(("metadata", "namespace")) for d in named_near(index, "web", near)] == [
        None]
    assert len(named_near(index, "web", POD)) == 2
    assert named_near(index, 3, POD) == [] and named_near(index, "nope", POD) == []


CONTROLLED = docs("""
    apiVersion: batch/v1
    kind: Job
    metadata: {name: pi}
    spec:
      completionMode: Indexed
      template: {spec: {containers: [{name: pi, image: perl}]}}
    ---
    apiVersion: batch/v1
    kind: Job
    metadata: {name: manual}
    spec:
      manualSelector: true
      selector: {matchLabels: {app: manual}}
      template: {metadata: {labels: {app: manual}}, spec: {containers: [{name: m, image: x}]}}
    ---
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db}
    spec:
      template: {metadata: {labels: {app: db}}, spec: {containers: [{name: db, image: pg}]}}
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      template: {metadata: {labels: {app: web, pod-template-hash: fixed}}}
""")


@pytest.mark.parametrize("selector, selected", [
    ({"job-name": "pi"}, ["pi"]),
    ({"batch.kubernetes.io/job-name": "pi"}, ["pi"]),
    ({"job-name": "other"}, []),
    ({"controller-uid": "0b1c"}, ["pi"]),  # a uid: any value may match
    ({"batch.kubernetes.io/job-completion-index": "0"}, ["pi"]),
    ({"job-name": "manual"}, []),  # manualSelector: no generated labels
    ({"statefulset.kubernetes.io/pod-name": "db-0"}, ["db"]),
    ({"pod-template-hash": "abc"}, []),  # the template sets it: its own value counts
    ({"pod-template-hash": "fixed"}, ["web"]),
])
def test_labels_controllers_add_are_selected(selector, selected):
    index = PodIndex(CONTROLLED, added=True)
    assert [d.name for d in index.selected(selector, CONTROLLED[0]).docs] == selected
    assert PodIndex(CONTROLLED).selected({"job-name": "pi"}, CONTROLLED[0]).docs == []
