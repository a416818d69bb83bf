"""One ``|`` between a kubectl command (or ``cat``) and a kubectl command reading ``-f -``;
anything else piped is refused with a clear message, never read as kubectl flags."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run
from kubelearn.cluster.kubectl.pipes import segments

GENERATE = "kubectl create deployment web --image=nginx:1.25 --dry-run=client -o yaml"


@pytest.mark.parametrize(("line", "parts"), [
    ("get pods", ["get pods"]),
    ("a | b", ["a ", " b"]),
    ("get pods -o jsonpath='{.a|b}'", ["get pods -o jsonpath='{.a|b}'"]),
    ('patch x -p "{\\"a\\": \\"|\\"}"', ['patch x -p "{\\"a\\": \\"|\\"}"']),
    ("get pods # a | b", ["get pods # a | b"]),
    ("get pods x#y | b", ["get pods x#y ", " b"]),
    ("a \\| b", ["a \\| b"]),
    ("a || b", ["a || b"]),
    ("a | b | c", ["a ", " b ", " c"]),
])
def test_segments(line: str, parts: list[str]) -> None:
    assert segments(line) == parts


#: (line, stdout, stderr start, status, a note expected)
CASES = [
    (f"{GENERATE} | kubectl apply -f -", "deployment.apps/web created\n", "", 0, False),
    (f"{GENERATE} | kubectl create -f -", "deployment.apps/web created\n", "", 0, False),
    (f"{GENERATE} | apply --filename=-", "deployment.apps/web created\n", "", 0, False),
    (f"{GENERATE} | kubectl apply -f - -o name", "deployment.apps/web\n", "", 0, False),
    ("kubectl create deployment web | kubectl apply -f -", "",
     "error: required flag(s) \"image\" not set\nSee 'kubectl create deployment -h' for help and "
     "examples\nerror: no objects passed to apply\n", 1, False),
    ("cat <<EOF | kubectl apply -f -", "", "error: no objects passed to apply\n", 1, False),
    ("kubectl get pods | grep web", "",
     'error: the offline cluster runs a pipe only as "kubectl ... | kubectl ... -f -" or '
     '"cat FILE | kubectl ... -f -": it cannot run "grep" here\n', 1, True),
    ("kubectl get pods | head -3", "", "error: the offline cluster runs a pipe only", 1, True),
    ("helm template x | kubectl apply -f -", "", "error: the offline cluster runs a pipe only", 1, True),
    ("get pods | apply -f - | get pods", "", "error: the offline cluster runs a pipe only", 1, True),
    ("get pods |", "", "error: the offline cluster runs a pipe only", 1, True),
]


@pytest.mark.parametrize(("line", "out", "err", "status", "noted"), CASES, ids=[c[0][-40:] for c in CASES])
def test_pipeline(cluster: Cluster, line: str, out: str, err: str, status: int, noted: bool) -> None:
    result = run(cluster, line)
    assert result.output == out
    assert result.error.startswith(err) if err else result.error == ""
    assert result.status == status
    assert bool(result.notes) is noted
    assert not cluster.problems


def test_the_same_generated_yaml_applied_twice_is_unchanged(cluster: Cluster) -> None:
    """``creationTimestamp: null`` in the generator's YAML is null in the last-applied
    configuration too: no change to send, and the stored timestamp stays."""
    run(cluster, f"{GENERATE} | kubectl apply -f -")
    stamp = cluster.get("Deployment", "default", "web")["metadata"]["creationTimestamp"]
    again = run(cluster, f"{GENERATE} | kubectl apply -f -")
    assert again.output == "deployment.apps/web unchanged\n"
    assert cluster.get("Deployment", "default", "web")["metadata"]["creationTimestamp"] == stamp


def test_cat_reads_the_callers_files_and_a_heredoc_through_stdin(cluster: Cluster) -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"
    assert run(cluster, "cat c.yaml | kubectl apply -f -", files={"c.yaml": text}).output == \
        "configmap/c created\n"
    other = text.replace("name: c", "name: d")
    assert run(cluster, "cat | kubectl apply -f -", stdin=other).output == "configmap/d created\n"
