"""busybox wget's command line as its getopt32 reads it (wget.c), a URL without a scheme
as http://, a name that does not resolve as a bad address, and ``kubectl exec`` of a
program the image lacks as containerd and kubectl report it."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run
from kubelearn.cluster.process.tools import _curl_args, _wget_args


@pytest.mark.parametrize(("args", "urls", "headers", "output", "quiet"), [
    (["-qO-", "api"], ["api"], {}, "-", True),
    (["-q", "-O", "-", "http://api/"], ["http://api/"], {}, "-", True),
    (["-O", "page.html", "api"], ["api"], {}, "page.html", False),
    (["-Opage", "api:8080/x"], ["api:8080/x"], {}, "page", False),
    (["--header", "Host: a.example", "-qO-", "web"], ["web"], {"Host": "a.example"}, "-", True),
    (["--header=Host: b", "--output-document=-", "web"], ["web"], {"Host": "b"}, "-", False),
    (["-T", "5", "-q", "web"], ["web"], {}, None, True),
    (["--quiet", "--spider", "web"], ["web"], {}, None, True),
    (["-nv", "web"], ["web"], {}, None, False),
    (["--", "-odd"], ["-odd"], {}, None, False),
])
def test_wget_reads_its_options_as_getopt32(args: list[str], urls: list[str], headers: dict,
                                            output: str | None, quiet: bool) -> None:
    assert _wget_args(args) == (urls, headers, output, quiet)


@pytest.mark.parametrize(("args", "urls", "headers"), [
    (["-s", "api"], ["api"], {}),
    (["-H", "Host: x", "-o", "/dev/null", "web:8080"], ["web:8080"], {"Host": "x"}),
    (["-sS", "-X", "GET", "http://web/"], ["http://web/"], {}),
])
def test_curl_operands_are_urls(args: list[str], urls: list[str], headers: dict) -> None:
    assert _curl_args(args) == (urls, headers)


@pytest.fixture(scope="module")
def cluster() -> Cluster:
    c = Cluster(seed=0)
    for line in ("kubectl create deployment api --image=nginx:1.27",
                 "kubectl expose deployment api --port=80",
                 "kubectl run box --image=busybox:1.36 -- sleep 3600"):
        assert run(c, line).status == 0
    c.advance(10)
    return c


@pytest.mark.parametrize(("line", "output", "error"), [
    ("kubectl exec box -- wget -qO- nope", "wget: bad address 'nope'\n",
     "command terminated with exit code 1"),
    ("kubectl exec box -- wget -qO- api.other", "wget: bad address 'api.other'\n",
     "command terminated with exit code 1"),
])
def test_wget_of_a_name_that_does_not_resolve(cluster: Cluster, line: str, output: str,
                                               error: str) -> None:
    result = run(cluster, line)
    assert (result.output, result.error.strip(), result.status) == (output, error, 1)


@pytest.mark.parametrize("line", [
    "kubectl exec box -- wget -qO- api",
    "kubectl exec box -- wget -qO- api.default",
    "kubectl exec box -- wget -q -O - http://api.default.svc.cluster.local/",
])
def test_wget_without_a_scheme_asks_over_http(cluster: Cluster, line: str) -> None:
    result = run(cluster, line)
    assert result.status == 0 and "<title>Welcome to nginx!</title>" in result.output


@pytest.mark.parametrize("program", ["bash", "curl", "/usr/bin/ps"])
def test_exec_of_a_missing_program_is_containerds_error(cluster: Cluster, program: str) -> None:
    result = run(cluster, f"kubectl exec box -- {program}")
    assert result.status == 1 and result.output == ""
    head, exec_id, tail = result.error.strip().split('"', 2)
    assert head == ("error: Internal error occurred: error executing command in container: "
                    "failed to exec in container: failed to start exec ")
    assert len(exec_id) == 64 and all(c in "0123456789abcdef" for c in exec_id)
    assert tail == (': OCI runtime exec failed: exec failed: unable to start container process: '
                    f'exec: "{program}": executable file not found in $PATH: unknown')
