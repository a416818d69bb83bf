"""The playground session: history, the clock the learner drives, applying files and running
kubectl lines, and a lesson step's goals judged on the cluster's state."""

from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.playground import (
    FAST_10,
    FAST_60,
    MAX_HISTORY,
    MAX_TICK_S,
    PAUSED,
    REAL_TIME,
    Playground,
    clock_words,
    script_lines,
    user_documents,
)
from kubelearn.course import load_course
from kubelearn.course.blocks.playground import PlaygroundPart, parse_goal
from kubelearn.paths import shipped_lessons


def quiet() -> Playground:
    """A playground on a cluster without controllers: only what a test writes happens."""
    return Playground(cluster=Cluster(controllers=False))


# --- history -----------------------------------------------------------------------------


def test_history_keeps_each_line_once_in_a_row_and_stays_bounded() -> None:
    pg = quiet()
    for line in ["get pods", "get pods", "  ", "get svc", "get pods\n-o wide"]:
        pg.remember(line)
    assert list(pg.history) == ["get pods", "get svc", "get pods -o wide"]
    for i in range(MAX_HISTORY + 10):
        pg.remember(f"get pod p{i}")
    assert len(pg.history) == MAX_HISTORY
    assert pg.history[-1] == f"get pod p{MAX_HISTORY + 9}"


def test_script_lines_skip_blanks_and_comments() -> None:
    assert script_lines(["# set up", "", "kubectl get pods  ", "  # more", "sleep 30s"]) == [
        "kubectl get pods", "sleep 30s"]


# --- the clock -------------------------------------------------------------------------------


class Alarm:
    """A controller that notes when its timers fire (the cluster's own timer interface)."""

    name = "alarm"

    def __init__(self) -> None:
        self.rang: list[int] = []
        self.cluster: Cluster | None = None

    def watches(self) -> dict:
        return {}

    def sync(self, key) -> None:
        assert self.cluster is not None
        self.rang.append(self.cluster.now_ms)


CLOCK = [
    pytest.param(PAUSED, 5.0, 0, id="paused"),
    pytest.param(REAL_TIME, 0.5, 500, id="real-time"),
    pytest.param(FAST_10, 0.1, 1_000, id="10x"),
    pytest.param(FAST_60, 0.1, 6_000, id="60x"),
    pytest.param(FAST_60, 3600.0, int(MAX_TICK_S * 60_000), id="after-a-sleep-the-jump-is-bounded"),
]


@pytest.mark.parametrize(("mode", "real", "moved"), CLOCK)
def test_a_tick_moves_the_clock_by_the_speed(mode, real: float, moved: int) -> None:
    pg = quiet()
    pg.set_mode(mode)
    assert pg.tick(real) == (moved > 0)
    assert pg.cluster.now_ms == moved


def test_ticks_shorter_than_a_millisecond_add_up() -> None:
    pg = quiet()
    pg.set_mode(REAL_TIME)
    moved = [pg.tick(0.0004) for _ in range(5)]
    assert moved == [False, False, True, False, True]
    assert pg.cluster.now_ms == 2


def test_faster_steps_through_the_speeds() -> None:
    pg = quiet()
    assert [pg.faster().name for _ in range(4)] == ["1x", "10x", "60x", "1x"]


def test_a_step_pauses_and_goes_to_the_next_timer_exactly() -> None:
    pg = quiet()
    pg.set_mode(FAST_60)
    assert pg.step() is None and pg.mode is PAUSED, "nothing scheduled: the clock stays"
    alarm = Alarm()
    alarm.cluster = pg.cluster
    pg.cluster.add_controller(alarm)
    pg.cluster.after(42.5, alarm, ("ring",))
    pg.cluster.after(90, alarm, ("ring", "again"))
    assert pg.step() == 42_500
    assert alarm.rang == [42_500] and pg.cluster.now_ms == 42_500
    assert pg.step() == 47_500 and alarm.rang == [42_500, 90_000]


def test_the_clock_line_says_time_elapsed_and_speed_in_both_languages() -> None:
    pg = quiet()
    pg.cluster.advance(65)
    pg.set_mode(FAST_10)
    assert clock_words(pg, "en") == "⏱ 09:01:05 (+1m5s) · 10× faster"
    assert clock_words(pg, "zh") == "⏱ 09:01:05（+1m5s）· 10 倍速"


# --- goals -------------------------------------------------------------------------------------


def ready_pod(c: Cluster, name: str, labels: dict, ready: bool = True,
              namespace: str = "default") -> dict:
    obj = c.create({"apiVersion": "v1", "kind": "Pod",
                    "metadata": {"name": name, "labels": labels, "namespace": namespace},
                    "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}})
    obj["status"] = {"phase": "Running",
                     "conditions": [{"type": "Ready", "status": "True" if ready else "False"}]}
    return c.write(obj)


def test_ready_goals_count_ready_pods_with_the_labels() -> None:
    pg = quiet()
    five = parse_goal({"ready": {"labels": {"app": "web"}, "count": 2}, "message": "Two."})
    some = parse_goal({"ready": {"labels": {"app": "web"}, "count": {"min": 1, "max": 3}},
                       "message": "Some."})
    assert pg.check([five, some]).unmet == ("Two.", "Some.")
    ready_pod(pg.cluster, "web-1", {"app": "web", "tier": "front"})
    ready_pod(pg.cluster, "web-2", {"app": "web"}, ready=False)
    ready_pod(pg.cluster, "api-1", {"app": "api"})
    ready_pod(pg.cluster, "web-3", {"app": "web"}, namespace="kube-system")
    state = pg.check([five, some])
    assert (state.met, state.total, state.unmet, state.done) == (1, 2, ("Two.",), False)
    ready_pod(pg.cluster, "web-4", {"app": "web"})
    assert pg.check([five, some]).done
    pg.cluster.delete("Pod", "default", "web-4")
    assert not pg.check([five]).done, "a Pod that is gone is not ready"


def test_state_goals_are_the_exercise_expectations_judged_on_the_cluster() -> None:
    pg = quiet()
    replicas = parse_goal({"in": "Deployment/web", "path": "spec.replicas", "equals": 5,
                           "message": "Scale web to 5."})
    exists = parse_goal({"object": "Deployment/web", "message": "Make web."})
    assert pg.check([replicas, exists]).met == 0
    pg.cluster.create({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                       "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                                "template": {"metadata": {"labels": {"app": "web"}},
                                             "spec": {"containers": [{"name": "a",
                                                                      "image": "nginx"}]}}}})
    assert pg.check([replicas, exists]).unmet == ("Scale web to 5.",)
    web = pg.cluster.get("Deployment", "default", "web")
    web["spec"]["replicas"] = 5
    pg.cluster.update(web)
    assert pg.check([replicas, exists]).done
    assert pg.check([]).done is False, "a step without goals is never 'done'"


def test_goals_see_the_learners_objects_not_the_clusters_machinery() -> None:
    pg = quiet()
    ready_pod(pg.cluster, "mine", {"app": "x"})
    ready_pod(pg.cluster, "coredns", {"k8s-app": "kube-dns"}, namespace="kube-system")
    pg.cluster.record(pg.cluster.get("Pod", "default", "mine"), "Normal", "Started", "m", "kubelet")
    kinds = sorted({(d.kind, d.name) for d in user_documents(pg.cluster)})
    assert kinds == [("Pod", "mine")]


# --- kubectl -------------------------------------------------------------------------------------

WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
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
"""


def test_files_are_applied_and_typed_lines_remembered() -> None:
    pg = Playground()
    [result] = pg.apply({"web.yaml": WEB})
    assert (result.command, result.status) == ("kubectl apply -f web.yaml", 0)
    assert result.output == "deployment.apps/web created\n"
    assert list(pg.history) == [], "what the playground ran by itself is not the learner's"
    result = pg.run("kubectl get deployment web -o name")
    assert result.output == "deployment.apps/web\n"
    assert list(pg.history) == ["kubectl get deployment web -o name"]
    assert pg.apply_exercise(WEB.replace("web", "shop")).command == "kubectl apply -f exercise.yaml"
    assert pg.cluster.find("Deployment", "default", "shop") is not None


def test_a_bad_line_gets_kubectls_answer_not_an_exception() -> None:
    pg = Playground()
    result = pg.run("kubectl frobnicate pods")
    assert result.status == 1 and result.error


def _shipped_parts() -> list:
    out = []
    for lang in ("en", "zh"):
        for lesson in load_course(shipped_lessons(), lang).lessons:
            for step in lesson.steps:
                for part in step.parts:
                    if isinstance(part, PlaygroundPart):
                        out.append(pytest.param(lang, part, id=f"{lang}-{lesson.id}-{part.line}"))
    return out


@pytest.mark.parametrize(("lang", "part"), _shipped_parts())
def test_every_shipped_playground_starts_unfinished_and_its_solution_reaches_the_goal(
        lang: str, part: PlaygroundPart) -> None:
    pg = Playground(lang=lang)
    for result in pg.apply(dict(part.files)) + pg.run_script(part.script):
        assert result.status == 0, result
    pg.cluster.advance(600)
    assert not pg.check(part.goals).done, "the goal must not hold before the learner acts"
    for line in part.solution:
        assert pg.run(line).status == 0
    assert pg.cluster.run_until(lambda: pg.check(part.goals).done, timeout_s=600), \
        pg.check(part.goals).unmet


def test_the_shipped_course_has_a_playground_in_each_language() -> None:
    assert {p.values[0] for p in _shipped_parts()} == {"en", "zh"}
