"""The nginx image's own binary, run by ``kubectl exec`` beside the server: its options answer
as src/core/nginx.c answers them (all on stderr, which exec shows), and ``-s quit`` ends the
container's main process, which the kubelet then restarts."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run

VERSION = "nginx version: nginx/1.27.5\n"
TEST_OK = ("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
           "nginx: configuration file /etc/nginx/nginx.conf test is successful\n")

#: (exec argv, output, exit code)
CASES = [
    ("nginx -v", VERSION, 0),
    ("/usr/sbin/nginx -v", VERSION, 0),
    ("nginx -t", TEST_OK, 0),
    ("nginx -tq", "", 0),
    ("nginx -t -c /etc/nginx/missing.conf",
     'nginx: [emerg] open() "/etc/nginx/missing.conf" failed (2: No such file or directory)\n'
     "nginx: configuration file /etc/nginx/missing.conf test failed\n", 1),
    ("nginx -x", 'nginx: invalid option: "x"\n', 1),
    ("nginx reload", 'nginx: invalid option: "reload"\n', 1),
    ("nginx -s", 'nginx: option "-s" requires parameter\n', 1),
    ("nginx -s restart", 'nginx: invalid option: "-s restart"\n', 1),
    ("nginx -s reload", "2025/06/02 09:00:05 [notice] 47#47: signal process started\n", 0),
    ("sh -c 'nginx -v 2>&1 | grep version'", VERSION, 0),
]


@pytest.fixture
def cluster() -> Cluster:
    cluster = Cluster(seed=0)
    assert run(cluster, "run web --image=nginx:1.27").status == 0
    run(cluster, "sleep 5s")
    return cluster


@pytest.mark.parametrize(("argv", "output", "code"), CASES, ids=[c[0] for c in CASES])
def test_nginx_options(cluster: Cluster, argv: str, output: str, code: int) -> None:
    result = run(cluster, f"exec web -- {argv}")
    assert result.output == output
    assert result.status == (1 if code else 0)
    if code:
        assert result.error == f"command terminated with exit code {code}\n"


def test_help_lists_the_image_paths(cluster: Cluster) -> None:
    out = run(cluster, "exec web -- nginx -h").output
    assert out.startswith(VERSION + "Usage: nginx [-?hvVtTq] [-s signal] [-p prefix]\n")
    assert "  -p prefix     : set prefix path (default: /etc/nginx/)\n" in out


def test_a_second_nginx_cannot_bind_port_80(cluster: Cluster) -> None:
    result = run(cluster, "exec web -- nginx -g 'daemon off;'")
    lines = result.output.splitlines()
    assert lines[:2] == [
        "2025/06/02 09:00:05 [emerg] 47#47: bind() to 0.0.0.0:80 failed (98: Address already in use)",
        "nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)"]
    assert lines[-1] == "nginx: [emerg] still could not bind()"
    assert sum("try again to bind() after 500ms" in line for line in lines) == 5


def test_quit_ends_the_main_process_and_the_kubelet_restarts_it(cluster: Cluster) -> None:
    assert run(cluster, "exec web -- nginx -s quit").status == 0
    run(cluster, "sleep 1s")
    assert "Running   1 (1s ago)" in run(cluster, "get pod web").output


def test_busybox_has_no_nginx() -> None:
    cluster = Cluster(seed=0)
    run(cluster, "run bb --image=busybox:1.36 -- sleep 3600")
    run(cluster, "sleep 5s")
    result = run(cluster, "exec bb -- sh -c 'nginx -v'")
    assert result.output == "sh: nginx: not found\n"
