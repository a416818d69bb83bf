"""Sidecars (init containers with ``restartPolicy: Always``, stable in Kubernetes 1.33) as the
docs' examples use them, and the clock's guard against a controller that never lets it move."""

from __future__ import annotations

from corpus import CORPUS, needs_corpus

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run


def script(cluster: Cluster, *lines: str) -> list[str]:
    outputs = []
    for line in lines:
        result = run(cluster, line)
        outputs.append(result.output + result.error)
    return outputs


@needs_corpus
def test_a_sidecar_starts_first_and_the_app_starts_once_its_startup_probe_passes() -> None:
    cluster = Cluster()
    path = CORPUS / "pods/multi-container/startup-coordination.yaml"
    pods, logs, conf = script(cluster, f"apply -f {path}", "sleep 20s", "get pods",
                              "logs startup-coordination-example -c main-app",
                              "exec startup-coordination-example -c config-sidecar -- "
                              "cat /config/app.conf")[2:]
    assert pods.splitlines()[1].split()[1:4] == ["2/2", "Running", "0"]
    assert logs == conf == "greeting=hello\n"
    events = [(e["reason"], e["message"]) for e in cluster.store.list("Event", "default")]
    started = [m for r, m in events if r == "Started"]
    assert started == ["Started container config-sidecar", "Started container main-app"]
    assert not any(r == "Unhealthy" for r, _ in events)
    assert cluster.problems == []


@needs_corpus
def test_a_log_shipping_sidecar_follows_what_the_app_writes() -> None:
    cluster = Cluster()
    path = CORPUS / "application/deployment-sidecar.yaml"
    out = script(cluster, f"apply -f {path}", "sleep 5s", "logs deploy/myapp -c logshipper",
                 "exec deploy/myapp -c logshipper -- ls /opt/missing", "get pods")
    assert out[2].splitlines() == ["logging"] * 5
    assert out[3].startswith("ls: /opt/missing: No such file or directory")
    assert out[4].splitlines()[1].split()[1:3] == ["2/2", "Running"]


def test_a_sidecar_that_never_starts_holds_the_app_containers_back() -> None:
    cluster = Cluster()
    manifest = """\
apiVersion: v1
kind: Pod
metadata: {name: held}
spec:
  initContainers:
  - name: side
    image: busybox:1.36
    restartPolicy: Always
    command: [sh, -c, "sleep 3600"]
    startupProbe:
      exec: {command: [test, -f, /tmp/ready]}
      periodSeconds: 1
      failureThreshold: 1000
  containers:
  - name: app
    image: nginx:1.27
"""
    assert run(cluster, "apply -f held.yaml", files={"held.yaml": manifest}).status == 0
    cluster.advance(30)
    pod = cluster.get("Pod", "default", "held")
    assert [c["name"] for c in pod["status"].get("containerStatuses", [])
            if "running" in c["state"]] == []
    assert run(cluster, "get pods").output.splitlines()[1].split()[1:3] == ["0/2", "Init:0/1"]


class Stuck:
    """A broken controller: every sync sets a timer for the moment it is at."""

    name = "stuck"

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster

    def watches(self) -> dict:
        return {}

    def sync(self, key: str) -> None:
        self.cluster.at(self.cluster.now_ms, self, key)


def test_timers_that_keep_firing_at_one_moment_are_dropped_and_reported() -> None:
    cluster = Cluster(controllers=False)
    stuck = Stuck(cluster)
    cluster.add_controller(stuck)
    cluster.after(1, stuck, "x")
    cluster.advance(5)
    assert cluster.now_ms == 5000
    assert cluster.problems and "stuck" in cluster.problems[0]
