"""A playground session: one cluster, the learner's kubectl lines, a clock the learner drives,
and the goals of a lesson step, without Textual.

The playground screen renders what this session says. The session owns the cluster and what
the learner typed (a bounded history, as a shell keeps one), runs each line through kubectl
(:func:`kubelearn.cluster.kubectl.run`), applies given files or an exercise's text
(``exercise.yaml``) the way ``kubectl apply -f`` would, and moves the virtual clock when the
screen's timer calls :meth:`Playground.tick`: paused, in real time, 10 or 60 times faster, or
from one timer of the cluster to the next (:meth:`Playground.step`).

A lesson step's goals (:class:`kubelearn.course.model.PlayGoal`) are checked
against the cluster's state, never against what was typed: any way of scaling a Deployment
to 5 counts, ``kubectl scale``, ``kubectl apply`` or ``kubectl edit``.
"""

from __future__ import annotations

import shlex
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kubelearn.cluster import pods
from kubelearn.cluster.cluster import Cluster
from kubelearn.cluster.tree import SYSTEM_NAMESPACES
from kubelearn.kube.document import Document
from kubelearn.words import words

if TYPE_CHECKING:
    from kubelearn.cluster.kubectl import Result
    from kubelearn.course.model import PlayGoal

#: Lines kept in the history (the oldest go first), as bash's HISTSIZE keeps 500.
MAX_HISTORY = 500
#: The most virtual time one tick moves the clock: a screen that was suspended for an hour
#: (the laptop slept) does not replay an hour of the cluster in one frame.
MAX_TICK_S = 1.0


@dataclass(frozen=True)
class ClockMode:
    """How fast the virtual clock runs: ``rate`` virtual seconds per real second (0: paused)."""

    name: str
    rate: int


PAUSED = ClockMode("paused", 0)
REAL_TIME = ClockMode("1x", 1)
FAST_10 = ClockMode("10x", 10)
FAST_60 = ClockMode("60x", 60)
#: The speeds "faster" steps through, in order, then back to real time.
SPEEDS = (REAL_TIME, FAST_10, FAST_60)


@dataclass(frozen=True)
class GoalState:
    """How many of a step's goals the cluster meets now, and the message of each unmet one."""

    met: int
    total: int
    unmet: tuple[str, ...] = ()

    @property
    def done(self) -> bool:
        return self.total > 0 and self.met == self.total


class Playground:
    """One learner's cluster and what they typed into it.

    Args:
        seed: the cluster's seed (names, uids and IPs); the same seed and the same commands
            give the same transcript.
        lang: the language of the explanations (kubectl's own words stay English).
        cluster: an existing cluster to drive instead of a new one (tests, a lesson's).
    """

    def __init__(self, *, seed: int = 0, lang: str = "en", cluster: Cluster | None = None) -> None:
        self.cluster = cluster if cluster is not None else Cluster(seed=seed, lang=lang)
        self.lang = lang
        self.history: deque[str] = deque(maxlen=MAX_HISTORY)
        self.mode: ClockMode = PAUSED
        self._carry_ms = 0.0

    # --- kubectl ----------------------------------------------------------------------------

    def run(self, line: str, *, files: Mapping[str, str] | None = None,
            remember: bool = True) -> Result:
        """Run one kubectl line (the ``kubectl`` word optional) as the learner typed it."""
        if remember:
            self.remember(line)
        from kubelearn.cluster.kubectl import run

        return run(self.cluster, line, files=dict(files) if files else None)

    def remember(self, line: str) -> None:
        """Keep ``line`` in the history: not blank, not the same as the line before (bash's
        ``ignoredups``), one line (a pasted block is kept as it was run, joined)."""
        line = " ".join(line.splitlines()).strip()
        if line and (not self.history or self.history[-1] != line):
            self.history.append(line)

    def complete(self, line: str) -> list[str]:
        """What could follow ``line`` (verbs, resource types, object names), from kubectl."""
        from kubelearn.cluster.kubectl import complete

        return list(complete(self.cluster, line))

    def apply(self, files: Mapping[str, str]) -> list[Result]:
        """``kubectl apply -f NAME`` for each of ``files`` (name -> text), in order."""
        return [self.run(f"kubectl apply -f {shlex.quote(name)}", files=files, remember=False)
                for name in files]

    def apply_exercise(self, text: str) -> Result:
        """Apply an exercise's YAML as ``exercise.yaml`` (the key on the exercise screen)."""
        return self.apply({"exercise.yaml": text})[0]

    def run_script(self, lines: Iterable[str]) -> list[Result]:
        """Run a scenario's lines in order (blank lines and ``#`` comments skipped)."""
        return [self.run(line, remember=False) for line in script_lines(lines)]

    # --- the clock ----------------------------------------------------------------------------

    def set_mode(self, mode: ClockMode) -> None:
        self.mode = mode
        self._carry_ms = 0.0

    def faster(self) -> ClockMode:
        """The next speed: paused or 60x -> 1x -> 10x -> 60x."""
        index = SPEEDS.index(self.mode) + 1 if self.mode in SPEEDS else 0
        self.set_mode(SPEEDS[index % len(SPEEDS)])
        return self.mode

    def tick(self, real_seconds: float) -> bool:
        """Move the clock by ``real_seconds`` of the learner's time at the current speed;
        whether virtual time moved. The screen calls this from its timer."""
        if self.mode.rate == 0 or real_seconds <= 0:
            return False
        self._carry_ms += min(real_seconds, MAX_TICK_S) * self.mode.rate * 1000
        whole = int(self._carry_ms)
        if whole <= 0:
            return False
        self._carry_ms -= whole
        self.cluster.advance_to(self.cluster.now_ms + whole)
        return True

    def step(self) -> int | None:
        """Pause, then move the clock to the cluster's next timer (an image pulled, a probe,
        a grace period over) and run what it starts; the milliseconds moved, or None when
        nothing is scheduled."""
        self.set_mode(PAUSED)
        upcoming = self.cluster.next_timer()
        if upcoming is None:
            return None
        before = self.cluster.now_ms
        self.cluster.advance_to(upcoming)
        return self.cluster.now_ms - before

    @property
    def version(self) -> int:
        """Changes whenever any object changes: the screen redraws only what changed."""
        return self.cluster.store.resource_version

    # --- goals --------------------------------------------------------------------------------

    def check(self, goals: Sequence[PlayGoal]) -> GoalState:
        """Which of ``goals`` the cluster meets now."""
        docs = user_documents(self.cluster)
        unmet = [goal.message for goal in goals if not goal_met(self.cluster, goal, docs)]
        return GoalState(len(goals) - len(unmet), len(goals), tuple(unmet))


def script_lines(lines: Iterable[str]) -> list[str]:
    """The commands of a scenario: blank lines and ``#`` comments left out."""
    out = []
    for line in lines:
        text = line.strip()
        if text and not text.startswith("#"):
            out.append(text)
    return out


def user_documents(cluster: Cluster) -> list[Document]:
    """The cluster's objects the learner deals with, as documents the checker's goal forms
    read: everything but Events, Nodes, Namespaces and what lives in the system namespaces."""
    docs = []
    for kind in cluster.store.kinds():
        if kind in ("Event", "Node", "Namespace"):
            continue
        for obj in cluster.store.list(kind):
            if obj["metadata"].get("namespace", "") not in SYSTEM_NAMESPACES:
                docs.append(Document(len(docs), obj))
    return docs


def goal_met(cluster: Cluster, goal: PlayGoal, docs: list[Document]) -> bool:
    """Whether one goal holds now. A goal that cannot be judged (a request the network
    model cannot make yet) is not met: the step never passes by accident."""
    if goal.form == "state":
        from kubelearn.checker.goals import is_outcome, judge, parse_goal
        from kubelearn.checker.goals.scenario import judge_now

        parsed = parse_goal(goal.spec)
        if is_outcome(parsed):  # exec, logs: judged on this cluster as it is now
            from kubelearn.checker.goals.base import Say

            return judge_now(parsed, cluster, Say(cluster.lang)) is None
        met, _ = judge([parsed], docs, cluster.lang)
        return met == 1
    if goal.form == "ready":
        return _count_holds(len(ready_pods(cluster, goal.spec)), goal.spec["count"])
    if goal.form == "request":
        return request_succeeds(cluster, goal.spec)
    return False


def ready_pods(cluster: Cluster, spec: Mapping[str, Any]) -> list[dict]:
    """The Pods with every label of ``spec["labels"]`` in its namespace that are Ready and
    not terminating (what a Service would list as ready endpoints)."""
    namespace = spec.get("namespace") or "default"
    found = cluster.store.pods_with_labels(namespace, dict(spec["labels"]))
    return [p for p in found if pods.is_ready(p) and not pods.is_terminating(p)]


def _count_holds(n: int, wanted: Any) -> bool:
    if isinstance(wanted, dict):
        return wanted.get("min", 0) <= n <= wanted.get("max", n)
    return n == wanted


def request_succeeds(cluster: Cluster, spec: Mapping[str, Any]) -> bool:
    """The request goal of an exercise (:mod:`kubelearn.checker.goals.request`) on this
    cluster as it is now: curl from outside (or, with ``from``, from a Pod) gets the status
    asked for (200 unless said), with ``contains`` a body that holds the text, with
    ``reaches`` an answer from a Pod with those labels."""
    from kubelearn.checker.goals import request
    from kubelearn.checker.goals.base import Say

    parsed = request.parse({"request": dict(spec)}, "-")
    return request.judge(parsed, cluster, Say(cluster.lang)) is None


def clock_words(playground: Playground, lang: str) -> str:
    """The clock line: the virtual time, how long since the start and the speed."""
    from kubelearn.cluster import clock

    now = playground.cluster.now_ms
    say = words(lang)
    speed = say(f"play.clock.{playground.mode.name}")
    shown = clock.rfc3339(now)[11:19]
    return say("play.clock.line", time=shown, since=clock.seconds(now - now % 1000), speed=speed)
