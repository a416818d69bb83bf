"""A container that uses more memory than its limit is OOMKilled (exit 137) and restarted
with back-off; what it uses comes from its program, here ``stress`` of ``polinux/stress``
as the docs' "Assign Memory Resources to Containers and Pods" task runs it."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.process import Context, run_now
from kubelearn.cluster.process.stress import USAGE, stress


def stress_pod(args: list[str], limit: str | None, restart: str = "Always") -> dict:
    container: dict = {"name": "s", "image": "polinux/stress", "command": ["stress"], "args": args}
    if limit:
        container["resources"] = {"limits": {"memory": limit}}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "s"},
            "spec": {"containers": [container], "restartPolicy": restart}}


def status_of(cluster: Cluster) -> dict:
    return cluster.get("Pod", "default", "s")["status"]["containerStatuses"][0]


@pytest.mark.parametrize(("args", "limit", "killed"), [
    (["--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"], "200Mi", False),  # the docs' first
    (["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"], "100Mi", True),  # the docs' second
    (["--vm", "1", "--vm-bytes", "100M"], "100Mi", False),  # exactly the limit is allowed
    (["--vm", "1", "--vm-bytes", "100M"], "100M", True),  # stress's M is MiB, the limit's is 10**6
    (["--vm", "2", "--vm-bytes", "60M"], "100Mi", True),  # every worker's memory counts
    (["--vm", "1"], "200Mi", True),  # the default is 256 MiB per worker
    (["--vm", "1"], None, False),  # no limit, no OOM kill
    (["--cpu", "2"], "10Mi", False),  # cpu workers allocate nothing
    (["--vm", "1", "--vm-bytes", "1g"], "1Gi", False),
    (["--vm", "1", "--vm-bytes", "1025m"], "1Gi", True),
])
def test_memory_over_the_limit_is_oomkilled(args: list[str], limit: str | None, killed: bool) -> None:
    c = Cluster(seed=0)
    c.create(stress_pod(args, limit))
    c.advance(5)
    status = status_of(c)
    if killed:
        terminated = status["lastState"]["terminated"]
        assert (terminated["reason"], terminated["exitCode"]) == ("OOMKilled", 137)
        assert status["restartCount"] >= 1
    else:
        assert "running" in status["state"] and status["restartCount"] == 0


def test_an_oomkilled_container_backs_off_like_any_crash() -> None:
    c = Cluster(seed=0)
    c.create(stress_pod(["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"], "100Mi"))
    c.advance(3)
    status = status_of(c)
    assert status["state"]["waiting"]["reason"] == "CrashLoopBackOff"
    assert "back-off 10s" in status["state"]["waiting"]["message"]
    c.advance(60)
    # restarts at once, then after 10 s, 20 s and (not yet at 63 s) 40 s
    assert status_of(c)["restartCount"] == 3
    assert status_of(c)["lastState"]["terminated"]["reason"] == "OOMKilled"


def test_with_restart_policy_never_the_pod_fails_with_the_oom_reason() -> None:
    c = Cluster(seed=0)
    c.create(stress_pod(["--vm", "1", "--vm-bytes", "250M"], "100Mi", restart="Never"))
    c.advance(5)
    pod = c.get("Pod", "default", "s")
    assert pod["status"]["phase"] == "Failed"
    terminated = pod["status"]["containerStatuses"][0]["state"]["terminated"]
    assert (terminated["reason"], terminated["exitCode"]) == ("OOMKilled", 137)


def test_a_timeout_ends_the_run_successfully_within_the_limit() -> None:
    c = Cluster(seed=0)
    c.create(stress_pod(["--vm", "1", "--vm-bytes", "10M", "--timeout", "5s"], "100Mi",
                        restart="Never"))
    c.advance(10)
    pod = c.get("Pod", "default", "s")
    assert pod["status"]["phase"] == "Succeeded"
    log = c.controller("kubelet").logs(pod)
    assert log == ("stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n"
                   "stress: info: [1] successful run completed in 5s\n")


def ctx() -> Context:
    return Context(env={}, files=None, hostname="s", pod_ip="10.244.1.2", now=lambda: 0)


@pytest.mark.parametrize(("argv", "out", "code"), [
    (["stress", "--vm", "x"], "stress: FAIL: [1] unrecognized suffix: x\n", 1),
    (["stress", "--vm"], "stress: FAIL: [1] missing argument to option '--vm'\n", 1),
    (["stress", "--bogus"], "stress: FAIL: [1] unrecognized option: --bogus\n", 1),
    (["stress", "--vm", "0"], "stress: FAIL: [1] invalid number of vm hogs: 0\n", 1),
    (["stress", "--timeout", "0"], "stress: FAIL: [1] invalid timeout value: 0s\n", 1),
    (["stress"], USAGE, 0),
    (["stress", "--help"], USAGE, 0),
])
def test_stress_options_as_stress_reads_them(argv: list[str], out: str, code: int) -> None:
    assert run_now(stress(argv), ctx()) == (out, code)
