"""The way of a request through the whole cluster: the real kubelet model starts the
containers, probes them and answers for them; the network routes to it."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster, traffic


def _pod(name: str, labels: dict, image: str, ports: tuple = (), **container) -> dict:
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "default", "labels": labels},
            "spec": {"containers": [{"name": image.split(":")[0], "image": image,
                                     "ports": [{"containerPort": p} for p in ports],
                                     **container}]}}


def _svc(name: str, app: str, port: int, target: int | str, node_port: int) -> dict:
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": "default"},
            "spec": {"type": "NodePort", "selector": {"app": app},
                     "ports": [{"port": port, "targetPort": target, "nodePort": node_port}]}}


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    c = Cluster()
    c.create(_pod("web-1", {"app": "web"}, "nginx:1.27", (80,)))
    c.create(_pod("cache-1", {"app": "cache"}, "redis:7", (6379,)))
    c.create(_pod("probe-1", {"app": "probe"}, "nginx:1.27", (80,),
                  readinessProbe={"httpGet": {"path": "/", "port": 8080}}))
    c.create(_svc("web", "web", 80, 80, 30080))
    c.create(_svc("web-wrong", "web", 80, 8080, 30081))
    c.create(_svc("cache", "cache", 6379, 6379, 30379))
    c.create(_svc("probe", "probe", 80, 80, 30082))
    c.create({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
              "metadata": {"name": "web", "namespace": "default"},
              "spec": {"rules": [{"host": "web.example.com", "http": {"paths": [
                  {"path": "/", "pathType": "Prefix",
                   "backend": {"service": {"name": "web-wrong", "port": {"number": 80}}}}]}}]}})
    c.advance(60)
    return c


def test_nginx_answers_through_a_node_port(cluster) -> None:
    trace = traffic.request(cluster, "http://172.18.0.3:30080/")
    assert trace.status == 200
    assert "Welcome to nginx!" in trace.curl_output


def test_a_target_port_nothing_listens_on(cluster) -> None:
    trace = traffic.request(cluster, "http://172.18.0.3:30081/")
    assert trace.curl_output == ("curl: (7) Failed to connect to 172.18.0.3 port 30081 after 0 "
                                 "ms: Couldn't connect to server\n")
    assert trace.why == ("The request reached Service web-wrong on port 80, which sends it to "
                         "port 8080 of Pod web-1; nothing listens there: nginx listens on 80.")


def test_redis_is_not_http(cluster) -> None:
    assert traffic.request(cluster, "http://172.18.0.4:30379/").curl_output == (
        "curl: (52) Empty reply from server\n")


def test_a_failing_readiness_probe_keeps_the_pod_out(cluster) -> None:
    trace = traffic.request(cluster, "http://172.18.0.3:30082/")
    assert trace.curl_output.startswith("curl: (7)")
    assert trace.why == ("Service probe has no ready endpoints: its selector app=probe matches "
                         "1 Pod, which is not ready.")


def test_ingress_nginx_answers_502_when_the_backend_refuses(cluster) -> None:
    trace = traffic.request(cluster, "http://web.example.com/")
    assert trace.status == 502
    assert "nothing listens there: nginx listens on 80" in trace.why
    ingress = cluster.get("Ingress", "default", "web")
    assert ingress["status"]["loadBalancer"] == {"ingress": [{"hostname": "localhost"}]}
