"""The image catalogue, the shell model and the STATUS column, as tables."""

from __future__ import annotations

import pytest

from kubelearn.cluster import images, process, volumes
from kubelearn.cluster.podstatus import status_column


@pytest.mark.parametrize(("image", "full", "fails"), [
    ("nginx", "docker.io/library/nginx:latest", False),
    ("nginx:1.27", "docker.io/library/nginx:1.27", False),
    ("nginx:1.27.5-alpine", "docker.io/library/nginx:1.27.5-alpine", False),
    ("nginx:doesnotexist", "docker.io/library/nginx:doesnotexist", True),
    ("nginx:1.999", "docker.io/library/nginx:1.999", True),
    # The tags the Kubernetes docs use exist; their example of a typo (1.161) does not.
    ("nginx:1.7.9", "docker.io/library/nginx:1.7.9", False),
    ("nginx:1.14.2", "docker.io/library/nginx:1.14.2", False),
    ("nginx:1.16.1", "docker.io/library/nginx:1.16.1", False),
    ("nginx:1.161", "docker.io/library/nginx:1.161", True),
    ("hashicorp/http-echo:1.0", "docker.io/hashicorp/http-echo:1.0", False),
    ("registry.k8s.io/e2e-test-images/agnhost:2.53", "registry.k8s.io/e2e-test-images/agnhost:2.53", False),
    ("registry.k8s.io/e2e-test-images/agnhost:9.9", "registry.k8s.io/e2e-test-images/agnhost:9.9", True),
    ("ghcr.io/acme/shop:v3", "ghcr.io/acme/shop:v3", False),
])
def test_references_and_which_tags_exist(image: str, full: str, fails: bool) -> None:
    ref = images.parse(image)
    assert ref is not None and ref.full == full
    assert (images.Catalogue().pull_error(image) is not None) == fails


@pytest.mark.parametrize("image", ["NGINX", "nginx:", "nginx::1", "a b"])
def test_unparseable_references(image: str) -> None:
    assert images.parse(image) is None


@pytest.mark.parametrize(("ms", "text"), [(850, "850ms"), (1200, "1.2s"), (1234, "1.234s"),
                                          (65_500, "1m5.5s"), (2000, "2s")])
def test_go_durations(ms: int, text: str) -> None:
    assert images.go_duration(ms) == text


def run_script(script: str, env: dict | None = None, until_ms: int = 60_000) -> tuple[str, int | None]:
    files = volumes.ContainerFiles({"/etc/motd": "hi there\n"})
    ctx = process.Context(env=dict(env or {"HOSTNAME": "pod"}), files=files, hostname="pod",
                          pod_ip="10.244.1.2", now=lambda: 0)
    proc = process.Process(process.trapping(process.script_program(script, ctx)), 0, ctx, "trap")
    proc.advance(until_ms)
    return proc.text(), proc.exit_code


@pytest.mark.parametrize(("script", "log", "code"), [
    ("echo hello; echo world", "hello\nworld\n", 0),
    ("echo a && false && echo b || echo c", "a\nc\n", 0),
    ("exit 3", "", 3),
    ("foo", "sh: foo: not found\n", 127),
    ("echo start; sleep 10; echo end", "start\nend\n", 0),
    ("for i in 1 2 3; do echo n=$i; done", "n=1\nn=2\nn=3\n", 0),
    ("cat /etc/motd", "hi there\n", 0),
    ("cat /nope", "cat: can't open '/nope': No such file or directory\n", 1),
    ('echo "$HOSTNAME says \'hi\'"', "pod says 'hi'\n", 0),
    ("echo $(hostname)-x", "pod-x\n", 0),
    ("if [ -f /etc/motd ]; then echo yes; else echo no; fi", "yes\n", 0),
    ("echo saved > /tmp/f; cat /tmp/f", "saved\n", 0),
    ("i=0; until [ $i -ge 2 ]; do echo $i; i=$((i+1)); done", "0\n1\n", 0),
    ("date", "Mon Jun  2 09:00:00 UTC 2025\n", 0),
    ("echo 'unterminated", "sh: syntax error: unterminated quoted string\n", 2),
    ("echo bye; exit 1; echo never", "bye\n", 1),
])
def test_the_shell_model(script: str, log: str, code: int) -> None:
    assert run_script(script) == (log, code)


def test_a_loop_with_sleep_logs_over_time_and_never_exits() -> None:
    text, code = run_script("while true; do echo tick; sleep 5; done", until_ms=12_000)
    assert (text, code) == ("tick\ntick\ntick\n", None)


def test_a_busy_loop_is_bounded_in_time_and_memory() -> None:
    text, code = run_script("while true; do echo spam; done", until_ms=86_400_000)
    assert code is None and text.count("spam") == process.MAX_LOG_LINES


def test_servers_listen_and_answer() -> None:
    files = volumes.ContainerFiles({})
    ctx = process.Context(env={}, files=files, hostname="echo-1", pod_ip="10.244.1.2", now=lambda: 0)
    program, on_term = process.program_for(process.Spec("http-echo", ["-text=hello", "-listen=:8080"], []), ctx)
    proc = process.Process(program, 0, ctx, on_term)
    proc.advance(0)
    assert proc.listening == {8080: ("http-echo", "hello")}
    assert process.serve(proc.listening[8080], "GET", "/", {}, ctx, proc.write, "10.0.0.1").body == "hello\n"
    assert proc.exits_at_sigterm() == 0
    program, on_term = process.program_for(process.Spec("agnhost", ["netexec", "--http-port=8080"], []), ctx)
    proc = process.Process(program, 0, ctx, on_term)
    proc.advance(0)
    assert process.serve(proc.listening[8080], "GET", "/echo?msg=hi", {}, ctx, proc.write, "x").body == "hi"
    assert process.serve(proc.listening[8080], "GET", "/hostname", {}, ctx, proc.write, "x").body == "echo-1"
    assert proc.exits_at_sigterm() == 2


def _pod(phase: str, statuses: list[dict], *, inits: list[dict] | None = None,
         deleting: bool = False, ready: bool = False, n_init: int = 0) -> dict:
    conditions = [{"type": "Ready", "status": "True" if ready else "False"},
                  {"type": "Initialized", "status": "False" if inits and n_init else "True"}]
    status = {"phase": phase, "containerStatuses": statuses, "conditions": conditions}
    if inits is not None:
        status["initContainerStatuses"] = inits
    meta: dict = {"name": "p"}
    if deleting:
        meta["deletionTimestamp"] = "2025-06-02T09:00:30Z"
    return {"metadata": meta, "spec": {"containers": [{"name": s["name"]} for s in statuses],
                                       "initContainers": [{"name": f"i{k}"} for k in range(n_init)]},
            "status": status}


def _c(name: str, state: dict, ready: bool = False, restarts: int = 0) -> dict:
    return {"name": name, "state": state, "ready": ready, "restartCount": restarts}


RUNNING = {"running": {"startedAt": "2025-06-02T09:00:00Z"}}


@pytest.mark.parametrize(("obj", "expected"), [
    (_pod("Pending", [_c("a", {"waiting": {"reason": "ContainerCreating"}})]), ("0/1", "ContainerCreating", 0)),
    (_pod("Running", [_c("a", RUNNING, True)], ready=True), ("1/1", "Running", 0)),
    (_pod("Running", [_c("a", RUNNING, False)]), ("0/1", "Running", 0)),
    (_pod("Running", [_c("a", {"waiting": {"reason": "CrashLoopBackOff"}}, restarts=4)]), ("0/1", "CrashLoopBackOff", 4)),
    (_pod("Succeeded", [_c("a", {"terminated": {"exitCode": 0, "reason": "Completed"}})]), ("0/1", "Completed", 0)),
    (_pod("Failed", [_c("a", {"terminated": {"exitCode": 1, "reason": "Error"}})]), ("0/1", "Error", 0)),
    (_pod("Failed", [_c("a", {"terminated": {"exitCode": 2}})]), ("0/1", "ExitCode:2", 0)),
    (_pod("Pending", [_c("a", {"waiting": {"reason": "ImagePullBackOff"}})]), ("0/1", "ImagePullBackOff", 0)),
    (_pod("Running", [_c("a", RUNNING, True)], ready=True, deleting=True), ("1/1", "Terminating", 0)),
    (_pod("Succeeded", [_c("a", {"terminated": {"exitCode": 0, "reason": "Completed"}})], deleting=True),
     ("0/1", "Completed", 0)),
    (_pod("Running", [_c("a", {"terminated": {"exitCode": 0, "reason": "Completed"}}), _c("b", RUNNING, True)],
          ready=False), ("1/2", "NotReady", 0)),
    (_pod("Pending", [_c("a", {"waiting": {"reason": "PodInitializing"}})],
          inits=[_c("i0", RUNNING)], n_init=1), ("0/1", "Init:0/1", 0)),
    (_pod("Pending", [_c("a", {"waiting": {"reason": "PodInitializing"}})],
          inits=[_c("i0", {"waiting": {"reason": "CrashLoopBackOff"}}, restarts=2)], n_init=1),
     ("0/1", "Init:CrashLoopBackOff", 2)),
    (_pod("Failed", [_c("a", {"waiting": {"reason": "PodInitializing"}})],
          inits=[_c("i0", {"terminated": {"exitCode": 1, "reason": "Error"}})], n_init=1), ("0/1", "Init:Error", 0)),
])
def test_the_status_column(obj: dict, expected: tuple) -> None:
    assert status_column(obj) == expected
