"""The goals judged by running the answer in the offline cluster: each form met and unmet on
real answers, what a failure says, when they run (only on an answer Kubernetes accepts), and
the author's mistakes in writing them."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from kubelearn.checker import check
from kubelearn.checker.goals import GoalError, parse_goals

WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: {image}
          ports:
            - containerPort: 80
          volumeMounts:
            - name: conf
              mountPath: /etc/web
      volumes:
        - name: conf
          configMap:
            name: web-conf
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-conf
data:
  mode: debug
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
    - port: 80
      targetPort: {target}
      nodePort: 30080
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: client
  labels:
    app: client
spec:
  containers:
    - name: sh
      image: busybox:1.36
      command: [sh, -c, "echo client up; sleep 3600"]
"""


def answer(replicas: int = 2, image: str = "nginx:1.27", target: object = 80) -> str:
    return WEB.format(replicas=replicas, image=image, target=target)


GOOD = answer()
WRONG_PORT = answer(target=8080)
BAD_IMAGE = answer(image="nginx:1.99-nope")
TLS = GOOD.replace("  ingressClassName: nginx\n", "  ingressClassName: nginx\n  tls: [{hosts: "
                   "[shop.example.com], secretName: shop-tls}]\n", 1)

# (goal, answer, None when met / a piece of the failure's explanation)
CASES = {
    "ready met": ("{ready: {labels: {app: web}, count: 2}}", GOOD, None),
    "ready min": ("{ready: {labels: {app: web}, count: {min: 1}}}", GOOD, None),
    "ready too few": ("{ready: {labels: {app: web}, count: 3}}", GOOD,
                      "2 Pod(s) labelled app=web are ready. The task asks for exactly 3."),
    "ready image never pulls": ("{ready: {labels: {app: web}, count: 2}}", BAD_IMAGE,
                                "ImagePullBackOff"),
    "request node port": ("{request: {url: 'http://172.18.0.2:30080/', reaches: {app: web}}}",
                          GOOD, None),
    "request through the ingress": (
        "{request: {url: 'http://shop.example.com/', status: 200, contains: nginx}}", GOOD, None),
    "request to the wrong target port": (
        "{request: {url: 'http://172.18.0.2:30080/', reaches: {app: web}}}", WRONG_PORT,
        "which sends it to port 8080 of Pod web-"),
    "request through the ingress to the wrong port": (
        "{request: {url: 'http://shop.example.com/', status: 200}}", WRONG_PORT,
        "got 502, not 200"),
    "request reaches other labels": (
        "{request: {url: 'http://shop.example.com/', reaches: {app: api}}}", GOOD,
        "which is not labelled app=api"),
    "request body lacks": ("{request: {url: 'http://shop.example.com/', contains: Welcome to notes}}",
                           GOOD, "does not contain Welcome to notes"),
    "request from a Pod by Service name": (
        "{request: {url: 'http://web/', from: {app: client}, reaches: {app: web}}}", GOOD, None),
    "request from a Pod that does not exist": (
        "{request: {url: 'http://web/', from: {app: nobody}}}", GOOD,
        "No running Pod labelled app=nobody"),
    "request to a host nobody routes": ("{request: {url: 'http://other.example.com/'}}", GOOD,
                                        "does not resolve outside the cluster"),
    "request to a TLS host gets the redirect": (
        "{request: {url: 'http://shop.example.com/'}}", TLS, "got 308, not 200"),
    "request follows the redirect to HTTPS": (
        "{request: {url: 'http://shop.example.com/', follow: true, insecure: true, "
        "reaches: {app: web}}}", TLS, None),
    "request follows the redirect but refuses the certificate": (
        "{request: {url: 'http://shop.example.com/', follow: true}}", TLS,
        "(redirected to https://shop.example.com/) got no answer. The ingress controller's "
        "certificate for shop.example.com is self-signed"),
    "request follows nothing when there is no redirect": (
        "{request: {url: 'http://shop.example.com/', follow: true, insecure: true}}", GOOD, None),
    "exec met": ("{exec: {pod: {app: web}, command: [cat, /etc/web/mode], contains: debug}}",
                 GOOD, None),
    "exec file missing": ("{exec: {pod: {app: web}, command: [cat, /etc/web/level]}}", GOOD,
                          "No such file or directory"),
    "exec text missing": ("{exec: {pod: {app: web}, command: [cat, /etc/web/mode], "
                          "contains: info}}", GOOD, "printed debug, without info"),
    "exec no running Pod": ("{exec: {pod: {app: web}, command: [cat, /etc/web/mode]}}",
                            BAD_IMAGE, "ImagePullBackOff"),
    "exec wrong container": ("{exec: {pod: {app: web}, container: app, command: [ls]}}", GOOD,
                             "container app not found"),
    "exec in the container of an image": (
        "{exec: {pod: {app: web}, image: nginx, command: [cat, /etc/web/mode], contains: debug}}",
        GOOD, None),
    "exec image written in full": (
        "{exec: {pod: {app: web}, image: docker.io/library/nginx:1.27, command: [ls]}}",
        GOOD, None),
    "exec image no container runs": (
        "{exec: {pod: {app: web}, image: redis, command: [ls]}}", GOOD,
        "No container of Pod web-"),
    "exec image of another tag": (
        "{exec: {pod: {app: web}, image: 'nginx:1.28', command: [ls]}}", GOOD,
        "runs the image nginx:1.28; its containers run nginx:1.27."),
    "logs met": ("{logs: {pod: {app: client}, contains: client up}}", GOOD, None),
    "logs of the container of an image": (
        "{logs: {pod: {app: client}, image: 'busybox:1.36', contains: client up}}", GOOD, None),
    "logs lack": ("{logs: {pod: {app: client}, contains: ready to serve}}", GOOD,
                  "do not contain ready to serve. They end with: client up"),
    "scenario rollout keeps Pods ready": (
        "{scenario: {run: ['kubectl set image deployment/web nginx=nginx:1.28'], within: 3m, "
        "then: [{in: Deployment/web, path: status.updatedReplicas, equals: 2, message: new}, "
        "{ready: {labels: {app: web}, count: 2}, message: two}], "
        "never: [{ready: {labels: {app: web}, count: {max: 0}}, message: none ready}]}}",
        GOOD, None),
    "scenario rollout to an image that never pulls": (
        "{scenario: {run: ['kubectl set image deployment/web nginx=nginx:0.0-nope'], within: 2m, "
        "then: [{in: Deployment/web, path: status.updatedReplicas, equals: 2, "
        "message: every Pod runs the new image}]}}",
        GOOD, "this still did not hold: every Pod runs the new image"),
    "scenario never": (
        "{scenario: {run: ['kubectl scale deployment/web --replicas=1'], "
        "never: [{ready: {labels: {app: web}, count: {max: 1}}, message: fewer than 2 ready}]}}",
        GOOD, "this happened: fewer than 2 ready. 1 Pod(s) labelled app=web are ready."),
    "scenario ConfigMap edit reaches the file": (
        "{scenario: {run: ['kubectl apply -f cm.yaml'], within: 3m, files: {cm.yaml: "
        "'{apiVersion: v1, kind: ConfigMap, metadata: {name: web-conf}, data: {mode: quiet}}'}, "
        "then: [{exec: {pod: {app: web}, command: [cat, /etc/web/mode], contains: quiet}, "
        "message: new mode}]}}", GOOD, None),
    "scenario line that fails": (
        "{scenario: {run: ['kubectl set image deployment/nope nginx=nginx:1.28'], "
        "then: [{ready: {labels: {app: web}, count: 2}, message: m}]}}", GOOD,
        'deployments.apps "nope" not found'),
}


@pytest.mark.parametrize("goal, text, expected", CASES.values(), ids=CASES.keys())
def test_outcome_goals(goal: str, text: str, expected: str | None) -> None:
    raw = yaml.safe_load(goal)
    raw["message"] = "the goal"
    report = check(text, [raw])
    assert not report.errors or report.expectations_met == 0
    kubernetes = [f for f in report.errors if f.code != "expectation"]
    assert not kubernetes, kubernetes
    if expected is None:
        assert report.passed, [f.explanation for f in report.findings]
        return
    failed = [f for f in report.findings if f.code == "expectation"]
    assert not report.passed and len(failed) == 1
    assert failed[0].message == "the goal"
    assert expected in failed[0].explanation, failed[0].explanation


def test_failures_are_worded_in_the_learners_language() -> None:
    raw = {"request": {"url": "http://172.18.0.2:30080/", "reaches": {"app": "web"}},
           "message": "m"}
    report = check(WRONG_PORT, [raw], lang="zh")
    explanation = next(f.explanation for f in report.findings if f.code == "expectation")
    assert "请求到达了 Service web 的端口 80" in explanation, explanation


GOALS = [{"ready": {"labels": {"app": "web"}, "count": 2}, "message": "two ready"},
         {"object": "Deployment", "message": "a Deployment"}]


def test_an_answer_kubernetes_rejects_does_not_run() -> None:
    rejected = GOOD.replace("replicas: 2", "replicas: two", 1)
    report = check(rejected, GOALS)
    assert report.goals_pending == ("two ready",)
    assert report.expectations_met == 1 and not report.passed
    assert not any(f.code == "expectation" for f in report.findings)


def test_the_quick_judgement_leaves_outcome_goals_pending() -> None:
    quick = check(GOOD, GOALS, outcomes=False)
    assert (quick.goals_pending, quick.expectations_met, quick.passed) == (("two ready",), 1,
                                                                           False)
    full = check(GOOD, GOALS)
    assert (full.goals_pending, full.expectations_met, full.passed) == ((), 2, True)


def test_the_exercise_cluster_objects_run_with_the_answer() -> None:
    service = GOOD.split("---\n")[2]
    deployment_and_cm = "---\n".join(GOOD.split("---\n")[:2])
    goal = [{"request": {"url": "http://172.18.0.2:30080/", "reaches": {"app": "web"}},
             "message": "m"}]
    assert check(service, goal, cluster=deployment_and_cm).passed
    assert not check(service, goal).passed


def test_the_same_answer_is_judged_the_same() -> None:
    goals = [{"request": {"url": "http://172.18.0.2:30080/", "reaches": {"app": "web"}},
              "message": "m"}]
    first = check(WRONG_PORT, goals).findings
    assert check(WRONG_PORT, goals).findings == first


BAD = {
    "ready without count": ("{ready: {labels: {app: web}}}", "'ready' needs 'count'"),
    "ready labels a list": ("{ready: {labels: [app], count: 1}}", "ready.labels must be a mapping"),
    "ready count negative": ("{ready: {labels: {app: web}, count: -1}}",
                             "ready.count is a whole number"),
    "request no url": ("{request: {reaches: {app: web}}}", "needs a url"),
    "request ftp": ("{request: {url: 'ftp://x/'}}", "needs a url"),
    "request status": ("{request: {url: 'http://x/', status: 1000}}", "HTTP status code"),
    "request unknown key": ("{request: {url: 'http://x/', reach: {app: web}}}",
                            "unknown key 'reach' (did you mean 'reaches'?) under 'request'"),
    "exec command text": ("{exec: {pod: {app: web}, command: cat /etc/x}}",
                          "exec.command must be a list of words"),
    "exec without pod": ("{exec: {command: [ls]}}", "exec.pod must be a mapping"),
    "logs without contains": ("{logs: {pod: {app: web}}}", "logs.contains must be text"),
    "logs image and container": (
        "{logs: {pod: {app: web}, image: nginx, container: web, contains: x}}",
        "logs.image must be an image reference such as redis or nginx:1.27, and not given "
        "with container"),
    "exec image that is no reference": ("{exec: {pod: {app: web}, image: 'Nginx 1', command: [ls]}}",
                                        "exec.image must be an image reference"),
    "scenario without goals": ("{scenario: {run: [kubectl get pods]}}",
                               "needs goals under 'then' or 'never'"),
    "ready with labels and pods": ("{ready: {labels: {app: web}, pods: Deployment, count: 1}}",
                                   "'ready' needs 'labels' (e.g. {app: web}) or 'pods'"),
    "exec in a Service's Pods": ("{exec: {pod: Service/web, command: [ls]}}",
                                 "exec.pod must be one of DaemonSet, Deployment"),
    "scenario within": ("{scenario: {run: [x], within: 2h, then: [{object: Pod, message: m}]}}",
                        "scenario.within is a duration"),
    "scenario within too long": (
        "{scenario: {run: [x], within: 11m, then: [{object: Pod, message: m}]}}",
        "between 1s and 10m"),
    "scenario with many goals": (
        "{scenario: {run: [x], then: [" + ", ".join(["{object: Pod, message: m}"] * 11) + "]}}",
        "scenario.then is a list of at most 10 goals"),
    "scenario in scenario": (
        "{scenario: {run: [x], then: [{scenario: {run: [y]}, message: m}]}}",
        "a scenario cannot hold a scenario"),
    "scenario bad then goal": (
        "{scenario: {run: [x], then: [{ready: {labels: {app: web}}, message: m}]}}",
        "scenario.then goal 1: 'ready' needs 'count'"),
}


def test_an_exercise_runs_at_most_five_scenarios_with_commands() -> None:
    scenario = {"scenario": {"run": ["kubectl get pods"],
                             "then": [{"object": "Pod", "message": "m"}]}, "message": "m"}
    assert len(parse_goals([scenario] * 5)) == 5
    with pytest.raises(GoalError) as caught:
        parse_goals([scenario] * 6)
    assert caught.value.index == 5 and "at most 5 scenarios" in caught.value.message


@pytest.mark.parametrize("goal, message", BAD.values(), ids=BAD.keys())
def test_malformed_outcome_goals(goal: str, message: str) -> None:
    raw = yaml.safe_load(goal)
    raw["message"] = "m"
    with pytest.raises(GoalError) as caught:
        parse_goals([{"object": "Pod", "message": "m"}, raw])
    assert caught.value.index == 1
    assert message in caught.value.message, caught.value.message


def test_lessons_validate_reports_a_malformed_outcome_goal_at_its_line(tmp_path) -> None:
    from kubelearn.course.validate import validate_course

    lesson = textwrap.dedent("""\
        ---
        id: demo
        title: Demo
        order: 1
        ---

        ## A step

        Text.

        ```exercise
        id: demo-ex
        title: Run it
        prompt: Run it.
        starter: |
          apiVersion: v1
          kind: Pod
        solution: |
          apiVersion: v1
          kind: Pod
        expect:
          - object: Pod
            message: a Pod
          - request:
              url: http://x/
              reach: {app: web}
            message: reached
        ```
        """)
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "01-demo.md").write_text(lesson)
    problems = validate_course(tmp_path, run_checker=False)
    found = [p for p in problems if "reach" in p.message]
    assert found and found[0].line == 24, problems  # the "- request:" line


def test_a_playground_step_judges_exec_and_logs_in_its_live_cluster() -> None:
    from kubelearn.cluster.playground import Playground
    from kubelearn.course.blocks.playground import parse_goal

    playground = Playground()
    file_goal = parse_goal({"exec": {"pod": {"app": "web"}, "command": ["cat", "/etc/web/mode"],
                                     "contains": "debug"}, "message": "the file"})
    log_goal = parse_goal({"logs": {"pod": {"app": "client"}, "contains": "client up"},
                           "message": "the log"})
    assert playground.check([file_goal, log_goal]).met == 0
    playground.apply_exercise(GOOD)
    playground.cluster.advance(60)
    assert playground.check([file_goal, log_goal]).done
    with pytest.raises(ValueError, match="cannot be a scenario"):
        parse_goal({"scenario": {"run": ["kubectl get pods"], "never": []}, "message": "m"})


BY_OBJECT = {
    "ready pods of a Deployment": ("{ready: {pods: Deployment, count: 2}}", GOOD, None),
    "ready pods of a named Deployment": ("{ready: {pods: Deployment/web, count: 2}}", GOOD, None),
    "ready pods of a Deployment that is not there": (
        "{ready: {pods: Deployment/api, count: 2}}", GOOD,
        "0 Pod(s) of Deployment api are ready."),
    "exec in the Pods of a Deployment": (
        "{exec: {pod: Deployment, command: [cat, /etc/web/mode], contains: debug}}", GOOD, None),
    "request reaches the Pods of a Deployment": (
        "{request: {url: 'http://shop.example.com/', reaches: Deployment/web}}", GOOD, None),
    "request reaches another object's Pods": (
        "{request: {url: 'http://shop.example.com/', reaches: Pod/client}}", GOOD,
        "which is not of Pod client."),
    "request from a Pod named by kind": (
        "{request: {url: 'http://web/', from: Pod/client, reaches: Deployment}}", GOOD, None),
    "scenario without commands sees defaults": (
        "{scenario: {then: [{in: Service/web, path: spec.externalTrafficPolicy, equals: Cluster, "
        "message: m}]}}", GOOD, None),
}


@pytest.mark.parametrize("goal, text, expected", BY_OBJECT.values(), ids=BY_OBJECT.keys())
def test_pods_named_by_an_object(goal: str, text: str, expected: str | None) -> None:
    test_outcome_goals(goal, text, expected)


def test_pods_named_by_an_object_in_chinese() -> None:
    raw = {"ready": {"pods": "Deployment/api", "count": 2}, "message": "m"}
    explanation = next(f.explanation for f in check(GOOD, [raw], lang="zh").findings
                       if f.code == "expectation")
    assert explanation.startswith("属于 Deployment api 的 Pod 中有 0 个就绪。"), explanation


ROLLING = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  {strategy}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          readinessProbe:
            httpGet: {{path: /, port: 80}}
"""
ROLLOUT = yaml.safe_load("""
- scenario:
    run: [kubectl set image deployment/web nginx=nginx:1.28]
    within: 3m
    then:
      - {in: Deployment/web, path: status.updatedReplicas, equals: 3, message: All updated.}
      - {ready: {labels: {app: web}, count: 3}, message: Three ready.}
    never:
      - {ready: {labels: {app: web}, count: {max: 2}}, message: Fewer than 3 Pods were ready.}
  message: The rollout keeps 3 Pods ready.
""")


@pytest.mark.parametrize(("strategy", "expected"), [
    ("", None),  # 25% of 3: none unavailable, one surge Pod
    ("strategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 1}}", None),
    ("strategy: {rollingUpdate: {maxUnavailable: 1}}",
     "0s into the scenario, this happened: Fewer than 3 Pods were ready. 2 Pod(s) labelled "
     "app=web are ready. Not ready: web-"),
    ("strategy: {type: Recreate}", "0 Pod(s) labelled app=web are ready."),
])
def test_a_rollout_never_below_three_ready(strategy: str, expected: str | None) -> None:
    report = check(ROLLING.format(strategy=strategy), ROLLOUT)
    failed = [f.explanation for f in report.findings if f.code == "expectation"]
    if expected is None:
        assert report.passed, failed
    else:
        assert len(failed) == 1 and expected in failed[0], failed


def test_a_playground_request_goal_takes_the_exercise_keys() -> None:
    from kubelearn.cluster.playground import Playground
    from kubelearn.course.blocks.playground import parse_goal

    playground = Playground()
    playground.apply_exercise(WRONG_PORT)
    playground.cluster.advance(60)
    inside = parse_goal({"request": {"url": "http://web/", "from": {"app": "client"},
                                     "reaches": {"app": "web"}}, "message": "inside"})
    outside = parse_goal({"request": {"url": "http://shop.example.com/", "status": 502},
                          "message": "the 502 of a wrong targetPort"})
    assert playground.check([inside, outside]).unmet == ("inside",)
    with pytest.raises(ValueError, match="request has no key 'reach'"):
        parse_goal({"request": {"url": "http://web/", "reach": {"app": "web"}}, "message": "m"})


def test_every_example_in_the_authors_guide_parses() -> None:
    """lessons/README.md, "Expectations": each YAML example is a list of valid goals."""
    import re
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[3] / "lessons" / "README.md").read_text()
    section = guide[guide.index("### Expectations"):guide.index("## Checking your work")]
    examples = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert len(examples) >= 4
    forms = set()
    for example in examples:
        for goal in parse_goals(yaml.safe_load(example)):
            forms.add(type(goal).__name__)
    assert {"ReadyGoal", "RequestGoal", "ExecGoal", "LogsGoal", "ScenarioGoal"} <= forms
