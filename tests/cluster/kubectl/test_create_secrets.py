"""kubectl create secret docker-registry, --append-hash, and the secret kinds the offline
cluster cannot make, as kubectl does them (create_secret_docker.go, util/hash/hash.go)."""

from __future__ import annotations

import base64
import json

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run
from kubelearn.cluster.kubectl.create import _content_hash


def _config(cluster: Cluster, name: str) -> dict:
    data = cluster.get("Secret", "default", name)["data"][".dockerconfigjson"]
    return json.loads(base64.b64decode(data))


def test_docker_registry_writes_the_login_as_docker_does(cluster: Cluster) -> None:
    line = ("create secret docker-registry regcred --docker-server=registry.example.com "
            "--docker-username=me --docker-password=s3cr3t --docker-email=me@example.com")
    assert run(cluster, line).output == "secret/regcred created\n"
    stored = cluster.get("Secret", "default", "regcred")
    assert stored["type"] == "kubernetes.io/dockerconfigjson"
    raw = base64.b64decode(stored["data"][".dockerconfigjson"]).decode()
    # json.Marshal of DockerConfigJSON: compact, the entry's fields in their declared order.
    assert raw == ('{"auths":{"registry.example.com":{"username":"me","password":"s3cr3t",'
                   '"email":"me@example.com","auth":"bWU6czNjcjN0"}}}')


def test_docker_registry_defaults_to_docker_hub_and_leaves_out_an_empty_email(cluster) -> None:
    run(cluster, "create secret docker-registry hub --docker-username=me --docker-password=x")
    assert _config(cluster, "hub") == {"auths": {"https://index.docker.io/v1/": {
        "username": "me", "password": "x", "auth": "bWU6eA=="}}}


def test_docker_registry_from_a_file(cluster: Cluster) -> None:
    config = '{"auths":{"r.example.com":{"auth":"YTpi"}}}'
    result = run(cluster, "create secret docker-registry f --from-file=.dockerconfigjson=c.json",
                 files={"c.json": config})
    assert result.status == 0, result.error
    assert _config(cluster, "f") == json.loads(config)


@pytest.mark.parametrize(("line", "error"), [
    ("create secret docker-registry r --docker-username=me",
     "error: either --from-file or the combination of --docker-username, --docker-password "
     "and --docker-server is required\n"),
    ("create secret docker-registry r --docker-username=me --docker-password=x "
     "--docker-server=", "error: either --from-file"),
    ("create secret docker-registry r --from-literal=a=b", "error: unknown flag: --from-literal"),
    ("create secret generic g --docker-username=me", "error: unknown flag: --docker-username"),
    ("create secret tls t --cert=t.crt --key=t.key",
     "error: the offline cluster cannot read certificates"),
    ("create secret opaque o", "error: a secret kind is required"),
])
def test_what_kubectl_refuses(cluster: Cluster, line: str, error: str) -> None:
    result = run(cluster, line)
    assert result.status == 1 and result.error.startswith(error), result.error


# util/hash/hash_test.go TestConfigMapHash and TestSecretHash (the cases kubectl create can
# make: its ConfigMaps and Secrets always have a data map).
HASHES = [
    ({"kind": "ConfigMap", "metadata": {"name": ""}, "data": {}}, "42745tchd9"),
    ({"kind": "ConfigMap", "metadata": {"name": ""}, "data": {"one": ""}}, "9g67k2htb6"),
    ({"kind": "ConfigMap", "metadata": {"name": ""}, "data": {"two": "2", "one": "",
                                                              "three": "3"}}, "f5h7t85m9b"),
    ({"kind": "ConfigMap", "metadata": {"name": ""}, "data": {"one": ""},
      "binaryData": {"two": ""}}, "698h7c7t9m"),
    ({"kind": "Secret", "metadata": {"name": ""}, "type": "my-type", "data": {}}, "t75bgf6ctb"),
    ({"kind": "Secret", "metadata": {"name": ""}, "type": "my-type", "data": {"one": ""}},
     "74bd68bm66"),
    ({"kind": "Secret", "metadata": {"name": ""}, "type": "my-type",
      "data": {"two": "Mg==", "one": "", "three": "Mw=="}}, "dgcb6h9tmk"),
]


@pytest.mark.parametrize(("obj", "expected"), HASHES, ids=[h for _, h in HASHES])
def test_content_hash(obj: dict, expected: str) -> None:
    assert _content_hash(obj) == expected


def test_append_hash_names_the_object_by_its_content(cluster: Cluster) -> None:
    first = run(cluster, "create configmap game --from-literal=lives=3 --append-hash")
    name = first.output.removeprefix("configmap/").removesuffix(" created\n")
    assert name.startswith("game-") and len(name) == len("game-") + 10
    assert cluster.get("ConfigMap", "default", name)["data"] == {"lives": "3"}
    other = run(cluster, "create configmap game --from-literal=lives=4 --append-hash")
    assert other.status == 0 and other.output != first.output  # new content, new name
    again = run(cluster, "create configmap game --from-literal=lives=3 --append-hash")
    assert "already exists" in again.error
    secret = run(cluster, "create secret generic s --from-literal=k=v --append-hash")
    assert secret.output.startswith("secret/s-") and secret.status == 0


def test_jsonpath_reads_a_key_with_a_dot_when_it_is_escaped(cluster: Cluster) -> None:
    """client-go's jsonpath parseField: \\. is a dot inside a field name."""
    run(cluster, "create secret docker-registry r --docker-username=me --docker-password=x")
    stored = cluster.get("Secret", "default", "r")["data"][".dockerconfigjson"]
    got = run(cluster, r"get secret r -o jsonpath='{.data.\.dockerconfigjson}'")
    assert got.output == stored
