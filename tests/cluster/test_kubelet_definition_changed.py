"""A running Pod whose container image changes (``kubectl set image pod/...``, or apply) is
restarted by the kubelet with the new image, as kuberuntime_manager.go ``computePodActions``
does when the container's hash (name and image) changed: "definition changed, will be
restarted", whatever the restartPolicy, with a fresh back-off."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run
from kubelearn.cluster.podstatus import status_column


def events(cluster: Cluster, since: int = 0) -> list[tuple[str, str]]:
    found = cluster.events_for(cluster.get("Pod", "default", "web"))
    return [(e["reason"], e["message"]) for e in found][since:]


def status(cluster: Cluster) -> dict:
    return cluster.get("Pod", "default", "web")["status"]["containerStatuses"][0]


#: (kubectl run flags, how long after the change the new container runs, old exit code)
CASES = [
    # nginx exits at SIGTERM; the new image is pulled (1.2 s) and started.
    ("--image=nginx:1.27", 1.2, 0),
    # sleep as PID 1 ignores SIGTERM: killed after the 30 s grace period, exit 137.
    ("--image=busybox:1.36 -- sleep 3600", 30.5, 137),
    # restartPolicy Never: restarted all the same (the spec changed).
    ("--image=nginx:1.27 --restart=Never", 1.2, 0),
]


@pytest.mark.parametrize(("flags", "after", "code"), CASES, ids=[c[0] for c in CASES])
def test_a_changed_image_restarts_the_container(flags: str, after: float, code: int) -> None:
    cluster = Cluster(seed=0)
    assert run(cluster, f"run web {flags}").status == 0, flags
    run(cluster, "sleep 10s")
    assert status_column(cluster.get("Pod", "default", "web"))[1] == "Running"
    seen = len(events(cluster))
    new = "nginx:1.28" if "nginx" in flags else "busybox:1.37"
    assert run(cluster, f"set image pod/web web={new}").status == 0
    assert events(cluster, seen)[0] == ("Killing", "Container web definition changed, will be restarted")
    cluster.advance(after)
    # The new events, in order, then Created and Started again (aggregated: count 2).
    assert events(cluster, seen)[:2] == [
        ("Killing", "Container web definition changed, will be restarted"),
        ("Pulling", f'Pulling image "{new}"')]
    assert events(cluster, seen)[2][0] == "Pulled"
    counts = {e["reason"]: e["count"] for e in cluster.events_for(cluster.get("Pod", "default", "web"))}
    assert counts["Created"] == counts["Started"] == 2
    assert status_column(cluster.get("Pod", "default", "web"))[1:] == ("Running", 1)
    assert status(cluster)["image"] == f"docker.io/library/{new}"
    assert status(cluster)["lastState"]["terminated"]["exitCode"] == code


def test_an_unchanged_image_keeps_the_container() -> None:
    cluster = Cluster(seed=0)
    run(cluster, "run web --image=nginx:1.27")
    run(cluster, "sleep 5s")
    run(cluster, "label pod web tier=front")
    run(cluster, "sleep 5s")
    assert status_column(cluster.get("Pod", "default", "web"))[1:] == ("Running", 0)
    assert "Killing" not in [reason for reason, _ in events(cluster)]


def test_fixing_a_bad_image_pulls_the_new_one_at_once() -> None:
    """A container waiting in ImagePullBackOff starts from the new spec on the Pod's update."""
    cluster = Cluster(seed=0)
    run(cluster, "run web --image=nginx:1.999")
    run(cluster, "sleep 30s")
    assert status_column(cluster.get("Pod", "default", "web"))[1] in ("ImagePullBackOff", "ErrImagePull")
    run(cluster, "set image pod/web web=nginx:1.27")
    cluster.advance(1.2)
    assert status_column(cluster.get("Pod", "default", "web"))[1:] == ("Running", 0)
    assert "Killing" not in [reason for reason, _ in events(cluster)]


def test_a_sidecar_whose_image_changed_is_restarted() -> None:
    """computeInitContainerActions: "Init container x definition changed", no "will be
    restarted" (a sidecar always is)."""
    cluster = Cluster(seed=0)
    cluster.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {
        "initContainers": [{"name": "side", "image": "busybox:1.36", "restartPolicy": "Always",
                            "command": ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]}],
        "containers": [{"name": "web", "image": "nginx:1.27"}]}})
    cluster.advance(10)
    pod = cluster.get("Pod", "default", "web")
    pod["spec"]["initContainers"][0]["image"] = "busybox:1.37"
    cluster.update(pod)
    cluster.settle()
    assert ("Killing", "Init container side definition changed") in events(cluster)
    cluster.advance(2)
    side = cluster.get("Pod", "default", "web")["status"]["initContainerStatuses"][0]
    assert side["restartCount"] == 1 and side["image"] == "docker.io/library/busybox:1.37"
    assert status(cluster)["restartCount"] == 0


def test_apply_of_a_changed_image_restarts_the_container() -> None:
    manifest = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n"
                "  - name: nginx\n    image: nginx:{}\n")
    cluster = Cluster(seed=0)
    assert run(cluster, "apply -f p.yaml", files={"p.yaml": manifest.format("1.27")}).status == 0
    run(cluster, "sleep 5s")
    result = run(cluster, "apply -f p.yaml", files={"p.yaml": manifest.format("1.28")})
    assert result.output == "pod/web configured\n"
    run(cluster, "sleep 5s")
    assert status_column(cluster.get("Pod", "default", "web"))[1:] == ("Running", 1)
    assert ("Killing", "Container nginx definition changed, will be restarted") in events(cluster)
