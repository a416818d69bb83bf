"""``scenario: {run: [kubectl lines], files: {...}, within: 2m, then: [goals], never: [goals]}``:
once the answer runs and the cluster is quiet, something happens to it (the lines under
``run``, as the learner would type them: ``kubectl set image deployment/web nginx=nginx:1.28``,
``kubectl apply -f cm.yaml`` with ``cm.yaml`` under ``files``), and the clock runs on. Then:

- every goal under ``then`` holds at some moment within ``within`` (default 2m, at most 10m);
- no goal under ``never`` held at any moment on the way, until the ``then`` goals hold and
  the cluster is quiet again, or ``within`` has passed (each is checked whenever an object
  changed): ``never: [{ready: {labels: {app: web}, count: {max: 2}}}]`` reads "never were
  at most 2 Pods ready".

``then`` and ``never`` hold any goal form but ``scenario``: the outcome forms, and the forms
about objects, judged on the cluster's objects as they are (status included), as a
playground step's goals are. A scenario with commands runs on a fresh cluster of its own.
Without ``run``, it judges the running answer as the cluster holds it, defaults filled in:
``then: [{in: Service/api, path: spec.type, equals: ClusterIP}]`` holds for a Service that
leaves ``type`` out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kubelearn.checker.goals.base import Failure, Form, Say
from kubelearn.checker.goals.outcome import MAX_STEPS, QUIET_S, check_keys
from kubelearn.checker.messages import Words

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

MAX_LINES = 20
MAX_WITHIN_S = 600
#: Files and goals one scenario may hold (each goal is judged up to once a virtual second).
MAX_FILES = 10
MAX_GOALS = 10
_DURATION = re.compile(r"^(?:(?P<m>\d+)m)?(?:(?P<s>\d+)s)?$")


@dataclass(frozen=True)
class ScenarioGoal:
    message: str
    run: tuple[str, ...]
    within_s: int = 120
    then: tuple[Any, ...] = ()
    never: tuple[Any, ...] = ()
    files: tuple[tuple[str, str], ...] = field(default=())

    @property
    def fresh(self) -> bool:
        """Judged on a fresh cluster: its commands change the one it runs on."""
        return bool(self.run)


def parse_within(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        seconds = value
    else:
        match = _DURATION.match(value.strip()) if isinstance(value, str) else None
        if match is None or not value.strip():
            raise ValueError("scenario.within is a duration such as 2m, 90s or 1m30s")
        seconds = int(match["m"] or 0) * 60 + int(match["s"] or 0)
    if not 0 < seconds <= MAX_WITHIN_S:
        raise ValueError("scenario.within is between 1s and 10m")
    return seconds


def _goals(raw: Any, key: str) -> tuple[Any, ...]:
    from kubelearn.checker.goals import parse_goal

    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_GOALS:
        raise ValueError(f"scenario.{key} is a list of at most {MAX_GOALS} goals")
    out = []
    for index, item in enumerate(raw, start=1):
        if isinstance(item, dict) and "scenario" in item:
            raise ValueError(f"scenario.{key} goal {index}: a scenario cannot hold a scenario")
        try:
            out.append(parse_goal(item))
        except ValueError as exc:
            raise ValueError(f"scenario.{key} goal {index}: {exc}") from None
    return tuple(out)


def parse(raw: dict, message: str) -> ScenarioGoal:
    body = check_keys(raw["scenario"], "scenario", ("run", "files", "within", "then", "never"),
                      "{run: ['kubectl set image deployment/web nginx=nginx:1.28'], "
                      "then: [...]}")
    lines = body.get("run", [])
    if (not isinstance(lines, list) or len(lines) > MAX_LINES
            or not all(isinstance(x, str) and x.strip() and "\n" not in x.strip()
                       for x in lines)):
        raise ValueError(f"scenario.run is a list of at most {MAX_LINES} kubectl lines")
    files = body.get("files") or {}
    if not isinstance(files, dict) or len(files) > MAX_FILES or not all(
            isinstance(k, str) and re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", k)
            and isinstance(v, str) for k, v in files.items()):
        raise ValueError(f"scenario.files maps at most {MAX_FILES} file names (no folders) "
                         "to YAML text")
    then, never = _goals(body.get("then"), "then"), _goals(body.get("never"), "never")
    if not then and not never:
        raise ValueError("a scenario needs goals under 'then' or 'never'")
    within = parse_within(body["within"]) if "within" in body else 120
    return ScenarioGoal(message, tuple(x.strip() for x in lines), within, then, never,
                        tuple(files.items()))


def judge_now(goal: Any, cluster: Cluster, say: Say) -> Failure | None:
    """One goal of any form (not a scenario) on the cluster as it is now."""
    from kubelearn.checker.goals import FORMS
    from kubelearn.checker.goals import judge as judge_static

    form = next(f for f in FORMS if isinstance(goal, f.goal))
    if form.outcome:
        return form.judge(goal, cluster, say)
    from kubelearn.cluster.playground import user_documents

    met, findings = judge_static([goal], user_documents(cluster), cluster.lang)
    if met:
        return None
    return Failure(Words(findings[0].explanation if findings else ""))


def _sentence(message: str) -> str:
    """An author's message inside our sentence, which ends it (its own full stop dropped)."""
    return message.strip().rstrip(".。")


def _state(goal: Any, cluster: Cluster, say: Say) -> str:
    """What made a ``never`` goal hold, where the form can say it."""
    from kubelearn.checker.goals import ready

    return ready.state(goal, cluster, say) if isinstance(goal, ready.ReadyGoal) else ""


def judge(goal: ScenarioGoal, cluster: Cluster, say: Say) -> Failure | None:
    from kubelearn.cluster import clock
    from kubelearn.cluster.playground import Playground

    playground = Playground(cluster=cluster, lang=cluster.lang)
    files = dict(goal.files)
    for line in goal.run:
        result = playground.run(line, files=files, remember=False)
        if result.status != 0:
            return Failure(say("scenario_line", line=line,
                               error=(result.error or result.output).strip() or "-"))
    start = cluster.now_ms
    deadline = start + goal.within_s * 1000
    seen, changed_at, checked_at = -1, start, -1
    then_met = not goal.then
    for _ in range(MAX_STEPS):
        cluster.settle()
        changed = cluster.store.resource_version != seen
        if changed:
            seen, changed_at = cluster.store.resource_version, cluster.now_ms
            for bad in goal.never:
                if judge_now(bad, cluster, say) is None:
                    text = say("never_held", time=Words(clock.seconds(cluster.now_ms - start)),
                               message=_sentence(bad.message))
                    state = _state(bad, cluster, say)
                    return Failure(say.join(text, state))
        # A file a ConfigMap edit rewrites changes no object: the goals are looked at again
        # at every moment the cluster does something, at most once a virtual second.
        if not then_met and (changed or cluster.now_ms - checked_at >= 1000):
            checked_at = cluster.now_ms
            then_met = all(judge_now(wanted, cluster, say) is None for wanted in goal.then)
        upcoming = cluster.next_timer()
        if upcoming is None or upcoming > deadline:
            break
        if then_met and upcoming - changed_at > QUIET_S * 1000:
            break  # done, and quiet: nothing more can break a never goal
        cluster.advance_to(upcoming)
    if then_met:
        return None
    for wanted in goal.then:
        failure = judge_now(wanted, cluster, say)
        if failure is not None:
            waited = Words(clock.seconds(goal.within_s * 1000))
            return Failure(say.join(say("then_unmet", time=waited,
                                        message=_sentence(wanted.message)),
                                    failure.explanation), hint=failure.hint)
    return None


FORM = Form("scenario", frozenset({"scenario", "message"}), ScenarioGoal, parse, judge,
            outcome=True)
