"""```` ```playground ````: a step that opens the offline cluster with given objects, a
scripted scenario and a goal.

The block's YAML (described for authors in ``lessons/README.md``, "Playground steps"):
``task`` (Markdown, shown in the step and above the prompt), optional ``title``, ``files``
(name -> manifest text, applied in order as ``kubectl apply -f NAME``), ``script`` (kubectl
lines run after the files: the scenario the learner walks into), ``expect`` (goals judged on
the cluster's state, never on what was typed) and ``solution`` (kubectl lines that reach the
goal; the course's tests run them to prove the goal can be met and is not met at the start).

A goal is one of: any exercise expectation (``object``, ``in``/``path``, ``selects``,
``mounts``, ``env_from``, ``routes``), judged on the cluster's objects as they are now, or an
exercise's ``exec`` or ``logs`` goal, judged in the cluster's Pods as they are now;
``ready: {labels: {app: web}, count: 5}`` (Pods with those labels that are Ready); or
``request: {url: ..., host: ..., status: 200, contains: text}`` (curl from outside the
cluster; every key of an exercise's ``request`` goal, ``reaches`` and ``from`` too). Goals
are kept as written and parsed again when judged, so the course cache needs none of the
checker's goal forms to start up.
"""

from __future__ import annotations

import re
from typing import Any

from kubelearn.course.blocks.base import Block, Fence
from kubelearn.course.fields import check_keys, check_title, quoted, text
from kubelearn.course.markdown import unwrap_cjk
from kubelearn.course.model import PlayGoal, PlaygroundPart, Problem

__all__ = ["BLOCK", "PlayGoal", "PlaygroundPart", "parse", "parse_goal"]

KEYS = {"title": False, "task": True, "files": False, "script": False, "expect": False,
        "solution": False}
#: A file name as ``kubectl apply -f`` will see it: no folders, no spaces.
FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MAX_FILES = 20
MAX_LINES = 50
MAX_LINE = 500
MAX_GOALS = 20
READY_KEYS = ("labels", "count", "namespace")
REQUEST_KEYS = ("url", "host", "status", "contains", "reaches", "from", "namespace", "insecure",
                "follow")


def parse(fence: Fence) -> PlaygroundPart | None:
    block = fence.yaml()
    if block is None:
        return None
    where, line, problems = fence.where, fence.line, fence.problems
    before = len(problems)
    if not check_keys(block, KEYS, "playground", where, line, problems):
        return None
    data = block.data

    def at(key: str) -> int:
        return block.key_lines.get(key, line)

    title = check_title(data.get("title"), "playground title", where, at("title"), problems)
    task = data.get("task")
    if "task" in data and (not isinstance(task, str) or not task.strip()):
        problems.append(Problem(where, at("task"), "task must be text: what the learner does"))
    files = _files(data.get("files"), where, at("files"), problems)
    script = _lines(data.get("script"), "script", where, at("script"), problems)
    solution = _lines(data.get("solution"), "solution", where, at("solution"), problems)
    goals = _goals(data.get("expect"), block.item_lines.get("expect", []), where, at("expect"),
                   problems)
    if solution and not goals:
        problems.append(Problem(where, at("solution"), "a solution needs goals (expect) to reach"))
    if len(problems) > before:
        return None
    return PlaygroundPart(unwrap_cjk(text(task).strip()), title, files, script, goals, solution,
                          line)


def _files(raw: Any, where: str, line: int, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict) or len(raw) > MAX_FILES:
        problems.append(Problem(where, line, f"files must be a mapping of at most {MAX_FILES} "
                                             "file names to YAML text"))
        return ()
    out = []
    for name, content in raw.items():
        if not isinstance(name, str) or not FILE_NAME.match(name):
            problems.append(Problem(where, line, f"file name '{quoted(name)}' must be letters, "
                                                 "digits, '.', '_' and '-' (no folders)"))
        elif not isinstance(content, str):
            problems.append(Problem(where, line, f"file '{name}' must be YAML text "
                                                 f"(write it as a block: '{name}: |')"))
        else:
            out.append((name, content))
    return tuple(out)


def _lines(raw: Any, key: str, where: str, line: int, problems: list[Problem]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if (not isinstance(raw, list) or len(raw) > MAX_LINES
            or not all(isinstance(x, str) and "\n" not in x.strip() and len(x) <= MAX_LINE
                       for x in raw)):
        problems.append(Problem(where, line, f"{key} must be a list of at most {MAX_LINES} "
                                             "kubectl command lines, one line each"))
        return ()
    return tuple(x.strip() for x in raw if x.strip())


def _goals(raw: Any, item_lines: list[int], where: str, line: int,
           problems: list[Problem]) -> tuple[PlayGoal, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_GOALS:
        problems.append(Problem(where, line, f"expect must be a list of at most {MAX_GOALS} goals"))
        return ()
    out = []
    for index, item in enumerate(raw):
        at = item_lines[index] if index < len(item_lines) else line
        try:
            out.append(parse_goal(item))
        except ValueError as exc:
            problems.append(Problem(where, at, f"goal {index + 1}: {exc}"))
    return tuple(out)


def parse_goal(raw: Any) -> PlayGoal:
    """One goal as the lesson wrote it; ValueError with a sentence for the author."""
    if not isinstance(raw, dict):
        raise ValueError("a goal is a mapping with a message and one test")
    message = raw.get("message")
    if not isinstance(message, str) or not message.strip():
        raise ValueError("needs a message")
    if "ready" in raw or "request" in raw:
        form = "ready" if "ready" in raw else "request"
        extra = sorted(str(k) for k in raw if k not in (form, "message"))
        if extra:
            raise ValueError(f"a '{form}' goal has only '{form}' and 'message', not "
                             f"'{quoted(extra[0])}'")
        spec = _ready(raw["ready"]) if form == "ready" else _request(raw["request"])
        return PlayGoal(form, message.strip(), spec)
    if "scenario" in raw:
        raise ValueError("a playground goal cannot be a scenario: the learner's own commands "
                         "are the scenario (put the setup under script)")
    from kubelearn.checker.goals import parse_goal as parse_expectation

    parse_expectation(raw)  # raises ValueError with the author's sentence
    return PlayGoal("state", message.strip(), dict(raw))


def _keys_of(spec: Any, name: str, keys: tuple[str, ...], example: str) -> None:
    """A goal form's mapping: a mapping, with none but its own keys (else the author's error)."""
    if not isinstance(spec, dict):
        raise ValueError(f"{name} needs {example}")
    unknown = [k for k in spec if k not in keys]
    if unknown:
        raise ValueError(f"{name} has no key '{quoted(unknown[0])}'; its keys: " + ", ".join(keys))


def _ready(spec: Any) -> dict:
    _keys_of(spec, "ready", READY_KEYS,
             "labels and a count, e.g. ready: {labels: {app: web}, count: 5}")
    labels = spec.get("labels")
    if (not isinstance(labels, dict) or not labels
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in labels.items())):
        raise ValueError("ready needs labels: a mapping of label names to text values")
    count = spec.get("count")
    if isinstance(count, dict):
        bounds = {k: v for k, v in count.items() if k in ("min", "max")}
        if (not bounds or len(bounds) != len(count)
                or not all(_whole(v) and v >= 0 for v in bounds.values())):
            raise ValueError("count is a whole number or {min: N, max: M}")
    elif not (_whole(count) and count >= 0):
        raise ValueError("ready needs a count: a whole number or {min: N, max: M}")
    namespace = spec.get("namespace")
    if namespace is not None and not isinstance(namespace, str):
        raise ValueError("namespace must be text")
    return dict(spec)


def _request(spec: Any) -> dict:
    _keys_of(spec, "request", REQUEST_KEYS, "a url, e.g. request: {url: 'http://172.18.0.2:30080/'}")
    url = spec.get("url")
    if not isinstance(url, str) or not re.match(r"^https?://[^\s/]+", url):
        raise ValueError("request needs a url starting with http:// or https://")
    status = spec.get("status", 200)
    if not (_whole(status) and 100 <= status <= 599):
        raise ValueError("status must be an HTTP status code such as 200")
    for key in ("host", "contains"):
        if key in spec and not isinstance(spec[key], str):
            raise ValueError(f"{key} must be text")
    from kubelearn.checker.goals import request

    request.parse({"request": spec}, "-")  # reaches, from...: as an exercise's request goal
    return dict(spec)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


BLOCK = Block(name="playground", keys=KEYS, parse=parse, collect="step")
