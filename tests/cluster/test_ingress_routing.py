"""ingress-nginx in the offline cluster: the example tables of the Ingress concept page
(kubernetes.io/docs/concepts/services-networking/ingress.md), class selection, the default
class, the overlap webhook, status and events."""

from __future__ import annotations

import pytest
from cluster.test_network_kit import backend, ingress, network_cluster, rule

from kubelearn.cluster import ingress as nginx
from kubelearn.cluster.errors import ApiError

# "Examples" table of the Ingress page: Kind | Path(s) | Request path(s) | Matches?
# Each row's paths are (pathType, path); the expected winner is an index into them, or None.
PATH_EXAMPLES = [
    ("Prefix", [("Prefix", "/")], ["/", "/aaa", "/aaa/bbb", "/x/y/z/"], 0),
    ("Exact", [("Exact", "/foo")], ["/foo"], 0),
    ("Exact", [("Exact", "/foo")], ["/bar"], None),
    ("Exact", [("Exact", "/foo")], ["/foo/"], None),
    ("Exact", [("Exact", "/foo/")], ["/foo"], None),
    ("Prefix", [("Prefix", "/foo")], ["/foo", "/foo/"], 0),
    ("Prefix", [("Prefix", "/foo/")], ["/foo", "/foo/"], 0),
    ("Prefix", [("Prefix", "/aaa/bb")], ["/aaa/bbb"], None),
    ("Prefix", [("Prefix", "/aaa/bbb")], ["/aaa/bbb"], 0),
    ("Prefix", [("Prefix", "/aaa/bbb/")], ["/aaa/bbb"], 0),  # ignores trailing slash
    ("Prefix", [("Prefix", "/aaa/bbb")], ["/aaa/bbb/"], 0),  # matches trailing slash
    ("Prefix", [("Prefix", "/aaa/bbb")], ["/aaa/bbb/ccc"], 0),  # matches subpath
    ("Prefix", [("Prefix", "/aaa/bbb")], ["/aaa/bbbxyz"], None),  # not a string prefix
    ("Prefix", [("Prefix", "/"), ("Prefix", "/aaa")], ["/aaa/ccc"], 1),
    ("Prefix", [("Prefix", "/"), ("Prefix", "/aaa"), ("Prefix", "/aaa/bbb")], ["/aaa/bbb"], 2),
    ("Prefix", [("Prefix", "/"), ("Prefix", "/aaa"), ("Prefix", "/aaa/bbb")], ["/ccc"], 0),
    ("Prefix", [("Prefix", "/aaa")], ["/ccc"], None),  # uses the default backend
    ("Mixed", [("Prefix", "/foo"), ("Exact", "/foo")], ["/foo"], 1),  # prefers Exact
]

# "Hostname wildcards" table: Host | Host header | Match?
HOST_EXAMPLES = [
    ("*.foo.com", "bar.foo.com", True),  # matches based on shared suffix
    ("*.foo.com", "baz.bar.foo.com", False),  # a wildcard covers a single DNS label
    ("*.foo.com", "foo.com", False),
    ("foo.bar.com", "foo.bar.com", True),
    ("foo.bar.com", "FOO.bar.com", True),
    ("foo.bar.com", "bar.foo.com", False),
]


def _cases(table):
    for kind, paths, requests, winner in table:
        for request in requests:
            yield pytest.param(paths, request, winner, id=f"{kind}:{[p for _, p in paths]}:{request}")


@pytest.mark.parametrize(("paths", "request_path", "winner"), list(_cases(PATH_EXAMPLES)))
def test_the_ingress_pages_path_table(paths, request_path, winner) -> None:
    assert nginx.best_path(paths, request_path) == winner


@pytest.mark.parametrize(("paths", "request_path", "winner"), list(_cases(PATH_EXAMPLES)))
def test_the_path_table_routed_through_the_cluster(paths, request_path, winner) -> None:
    """The same table, as Ingresses the cluster holds and ingress-nginx routes."""
    c = network_cluster()
    items = [(p, t, backend(f"svc{i}")) for i, (t, p) in enumerate(paths)]
    c.create(ingress("paths", [rule("foo.bar.com", *items)], default=backend("fallback")))
    chosen = nginx.route(c, "foo.bar.com", request_path)
    want = "fallback" if winner is None else f"svc{winner}"
    assert chosen.backend["service"]["name"] == want


@pytest.mark.parametrize(("host", "header", "matches"), HOST_EXAMPLES)
def test_the_ingress_pages_hostname_wildcards(host, header, matches) -> None:
    assert nginx.host_matches(host, header) is matches
    c = network_cluster()
    c.create(ingress("hosts", [rule(host, ("/", "Prefix", backend("web")))]))
    assert (nginx.route(c, header, "/").ingress is not None) is matches


# The "Name based virtual hosting" example: first.bar.com -> service1, second.foo.com ->
# service2, any other host (or none) -> service3.
@pytest.mark.parametrize(("host", "want"), [
    ("first.bar.com", "service1"),
    ("second.foo.com", "service2"),
    ("172.18.255.200", "service3"),
    ("other.example", "service3"),
])
def test_name_based_virtual_hosting(host, want) -> None:
    c = network_cluster()
    c.create(ingress("name-virtual-host-ingress-no-third-host", [
        rule("first.bar.com", ("/", "Prefix", backend("service1"))),
        rule("second.foo.com", ("/", "Prefix", backend("service2"))),
        rule(None, ("/", "Prefix", backend("service3"))),
    ]))
    assert nginx.route(c, host, "/").backend["service"]["name"] == want


@pytest.mark.parametrize(("path", "want"), [("/foo", "service1"), ("/bar", "service2"),
                                            ("/baz", None)])
def test_simple_fanout(path, want) -> None:
    c = network_cluster()
    c.create(ingress("simple-fanout-example", [rule(
        "foo.bar.com", ("/foo", "Prefix", backend("service1", 4200)),
        ("/bar", "Prefix", backend("service2", 8080)))]))
    chosen = nginx.route(c, "foo.bar.com", path)
    assert (chosen.backend or {}).get("service", {}).get("name") == want


def test_a_host_server_falls_back_to_its_ingress_default_backend_not_to_hostless_rules() -> None:
    c = network_cluster()
    c.create(ingress("a", [rule("foo.com", ("/api", "Prefix", backend("api")))],
                     default=backend("fallback")))
    c.create(ingress("b", [rule(None, ("/", "Prefix", backend("catch")))]))
    assert nginx.route(c, "foo.com", "/other").backend["service"]["name"] == "fallback"
    assert nginx.route(c, "bar.com", "/other").backend["service"]["name"] == "catch"


def test_an_ingress_with_only_a_default_backend_catches_everything() -> None:
    c = network_cluster()
    c.create(ingress("test-ingress", [], default=backend("test")))
    assert nginx.route(c, "anything", "/x").backend["service"]["name"] == "test"


def test_implementation_specific_is_prefix_in_ingress_nginx() -> None:
    c = network_cluster()
    c.create(ingress("is", [rule("foo.com", ("/app", "ImplementationSpecific", backend("app")))]))
    assert nginx.route(c, "foo.com", "/app/x").backend["service"]["name"] == "app"
    assert nginx.route(c, "foo.com", "/application").ingress is None


def test_the_older_ingress_keeps_a_host_and_path_both_define() -> None:
    c = network_cluster()
    c.create(ingress("first", [rule("foo.com", ("/", "Prefix", backend("one")))]))
    c.advance(1)
    second = ingress("second", [rule("foo.com", ("/", "Prefix", backend("two")))],
                     ingressClassName="nginx")
    c.create(ingress("other", [rule("foo.com", ("/", "Exact", backend("three")))],
                     ingressClassName="other"))
    with pytest.raises(ApiError) as caught:
        c.create(second)
    assert caught.value.message == (
        'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: host '
        '"foo.com" and path "/" is already defined in ingress default/first')
    assert nginx.route(c, "foo.com", "/").backend["service"]["name"] == "one"


@pytest.mark.parametrize(("meta", "spec", "ours"), [
    ({}, {}, True),  # the default class is set at admission
    ({}, {"ingressClassName": "nginx"}, True),
    ({"annotations": {"kubernetes.io/ingress.class": "nginx"}}, {}, True),
    ({"annotations": {"kubernetes.io/ingress.class": "traefik"}}, {}, False),
    ({}, {"ingressClassName": "traefik"}, False),
])
def test_which_ingresses_ingress_nginx_serves(meta, spec, ours) -> None:
    c = network_cluster()
    made = ingress("x", [rule("foo.com", ("/", "Prefix", backend("web")))], **spec)
    made["metadata"].update(meta)
    made = c.create(made)
    assert nginx.is_ours(c, made) is ours
    assert (nginx.route(c, "foo.com", "/").ingress is not None) is ours
    if not meta and not spec:
        assert made["spec"]["ingressClassName"] == "nginx"


def test_the_address_appears_at_the_next_status_sync_with_sync_events() -> None:
    c = network_cluster()
    c.advance_to(10_000)
    made = c.create(ingress("web", [rule("foo.com", ("/", "Prefix", backend("web")))]))
    c.settle()
    assert made["status"] == {"loadBalancer": {}}
    c.advance_to(59_999)
    assert made["status"] == {"loadBalancer": {}}
    c.advance_to(60_000)  # ingress-nginx's periodic status sync
    # kind's manifest: --publish-status-address=localhost, a name (status.go runningAddresses)
    assert made["status"] == {"loadBalancer": {"ingress": [{"hostname": "localhost"}]}}
    events = [(e["reason"], e["message"], e["source"]["component"], e["count"])
              for e in c.events_for(made)]
    assert events == [("Sync", "Scheduled for sync", "nginx-ingress-controller", 2)]


def test_plain_http_to_a_tls_host_is_redirected() -> None:
    c = network_cluster()
    c.create(ingress("tls", [rule("secure.foo.com", ("/", "Prefix", backend("web")))],
                     tls=[{"hosts": ["secure.foo.com"], "secretName": "tls"}]))
    assert nginx.route(c, "secure.foo.com", "/", "http").redirect
    assert nginx.route(c, "secure.foo.com", "/", "https").backend["service"]["name"] == "web"
