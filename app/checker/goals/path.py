"""``in: Kind/name, path: spec.containers[*].image, <test>: value``: a value in the answer.

The path language: fields joined by dots, ``[0]`` an index, ``[*]`` every item (also every
value of a mapping), ``[name=web]`` the items whose field is that text, ``["a.b"]`` a field
with a dot. The tests: exists, equals, one_of, matches (a regular expression), contains, and
count. ``null`` counts as absent, as in Kubernetes. Without ``in``, any one object of the
answer may hold the path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kubelearn.checker.goals.base import (
    Failure,
    Form,
    ObjectRef,
    Say,
    as_text,
    describe,
    is_int,
    missing,
    parse_ref,
    show,
)
from kubelearn.checker.messages import Words, quote
from kubelearn.kube.document import DocPath, Document, format_path
from kubelearn.kube.objects import values_equal

TESTS = ("exists", "equals", "one_of", "matches", "contains", "count")


@dataclass(frozen=True)
class Step:
    """One step of a path: a field, an index, every item (``*``) or a filter ``key=value``."""

    field: str | None = None
    index: int | None = None
    every: bool = False
    where: tuple[str, str] | None = None



@dataclass(frozen=True)
class PathGoal:
    message: str
    ref: ObjectRef | None
    path: str
    steps: tuple[Step, ...]
    test: str
    value: Any
    all: bool = False




def parse_path(text: str) -> tuple[Step, ...]:
    """``spec.containers[*].ports[name=http]`` -> steps. Raises ValueError when malformed."""
    steps: list[Step] = []
    i, n = 0, len(text)
    expect_field = True
    while i < n:
        c = text[i]
        if c == "[":
            close = _closing_bracket(text, i)
            steps.append(_bracket(text[i + 1 : close].strip(), text))
            i = close + 1
            expect_field = False
        elif c == ".":
            if expect_field:
                raise ValueError(f"path '{text}' has an empty field name")
            i += 1
            expect_field = True
        elif not expect_field:
            raise ValueError(f"path '{text}': put a '.' before '{text[i:]}'")
        else:
            j = i
            while j < n and text[j] not in ".[]":
                j += 1
            if text[j : j + 1] == "]":
                raise ValueError(f"path '{text}' has a ']' without '['")
            steps.append(Step(field=text[i:j].strip()))
            i = j
            expect_field = False
    if not steps or expect_field:
        raise ValueError(f"path '{text}' is empty or ends with '.'")
    return tuple(steps)


def _closing_bracket(text: str, start: int) -> int:
    quote = None
    for j in range(start + 1, len(text)):
        c = text[j]
        if quote:
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "]":
            return j
    raise ValueError(f"path '{text}' has a '[' without ']'")


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _bracket(inner: str, text: str) -> Step:
    if inner == "*":
        return Step(every=True)
    if re.fullmatch(r"-?[0-9]+", inner):
        return Step(index=int(inner))
    if inner[:1] in "\"'" and _unquote(inner) != inner:
        return Step(field=_unquote(inner))
    key, eq, value = inner.partition("=")
    if eq and key.strip():
        return Step(where=(_unquote(key), _unquote(value)))
    raise ValueError(
        f"path '{text}': [{inner}] is not a list step; use [0], [*], [name=value] or [\"field.name\"]"
    )


def parse(raw: dict, message: str) -> PathGoal:
    ref = parse_ref(raw["in"], "in") if raw.get("in") is not None else None
    path = raw.get("path")
    if not isinstance(path, str) or not path.strip():
        raise ValueError("needs a path, e.g. path: spec.replicas")
    steps = parse_path(path.strip())
    tests = [t for t in TESTS if t in raw]
    if len(tests) != 1:
        raise ValueError("exactly one test of exists/equals/one_of/matches/contains/count")
    test, value = tests[0], raw[tests[0]]
    every = raw.get("all", False)
    if not isinstance(every, bool):
        raise ValueError("all must be true or false")
    if every and test in ("exists", "count"):
        raise ValueError(f"all: true works with equals, one_of, matches and contains, not {test}")
    if test == "exists" and not isinstance(value, bool):
        raise ValueError("exists must be true or false")
    if test in ("equals", "contains") and value is None:
        raise ValueError(f"{test} needs a value; to ask for a missing field use exists: false")
    if test == "one_of" and (not isinstance(value, list) or not value):
        raise ValueError("one_of needs a list of values, e.g. one_of: [80, http]")
    if test == "matches":
        if not isinstance(value, str):
            raise ValueError("matches needs a regular expression as text")
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"matches: bad regular expression: {exc}") from None
    if test == "count":
        value = _parse_count(value)
    return PathGoal(message, ref, path.strip(), steps, test, value, every)


def _parse_count(value: object) -> tuple[int, int | None]:
    if is_int(value) and value >= 0:
        return (value, value)
    if isinstance(value, dict) and value and set(value) <= {"min", "max"}:
        low, high = value.get("min", 0), value.get("max")
        if is_int(low) and low >= 0 and (high is None or (is_int(high) and high >= low)):
            return (low, high)
    raise ValueError("count must be a whole number or {min: N, max: M} with 0 <= N <= M")



def _covers(item: Any, wanted: Any) -> bool:
    """``item`` equals ``wanted``, where a mapping ``wanted`` needs only its own keys."""
    if isinstance(wanted, dict):
        return isinstance(item, dict) and all(
            k in item and _covers(item[k], v) for k, v in wanted.items()
        )
    return values_equal(item, wanted)



def _passes(test: str, expected: Any, value: Any) -> bool:
    if test == "equals":
        return values_equal(value, expected)
    if test == "one_of":
        return any(values_equal(value, option) for option in expected)
    if test == "matches":
        text = as_text(value)
        return text is not None and re.search(expected, text) is not None
    if test == "contains":
        if isinstance(value, list):
            return any(_covers(item, expected) for item in value)
        if isinstance(value, dict):
            if isinstance(expected, dict):
                return _covers(value, expected)
            return any(as_text(k) == as_text(expected) for k in value)
        text, wanted = as_text(value), as_text(expected)
        return isinstance(value, str) and wanted is not None and wanted in (text or "")
    return False


# --- Walking paths ------------------------------------------------------------------------------


def _key_matches(key: Any, field: str) -> bool:
    return key == field or (not isinstance(key, str) and as_text(key) == field)


def walk(doc: Document, steps: tuple[Step, ...]) -> tuple[list[tuple[DocPath, Any]], DocPath, int]:
    """Every value ``steps`` lead to in ``doc`` (nulls left out), and how far the walk got.

    Returns (values, deepest existing path, number of steps that led somewhere).
    """
    current: list[tuple[DocPath, Any]] = [((), doc.data)]
    deepest, depth = (), 0
    for step in steps:
        found: list[tuple[DocPath, Any]] = []
        for path, value in current:
            found.extend(_step(path, value, step))
        if not found:
            return [], deepest, depth
        current = found
        deepest, depth = found[0][0], depth + 1
    return [(p, v) for p, v in current if v is not None], deepest, depth


def _step(path: DocPath, value: Any, step: Step) -> Iterator[tuple[DocPath, Any]]:
    if step.field is not None:
        if isinstance(value, dict):
            for key, child in value.items():
                if _key_matches(key, step.field):
                    yield (*path, key), child
                    return
    elif step.index is not None:
        if isinstance(value, list) and -len(value) <= step.index < len(value):
            index = step.index % len(value)
            yield (*path, index), value[index]
    elif step.every:
        if isinstance(value, list):
            yield from (((*path, i), item) for i, item in enumerate(value))
        elif isinstance(value, dict):
            yield from (((*path, k), v) for k, v in value.items())
    elif step.where is not None:
        key, wanted = step.where
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict) and as_text(item.get(key)) == wanted:
                    yield (*path, i), item


def judge(exp: PathGoal, objects: list[Document], say: Say) -> Failure | None:
    if exp.ref is None:
        # Without `in`, any one object of the answer may hold the path: the author's first
        # object can stand anywhere in a learner's answer.
        groups = [[d] for d in objects] or [[]]
    else:
        matched = [d for d in objects if exp.ref.matches(d)]
        if not matched:
            return missing(exp.ref, objects, say)
        groups = [matched]
    # First only the verdicts (no words: with a thousand objects, wording each failure was
    # most of the work), then the words of the failure that got furthest into the path.
    if len(groups) == 1:
        worded = _judge_path_in(exp, groups[0], say)
        return worded[0] if worded else None
    best: tuple[int, list[Document]] | None = None
    for group in groups:
        verdict = _judge_path_in(exp, group, None)
        if verdict is None:
            return None
        if best is None or verdict[1] > best[0]:
            best = (verdict[1], group)
    assert best is not None
    worded = _judge_path_in(exp, best[1], say)
    return worded[0] if worded else None


def _judge_path_in(
    exp: PathGoal, group: list[Document], say: Say | None
) -> tuple[Failure | None, int] | None:
    """None when the test holds over the values of every object in ``group``; else the
    failure and how deep into the path the best object got (to pick the closest answer).

    Without ``say`` the failure is not worded: only how deep it got is given.
    """

    def failed(make: Any, depth: int) -> tuple[Failure | None, int]:
        return (make(say) if say is not None else None), depth

    if not group:
        return failed(lambda say: Failure(say("empty")), 0)
    values: list[tuple[Document, DocPath, Any]] = []
    best_doc, best_path, best_depth = group[0], (), -1
    for doc in group:
        found, deepest, depth = walk(doc, exp.steps)
        values.extend((doc, p, v) for p, v in found)
        if depth > best_depth:
            best_doc, best_path, best_depth = doc, deepest, depth
    full = len(exp.steps) + 1

    def no_path(say: Say) -> Failure:
        obj = describe(best_doc, say)
        text = (
            say("no_path_partial", obj=obj, path=exp.path, deepest=format_path(best_path))
            if best_path
            else say("no_path", obj=obj, path=exp.path)
        )
        return Failure(text, best_doc, best_path)

    if exp.test == "exists":
        if bool(values) == exp.value:
            return None
        if exp.value:
            return failed(no_path, best_depth)
        doc, path, value = values[0]
        return failed(lambda say: Failure(
            say("has_path", obj=describe(doc, say), path=format_path(path), value=show(value)),
            doc,
            path,
        ), full)
    if exp.test == "count":
        low, high = exp.value
        if low <= len(values) and (high is None or len(values) <= high):
            return None
        want = str(low) if low == high else f"{low}-{high}" if high is not None else f">= {low}"
        doc, path = (values[0][0], values[0][1]) if values else (best_doc, best_path)
        return failed(lambda say: Failure(
            say("count_path", obj=describe(doc, say), path=exp.path, found=len(values), want=want),
            doc,
            path,
        ), full)
    if not values:
        return failed(no_path, best_depth)
    results = [_passes(exp.test, exp.value, v) for _, _, v in values]
    if all(results) if exp.all else any(results):
        return None
    return failed(lambda say: _value_failure(exp, values, results, say), full)


def _value_failure(exp: PathGoal, values: list, results: list[bool], say: Say) -> Failure:
    """The words for values that are there but fail the test."""
    if exp.all:
        doc, path, value = values[results.index(False)]
        text = say("not_all", obj=describe(doc, say), path=format_path(path), value=show(value))
    elif len(values) == 1:
        doc, path, value = values[0]
        text = say("found", obj=describe(doc, say), path=format_path(path), value=show(value))
    else:
        doc, path, _ = values[0]
        shown = Words(", ".join(quote(show(v)) for _, _, v in values[:5]))
        text = say("found_many", obj=describe(doc, say), path=exp.path, values=shown)
    return Failure(text, doc, path)



FORM = Form("path", frozenset({"in", "path", "all", "message", *TESTS}), PathGoal, parse, judge)
