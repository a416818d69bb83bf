"""``kubectl patch`` (pkg/cmd/patch/patch.go) through the cluster's update path, and the
answer ``kubectl edit`` gives where no editor can open."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run

SETUP = ("create deployment web --image=nginx:1.25 --replicas=2", "expose deployment web --port=80")
SIDECAR = ('{"spec":{"template":{"spec":{"containers":[{"name":"log","image":"busybox",'
           '"command":["sleep","3600"]}]}}}}')

#: (the line, expected stdout, expected stderr start, status, a note expected)
CASES = [
    ("patch deployment web -p '{\"spec\":{\"replicas\":3}}'", "deployment.apps/web patched\n", "", 0, False),
    ("patch deploy/web -p '{\"spec\":{\"replicas\":2}}'", "deployment.apps/web patched (no change)\n", "", 0, False),
    ("patch deployment web -p 'spec: {replicas: 4}'", "deployment.apps/web patched\n", "", 0, False),
    (f"patch deployment web -p '{SIDECAR}'", "deployment.apps/web patched\n", "", 0, False),
    ("patch deployment web -p '{\"spec\":{\"replicas\":3}}' -o name", "deployment.apps/web\n", "", 0, False),
    ("patch deployment web -p '{\"spec\":{\"replicas\":3}}' --dry-run=client",
     "deployment.apps/web patched (dry run)\n", "", 0, False),
    ("patch svc web --type merge -p '{\"spec\":{\"type\":\"NodePort\"}}'", "service/web patched\n", "", 0, False),
    ("patch deployment web --type json -p "
     "'[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"nginx:1.26\"}]'",
     "deployment.apps/web patched\n", "", 0, False),
    ("patch deployment web --type json -p '[{\"op\":\"remove\",\"path\":\"/spec/nope\"}]'", "",
     "The request is invalid: the server rejected our request due to an error in our request\n", 1, True),
    ("patch deployment web --type json -p '{\"op\":\"remove\"}'", "",
     "Error from server (BadRequest): json: cannot unmarshal object into Go value of type "
     "jsonpatch.Patch\n", 1, False),
    ("patch deployment web --type yaml -p '{}'", "",
     'error: --type must be one of [json merge strategic], not "yaml"\n', 1, False),
    ("patch deployment web", "",
     "error: must specify --patch or --patch-file containing the contents of the patch\n", 1, False),
    ("patch deployment web -p '{\"spec\":{\"replicas\":-1}}'", "",
     'The Deployment "web" is invalid: spec.replicas', 1, True),
    ("patch deployment web -p '{\"metadata\":{\"name\":\"api\"}}'", "",
     "Error from server (BadRequest): the name of the object (api) does not match the name on "
     "the URL (web)\n", 1, False),
    ("patch deployment web -p '{\"metadata\":{\"resourceVersion\":\"1\"}}'", "",
     'Error from server (Conflict): Operation cannot be fulfilled on deployments.apps "web": the '
     "object has been modified", 1, False),
    ("patch deployment nope -p '{}'", "", 'Error from server (NotFound): deployments.apps "nope" not found\n', 1, False),
    ("patch deployment web -p '{bad'", "",
     "error: unable to parse \"{bad\": yaml: line 2: did not find expected ',' or '}'\n", 1, False),
    ("patch deployment web -p 'a: &a [*a, *a]'", "", "error: the patch holds more than", 1, False),
    ("edit deployment web", "", "error: kubectl edit needs an editor", 1, True),
    ("edit deployment nope", "", 'Error from server (NotFound): deployments.apps "nope" not found\n', 1, False),
]


@pytest.mark.parametrize(("line", "out", "err", "status", "noted"), CASES, ids=[c[0][:60] for c in CASES])
def test_patch(cluster: Cluster, line: str, out: str, err: str, status: int, noted: bool) -> None:
    for before in SETUP:
        assert run(cluster, before).status == 0, before
    result = run(cluster, line)
    assert result.output == out
    assert result.error.startswith(err) if err else result.error == ""
    assert result.status == status
    assert bool(result.notes) is noted
    assert not cluster.problems


def test_a_strategic_patch_merges_containers_and_starts_a_rollout(cluster: Cluster) -> None:
    for before in SETUP:
        run(cluster, before)
    deploy = cluster.get("Deployment", "default", "web")
    generation = deploy["metadata"]["generation"]
    assert run(cluster, f"patch deployment web -p '{SIDECAR}'").status == 0
    deploy = cluster.get("Deployment", "default", "web")
    containers = deploy["spec"]["template"]["spec"]["containers"]
    assert [c["name"] for c in containers] == ["nginx", "log"]
    assert containers[1]["imagePullPolicy"] == "Always"  # defaults, as for any update
    assert deploy["metadata"]["generation"] == generation + 1
    assert len(cluster.list("ReplicaSet", "default")) == 2
    gone = "'{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"log\",\"$patch\":\"delete\"}]}}}}'"
    assert run(cluster, f"patch deployment web -p {gone}").status == 0
    containers = cluster.get("Deployment", "default", "web")["spec"]["template"]["spec"]["containers"]
    assert [c["name"] for c in containers] == ["nginx"]


def test_a_dry_run_changes_nothing_and_update_rules_hold(cluster: Cluster) -> None:
    for before in SETUP:
        run(cluster, before)
    run(cluster, "patch deployment web -p '{\"spec\":{\"replicas\":5}}' --dry-run=server")
    assert cluster.get("Deployment", "default", "web")["spec"]["replicas"] == 2
    refused = run(cluster, "patch deployment web -p "
                           "'{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"api\"}},"
                           "\"template\":{\"metadata\":{\"labels\":{\"app\":\"api\"}}}}}'")
    assert refused.status == 1 and 'The Deployment "web" is invalid: spec.selector' in refused.error
