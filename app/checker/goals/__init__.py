"""Exercise goals: what an answer must contain, judged on meaning, never on text.

A lesson author writes a list of goals under ``expect:`` (the language is described in
lessons/README.md, section "Expectations"). :func:`parse_goals` turns that list into typed
goals and rejects malformed ones with a message for the author; :func:`judge` judges a
learner's parsed answer and explains every unmet goal in plain words, at the line the learner
should look at.

One module per form, each declaring its :class:`~.base.Form`; its words are in
``app/words/<lang>/goals.toml``. To add a form, add a module and list its ``FORM`` in
:data:`FORMS`. Where the language leaves room, the reading chosen is the one that never fails
a correct answer: ``null`` counts as absent (as in Kubernetes), ``[*]`` also walks the values
of a mapping, and a ``contains`` test on a mapping asks for a key (text) or for a sub-mapping.
"""

from __future__ import annotations

from typing import Any

from kubelearn.checker.findings import Finding, Severity
from kubelearn.checker.goals import (
    env_from,
    exec_goal,
    logs,
    mounts,
    path,
    ready,
    request,
    routes,
    scenario,
    selects,
)
from kubelearn.checker.goals import object as object_goal
from kubelearn.checker.goals.base import ConfigMapRef, Form, GoalError, Say, unknown_key
from kubelearn.checker.messages import internal_error
from kubelearn.kube.document import Document, Pos, format_path
from kubelearn.kube.objects import objects as objects_of

__all__ = ["FORMS", "Goal", "GoalError", "assumed", "is_outcome", "judge", "parse_goal",
           "parse_goals"]

#: Every form, in the order a goal's keys are matched against them.
FORMS: tuple[Form, ...] = (
    object_goal.FORM,
    path.FORM,
    selects.FORM,
    mounts.FORM,
    env_from.FORM,
    routes.FORM,
    ready.FORM,
    request.FORM,
    exec_goal.FORM,
    logs.FORM,
    scenario.FORM,
)

Goal = (
    object_goal.ObjectGoal
    | path.PathGoal
    | selects.SelectsGoal
    | mounts.MountsGoal
    | env_from.EnvFromGoal
    | routes.RoutesGoal
    | ready.ReadyGoal
    | request.RequestGoal
    | exec_goal.ExecGoal
    | logs.LogsGoal
    | scenario.ScenarioGoal
)

#: Scenarios with commands one exercise may hold: each builds and runs a cluster of its own.
MAX_FRESH_RUNS = 5

_BY_NAME = {form.name: form for form in FORMS}
_OUTCOME = tuple(form.goal for form in FORMS if form.outcome)
_ALL_KEYS = sorted(set().union(*(form.keys for form in FORMS)))


def _forms(raw: dict) -> list[str]:
    """The forms ``raw`` is written in: a form's own key, or ``path``/``in`` (or a lone
    ``count``) for a path goal."""
    found = [f.name for f in FORMS if f.name != "path" and f.name in raw]
    if "path" in raw or "in" in raw:
        found.append("path")
    if "count" in raw and not found:
        found.append("path")
    return found


def parse_goal(raw: object) -> Goal:
    """One goal from its raw mapping. Raises ValueError with a sentence for the author."""
    if isinstance(raw, tuple(f.goal for f in FORMS)):
        return raw  # already parsed
    if not isinstance(raw, dict):
        raise ValueError("an expectation is a mapping with a message and one test")
    forms = _forms(raw)
    for key in raw:
        if key not in _ALL_KEYS:
            raise ValueError(unknown_key(key, _ALL_KEYS))
    if not forms:
        raise ValueError("needs one of: object, path (with in), selects, mounts, env_from, "
                         "routes, ready, request, exec, logs, scenario")
    if len(forms) > 1:
        raise ValueError(f"has both '{forms[0]}' and '{forms[1]}'; write one per expectation")
    form = _BY_NAME[forms[0]]
    for key in raw:
        if key not in form.keys:
            raise ValueError(unknown_key(key, form.keys) + f" in a '{form.name}' expectation")
    message = raw.get("message")
    if not isinstance(message, str) or not message.strip():
        raise ValueError("needs a message")
    return form.parse(raw, message)


def parse_goals(raw: Any) -> tuple[Goal, ...]:
    """Validate an exercise's ``expect`` list (goals already parsed pass as they are).

    Raises:
        GoalError: at the first malformed goal, with its index and a message for the author.
    """
    if raw is None:
        return ()
    if not isinstance(raw, list | tuple):
        raise GoalError(0, "expect must be a list of expectations")
    parsed = []
    runs = 0
    for index, item in enumerate(raw):
        try:
            goal = parse_goal(item)
        except ValueError as exc:
            raise GoalError(index, str(exc)) from None
        runs += bool(getattr(goal, "fresh", False))
        if runs > MAX_FRESH_RUNS:
            raise GoalError(index, f"at most {MAX_FRESH_RUNS} scenarios with commands per "
                                   "exercise (each runs the answer in a cluster of its own)")
        parsed.append(goal)
    return tuple(parsed)


def assumed(goals: tuple[Goal, ...]) -> dict[str, frozenset[str]]:
    """The objects an exercise's task takes as already in the cluster, by kind: a ConfigMap a
    goal names by plain name (``configmap: app-settings``) may live only there, so the checker
    must not say it is missing from the answer."""
    names = {goal.configmap.name for goal in goals
             if isinstance(getattr(goal, "configmap", None), ConfigMapRef)
             and goal.configmap.ref is None and goal.configmap.name}
    return {"ConfigMap": frozenset(names)} if names else {}


def is_outcome(goal: object) -> bool:
    """Whether ``goal`` (parsed) is judged by running the answer (:mod:`.outcome`)."""
    return isinstance(goal, _OUTCOME)


def judge(goals: Any, docs: Any, lang: str = "en") -> tuple[int, list[Finding]]:
    """How many ``goals`` the answer ``docs`` meets, and a finding for each one it does not.

    A raw goal is parsed here (a malformed one becomes a finding); a goal whose judging fails
    becomes an internal-error finding and costs only that goal. Outcome goals are left out
    (neither met nor failed): :func:`.outcome.judge_outcomes` runs them.
    """
    say = Say(lang)
    docs = list(docs) if isinstance(docs, list | tuple) else []
    answer = objects_of(docs)
    first = next((d.start for d in docs if isinstance(d, Document)), Pos(1, 1))
    met, findings = 0, []
    judges = {form.goal: form.judge for form in FORMS}
    for index, goal in enumerate(goals if isinstance(goals, list | tuple) else [], start=1):
        try:
            goal = parse_goal(goal)
        except ValueError as exc:
            findings.append(Finding(Severity.ERROR, first.line, first.column, "expectation",
                                    str(exc)))
            continue
        if is_outcome(goal):
            continue
        try:
            failure = judges[type(goal)](goal, answer, say)
        except Exception as exc:  # one goal's failure costs only that goal
            findings.append(internal_error(exc, "expectations", first, lang, f"goal {index}"))
            continue
        if failure is None:
            met += 1
            continue
        pos = failure.doc.pos(failure.path, prefer_key=failure.key) if failure.doc is not None else first
        findings.append(Finding(
            severity=Severity.ERROR,
            line=pos.line,
            column=pos.column,
            code="expectation",
            message=goal.message,
            path=format_path(failure.path) if failure.doc is not None else "",
            explanation=failure.explanation,
            hint=failure.hint,
        ))
    return met, findings
