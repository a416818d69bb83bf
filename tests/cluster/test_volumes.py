"""ConfigMaps and Secrets as a container sees them: files that follow an update at the Pod's
next periodic sync, env and subPath files that never do, and the errors of missing objects."""

from __future__ import annotations

import copy

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.controllers.kubelet import SYNC_PERIOD_MS
from kubelearn.cluster.podstatus import status_column


def configmap(name: str = "config", **data: str) -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": data}


def reader(**extra: object) -> dict:
    container = {"name": "app", "image": "busybox:1.36", "command": ["sleep", "3600"],
                 "env": [{"name": "COLOR", "valueFrom": {"configMapKeyRef": {"name": "config", "key": "color"}}}],
                 "envFrom": [{"configMapRef": {"name": "config"}, "prefix": "CFG_"}],
                 "volumeMounts": [{"name": "config", "mountPath": "/etc/config"},
                                  {"name": "config", "mountPath": "/etc/color", "subPath": "color"}]}
    container.update(extra)
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "app"},
            "spec": {"containers": [container],
                     "volumes": [{"name": "config", "configMap": {"name": "config"}}]}}


def exec_(cluster: Cluster, *argv: str) -> str:
    return cluster.controller("kubelet").exec(cluster.get("Pod", "default", "app"), None, list(argv))[0]


def test_an_update_reaches_the_file_at_the_next_sync_and_never_env_or_subpath() -> None:
    cluster = Cluster()
    cluster.create(configmap(color="blue"))
    cluster.create(reader())
    cluster.advance(2)
    assert exec_(cluster, "cat", "/etc/config/color") == "blue"
    kubelet = cluster.controller("kubelet")
    run = kubelet.runs[("default", "app")]
    edited = copy.deepcopy(cluster.get("ConfigMap", "default", "config"))
    edited["data"]["color"] = "green"
    changed_at = cluster.now_ms
    cluster.update(edited)
    due = kubelet._next_periodic_sync(run)
    assert 0 <= due - changed_at <= SYNC_PERIOD_MS
    cluster.advance_to(due - 1)
    assert exec_(cluster, "cat", "/etc/config/color") == "blue"
    cluster.advance_to(due)
    assert exec_(cluster, "cat", "/etc/config/color") == "green"
    assert exec_(cluster, "printenv", "COLOR", "CFG_color") == "blue\nblue\n"
    assert exec_(cluster, "cat", "/etc/color") == "blue"


def test_the_sync_offset_is_the_same_for_the_same_seed() -> None:
    def offset(seed: int) -> int:
        cluster = Cluster(seed=seed)
        cluster.create(configmap(color="blue"))
        cluster.create(reader())
        cluster.settle()
        return cluster.controller("kubelet").runs[("default", "app")].offset_ms

    assert offset(3) == offset(3)


@pytest.mark.parametrize(("objects", "env", "message"), [
    ([], [{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "nope", "key": "k"}}}],
     'configmap "nope" not found'),
    ([configmap("cm", other="1")], [{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "k"}}}],
     "couldn't find key k in ConfigMap default/cm"),
    ([], [{"name": "X", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "password"}}}],
     'secret "creds" not found'),
])
def test_a_missing_object_or_key_is_a_create_container_config_error(objects: list, env: list, message: str) -> None:
    cluster = Cluster()
    for obj in objects:
        cluster.create(obj)
    cluster.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "app"},
                    "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "env": env}]}})
    cluster.advance(3)  # the sandbox (1 s) and the pull (1.2 s)
    pod = cluster.get("Pod", "default", "app")
    assert status_column(pod) == ("0/1", "CreateContainerConfigError", 0)
    assert pod["status"]["containerStatuses"][0]["state"]["waiting"]["message"] == message
    assert any(e["message"] == f"Error: {message}" and e["reason"] == "Failed"
               for e in cluster.events_for(pod))


def test_optional_references_start_the_container() -> None:
    cluster = Cluster()
    cluster.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "app"},
                    "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "env": [
                        {"name": "X", "valueFrom": {"configMapKeyRef": {"name": "nope", "key": "k", "optional": True}}}]}]}})
    cluster.advance(3)  # the sandbox (1 s) and the pull (1.2 s)
    assert status_column(cluster.get("Pod", "default", "app"))[1] == "Running"


def test_envfrom_skips_invalid_names_with_an_event() -> None:
    cluster = Cluster()
    cluster.create(configmap("myconfig", **{"1badkey": "x", "2alsobad": "y", "good": "z"}))
    cluster.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "app"},
                    "spec": {"containers": [{"name": "app", "image": "busybox:1.36", "command": ["sleep", "99"],
                                             "envFrom": [{"configMapRef": {"name": "myconfig"}}]}]}})
    cluster.advance(2)
    pod = cluster.get("Pod", "default", "app")
    assert ("InvalidEnvironmentVariableNames",
            "Keys [1badkey, 2alsobad] from the EnvFrom configMap default/myconfig were skipped since "
            "they are considered invalid environment variable names.") in {
        (e["reason"], e["message"]) for e in cluster.events_for(pod)}
    assert exec_(cluster, "printenv", "good") == "z\n"


def test_a_missing_configmap_volume_keeps_the_pod_creating_until_it_appears() -> None:
    cluster = Cluster()
    cluster.create(reader(env=[], envFrom=[]))
    cluster.advance(10)
    pod = cluster.get("Pod", "default", "app")
    assert status_column(pod) == ("0/1", "ContainerCreating", 0)
    mounts = [e for e in cluster.events_for(pod) if e["reason"] == "FailedMount"]
    assert mounts[0]["message"] == 'MountVolume.SetUp failed for volume "config" : configmap "config" not found'
    assert mounts[0]["count"] > 1
    cluster.create(configmap(color="red"))
    cluster.advance(130)  # the mount back-off reaches 2m2s at most
    assert status_column(cluster.get("Pod", "default", "app")) == ("1/1", "Running", 0)
    assert exec_(cluster, "cat", "/etc/config/color") == "red"


@pytest.mark.parametrize(("volume", "listing", "path", "content"), [
    ({"configMap": {"name": "config", "items": [{"key": "color", "path": "ui/color.txt"}]}},
     "ui\n", "/etc/config/ui/color.txt", "blue"),
    ({"projected": {"sources": [{"configMap": {"name": "config"}},
                                {"downwardAPI": {"items": [{"path": "name", "fieldRef": {"fieldPath": "metadata.name"}}]}}]}},
     "color\nname\nsize\n", "/etc/config/name", "app"),
    ({"secret": {"secretName": "creds"}}, "password\n", "/etc/config/password", "s3cret"),
])
def test_volume_sources_as_files(volume: dict, listing: str, path: str, content: str) -> None:
    cluster = Cluster()
    cluster.create(configmap(color="blue", size="L"))
    cluster.create({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds"},
                    "data": {"password": "czNjcmV0"}})
    pod = reader(env=[], envFrom=[], volumeMounts=[{"name": "config", "mountPath": "/etc/config"}])
    pod["spec"]["volumes"] = [{"name": "config", **volume}]
    cluster.create(pod)
    cluster.advance(2)
    assert exec_(cluster, "ls", "/etc/config") == listing
    assert exec_(cluster, "cat", path) == content


def test_an_emptydir_is_shared_by_init_and_app_containers() -> None:
    cluster = Cluster()
    cluster.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "app"}, "spec": {
        "initContainers": [{"name": "fill", "image": "busybox:1.36",
                            "command": ["sh", "-c", "echo hello from init > /work/index.html"],
                            "volumeMounts": [{"name": "www", "mountPath": "/work"}]}],
        "containers": [{"name": "web", "image": "nginx:1.27",
                        "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]}],
        "volumes": [{"name": "www", "emptyDir": {}}]}})
    cluster.advance(5)
    pod = cluster.get("Pod", "default", "app")
    assert status_column(pod) == ("1/1", "Running", 0)
    assert cluster.controller("kubelet").serve_http(pod, 80, "GET", "/", {}).body == "hello from init\n"
