"""The kubelet model as a learner meets it: Pods start, crash, back off, get probed, read their
ConfigMaps and stop, with the events, statuses and timings upstream has."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.controllers.kubelet import PLEG_RELIST_MS, POD_SANDBOX_MS, next_relist
from kubelearn.cluster.errors import ApiError
from kubelearn.cluster.podstatus import status_column
from kubelearn.cluster.process import ConnectionRefused


def pod(name: str = "web", *, image: str = "nginx:1.27", restart: str | None = None,
        **container: object) -> dict:
    spec: dict = {"containers": [{"name": container.pop("cname", "app"), "image": image, **container}]}
    if restart:
        spec["restartPolicy"] = restart
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec}


def start(obj: dict, *, cluster: Cluster | None = None) -> Cluster:
    """The Pod created and its sandbox up (:data:`POD_SANDBOX_MS` after it was bound): the
    timings below count from the moment the kubelet starts on its containers."""
    cluster = cluster or Cluster()
    cluster.create(obj)
    cluster.settle()
    cluster.advance(POD_SANDBOX_MS / 1000)
    return cluster


def column(cluster: Cluster, name: str = "web") -> tuple[str, str, int]:
    return status_column(cluster.get("Pod", "default", name))


def events(cluster: Cluster, name: str = "web") -> list[tuple[str, str, str, int]]:
    found = cluster.events_for(cluster.get("Pod", "default", name))
    return [(e["type"], e["reason"], e["message"], e["count"]) for e in found]


def kubelet(cluster: Cluster):
    return cluster.controller("kubelet")


def test_nginx_starts_with_the_upstream_events_and_serves_its_page() -> None:
    cluster = start(pod(cname="nginx"))
    assert column(cluster) == ("0/1", "ContainerCreating", 0)
    cluster.advance(1.2)
    assert column(cluster) == ("1/1", "Running", 0)
    assert [e[1:3] for e in events(cluster)] == [
        ("Scheduled", "Successfully assigned default/web to kind-worker"),
        ("Pulling", 'Pulling image "nginx:1.27"'),
        ("Pulled", 'Successfully pulled image "nginx:1.27" in 1.2s (1.2s including waiting). '
                   "Image size: 72404038 bytes."),
        ("Created", "Created container: nginx"),
        ("Started", "Started container nginx"),
    ]
    obj = cluster.get("Pod", "default", "web")
    status = obj["status"]
    assert status["podIP"] == "10.244.1.2" and status["hostIP"] == "172.18.0.3"
    assert [c["type"] for c in status["conditions"]] == [
        "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]
    # The sandbox (1 s), then the pull (1.2 s).
    assert status["containerStatuses"][0]["state"] == {"running": {"startedAt": "2025-06-02T09:00:02Z"}}
    answer = kubelet(cluster).serve_http(obj, 80, "GET", "/", {})
    assert answer.status == 200 and "<title>Welcome to nginx!</title>" in answer.body
    assert len(answer.body.encode()) == 615
    assert "404 Not Found" in kubelet(cluster).serve_http(obj, 80, "GET", "/nope", {}).body
    with pytest.raises(ConnectionRefused):
        kubelet(cluster).serve_http(obj, 8080, "GET", "/", {})
    assert kubelet(cluster).ports(obj) == [("nginx", 80, "TCP")]


def test_a_second_pod_on_the_node_finds_the_image_already_present() -> None:
    cluster = start(pod("a"))
    cluster.advance(5)
    second = pod("b")
    second["spec"]["nodeName"] = "kind-worker"
    start(second, cluster=cluster)
    assert ("Normal", "Pulled", 'Container image "nginx:1.27" already present on machine', 1) in events(cluster, "b")


def test_a_pod_ip_comes_from_its_node_cidr_in_order() -> None:
    cluster = Cluster()
    for name in ("a", "b", "c"):
        obj = pod(name)
        obj["spec"]["nodeName"] = "kind-worker2"
        cluster.create(obj)
    cluster.settle()
    assert ["podIP" in cluster.get("Pod", "default", n)["status"] for n in "abc"] == [False] * 3
    cluster.advance(POD_SANDBOX_MS / 1000)  # the sandbox's network gives the address
    assert [cluster.get("Pod", "default", n)["status"]["podIP"] for n in "abc"] == [
        "10.244.2.2", "10.244.2.3", "10.244.2.4"]


@pytest.mark.parametrize(("image", "message"), [
    ("nginx:doesnotexist", 'rpc error: code = NotFound desc = failed to pull and unpack image '
     '"docker.io/library/nginx:doesnotexist": failed to resolve reference '
     '"docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found'),
    ("nginx:1.999", 'rpc error: code = NotFound desc = failed to pull and unpack image '
     '"docker.io/library/nginx:1.999": failed to resolve reference "docker.io/library/nginx:1.999": '
     "docker.io/library/nginx:1.999: not found"),
])
def test_an_image_that_does_not_exist_goes_errimagepull_then_imagepullbackoff(image: str, message: str) -> None:
    cluster = start(pod(image=image))
    cluster.advance(0.5)
    assert column(cluster) == ("0/1", "ErrImagePull", 0)
    state = cluster.get("Pod", "default", "web")["status"]["containerStatuses"][0]["state"]
    assert state == {"waiting": {"reason": "ErrImagePull", "message": message}}
    cluster.advance(10.5)  # the resync after 10 s pulls again (back-off 10 s passed) and fails
    assert column(cluster) == ("0/1", "ErrImagePull", 0)
    cluster.advance(10)  # the next resync is within the 20 s back-off
    assert column(cluster) == ("0/1", "ImagePullBackOff", 0)
    seen = {(e[1], e[2]) for e in events(cluster)}
    assert ("Failed", f'Failed to pull image "{image}": {message}') in seen
    assert ("Failed", "Error: ErrImagePull") in seen
    assert ("BackOff", f'Back-off pulling image "{image}"') in seen
    assert ("Failed", "Error: ImagePullBackOff") in seen


def test_a_declared_unpullable_image_fails_like_a_missing_tag() -> None:
    cluster = Cluster()
    kubelet(cluster).images.unpullable("myapp:v2")
    start(pod(image="myapp:v2"), cluster=cluster)
    cluster.advance(1)
    assert column(cluster)[1] == "ErrImagePull"


def test_a_container_that_exits_backs_off_10s_doubling() -> None:
    """busybox with no command: sh reads EOF and exits 0; restartPolicy Always restarts it at
    once, then after 10 s, 20 s, 40 s (doBackOff)."""
    cluster = start(pod(image="busybox:1.36", cname="box"))
    cluster.advance(0.5)
    restarts = []
    for _ in range(80):
        cluster.advance(1)
        restarts.append(column(cluster)[2])
    first = {n: restarts.index(n) + 1 for n in range(1, 4)}
    assert first == {1: 1, 2: 10, 3: 30}  # restarts at 0.5 s, 10.5 s, 30.5 s
    assert column(cluster)[1] in ("CrashLoopBackOff", "Completed")
    obj = cluster.get("Pod", "default", "web")
    status = obj["status"]["containerStatuses"][0]
    assert status["lastState"]["terminated"]["reason"] == "Completed"
    waits = [e for e in events(cluster) if e[1] == "BackOff"]
    assert waits and waits[0][2] == (f"Back-off restarting failed container box in pod "
                                     f"web_default({obj['metadata']['uid']})")


@pytest.mark.parametrize(("restart", "code", "phase", "reason"), [
    ("Never", 1, "Failed", "Error"),
    ("Never", 0, "Succeeded", "Completed"),
    ("OnFailure", 0, "Succeeded", "Completed"),
])
def test_restart_policy_ends_the_pod(restart: str, code: int, phase: str, reason: str) -> None:
    cluster = start(pod(image="busybox:1.36", restart=restart,
                        command=["sh", "-c", f"echo bye; exit {code}"]))
    cluster.advance(2)
    obj = cluster.get("Pod", "default", "web")
    assert obj["status"]["phase"] == phase
    assert column(cluster) == ("0/1", reason, 0)
    assert kubelet(cluster).logs(obj) == "bye\n"
    ready = next(c for c in obj["status"]["conditions"] if c["type"] == "Ready")
    assert ready["reason"] == ("PodCompleted" if phase == "Succeeded" else "PodFailed")


def test_on_failure_restarts_a_failing_container() -> None:
    cluster = start(pod(image="busybox:1.36", restart="OnFailure", command=["sh", "-c", "exit 3"]))
    cluster.advance(2)
    assert column(cluster)[2] >= 1
    assert cluster.get("Pod", "default", "web")["status"]["phase"] == "Running"


def test_init_containers_run_first_and_in_order() -> None:
    obj = pod(image="nginx:1.27", cname="nginx")
    obj["spec"]["initContainers"] = [
        {"name": "wait", "image": "busybox:1.36", "command": ["sh", "-c", "sleep 5"]},
        {"name": "fill", "image": "busybox:1.36", "command": ["sh", "-c", "echo ok"]},
    ]
    cluster = start(obj)
    cluster.advance(1)
    assert column(cluster) == ("0/1", "Init:0/2", 0)
    init = next(c for c in cluster.get("Pod", "default", "web")["status"]["conditions"]
                if c["type"] == "Initialized")
    assert init["message"] == "containers with incomplete status: [wait fill]"
    cluster.advance(8)
    assert column(cluster) == ("1/1", "Running", 0)


def test_a_failing_init_container_shows_init_crashloopbackoff() -> None:
    obj = pod()
    obj["spec"]["initContainers"] = [{"name": "check", "image": "busybox:1.36",
                                      "command": ["sh", "-c", "exit 1"]}]
    cluster = start(obj)
    cluster.advance(3)
    assert column(cluster)[1] in ("Init:Error", "Init:CrashLoopBackOff")
    cluster.advance(5)
    assert column(cluster)[1] == "Init:CrashLoopBackOff"


# --- probes ---------------------------------------------------------------------------------


def test_a_readiness_probe_on_a_port_nothing_listens_on() -> None:
    cluster = start(pod(cname="nginx", readinessProbe={"httpGet": {"path": "/", "port": 8080},
                                                       "periodSeconds": 5}))
    cluster.advance(12)
    assert column(cluster) == ("0/1", "Running", 0)
    unhealthy = [e for e in events(cluster) if e[1] == "Unhealthy"]
    assert unhealthy[0][2] == ('Readiness probe failed: Get "http://10.244.1.2:8080/": '
                               "dial tcp 10.244.1.2:8080: connect: connection refused")
    assert unhealthy[0][3] == 3
    ready = next(c for c in cluster.get("Pod", "default", "web")["status"]["conditions"]
                 if c["type"] == "Ready")
    assert (ready["reason"], ready["message"]) == ("ContainersNotReady",
                                                   "containers with unready status: [nginx]")


@pytest.mark.parametrize(("probe", "ready_at"), [
    ({"httpGet": {"path": "/", "port": 80}}, 1.2),
    ({"httpGet": {"path": "/", "port": "http"}}, 1.2),
    ({"tcpSocket": {"port": 80}, "initialDelaySeconds": 5}, 6.2),
    ({"exec": {"command": ["cat", "/usr/share/nginx/html/index.html"]}, "successThreshold": 1}, 1.2),
])
def test_readiness_probes_that_succeed(probe: dict, ready_at: float) -> None:
    cluster = start(pod(readinessProbe=probe, ports=[{"name": "http", "containerPort": 80}]))
    cluster.advance(ready_at - 0.1)
    assert column(cluster)[0] == "0/1"
    cluster.advance(0.1)
    assert column(cluster)[0] == "1/1"


def test_an_http_probe_on_a_missing_path_fails_with_the_status_code() -> None:
    cluster = start(pod(readinessProbe={"httpGet": {"path": "/healthz", "port": 80}}))
    cluster.advance(2)
    assert ("Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 404", 1) \
        in events(cluster)


def test_an_https_probe_on_a_plain_http_server_fails() -> None:
    """The kubelet speaks TLS to nginx's plain port 80: Go's client reads the server's HTTP
    reply to its handshake."""
    cluster = start(pod(readinessProbe={"httpGet": {"path": "/", "port": 80, "scheme": "HTTPS"}}))
    cluster.advance(12)
    assert column(cluster) == ("0/1", "Running", 0)
    assert any(e[2] == 'Readiness probe failed: Get "https://10.244.1.2:80/": http: server gave '
                       "HTTP response to HTTPS client" for e in events(cluster))


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_a_probe_host_on_loopback_is_the_nodes_not_the_pods(host: str) -> None:
    """The probe is dialled from the node: localhost there is not the Pod's network."""
    cluster = start(pod(readinessProbe={"httpGet": {"host": host, "path": "/", "port": 80}}))
    cluster.advance(12)
    assert column(cluster) == ("0/1", "Running", 0)
    assert any(e[2] == f'Readiness probe failed: Get "http://{host}:80/": dial tcp '
                       "127.0.0.1:80: connect: connection refused" for e in events(cluster))
    tcp = start(pod(livenessProbe={"tcpSocket": {"host": host, "port": 80}}))
    tcp.advance(40)
    assert column(tcp)[2] >= 1  # restarted for failing its liveness probe


def test_a_failing_liveness_probe_restarts_the_container() -> None:
    cluster = start(pod(cname="nginx", livenessProbe={"httpGet": {"path": "/healthz", "port": 80},
                                                      "periodSeconds": 3, "failureThreshold": 2}))
    cluster.advance(5)
    assert column(cluster)[2] == 1
    assert ("Normal", "Killing", "Container nginx failed liveness probe, will be restarted", 1) \
        in events(cluster)
    last = cluster.get("Pod", "default", "web")["status"]["containerStatuses"][0]["lastState"]
    assert last["terminated"]["reason"] == "Completed" and last["terminated"]["exitCode"] == 0


def test_an_exec_probe_reports_the_command_output() -> None:
    cluster = start(pod(image="busybox:1.36", command=["sh", "-c", "sleep 3600"],
                        livenessProbe={"exec": {"command": ["cat", "/tmp/healthy"]}}))
    cluster.advance(1)
    assert ("Warning", "Unhealthy",
            "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory", 1) \
        in events(cluster)


def test_probes_do_not_rewrite_a_pod_whose_status_did_not_change() -> None:
    cluster = start(pod(readinessProbe={"httpGet": {"path": "/", "port": 80}, "periodSeconds": 1}))
    cluster.advance(5)
    version = cluster.get("Pod", "default", "web")["metadata"]["resourceVersion"]
    cluster.advance(60)
    assert cluster.get("Pod", "default", "web")["metadata"]["resourceVersion"] == version


# --- termination ---------------------------------------------------------------------------


@pytest.mark.parametrize(("obj", "stops_after", "code", "shown"), [
    # nginx handles SIGTERM (its image's stop signal) and exits at once.
    (pod(cname="nginx"), 0, 0, "Completed"),
    # sleep as PID 1 has no handler: the kernel drops SIGTERM, SIGKILL after the 30 s grace.
    (pod(image="busybox:1.36", cname="nginx", command=["sleep", "3600"]), 30, 137, "Error"),
    # A shell that traps TERM exits when it gets it (the model does not run the handler: the
    # exit code is the signal's, 143, whatever the trap says).
    (pod(image="busybox:1.36", cname="nginx", command=["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]), 0, 143, "Error"),
])
def test_deleting_a_pod_stops_its_containers_then_removes_it(obj: dict, stops_after: int,
                                                             code: int, shown: str) -> None:
    """pod_workers.go: SIGTERM at the PLEG relist after the deletion; the Pod is Terminating
    while its containers run, then shows its terminal status (printPod) until the relist after
    they stopped, when the object goes."""
    cluster = start(obj)
    cluster.advance(3)  # on a whole second of the clock: the next relist is a second away
    cluster.delete("Pod", "default", "web")
    cluster.settle()
    assert column(cluster) == ("1/1", "Terminating", 0)
    assert "Killing" not in [e[1] for e in events(cluster)]
    cluster.advance(PLEG_RELIST_MS / 1000)
    killing = [e for e in cluster.store.list("Event", "default") if e["reason"] == "Killing"]
    assert killing[0]["message"] == "Stopping container nginx"
    if stops_after:
        cluster.advance(stops_after - 1)
        assert column(cluster) == ("1/1", "Terminating", 0)
        cluster.advance(1)
    assert column(cluster) == ("0/1", shown, 0)
    status = cluster.get("Pod", "default", "web")["status"]
    assert status["containerStatuses"][0]["state"]["terminated"]["exitCode"] == code
    # The kubelet's last word on a deleted Pod is a terminal phase (podIsTerminal).
    assert status["phase"] == ("Succeeded" if code == 0 else "Failed")
    cluster.advance(PLEG_RELIST_MS / 1000 - 0.001)
    assert cluster.find("Pod", "default", "web") is not None
    cluster.advance(0.001)
    assert cluster.find("Pod", "default", "web") is None


@pytest.mark.parametrize(("ms", "relist"), [(0, 1000), (1, 1000), (999, 1000), (1000, 2000),
                                           (5300, 6000)])
def test_next_relist_is_strictly_later_on_a_whole_second(ms: int, relist: int) -> None:
    assert next_relist(ms) == relist


def test_a_pod_deleted_while_its_image_is_pulled_goes_after_two_relists() -> None:
    cluster = start(pod())
    cluster.delete("Pod", "default", "web")
    cluster.settle()
    assert column(cluster)[1] == "Terminating"
    cluster.advance(2 * PLEG_RELIST_MS / 1000)
    assert cluster.find("Pod", "default", "web") is None
    assert "Created" not in [e["reason"] for e in cluster.store.list("Event", "default")]


def test_a_pod_deleted_before_it_was_bound_goes_at_once() -> None:
    cluster = Cluster()
    cluster.create(pod())
    cluster.delete("Pod", "default", "web")
    assert cluster.find("Pod", "default", "web") is None


@pytest.mark.parametrize("image_cached", [False, True])
def test_a_new_pod_is_container_creating_while_its_sandbox_comes_up(image_cached: bool) -> None:
    """Even with the image on the node, the sandbox and the first relist take POD_SANDBOX_MS."""
    cluster = Cluster()
    if image_cached:
        start(pod("first"), cluster=cluster)
        cluster.advance(5)
    obj = pod()
    obj["spec"]["nodeName"] = "kind-worker"
    cluster.create(obj)
    cluster.settle()
    status = cluster.get("Pod", "default", "web")["status"]
    assert column(cluster) == ("0/1", "ContainerCreating", 0)
    assert {c["type"]: c["status"] for c in status["conditions"]}["PodReadyToStartContainers"] == "False"
    assert "Pulling" not in [e[1] for e in events(cluster)]
    cluster.advance(POD_SANDBOX_MS / 1000 - 0.001)
    assert column(cluster) == ("0/1", "ContainerCreating", 0)
    cluster.advance(0.001)
    assert column(cluster) == (("1/1", "Running", 0) if image_cached else
                               ("0/1", "ContainerCreating", 0))
    status = cluster.get("Pod", "default", "web")["status"]
    assert {c["type"]: c["status"] for c in status["conditions"]}["PodReadyToStartContainers"] == "True"


# --- logs and exec ---------------------------------------------------------------------------


def test_logs_of_a_loop_over_time_and_of_the_previous_container() -> None:
    cluster = start(pod(image="busybox:1.36",
                        command=["sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 5; done"]))
    cluster.advance(12)
    obj = cluster.get("Pod", "default", "web")
    assert kubelet(cluster).logs(obj) == "tick 0\ntick 1\ntick 2\n"
    assert kubelet(cluster).logs(obj, tail=1) == "tick 2\n"
    with pytest.raises(ApiError, match='previous terminated container "app" in pod "web" not found'):
        kubelet(cluster).logs(obj, previous=True)


def test_a_busy_loop_stays_bounded() -> None:
    cluster = start(pod(image="busybox:1.36", command=["sh", "-c", "while true; do echo spam; done"]))
    cluster.advance(3600)
    text = kubelet(cluster).logs(cluster.get("Pod", "default", "web"))
    assert text.count("spam") == 2_000


def test_logs_of_a_container_still_creating() -> None:
    cluster = start(pod())
    with pytest.raises(ApiError, match='container "app" in pod "web" is waiting to start: ContainerCreating'):
        kubelet(cluster).logs(cluster.get("Pod", "default", "web"))


@pytest.mark.parametrize(("argv", "output", "code"), [
    (["cat", "/etc/hostname"], "web\n", 0),
    (["printenv", "GREETING"], "hello\n", 0),
    (["cat", "/nope"], "cat: can't open '/nope': No such file or directory\n", 1),
    (["ls", "/etc/config"], "game.properties\nui.properties\n", 0),
    (["sh", "-c", "echo $GREETING world"], "hello world\n", 0),
    (["sh", "-c", "frobnicate"], "sh: frobnicate: not found\n", 127),
])
def test_exec_in_a_busybox_container(argv: list[str], output: str, code: int) -> None:
    cluster = Cluster()
    cluster.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "game"},
                    "data": {"game.properties": "lives=3\n", "ui.properties": "color=blue\n"}})
    obj = pod(image="busybox:1.36", command=["sleep", "3600"], env=[{"name": "GREETING", "value": "hello"}],
              volumeMounts=[{"name": "config", "mountPath": "/etc/config"}])
    obj["spec"]["volumes"] = [{"name": "config", "configMap": {"name": "game"}}]
    start(obj, cluster=cluster)
    cluster.advance(1)
    assert kubelet(cluster).exec(cluster.get("Pod", "default", "web"), None, argv) == (output, code)


def test_ls_la_shows_the_atomic_writer_layout() -> None:
    cluster = Cluster()
    cluster.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "game"},
                    "data": {"lives": "3"}})
    obj = pod(image="busybox:1.36", command=["sleep", "3600"],
              volumeMounts=[{"name": "config", "mountPath": "/etc/config"}])
    obj["spec"]["volumes"] = [{"name": "config", "configMap": {"name": "game"}}]
    start(obj, cluster=cluster)
    cluster.advance(1)
    output, _ = kubelet(cluster).exec(cluster.get("Pod", "default", "web"), None, ["ls", "-la", "/etc/config"])
    lines = output.splitlines()
    assert lines[3].startswith("drwxr-xr-x") and " ..2025_06_02_09_00_00." in lines[3]
    assert lines[4].startswith("lrwxrwxrwx") and lines[4].endswith("..data -> " + lines[3].split()[-1])
    assert lines[5].endswith("lives -> ..data/lives")


def test_a_path_under_a_subpath_file_is_not_a_directory() -> None:
    cluster = Cluster()
    cluster.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "game"},
                    "data": {"lives": "3"}})
    obj = pod(image="busybox:1.36", command=["sleep", "3600"],
              volumeMounts=[{"name": "config", "mountPath": "/etc/game", "subPath": "lives"}])
    obj["spec"]["volumes"] = [{"name": "config", "configMap": {"name": "game"}}]
    start(obj, cluster=cluster)
    cluster.advance(1)
    run = kubelet(cluster).exec
    web = cluster.get("Pod", "default", "web")
    assert run(web, None, ["cat", "/etc/game"]) == ("3", 0)
    assert run(web, None, ["cat", "/etc/game/lives"]) == (
        "cat: can't open '/etc/game/lives': Not a directory\n", 1)
    assert run(web, None, ["cat", "/etc/nothing/lives"])[0].endswith("No such file or directory\n")


def test_wget_from_a_pod_reaches_another_pod_through_the_network_model() -> None:
    cluster = start(pod("server", cname="nginx"))
    client = pod("client", image="busybox:1.36", command=["sleep", "3600"])
    start(client, cluster=cluster)
    cluster.advance(2)
    ip = cluster.get("Pod", "default", "server")["status"]["podIP"]
    output, code = kubelet(cluster).exec(cluster.get("Pod", "default", "client"), None,
                                         ["wget", "-qO-", f"http://{ip}/"])
    assert code == 0 and "<h1>Welcome to nginx!</h1>" in output


def _nginx_and_busybox(command: list[str]) -> dict:
    obj = pod(cname="nginx")
    obj["spec"]["containers"].append({"name": "poller", "image": "busybox:1.36",
                                      "command": command})
    return obj


#: busybox wget as people write it: the URL is the word that is no option and no option's value.
WGET_LINES = {
    "no scheme, no dot": (["wget", "-qO-", "localhost"], 0, "<h1>Welcome to nginx!</h1>"),
    "option values around it": (["wget", "-T", "5", "-q", "-O", "-", "http://localhost:80/"],
                                0, "<h1>Welcome to nginx!</h1>"),
    "header value has a colon": (["wget", "-qO-", "--header", "Host: web", "127.0.0.1"], 0,
                                 "<h1>Welcome to nginx!</h1>"),
    "a port nothing listens on": (["wget", "-qO-", "localhost:8080"], 1,
                                  "wget: can't connect to remote host: Connection refused"),
    "no URL at all": (["wget", "-qO-"], 1, "Usage: wget"),
}


@pytest.mark.parametrize(("argv", "code", "shown"), WGET_LINES.values(), ids=WGET_LINES.keys())
def test_wget_reads_its_url_as_busybox_does(argv: list[str], code: int, shown: str) -> None:
    cluster = start(_nginx_and_busybox(["sleep", "3600"]))
    cluster.advance(2)
    output, status = kubelet(cluster).exec(cluster.get("Pod", "default", "web"), "poller", argv)
    assert (status, shown in output) == (code, True), output


def test_tail_f_dev_null_keeps_a_container_running() -> None:
    cluster = start(_nginx_and_busybox(["sh", "-c", "tail -f /dev/null"]))
    cluster.advance(120)
    assert column(cluster) == ("2/2", "Running", 0)


def test_the_restart_back_off_doubles_to_five_minutes_and_resets_after_ten() -> None:
    from kubelearn.cluster.controllers.kubelet import Backoff

    backoff, seen, now = Backoff(), [], 0
    for _ in range(7):
        backoff.next(now, now)
        seen.append(backoff.duration_ms // 1000)
        now += backoff.duration_ms
    assert seen == [10, 20, 40, 80, 160, 300, 300]
    backoff.next(now + 600_001, now + 600_001)  # ran for more than 10 min since the last update
    assert backoff.duration_ms == 10_000
