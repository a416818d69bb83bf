"""Requests through the offline cluster, from outside and from a Pod: what curl prints, and
where the way went and stopped."""

from __future__ import annotations

import pytest
from cluster.test_network_kit import backend, ingress, network_cluster, pod, rule, service

from kubelearn.cluster import Cluster, traffic
from kubelearn.cluster.ingress import PAGE_308, PAGE_404, PAGE_502, PAGE_503


def build(lang: str = "en") -> Cluster:
    c = network_cluster(lang=lang)
    c.create({"kind": "Namespace", "metadata": {"name": "shop"}})
    for i in (1, 2):
        c.create(pod(f"web-{i}", {"app": "web"}))
    c.create(pod("api-1", {"app": "api"}, ns="shop", ports=(), named={"http": 8080}))
    for i in (1, 2, 3):
        c.create(pod(f"sleepy-{i}", {"app": "sleepy"}, ready=False))
    c.create(pod("cache-1", {"app": "cache"}, ports=(6379,), image="redis:7"))
    c.create(service("web", {"app": "web"}, type_="NodePort",
                     ports=[{"port": 80, "nodePort": 30080}], clusterIP="10.96.0.80"))
    c.create(service("web-lb", {"app": "web"}, type_="LoadBalancer",
                     ports=[{"port": 8080, "targetPort": 80}]))
    c.create(service("api", {"app": "api"}, ns="shop",
                     ports=[{"name": "web", "port": 80, "targetPort": "http"}]))
    c.create(service("wrongport", {"app": "web"}, type_="NodePort",
                     ports=[{"port": 80, "targetPort": 8080, "nodePort": 30081}]))
    c.create(service("sleepy", {"app": "sleepy"}, type_="NodePort",
                     ports=[{"port": 80, "nodePort": 30082}]))
    c.create(service("ghost", {"app": "ghost"}, type_="NodePort",
                     ports=[{"port": 80, "nodePort": 30083}]))
    c.create(service("cache", {"app": "cache"}, type_="NodePort",
                     ports=[{"port": 6379, "nodePort": 30379}]))
    c.create(ingress("shop", [rule(
        "shop.example.com",
        ("/", "Prefix", backend("web")),
        ("/down", "Prefix", backend("sleepy")),
        ("/gone", "Prefix", backend("nothing")),
        ("/broken", "Prefix", backend("wrongport")),
    )]))
    c.create(ingress("api", [rule("shop.example.com", ("/api", "Prefix", backend("api", "web")))],
                     ns="shop"))
    c.create(ingress("secure", [rule("secure.example.com", ("/", "Prefix", backend("web")))],
                     tls=[{"hosts": ["secure.example.com"], "secretName": "secure-tls"}]))
    c.create(ingress("elsewhere", [rule("traefik.example.com", ("/", "Prefix", backend("web")))],
                     ingressClassName="traefik"))
    c.advance(5)
    return c


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    return build()


REFUSED = "curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server\n"

# url, headers, what curl prints ("POD:web" for an answer of a web Pod), words the explanation has
OUTSIDE = [
    ("http://172.18.0.3:30080/", {}, "POD:web", ["reached Pod web-"]),
    ("172.18.0.2:30080/x", {}, "POD:web", ["reached Pod web-"]),  # every node, even the control plane
    ("http://172.18.255.201:8080/", {}, "POD:web", ["reached Pod web-"]),
    ("http://172.18.255.201/", {}, REFUSED.format(host="172.18.255.201", port=80),
     ["Service web-lb has no port 80 (its ports: 8080)"]),
    ("http://172.18.0.3:30081/", {}, REFUSED.format(host="172.18.0.3", port=30081),
     ["reached Service wrongport on port 80, which sends it to port 8080 of Pod web-",
      "nothing listens there: nginx listens on 80"]),
    ("http://172.18.0.3:30082/", {}, REFUSED.format(host="172.18.0.3", port=30082),
     ["Service sleepy has no ready endpoints: its selector app=sleepy matches 3 Pods, none ready"]),
    ("http://172.18.0.3:30083/", {}, REFUSED.format(host="172.18.0.3", port=30083),
     ["selector app=ghost matches no Pod in namespace default"]),
    ("http://172.18.0.3:31999/", {}, REFUSED.format(host="172.18.0.3", port=31999),
     ["no Service has node port 31999"]),
    ("http://172.18.0.4:30379/", {}, "curl: (52) Empty reply from server\n", ["not an HTTP server"]),
    ("http://10.96.0.80/", {},
     "curl: (28) Failed to connect to 10.96.0.80 port 80 after 129000 ms: Couldn't connect to server\n",
     ["exist only inside the cluster"]),
    ("http://web.default.svc.cluster.local/", {},
     "curl: (6) Could not resolve host: web.default.svc.cluster.local\n", ["only inside Pods"]),
    ("ftp://172.18.0.3/", {}, 'curl: (1) Protocol "ftp" not supported\n', ["could not read"]),
    ("http://localhost/", {"Host": "shop.example.com"}, "POD:web", ["reached Pod web-"]),
    ("http://localhost:8080/", {}, REFUSED.format(host="localhost", port=8080),
     ["only ports 80 and 443"]),
    ("http://shop.example.com/", {}, "POD:web", ["reached Pod web-"]),
    ("http://shop.example.com/api/items", {}, "POD:api", ["reached Pod api-1 on port 8080"]),
    ("http://172.18.255.200/", {}, PAGE_404, ["No Ingress of class nginx has a rule for host "
                                              "172.18.255.200 and path /"]),
    ("http://127.0.0.1/", {"Host": "traefik.example.com"}, PAGE_404,
     ["Ingress elsewhere lists this host, but its class is traefik"]),
    ("http://shop.example.com/down", {}, PAGE_503,
     ["Service sleepy, which has no ready endpoints", "matches 3 Pods, none ready"]),
    ("http://shop.example.com/gone", {}, PAGE_503, ["Service nothing, which does not exist"]),
    ("http://shop.example.com/broken", {}, PAGE_502,
     ["tried 2 endpoint(s) of Service wrongport", "nginx listens on 80"]),
    ("http://secure.example.com/", {}, PAGE_308, ["redirects plain HTTP to HTTPS"]),
    ("https://secure.example.com/", {}, traffic.TLS_FAILURE, ["self-signed"]),
]


@pytest.mark.parametrize(("url", "headers", "printed", "why"), OUTSIDE,
                         ids=[f"{u} {h}" for u, h, _, _ in OUTSIDE])
def test_requests_from_outside(cluster, url, headers, printed, why) -> None:
    trace = traffic.request(cluster, url, headers)
    if printed.startswith("POD:"):
        assert trace.status == 200 and trace.ok
        assert trace.curl_output.startswith(printed[4:] + "-")
    else:
        assert trace.curl_output == printed
    for words in why:
        assert words in trace.why
    assert trace.hops or trace.curl_output.startswith("curl: (")


def test_https_with_insecure_reaches_the_backend(cluster) -> None:
    trace = traffic.request(cluster, "https://secure.example.com/", insecure=True)
    assert trace.status == 200 and trace.body.startswith("web-")


def test_a_node_port_goes_round_robin_over_the_ready_endpoints() -> None:
    c = build()
    answers = [traffic.request(c, "http://172.18.0.3:30080/").body.split()[0] for _ in range(4)]
    assert answers == ["web-1", "web-2", "web-1", "web-2"]


def test_the_hops_tell_the_way_through_the_ingress() -> None:
    c = build()
    trace = traffic.request(c, "http://shop.example.com/api/x")
    assert trace.hops == [
        "shop.example.com resolves to 172.18.255.200, as an /etc/hosts entry for the Ingress "
        "host would make it.",
        "172.18.255.200 is the load balancer of Service ingress-nginx-controller; its port 80 "
        "goes to the Service.",
        "The ingress controller (ingress-nginx) takes the request for host shop.example.com, "
        "path /api/x.",
        "Ingress api sends host shop.example.com path /api (Prefix) to Service api port web.",
        "ingress-nginx sends it straight to endpoint "
        f"{c.get('Pod', 'shop', 'api-1')['status']['podIP']}:8080 (Pod api-1) of Service api, "
        "one of 1 ready.",
        "Pod api-1 answered 200 on port 8080.",
    ]


def test_a_terminating_pod_serves_only_when_no_pod_is_ready() -> None:
    c = build()
    c.delete("Pod", "default", "web-1")
    c.settle()
    assert {traffic.request(c, "http://172.18.0.3:30080/").body.split()[0] for _ in range(3)} == {
        "web-2"}
    c.delete("Pod", "default", "web-2")
    c.settle()
    assert traffic.request(c, "http://172.18.0.3:30080/").status == 200  # still draining
    assert traffic.request(c, "http://shop.example.com/").status == 503  # nginx: ready only
    c.advance(30)
    assert traffic.request(c, "http://172.18.0.3:30080/").curl_output.startswith("curl: (7)")


# --- from inside a Pod ----------------------------------------------------------------------

INSIDE = [
    ("http://web/", "POD:web", ["reached Pod web-"]),
    ("http://web.default.svc.cluster.local/", "POD:web", []),
    ("http://api.shop/", "POD:api", []),
    ("http://api/", "curl: (6) Could not resolve host: api\n",
     ["from namespace default", "default.svc.cluster.local svc.cluster.local cluster.local"]),
    ("http://10.96.0.80/", "POD:web", []),
    ("http://10.96.0.80:8080/", "curl: (28) Failed to connect to 10.96.0.80 port 8080 after "
     "129000 ms: Couldn't connect to server\n", ["Service web has no port 8080"]),
    ("http://wrongport/", REFUSED.format(host="wrongport", port=80),
     ["nothing listens there: nginx listens on 80"]),
    ("http://sleepy/", REFUSED.format(host="sleepy", port=80), ["none ready"]),
    ("http://localhost/", "POD:web", []),
    ("http://localhost:9999/", REFUSED.format(host="localhost", port=9999),
     ["reached Pod web-1 on port 9999"]),
    ("http://172.18.0.4:30080/", "POD:web", []),
    ("http://172.18.255.201:8080/", "POD:web", []),
]


@pytest.mark.parametrize(("url", "printed", "why"), INSIDE, ids=[u for u, _, _ in INSIDE])
def test_requests_from_a_pod(cluster, url, printed, why) -> None:
    client = cluster.get("Pod", "default", "web-1")
    trace = traffic.request_from_pod(cluster, client, url, {})
    if printed.startswith("POD:"):
        assert trace.status == 200
        assert trace.curl_output.startswith(printed[4:] + "-")
    else:
        assert trace.curl_output == printed
    for words in why:
        assert words in trace.why


def test_a_pod_ip_and_a_headless_service_reach_the_pod_directly(cluster) -> None:
    client = cluster.get("Pod", "default", "web-1")
    ip = cluster.get("Pod", "shop", "api-1")["status"]["podIP"]
    trace = traffic.request_from_pod(cluster, client, f"http://{ip}:8080/", {})
    assert trace.body.startswith("api-1") and trace.hops[0] == f"{ip} is the IP of Pod api-1."
    refused = traffic.request_from_pod(cluster, client, f"http://{ip}/", {})
    assert refused.curl_output == REFUSED.format(host=ip, port=80)
    assert "nothing listens there: nginx listens on 8080" in refused.why


def test_the_explanations_speak_chinese_too() -> None:
    c = build("zh")
    trace = traffic.request(c, "http://172.18.0.3:30082/")
    assert trace.curl_output == REFUSED.format(host="172.18.0.3", port=30082)
    assert "Service sleepy 没有就绪的端点" in trace.why
