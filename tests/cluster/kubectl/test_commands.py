"""kubectl's answers, command by command, as a learner types them: what goes to stdout, what
to stderr, the exit status. The words are kubectl 1.33's (k8s.io/kubectl/pkg/cmd/...)."""

from __future__ import annotations

import json

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run

DEPLOY = "create deployment web --image=nginx:1.25 --replicas=2"

#: (setup lines, the line, expected stdout (exact, or None), expected stderr start, status)
CASES = [
    ((), "kubectl version --client", "Client Version: v1.33.1\nKustomize Version: v5.6.0\n", "", 0),
    ((), "# only a comment", "", "", 0),
    ((), "", "", "", 0),
    ((), "get pods", "", "No resources found in default namespace.\n", 0),
    ((), "get pods -A -l app=web", "", "No resources found\n", 0),
    ((), "get pods -n kube-public", "", "No resources found in kube-public namespace.\n", 0),
    ((), "get deploy -n kube-node-lease", "", "No resources found in kube-node-lease namespace.\n",
     0),
    ((), "-n nowhere get pods", "", "No resources found in nowhere namespace.\n", 0),
    ((), "get deploy web", "", 'Error from server (NotFound): deployments.apps "web" not found\n', 1),
    ((), "get nope", "", 'error: the server doesn\'t have a resource type "nope"\n', 1),
    ((), "get statefulsets", "", "No resources found in default namespace.\n", 0),
    ((), "bogus", "", 'error: unknown command "bogus" for "kubectl"\n', 1),
    ((), "get pods --nope", "", "error: unknown flag: --nope\n", 1),
    ((), "get pods -z", "", "error: unknown shorthand flag: 'z' in -z\n", 1),
    ((), "scale deploy web --replicas=abc", "",
     'error: invalid argument "abc" for "--replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax\n', 1),
    ((), "get pods 'unterminated", "", "error: could not read the command line", 1),
    ((DEPLOY,), "get deploy web -o name", "deployment.apps/web\n", "", 0),
    ((DEPLOY,), "get deploy,rs -o name", None, "", 0),
    ((DEPLOY,), "scale deployment/web --replicas=3", "deployment.apps/web scaled\n", "", 0),
    ((DEPLOY,), "scale pod/x --replicas=3", "", 'Error from server (NotFound): pods "x" not found\n', 1),
    ((DEPLOY,), "set image deployment/web nginx=nginx:1.26", "deployment.apps/web image updated\n", "", 0),
    ((DEPLOY,), "set image deployment/web nginx=nginx:1.25", "", "", 0),
    ((DEPLOY,), "set image deployment/web nope=nginx:1.26", "",
     'error: unable to find container named "nope"\n', 1),
    ((DEPLOY,), "set env deployment/web MODE=fast", "deployment.apps/web env updated\n", "", 0),
    ((DEPLOY,), "label deployment web tier=front", "deployment.apps/web labeled\n", "", 0),
    ((DEPLOY,), "label deployment web app=other", "",
     "error: 'app' already has a value (web), and --overwrite is false\n", 1),
    ((DEPLOY,), "label deployment web app-", "deployment.apps/web unlabeled\n", "", 0),
    ((DEPLOY,), "annotate deployment web note=hi", "deployment.apps/web annotated\n", "", 0),
    ((DEPLOY,), "expose deployment web --port=80", "service/web exposed\n", "", 0),
    ((DEPLOY,), "expose deployment web", "",
     "error: couldn't find port via --port flag or introspection", 1),
    ((DEPLOY,), "delete deployment web", 'deployment.apps "web" deleted\n', "", 0),
    ((DEPLOY,), "delete deployment web --cascade=orphan", 'deployment.apps "web" deleted\n', "", 0),
    ((DEPLOY,), "delete deployment web --now --grace-period=5", "",
     "error: --now and --grace-period cannot be specified together\n", 1),
    ((DEPLOY,), "rollout pause deployment/web", "deployment.apps/web paused\n", "", 0),
    ((DEPLOY, "rollout pause deployment/web"), "rollout pause deployment/web", "",
     'error: deployments.apps "web" is already paused\n', 1),
    ((DEPLOY,), "rollout resume deployment/web", "",
     'error: deployments.apps "web" is not paused\n', 1),
    ((DEPLOY,), "rollout restart deployment/web", "deployment.apps/web restarted\n", "", 0),
    ((DEPLOY,), "rollout status pod/x", "", 'error: no status viewer has been implemented for', 1),
    ((), "create configmap c --from-literal=novalue", "",
     "error: invalid literal source novalue, expected key=value\n", 1),
    ((), "create secret generic s --from-literal=k=v", "secret/s created\n", "", 0),
    ((), "create service nodeport web --tcp=80:8080", "service/web created\n", "", 0),
    ((), "create service clusterip web", "",
     "error: at least one tcp port specifier must be provided\n", 1),
    ((), "create namespace team", "namespace/team created\n", "", 0),
    ((), "create deployment web", "", 'error: required flag(s) "image" not set\n', 1),
    ((), "create deployment two --image=busybox --image=nginx -- sleep 1", "",
     "error: cannot specify multiple --image options and command\n", 1),
    ((), "create deployment web sleep --image=busybox", "",
     "error: exactly one NAME is required, got 2\n", 1),
    ((), "create deployment web --image=nginx --replicas=-3", "",
     'The Deployment "web" is invalid: spec.replicas', 1),
    ((), "run web --image=nginx:1.25", "pod/web created\n", "", 0),
    ((), "run web", "", "error: --image is required\n", 1),
    ((DEPLOY,), "edit deployment web", "", "error: kubectl edit needs an editor, which the offline cluster does not have", 1),
    ((), "port-forward pod/x 8080:80", "", 'error: "kubectl port-forward" is not available in the offline cluster\n', 1),
    ((), "sleep 30s", "", "", 0),
    ((), "sleep forever", "", "sleep: invalid time interval 'forever'\n", 1),
    ((), "sleep 2h", "", "sleep: at most 3600s at a time in the offline cluster\n", 1),
    ((), "explain pods.spec.containers.image", None, "", 0),
]


@pytest.mark.parametrize(("setup", "line", "out", "err", "status"), CASES,
                         ids=[c[1] or "empty" for c in CASES])
def test_command(cluster: Cluster, setup: tuple, line: str, out: str | None, err: str,
                 status: int) -> None:
    for before in setup:
        assert run(cluster, before).status == 0, before
    result = run(cluster, line)
    if out is not None:
        assert result.output == out
    assert result.error.startswith(err) if err else result.error == ""
    assert result.status == status
    assert not cluster.problems


def test_create_deployment_gives_every_container_the_command_after_dashes(cluster) -> None:
    """CreateDeploymentOptions.Complete: the words after -- are the containers' command."""
    line = "create deployment sleeper --image=busybox:1.36 {}-- sleep 3600"
    shown = run(cluster, line.format("--dry-run=client -o json "))
    container = json.loads(shown.output)["spec"]["template"]["spec"]["containers"][0]
    assert container["command"] == ["sleep", "3600"] and "args" not in container
    assert run(cluster, line.format("")).status == 0
    stored = cluster.get("Deployment", "default", "sleeper")
    assert stored["spec"]["template"]["spec"]["containers"][0]["command"] == ["sleep", "3600"]


def test_the_kubectl_word_is_optional(cluster: Cluster) -> None:
    assert run(cluster, "kubectl get nodes").output == run(cluster, "get nodes").output


def test_output_json_of_one_object_and_of_a_list(cluster: Cluster) -> None:
    run(cluster, "create configmap c --from-literal=a=1")
    one = json.loads(run(cluster, "get cm c -o json").output)
    assert one["kind"] == "ConfigMap" and one["data"] == {"a": "1"}
    many = json.loads(run(cluster, "get cm -o json").output)
    assert many["kind"] == "List" and [i["metadata"]["name"] for i in many["items"]] == ["c"]


def test_jsonpath_range(cluster: Cluster) -> None:
    run(cluster, "create namespace b-team")
    out = run(cluster, "get ns -o jsonpath='{range .items[*]}{.metadata.name}{\"\\n\"}{end}'").output
    assert out.split("\n")[:2] == ["b-team", "default"]


@pytest.mark.parametrize(("selector", "names"), [
    ("tier=front", ["a"]),
    ("tier!=front", ["b", "c"]),
    ("tier in (front,back)", ["a", "b"]),
    ("tier notin (front)", ["b", "c"]),
    ("tier", ["a", "b"]),
    ("!tier", ["c"]),
    ("tier=front,app=x", []),
])
def test_label_selectors(cluster: Cluster, selector: str, names: list[str]) -> None:
    for name, labels in (("a", "tier=front"), ("b", "tier=back"), ("c", "")):
        run(cluster, f"create configmap {name}")
        if labels:
            run(cluster, f"label cm {name} {labels}")
    out = run(cluster, f"get cm -l '{selector}' -o name").output
    assert out.split() == [f"configmap/{n}" for n in names]


def test_apply_three_way_merge(cluster: Cluster) -> None:
    v1 = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: '1'\n  b: '2'\n")
    v2 = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: '1'\n")
    assert run(cluster, "apply -f c.yaml", files={"c.yaml": v1}).output == "configmap/c created\n"
    assert run(cluster, "apply -f c.yaml", files={"c.yaml": v1}).output == "configmap/c unchanged\n"
    run(cluster, "label cm c owner=me")
    assert run(cluster, "apply -f c.yaml", files={"c.yaml": v2}).output == "configmap/c configured\n"
    stored = cluster.get("ConfigMap", "default", "c")
    assert stored["data"] == {"a": "1"}  # dropped from the file: removed
    assert stored["metadata"]["labels"] == {"owner": "me"}  # set by someone else: kept


def test_apply_keeps_what_a_controller_set_and_merges_containers(cluster: Cluster) -> None:
    text = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
            "  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n"
            "    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n"
            "      - name: nginx\n        image: nginx:1.25\n")
    run(cluster, "apply -f d.yaml", files={"d.yaml": text})
    run(cluster, "set env deployment/web MODE=fast")
    again = run(cluster, "apply -f d.yaml", files={"d.yaml": text})
    assert again.output == "deployment.apps/web unchanged\n"
    env = cluster.get("Deployment", "default", "web")["spec"]["template"]["spec"]["containers"][0]["env"]
    assert env == [{"name": "MODE", "value": "fast"}]


def test_apply_refuses_an_invalid_object_and_applies_the_rest(cluster: Cluster) -> None:
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\n---\n"
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\nspec:\n"
            "  replicas: -1\n  selector:\n    matchLabels:\n      app: bad\n  template:\n"
            "    metadata:\n      labels:\n        app: bad\n    spec:\n      containers:\n"
            "      - name: c\n        image: nginx\n")
    result = run(cluster, "apply -f two.yaml", files={"two.yaml": text})
    assert result.output == "configmap/good created\n"
    assert result.error.startswith('The Deployment "bad" is invalid: spec.replicas: ')
    assert result.status == 1 and result.notes
    assert cluster.find("Deployment", "default", "bad") is None


def test_apply_of_a_kind_the_cluster_does_not_serve(cluster: Cluster) -> None:
    text = ("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n"
            "  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n  template:\n"
            "    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n"
            "      - name: c\n        image: redis\n")
    result = run(cluster, "apply -f db.yaml", files={"db.yaml": text})
    assert result.error.startswith('error: resource mapping not found for name: "db" namespace: "" '
                                   'from "db.yaml": no matches for kind "StatefulSet" in version '
                                   '"apps/v1"\nensure CRDs are installed first')


def test_delete_waits_for_the_pod_to_go(cluster: Cluster) -> None:
    run(cluster, "create deployment web --image=nginx:1.25")
    run(cluster, "rollout status deployment/web")
    pod = run(cluster, "get pods -o name").output.strip()
    result = run(cluster, f"delete {pod}")
    assert result.output == f'pod "{pod.split("/")[1]}" deleted\n'
    assert cluster.find("Pod", "default", pod.split("/")[1]) is None


def test_force_delete_warns_and_says_force_deleted(cluster: Cluster) -> None:
    run(cluster, "create deployment web --image=nginx:1.25")
    name = run(cluster, "get pods -o name").output.strip().split("/")[1]
    result = run(cluster, f"delete pod {name} --force --grace-period=0")
    assert result.error.startswith("Warning: Immediate deletion does not wait for confirmation")
    assert result.output == f'pod "{name}" force deleted\n'


def test_logs_and_exec(cluster: Cluster) -> None:
    run(cluster, "create deployment web --image=nginx:1.25")
    run(cluster, "rollout status deployment/web")
    logs = run(cluster, "logs deploy/web")
    assert logs.status == 0
    exec_ = run(cluster, "exec deploy/web -- cat /etc/hostname")
    assert exec_.status == 0 and exec_.output.strip().startswith("web-")
    missing = run(cluster, "exec deploy/web -- nosuchtool")
    assert missing.status == 1
    assert 'exec: "nosuchtool": executable file not found in $PATH' in missing.error
    failing = run(cluster, "exec deploy/web -- cat /nope")
    assert failing.status == 1
    assert failing.error.strip() == "command terminated with exit code 1"


def test_describe_by_name_prefix(cluster: Cluster) -> None:
    run(cluster, "create configmap app-one")
    run(cluster, "create configmap app-two")
    out = run(cluster, "describe cm app").output
    assert out.startswith("Name:         app-one\n")
    assert "Events:  <none>\n\n\nName:         app-two\n" in out


def test_get_events_sorted_by_last_timestamp(cluster: Cluster) -> None:
    run(cluster, "create deployment b --image=nginx:1.25")
    run(cluster, "sleep 10s")
    run(cluster, "create deployment a --image=nginx:1.25")
    out = run(cluster, "get events --sort-by=.lastTimestamp").output.splitlines()
    ages = [line.split()[0] for line in out[1:]]
    seconds = [int(a.rstrip("s")) for a in ages]
    assert seconds == sorted(seconds, reverse=True)


def test_untrusted_names_are_shown_literally(cluster: Cluster) -> None:
    result = run(cluster, "get pods 'evil\x1b]0;title\x07'")
    assert "\x1b" not in result.error and "\\x1b" in result.error


def test_yaml_of_a_list_is_the_whole_list_document(cluster: Cluster) -> None:
    import yaml

    run(cluster, "create configmap a --from-literal=k=v")
    run(cluster, "create configmap b")
    out = run(cluster, "get cm -o yaml").output
    data = yaml.safe_load(out)
    assert data["kind"] == "List" and [i["metadata"]["name"] for i in data["items"]] == ["a", "b"]
    assert data["metadata"] == {"resourceVersion": ""}
    assert '  data:\n    k: v\n' in out  # items indented as go-yaml indents them
