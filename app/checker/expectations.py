"""Exercise expectations: what an answer must contain, judged on meaning, never on text.

A lesson author writes a list of expectations under ``expect:`` (the language is described in
lessons/README.md, section "Expectations"). ``parse_expectations`` turns that list into typed
expectations and rejects malformed ones with a message for the author; ``evaluate`` judges a
learner's parsed answer and explains every unmet expectation in plain words, at the line the
learner should look at.

Where the language leaves room, the reading chosen is the one that never fails a correct answer:
``null`` counts as absent (as in Kubernetes), ``[*]`` also walks the values of a mapping, and a
``contains`` test on a mapping asks for a key (text) or for a sub-mapping.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kubelearn.checker.document import DocPath, Document, Pos, format_path
from kubelearn.checker.findings import Finding, Severity
from kubelearn.checker.messages import Words, internal_error, quote
from kubelearn.checker.semantic import (
    TEMPLATE_KINDS,
    PodIndex,
    as_dict,
    as_list,
    containers,
    pod_labels,
    pod_labels_path,
    pod_spec_path,
    same_namespace,
)
from kubelearn.checker.yamlread import resolve_plain

TESTS = ("exists", "equals", "one_of", "matches", "contains", "count")
POD_KINDS = frozenset({"Pod", "CronJob"} | TEMPLATE_KINDS)


class ExpectationError(ValueError):
    """A malformed expectation: ``index`` is its position in the ``expect`` list."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(f"expectation {index + 1}: {message}")
        self.index = index
        self.message = message


# --- The parsed shapes --------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectRef:
    """``Kind`` (any object of that kind) or ``Kind/name``."""

    kind: str
    name: str | None = None

    def matches(self, doc: Document) -> bool:
        return doc.kind == self.kind and (self.name is None or doc.name == self.name)

    def __str__(self) -> str:
        return f"{self.kind}/{self.name}" if self.name else self.kind


@dataclass(frozen=True)
class ConfigMapRef:
    """A ConfigMap by plain name (it may live only in the cluster), or one in the answer."""

    name: str | None = None
    ref: ObjectRef | None = None

    def __str__(self) -> str:
        return str(self.ref) if self.ref else str(self.name)


@dataclass(frozen=True)
class Step:
    """One step of a path: a field, an index, every item (``*``) or a filter ``key=value``."""

    field: str | None = None
    index: int | None = None
    every: bool = False
    where: tuple[str, str] | None = None


@dataclass(frozen=True)
class ObjectExpectation:
    message: str
    ref: ObjectRef
    count: int | None = None


@dataclass(frozen=True)
class PathExpectation:
    message: str
    ref: ObjectRef | None
    path: str
    steps: tuple[Step, ...]
    test: str
    value: Any
    all: bool = False


@dataclass(frozen=True)
class SelectsExpectation:
    message: str
    service: ObjectRef
    target: ObjectRef


@dataclass(frozen=True)
class MountsExpectation:
    message: str
    pod: ObjectRef
    configmap: ConfigMapRef
    path: str | None = None
    read_only: bool | None = None


@dataclass(frozen=True)
class EnvFromExpectation:
    message: str
    pod: ObjectRef
    configmap: ConfigMapRef
    key: str | None = None
    var: str | None = None


@dataclass(frozen=True)
class RoutesExpectation:
    message: str
    ingress: ObjectRef
    service: ObjectRef
    path: str | None = None
    host: str | None = None


Expectation = (
    ObjectExpectation
    | PathExpectation
    | SelectsExpectation
    | MountsExpectation
    | EnvFromExpectation
    | RoutesExpectation
)


# --- Parsing ------------------------------------------------------------------------------------

_FORMS = {
    "object": {"object", "count", "message"},
    "path": {"in", "path", "all", "message", *TESTS},
    "selects": {"selects", "message"},
    "mounts": {"mounts", "message"},
    "env_from": {"env_from", "message"},
    "routes": {"routes", "message"},
}
_RELATION_KEYS = {
    "selects": ({"service", "target"}, set()),
    "mounts": ({"pod", "configmap"}, {"path", "readOnly"}),
    "env_from": ({"pod", "configmap"}, {"key", "var"}),
    "routes": ({"ingress", "service"}, {"path", "host"}),
}
_ALL_KEYS = sorted(set().union(*_FORMS.values()))
_REF = re.compile(r"^(?P<kind>[A-Z][A-Za-z0-9]*)(?:/(?P<name>[a-z0-9][-a-z0-9.]*))?$")
_PLAIN_NAME = re.compile(r"^[a-z0-9][-a-z0-9.]*$")


def _unknown(key: object, allowed: set[str] | list[str]) -> str:
    by_lower = {a.lower(): a for a in allowed}
    close = difflib.get_close_matches(str(key).lower(), sorted(by_lower), n=1)
    return f"unknown key '{key}'" + (f" (did you mean '{by_lower[close[0]]}'?)" if close else "")


def _ref(value: object, what: str, kinds: frozenset[str] | None = None) -> ObjectRef:
    if not isinstance(value, str) or not _REF.match(value.strip()):
        raise ValueError(
            f"{what} must be a kind such as 'Deployment' or a kind and name such as "
            f"'Deployment/web', not {value!r}"
        )
    match = _REF.match(value.strip())
    assert match
    ref = ObjectRef(match["kind"], match["name"])
    if kinds is not None and ref.kind not in kinds:
        raise ValueError(f"{what} must be one of {', '.join(sorted(kinds))}, not {ref.kind}")
    return ref


def _configmap(value: object) -> ConfigMapRef:
    if isinstance(value, str) and _PLAIN_NAME.match(value.strip()):
        return ConfigMapRef(name=value.strip())
    try:
        ref = _ref(value, "configmap", frozenset({"ConfigMap"}))
    except ValueError:
        raise ValueError(
            "configmap must be a ConfigMap's name (lowercase, e.g. 'app-config'), or "
            f"'ConfigMap' / 'ConfigMap/name' for one in the answer, not {value!r}"
        ) from None
    return ConfigMapRef(ref=ref)


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


def _parse_one(raw: object) -> Expectation:
    if not isinstance(raw, dict):
        raise ValueError("an expectation is a mapping with a message and one test")
    forms = [f for f in _FORMS if f != "path" and f in raw]
    if "path" in raw or "in" in raw:
        forms.append("path")
    if "count" in raw and not forms:
        forms.append("path")
    for key in raw:
        if key not in _ALL_KEYS:
            raise ValueError(_unknown(key, _ALL_KEYS))
    if not forms:
        raise ValueError("needs one of: object, path (with in), selects, mounts, env_from, routes")
    if len(forms) > 1:
        raise ValueError(f"has both '{forms[0]}' and '{forms[1]}'; write one per expectation")
    form = forms[0]
    for key in raw:
        if key not in _FORMS[form]:
            raise ValueError(_unknown(key, _FORMS[form]) + f" in a '{form}' expectation")
    message = raw.get("message")
    if not isinstance(message, str) or not message.strip():
        raise ValueError("needs a message")
    if form == "object":
        count = raw.get("count")
        if count is not None and (not _is_int(count) or count < 0):
            raise ValueError("count must be a whole number, 0 or more")
        return ObjectExpectation(message, _ref(raw["object"], "object"), count)
    if form == "path":
        return _parse_path_expectation(raw, message)
    body = raw[form]
    required, optional = _RELATION_KEYS[form]
    if not isinstance(body, dict):
        raise ValueError(f"'{form}' holds a mapping with {', '.join(sorted(required))}")
    for key in body:
        if key not in required | optional:
            raise ValueError(_unknown(key, required | optional) + f" under '{form}'")
    for key in sorted(required):
        if key not in body:
            raise ValueError(f"'{form}' needs '{key}'")
    for key in optional:
        if key in body and key != "readOnly" and not isinstance(body[key], str):
            raise ValueError(f"'{form}.{key}' must be text")
    if form == "selects":
        return SelectsExpectation(
            message,
            _ref(body["service"], "selects.service", frozenset({"Service"})),
            _ref(body["target"], "selects.target", POD_KINDS),
        )
    if form == "mounts":
        read_only = body.get("readOnly")
        if read_only is not None and not isinstance(read_only, bool):
            raise ValueError("mounts.readOnly must be true or false")
        return MountsExpectation(
            message,
            _ref(body["pod"], "mounts.pod", POD_KINDS),
            _configmap(body["configmap"]),
            body.get("path"),
            read_only,
        )
    if form == "env_from":
        return EnvFromExpectation(
            message,
            _ref(body["pod"], "env_from.pod", POD_KINDS),
            _configmap(body["configmap"]),
            body.get("key"),
            body.get("var"),
        )
    return RoutesExpectation(
        message,
        _ref(body["ingress"], "routes.ingress", frozenset({"Ingress"})),
        _ref(body["service"], "routes.service", frozenset({"Service"})),
        body.get("path"),
        body.get("host"),
    )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_path_expectation(raw: dict, message: str) -> PathExpectation:
    ref = _ref(raw["in"], "in") if raw.get("in") is not None else None
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
    return PathExpectation(message, ref, path.strip(), steps, test, value, every)


def _parse_count(value: object) -> tuple[int, int | None]:
    if _is_int(value) and value >= 0:
        return (value, value)
    if isinstance(value, dict) and value and set(value) <= {"min", "max"}:
        low, high = value.get("min", 0), value.get("max")
        if _is_int(low) and low >= 0 and (high is None or (_is_int(high) and high >= low)):
            return (low, high)
    raise ValueError("count must be a whole number or {min: N, max: M} with 0 <= N <= M")


def parse_expectations(raw: list) -> list[Expectation]:
    """Validate an exercise's ``expect`` list. Raises ExpectationError at the first bad one."""
    if raw is None:
        return []
    if not isinstance(raw, (list, tuple)):
        raise ExpectationError(0, "expect must be a list of expectations")
    parsed = []
    for index, item in enumerate(raw):
        try:
            parsed.append(_parse_one(item))
        except ValueError as exc:
            raise ExpectationError(index, str(exc)) from None
    return parsed


# --- Values -------------------------------------------------------------------------------------


def values_equal(a: Any, b: Any) -> bool:
    """Parsed-value equality: 3 == 3.0, but true != 1 and "3" != 3."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(values_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(values_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _covers(item: Any, wanted: Any) -> bool:
    """``item`` equals ``wanted``, where a mapping ``wanted`` needs only its own keys."""
    if isinstance(wanted, dict):
        return isinstance(item, dict) and all(
            k in item and _covers(item[k], v) for k, v in wanted.items()
        )
    return values_equal(item, wanted)


def as_text(value: Any) -> str | None:
    """A scalar as Kubernetes would print it; None for mappings, lists and null."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def show(value: Any, limit: int = 60) -> str:
    text = as_text(value)
    if text is None:
        text = "null" if value is None else json.dumps(value, ensure_ascii=False, default=str)
    elif isinstance(value, str) and (
        text == "" or text != text.strip() or not isinstance(resolve_plain(text), str)
    ):
        text = json.dumps(text, ensure_ascii=False)  # "true", "3": text, not a bool or number
    return text if len(text) <= limit else text[: limit - 3] + "..."


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


# --- Evaluation ---------------------------------------------------------------------------------

_TEXT = {
    "en": {
        "no_object": "Your answer has no {ref}.",
        "no_object_named": "Your answer has no {ref}; it has {others}.",
        "no_object_has": "Your answer has no {ref}. It has: {others}.",
        "empty": "Your answer has no Kubernetes object yet.",
        "object": "object",
        "count": "Your answer has {found} {kind} object(s); the exercise asks for exactly {want}.",
        "no_path": "{obj} has no {path}.",
        "no_path_partial": "{obj} has no {path}: it stops at {deepest}.",
        "has_path": "{obj} has {path}: {value}.",
        "found": "{obj}: {path} is {value}.",
        "found_many": "{obj}: {path} gives {values}.",
        "count_path": "{obj}: {path} leads to {found} value(s); expected {want}.",
        "not_all": "{obj}: {path} is {value}, and every value must pass.",
        "no_selector": "The Service {svc} has no selector, so it selects no Pods.",
        "selector_off": "The Service {svc} selects {selector}; {target} has Pods labelled {labels}.",
        "no_cm_volume": "No volume of {pod} uses the ConfigMap {cm}.",
        "not_mounted": "The volume {volume} holds the ConfigMap {cm}, but no container of {pod} mounts it.",
        "wrong_mount_path": "The volume {volume} is mounted at {found}, not at {want}.",
        "not_read_only": "The mount of {volume} at {found} is {state}.",
        "no_env": "No container of {pod} takes variables from the ConfigMap {cm}.",
        "env_other": "{pod} reads the ConfigMap {cm}, but not the key {key} into the variable {var}.",
        "no_route": "No rule of {ingress} sends {what} to the Service {svc} on one of its ports ({ports}).",
        "routes_found": "It sends: {routes}.",
        "selects_hint": "Copy the labels of {target} ({labels}) into the Service's spec.selector.",
        "read_only_hint": "Add readOnly: {value} to this mount.",
        "read_only": "read-only",
        "writable": "writable",
        "nothing": "nothing",
        "any_path": "traffic",
        "none": "none",
    },
    "zh": {
        "no_object": "你的答案中没有 {ref}。",
        "no_object_named": "你的答案中没有 {ref}；现有的是 {others}。",
        "no_object_has": "你的答案中没有 {ref}。现有的是：{others}。",
        "empty": "你的答案中还没有任何 Kubernetes 对象。",
        "object": "对象",
        "count": "你的答案中有 {found} 个 {kind}；练习要求正好 {want} 个。",
        "no_path": "{obj} 中没有 {path}。",
        "no_path_partial": "{obj} 中没有 {path}：只写到了 {deepest}。",
        "has_path": "{obj} 中有 {path}：{value}。",
        "found": "{obj}：{path} 的值是 {value}。",
        "found_many": "{obj}：{path} 的值有 {values}。",
        "count_path": "{obj}：{path} 有 {found} 个值；应为 {want}。",
        "not_all": "{obj}：{path} 的值是 {value}，但每个值都必须符合要求。",
        "no_selector": "Service {svc} 没有 selector，因此不会选中任何 Pod。",
        "selector_off": "Service {svc} 选择 {selector}；{target} 的 Pod 标签是 {labels}。",
        "no_cm_volume": "{pod} 没有使用 ConfigMap {cm} 的卷。",
        "not_mounted": "卷 {volume} 使用了 ConfigMap {cm}，但 {pod} 中没有容器挂载它。",
        "wrong_mount_path": "卷 {volume} 挂载在 {found}，而不是 {want}。",
        "not_read_only": "卷 {volume} 在 {found} 的挂载是{state}。",
        "no_env": "{pod} 中没有容器从 ConfigMap {cm} 读取环境变量。",
        "env_other": "{pod} 读取了 ConfigMap {cm}，但没有把键 {key} 读入变量 {var}。",
        "no_route": "{ingress} 没有规则把 {what} 发送到 Service {svc} 的端口（{ports}）。",
        "routes_found": "它发送的是：{routes}。",
        "selects_hint": "把 {target} 的标签（{labels}）复制到 Service 的 spec.selector 中。",
        "read_only_hint": "在这个挂载中加上 readOnly: {value}。",
        "read_only": "只读的",
        "writable": "可写的",
        "nothing": "无",
        "any_path": "流量",
        "none": "无",
    },
}


class _Say:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.text = _TEXT.get(lang, _TEXT["en"])

    def __call__(self, template: str, /, **values: Any) -> Words:
        """A sentence; values from the answer are quoted (one line, clipped), pieces of
        our own (:class:`Words`) are kept whole."""
        return Words(self.text[template].format(**{k: quote(v) for k, v in values.items()}))


@dataclass
class _Failure:
    explanation: str
    doc: Document | None = None
    path: DocPath = ()
    hint: str = ""
    key: bool = True


def _objects(docs: list[Document]) -> list[Document]:
    return [d for d in docs if isinstance(d, Document) and isinstance(d.data, dict)]


def _describe(doc: Document, say: _Say) -> Words:
    kind = quote(doc.kind) if doc.kind else say("object")
    return Words(f"{kind} {quote(doc.name)}" if doc.name else kind)


def evaluate(
    exps: list[Expectation], docs: list[Document], *, lang: str = "en"
) -> tuple[int, list[Finding]]:
    """How many expectations ``docs`` meet, and a finding for each one they do not."""
    say = _Say(lang)
    docs = list(docs) if isinstance(docs, (list, tuple)) else []
    objects = _objects(docs)
    first = next((d.start for d in docs if isinstance(d, Document)), Pos(1, 1))
    met, findings = 0, []
    for index, exp in enumerate(exps if isinstance(exps, (list, tuple)) else [], start=1):
        if type(exp) not in _JUDGES:
            try:
                exp = _parse_one(exp)  # a raw expectation from the lesson file
            except ValueError as exc:
                findings.append(
                    Finding(Severity.ERROR, first.line, first.column, "expectation", str(exc))
                )
                continue
        try:
            failure = _JUDGES[type(exp)](exp, objects, say)
        except Exception as exc:  # one goal's failure costs only that goal
            findings.append(internal_error(exc, "expectations", first, lang, f"goal {index}"))
            continue
        if failure is None:
            met += 1
            continue
        if failure.doc is not None:
            pos = failure.doc.pos(failure.path, prefer_key=failure.key)
        else:
            pos = first
        findings.append(
            Finding(
                severity=Severity.ERROR,
                line=pos.line,
                column=pos.column,
                code="expectation",
                message=exp.message,
                path=format_path(failure.path) if failure.doc is not None else "",
                explanation=failure.explanation,
                hint=failure.hint,
            )
        )
    return met, findings


def _missing(ref: ObjectRef, objects: list[Document], say: _Say) -> _Failure:
    same_kind = [d for d in objects if d.kind == ref.kind]
    if ref.name and same_kind:
        others = Words(", ".join(_describe(d, say) for d in same_kind[:3]))
        return _Failure(
            say("no_object_named", ref=f"{ref.kind} {ref.name}", others=others),
            same_kind[0],
            ("metadata", "name"),
            key=False,
        )
    if not objects:
        return _Failure(say("empty"))
    others = Words(", ".join(_describe(d, say) for d in objects[:3]))
    return _Failure(say("no_object_has", ref=str(ref).replace("/", " "), others=others))


def _judge_object(exp: ObjectExpectation, objects: list[Document], say: _Say) -> _Failure | None:
    found = [d for d in objects if exp.ref.matches(d)]
    if not found and exp.count != 0:
        return _missing(exp.ref, objects, say)
    if exp.count is not None and len(found) != exp.count:
        extra = found[exp.count] if len(found) > exp.count else found[0]
        return _Failure(
            say("count", found=len(found), kind=str(exp.ref), want=exp.count), extra, ()
        )
    return None


def _judge_path(exp: PathExpectation, objects: list[Document], say: _Say) -> _Failure | None:
    if exp.ref is None:
        # Without `in`, any one object of the answer may hold the path: the author's first
        # object can stand anywhere in a learner's answer.
        groups = [[d] for d in objects] or [[]]
    else:
        matched = [d for d in objects if exp.ref.matches(d)]
        if not matched:
            return _missing(exp.ref, objects, say)
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
    exp: PathExpectation, group: list[Document], say: _Say | None
) -> tuple[_Failure | None, int] | None:
    """None when the test holds over the values of every object in ``group``; else the
    failure and how deep into the path the best object got (to pick the closest answer).

    Without ``say`` the failure is not worded: only how deep it got is given.
    """

    def failed(make: Any, depth: int) -> tuple[_Failure | None, int]:
        return (make(say) if say is not None else None), depth

    if not group:
        return failed(lambda say: _Failure(say("empty")), 0)
    values: list[tuple[Document, DocPath, Any]] = []
    best_doc, best_path, best_depth = group[0], (), -1
    for doc in group:
        found, deepest, depth = walk(doc, exp.steps)
        values.extend((doc, p, v) for p, v in found)
        if depth > best_depth:
            best_doc, best_path, best_depth = doc, deepest, depth
    full = len(exp.steps) + 1

    def missing(say: _Say) -> _Failure:
        obj = _describe(best_doc, say)
        text = (
            say("no_path_partial", obj=obj, path=exp.path, deepest=format_path(best_path))
            if best_path
            else say("no_path", obj=obj, path=exp.path)
        )
        return _Failure(text, best_doc, best_path)

    if exp.test == "exists":
        if bool(values) == exp.value:
            return None
        if exp.value:
            return failed(missing, best_depth)
        doc, path, value = values[0]
        return failed(lambda say: _Failure(
            say("has_path", obj=_describe(doc, say), path=format_path(path), value=show(value)),
            doc,
            path,
        ), full)
    if exp.test == "count":
        low, high = exp.value
        if low <= len(values) and (high is None or len(values) <= high):
            return None
        want = str(low) if low == high else f"{low}-{high}" if high is not None else f">= {low}"
        doc, path = (values[0][0], values[0][1]) if values else (best_doc, best_path)
        return failed(lambda say: _Failure(
            say("count_path", obj=_describe(doc, say), path=exp.path, found=len(values), want=want),
            doc,
            path,
        ), full)
    if not values:
        return failed(missing, best_depth)
    results = [_passes(exp.test, exp.value, v) for _, _, v in values]
    if all(results) if exp.all else any(results):
        return None
    return failed(lambda say: _value_failure(exp, values, results, say), full)


def _value_failure(exp: PathExpectation, values: list, results: list[bool], say: _Say) -> _Failure:
    """The words for values that are there but fail the test."""
    if exp.all:
        doc, path, value = values[results.index(False)]
        text = say("not_all", obj=_describe(doc, say), path=format_path(path), value=show(value))
    elif len(values) == 1:
        doc, path, value = values[0]
        text = say("found", obj=_describe(doc, say), path=format_path(path), value=show(value))
    else:
        doc, path, _ = values[0]
        shown = Words(", ".join(quote(show(v)) for _, _, v in values[:5]))
        text = say("found_many", obj=_describe(doc, say), path=exp.path, values=shown)
    return _Failure(text, doc, path)


def _labels(labels: dict) -> Words:
    shown = [f"{quote(show(k))}={quote(show(v))}" for k, v in list(labels.items())[:10]]
    if len(labels) > 10:
        shown.append("…")
    return Words(", ".join(shown) if labels else "-")


def _judge_selects(exp: SelectsExpectation, objects: list[Document], say: _Say) -> _Failure | None:
    services = [d for d in objects if exp.service.matches(d)]
    targets = [d for d in objects if exp.target.matches(d)]
    if not services:
        return _missing(exp.service, objects, say)
    if not targets:
        return _missing(exp.target, objects, say)
    pods = PodIndex(targets)  # by label: not every Service against every target
    for svc in services:
        selector = svc.value_at(("spec", "selector"))
        if isinstance(selector, dict) and pods.selected(selector, svc).docs:
            return None
    svc, target = services[0], targets[0]
    hint_path = format_path(pod_labels_path(target) or ("metadata", "labels"))
    hint = say("selects_hint", target=_describe(target, say), labels=hint_path)
    selector = svc.value_at(("spec", "selector"))
    if not isinstance(selector, dict) or not selector:
        return _Failure(say("no_selector", svc=svc.name or "?"), svc, ("spec", "selector"), hint)
    labels = pod_labels(target)
    wrong = next((k for k, v in selector.items() if k not in labels or labels[k] != v), None)
    return _Failure(
        say(
            "selector_off",
            svc=svc.name or "?",
            selector=_labels(selector),
            target=_describe(target, say),
            labels=_labels(labels),
        ),
        svc,
        ("spec", "selector", wrong) if wrong is not None else ("spec", "selector"),
        hint,
    )


def _configmap_names(
    ref: ConfigMapRef, objects: list[Document], say: _Say
) -> tuple[list[tuple[str, Document | None]], _Failure | None]:
    if ref.ref is None:
        return [(ref.name or "", None)], None
    found = [(d.name, d) for d in objects if ref.ref.matches(d) and d.name]
    if not found:
        return [], _missing(ref.ref, objects, say)
    return found, None


def _volumes_for(doc: Document, names: set[str]) -> dict[str, DocPath]:
    """Names of the Pod's volumes that hold one of the ConfigMaps ``names``."""
    spec = pod_spec_path(doc) or ("spec",)
    found = {}
    for i, volume in enumerate(as_list(doc.value_at((*spec, "volumes")))):
        volume = as_dict(volume)
        sources = [as_dict(volume.get("configMap"))] + [
            as_dict(as_dict(s).get("configMap"))
            for s in as_list(as_dict(volume.get("projected")).get("sources"))
        ]
        held = {s.get("name") for s in sources if isinstance(s.get("name"), str)}
        if held & names and isinstance(volume.get("name"), str):
            found[volume["name"]] = (*spec, "volumes", i)
    return found


def _same_dir(a: Any, b: str) -> bool:
    return isinstance(a, str) and (a.rstrip("/") or "/") == (b.rstrip("/") or "/")


def _judge_mounts(exp: MountsExpectation, objects: list[Document], say: _Say) -> _Failure | None:
    pods = [d for d in objects if exp.pod.matches(d)]
    if not pods:
        return _missing(exp.pod, objects, say)
    cms, failure = _configmap_names(exp.configmap, objects, say)
    if failure:
        return failure
    names = {n for n, _ in cms}
    cm_text = ", ".join(sorted(names))
    best: tuple[int, _Failure] | None = None

    def consider(score: int, f: _Failure) -> None:
        nonlocal best
        if best is None or score > best[0]:
            best = (score, f)

    for pod in pods:
        volumes = _volumes_for(pod, names)
        spec = pod_spec_path(pod) or ("spec",)
        if not volumes:
            consider(
                0,
                _Failure(
                    say("no_cm_volume", pod=_describe(pod, say), cm=cm_text),
                    pod,
                    (*spec, "volumes"),
                ),
            )
            continue
        volume_name = next(iter(volumes))
        consider(
            1,
            _Failure(
                say("not_mounted", volume=volume_name, cm=cm_text, pod=_describe(pod, say)),
                pod,
                volumes[volume_name],
            ),
        )
        for path, container in containers(pod):
            for j, mount in enumerate(as_list(container.get("volumeMounts"))):
                mount = as_dict(mount)
                if not isinstance(mount.get("name"), str) or mount["name"] not in volumes:
                    continue
                mount_path = (*path, "volumeMounts", j)
                where = mount.get("mountPath")
                if exp.path is not None and not _same_dir(where, exp.path):
                    consider(
                        2,
                        _Failure(
                            say(
                                "wrong_mount_path",
                                volume=mount["name"],
                                found=show(where),
                                want=exp.path,
                            ),
                            pod,
                            (*mount_path, "mountPath"),
                            key=False,
                        ),
                    )
                    continue
                read_only = mount.get("readOnly") is True
                if exp.read_only is not None and read_only != exp.read_only:
                    consider(
                        3,
                        _Failure(
                            say(
                                "not_read_only",
                                volume=mount["name"],
                                found=show(where),
                                state=say("read_only" if read_only else "writable"),
                            ),
                            pod,
                            mount_path if "readOnly" not in mount else (*mount_path, "readOnly"),
                            hint=say("read_only_hint", value="true" if exp.read_only else "false"),
                        ),
                    )
                    continue
                return None
    return best[1] if best else None


def _judge_env_from(exp: EnvFromExpectation, objects: list[Document], say: _Say) -> _Failure | None:
    pods = [d for d in objects if exp.pod.matches(d)]
    if not pods:
        return _missing(exp.pod, objects, say)
    cms, failure = _configmap_names(exp.configmap, objects, say)
    if failure:
        return failure
    by_name = dict(cms)
    cm_text = ", ".join(sorted(by_name))
    partial: _Failure | None = None
    for pod in pods:
        for path, container in containers(pod):
            for j, source in enumerate(as_list(container.get("envFrom"))):
                source = as_dict(source)
                name = as_dict(source.get("configMapRef")).get("name")
                if not isinstance(name, str) or name not in by_name:
                    continue
                if exp.key is None and exp.var is None:
                    return None
                prefix = source.get("prefix") if isinstance(source.get("prefix"), str) else ""
                cm = by_name[name]
                keys = (
                    None
                    if cm is None
                    else [k for f in ("data", "binaryData") for k in as_dict(cm.value_at((f,)))]
                )
                if _env_from_provides(exp, prefix, keys):
                    return None
                partial = partial or _Failure(
                    say(
                        "env_other",
                        pod=_describe(pod, say),
                        cm=name,
                        key=exp.key or "-",
                        var=exp.var or exp.key or "-",
                    ),
                    pod,
                    (*path, "envFrom", j),
                )
            for j, env in enumerate(as_list(container.get("env"))):
                env = as_dict(env)
                ref = as_dict(as_dict(env.get("valueFrom")).get("configMapKeyRef"))
                if not isinstance(ref.get("name"), str) or ref["name"] not in by_name:
                    continue
                if (exp.key is None or ref.get("key") == exp.key) and (
                    exp.var is None or env.get("name") == exp.var
                ):
                    return None
                partial = partial or _Failure(
                    say(
                        "env_other",
                        pod=_describe(pod, say),
                        cm=ref.get("name"),
                        key=exp.key or "-",
                        var=exp.var or exp.key or "-",
                    ),
                    pod,
                    (*path, "env", j, "valueFrom", "configMapKeyRef", "key"),
                )
    if partial:
        return partial
    pod = pods[0]
    first = next(containers(pod), None)
    return _Failure(
        say("no_env", pod=_describe(pod, say), cm=cm_text),
        pod,
        first[0] if first else (pod_spec_path(pod) or ("spec",)),
    )


def _env_from_provides(exp: EnvFromExpectation, prefix: str, keys: list | None) -> bool:
    """Whether ``envFrom`` with ``prefix`` gives the asked key/variable (``keys`` None: unknown)."""
    if exp.key is not None:
        return (keys is None or exp.key in keys) and (
            exp.var is None or exp.var == prefix + exp.key
        )
    if exp.var is not None:
        return exp.var.startswith(prefix) and (keys is None or exp.var[len(prefix) :] in keys)
    return True


def _judge_routes(exp: RoutesExpectation, objects: list[Document], say: _Say) -> _Failure | None:
    ingresses = [d for d in objects if exp.ingress.matches(d)]
    services = [d for d in objects if exp.service.matches(d)]
    if not ingresses:
        return _missing(exp.ingress, objects, say)
    if not services:
        return _missing(exp.service, objects, say)
    by_name: dict[str, list[Document]] = {}
    for target in services:
        if target.name:
            by_name.setdefault(target.name, []).append(target)
    seen: list[str] = []
    near: tuple[Document, DocPath] | None = None
    first_at: tuple[Document, DocPath] | None = None
    for ingress in ingresses:
        for host, path, path_type, at, backend in _backends(ingress, exp.path is None):
            svc = as_dict(as_dict(backend).get("service"))
            port = as_dict(svc.get("port"))
            shown_port = port.get("number", port.get("name"))
            target_name = show(svc["name"]) if svc.get("name") is not None else "?"
            target_port = show(shown_port) if shown_port is not None else "?"
            seen.append(f"{host or '*'}{path or ''} -> {target_name}:{target_port}")
            first_at = first_at or (ingress, (*at[:-1], "path") if path is not None else at)
            if exp.host is not None and host != exp.host:
                continue
            if exp.path is not None and not _same_route_path(path, path_type, exp.path):
                continue
            near = near or (ingress, (*at, "service"))
            name = svc.get("name")
            for target in by_name.get(name, ()) if isinstance(name, str) else ():
                if not same_namespace(ingress, target):
                    continue
                near = (ingress, (*at, "service", "port"))
                ports = [as_dict(p) for p in as_list(target.value_at(("spec", "ports")))]
                number, name = port.get("number"), port.get("name")
                if (
                    number is not None and any(values_equal(number, p.get("port")) for p in ports)
                ) or (isinstance(name, str) and any(name == p.get("name") for p in ports)):
                    return None
    what = f"{exp.host or ''}{exp.path or ''}" or say("any_path")
    ports = sorted(
        {
            show(as_dict(p).get("port"))
            for s in services
            for p in as_list(s.value_at(("spec", "ports")))
        }
    )
    text = say(
        "no_route",
        ingress=_describe(ingresses[0], say),
        what=what,
        svc=", ".join(s.name or "?" for s in services),
        ports=", ".join(ports) or say("none"),
    )
    text += " " + say("routes_found", routes="; ".join(seen[:4]) or say("nothing"))
    doc, path = near or first_at or (ingresses[0], ("spec", "rules"))
    return _Failure(text, doc, path)


def _same_route_path(path: Any, path_type: Any, wanted: str) -> bool:
    """Paths compare exactly, except that a Prefix path matches with or without a trailing
    '/', as Kubernetes matches it (``/api/`` and ``/api`` route the same requests)."""
    if path == wanted:
        return True
    return (
        path_type == "Prefix" and isinstance(path, str) and path.rstrip("/") == wanted.rstrip("/")
    )


def _backends(
    ingress: Document, with_default: bool
) -> Iterator[tuple[Any, Any, Any, DocPath, Any]]:
    """(host, path, pathType, where, backend) for every backend of ``ingress``."""
    for i, rule in enumerate(as_list(ingress.value_at(("spec", "rules")))):
        rule = as_dict(rule)
        for j, item in enumerate(as_list(as_dict(rule.get("http")).get("paths"))):
            item = as_dict(item)
            at = ("spec", "rules", i, "http", "paths", j, "backend")
            yield rule.get("host"), item.get("path"), item.get("pathType"), at, item.get("backend")
    default = ingress.value_at(("spec", "defaultBackend"))
    if with_default and isinstance(default, dict):
        yield None, None, None, ("spec", "defaultBackend"), default


_JUDGES = {
    ObjectExpectation: _judge_object,
    PathExpectation: _judge_path,
    SelectsExpectation: _judge_selects,
    MountsExpectation: _judge_mounts,
    EnvFromExpectation: _judge_env_from,
    RoutesExpectation: _judge_routes,
}
