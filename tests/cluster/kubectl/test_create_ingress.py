"""kubectl create ingress, ported with upstream's tables
(k8s.io/kubectl/pkg/cmd/create/create_ingress_test.go: TestCreateIngressValidation and
TestCreateIngress)."""

from __future__ import annotations

import json
import shlex

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run

INVALID = "is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]"

# TestCreateIngressValidation: (default backend, rules, annotations, the error or "").
VALIDATION = {
    "no default backend and rule": (
        "", [], [], "not enough information provided: every ingress has to either specify a "
        "default-backend (which catches all traffic) or a list of rules (which catch specific "
        "paths)"),
    "invalid default backend separator": (
        "xpto,4444", [], [], "default-backend should be in format servicename:serviceport"),
    "default backend without port": (
        "xpto", [], [], "default-backend should be in format servicename:serviceport"),
    "default backend is ok": ("xpto:4444", [], [], ""),
    "invalid annotation": ("xpto:4444", [], ["key1=value1", "key2"],
                           "annotation key2 is invalid and should be in format key=[value]"),
    "valid annotations": ("xpto:4444", [], ["key1=value1", "key2="], ""),
    "multiple conformant rules": ("", ["foo.com/path*=svc:8080", "bar.com/admin*=svc2:http"],
                                  [], ""),
    "one invalid and two valid rules": (
        "", ["foo.com=svc:redis,tls", "foo.com/path/subpath*=othersvc:8080",
             "foo.com/*=svc:8080,tls=secret1"], [], f"rule foo.com=svc:redis,tls {INVALID}"),
    "service without port": ("", ["foo.com/=svc,tls"], [], f"rule foo.com/=svc,tls {INVALID}"),
    "valid tls rule without secret": ("", ["foo.com/=svc:http,tls="], [], ""),
    "valid tls rule with secret": ("", ["foo.com/=svc:http,tls=secret123"], [], ""),
    "valid path with type prefix": ("", ["foo.com/admin*=svc:8080"], [], ""),
    "wildcard host": ("", ["*.foo.com/admin*=svc:8080"], [], ""),
    "invalid separation between ingress and service": (
        "", ["*.foo.com/path,svc:8080"], [], f"rule *.foo.com/path,svc:8080 {INVALID}"),
    "two invalid and one valid rule": (
        "", ["foo.com/path/subpath*=svc:redis,tls=blo", "foo.com=othersvc:8080",
             "foo.com/admin=svc,tls=secret1"], [], f"rule foo.com=othersvc:8080 {INVALID}"),
    "valid catch all rule": ("", ["/path/subpath*=svc:redis,tls=blo"], [], ""),
}


def _line(name: str, default: str, rules: list[str], annotations: list[str], klass: str = "",
          ) -> str:
    words = ["create", "ingress", name, "--dry-run=client", "-o", "json"]
    words += [f"--default-backend={default}"] if default else []
    words += [f"--class={klass}"] if klass else []
    words += [f"--rule={rule}" for rule in rules]
    words += [f"--annotation={annotation}" for annotation in annotations]
    return shlex.join(words)


@pytest.mark.parametrize("case", VALIDATION, ids=list(VALIDATION))
def test_create_ingress_validation(cluster: Cluster, case: str) -> None:
    default, rules, annotations, error = VALIDATION[case]
    result = run(cluster, _line("test-ingress", default, rules, annotations))
    if error:
        assert (result.status, result.error) == (1, f"error: {error}\n")
    else:
        assert result.status == 0 and result.error == "", result.error


def _backend(name: str, port: int | str) -> dict:
    return {"service": {"name": name,
                        "port": {"number": port} if isinstance(port, int) else {"name": port}}}


def _path(path: str, kind: str, name: str, port: int | str) -> dict:
    return {"backend": _backend(name, port), "path": path, "pathType": kind}


# TestCreateIngress: (default backend, rules, class, annotations, the spec made).
CREATE = {
    "catch all host and default backend with default TLS returns empty TLS": (
        "service1:https", ["/=catchall:8080,tls="], "nginx", [],
        {"ingressClassName": "nginx", "defaultBackend": _backend("service1", "https"),
         "rules": [{"http": {"paths": [_path("/", "Exact", "catchall", 8080)]}}]}),
    "catch all with path of type prefix and secret name": (
        "service1:https", ["/path*=catchall:8080,tls=secret1"], "nginx", [],
        {"ingressClassName": "nginx", "defaultBackend": _backend("service1", "https"),
         "tls": [{"secretName": "secret1"}],
         "rules": [{"http": {"paths": [_path("/path", "Prefix", "catchall", 8080)]}}]}),
    "mixed hosts with mixed TLS configuration and a default backend": (
        "service2:8080",
        ["foo.com/=foo-svc:8080,tls=", "foo.com/admin=foo-admin-svc:http,tls=",
         "bar.com/prefix*=bar-svc:8080,tls=bar-secret", "bar.com/noprefix=barnp-svc:8443,tls",
         "foobar.com/*=foobar-svc:https", "foobar1.com/*=foobar1-svc:https,tls=bar-secret"],
        "", [],
        {"defaultBackend": _backend("service2", 8080),
         "tls": [{"hosts": ["foo.com"]},
                 {"hosts": ["bar.com", "foobar1.com"], "secretName": "bar-secret"}],
         "rules": [
             {"host": "foo.com", "http": {"paths": [
                 _path("/", "Exact", "foo-svc", 8080),
                 _path("/admin", "Exact", "foo-admin-svc", "http")]}},
             {"host": "bar.com", "http": {"paths": [
                 _path("/prefix", "Prefix", "bar-svc", 8080),
                 _path("/noprefix", "Exact", "barnp-svc", 8443)]}},
             {"host": "foobar.com", "http": {"paths": [
                 _path("/", "Prefix", "foobar-svc", "https")]}},
             {"host": "foobar1.com", "http": {"paths": [
                 _path("/", "Prefix", "foobar1-svc", "https")]}}]}),
    "simple ingress with annotation": (
        "", ["foo.com/=svc:8080,tls=secret1", "foo.com/subpath*=othersvc:8080,tls=secret1"], "",
        ["ingress.kubernetes.io/annotation1=bla", "ingress.kubernetes.io/annotation2=blo",
         "ingress.kubernetes.io/annotation3=ble"],
        {"tls": [{"hosts": ["foo.com"], "secretName": "secret1"}],
         "rules": [{"host": "foo.com", "http": {"paths": [
             _path("/", "Exact", "svc", 8080),
             _path("/subpath", "Prefix", "othersvc", 8080)]}}]}),
}


@pytest.mark.parametrize("case", CREATE, ids=list(CREATE))
def test_create_ingress(cluster: Cluster, case: str) -> None:
    default, rules, klass, annotations, spec = CREATE[case]
    result = run(cluster, _line("test-ingress", default, rules, annotations, klass))
    assert result.status == 0, result.error
    made = json.loads(result.output)
    assert made["spec"] == spec
    assert made["metadata"].get("annotations", {}) == dict(a.split("=", 1) for a in annotations)
    assert (made["apiVersion"], made["kind"]) == ("networking.k8s.io/v1", "Ingress")


def test_a_created_ingress_is_stored_and_routes(cluster: Cluster) -> None:
    line = "create ingress web --class=nginx --rule=shop.example.com/*=web:80"
    result = run(cluster, line)
    assert (result.output, result.status) == ("ingress.networking.k8s.io/web created\n", 0)
    stored = cluster.get("Ingress", "default", "web")
    assert stored["spec"]["rules"][0]["http"]["paths"][0]["pathType"] == "Prefix"
    assert run(cluster, "get ingress web").status == 0
