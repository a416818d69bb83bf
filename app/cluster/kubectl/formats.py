"""``-o yaml|json|name|jsonpath=...``: objects printed as kubectl's generic printers print them.

kubectl prints unstructured objects, so keys come out sorted (Go's encoding/json sorts map
keys; sigs.k8s.io/yaml goes through JSON). JSON is indented with 4 spaces and escapes ``<``,
``>`` and ``&`` as Go does; YAML is go-yaml's block style (lists at their key's indentation,
double quotes where a plain scalar would be read as something else).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import yaml

from kubelearn.cluster.kubectl.core import Failure
from kubelearn.cluster.resources import BY_KIND

_Base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_Base):  # type: ignore[misc, valid-type]
    """libyaml's emitter when PyYAML has it (kubectl prints large lists; the pure-Python
    emitter takes most of a second for a hundred Pods), with go-yaml's string styles."""


_RESOLVER = yaml.resolver.Resolver()
#: The first characters that make a plain scalar mean something else.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


@lru_cache(maxsize=4096)  # keys and most values repeat in every object of a list
def _needs_quotes(value: str) -> bool:
    """Whether go-yaml would quote ``value``: it reads back as another type, or a plain scalar
    cannot hold it."""
    if not value or value != value.strip() or value[0] in _INDICATORS:
        return True
    if ": " in value or " #" in value or value.endswith(":") or "\t" in value:
        return True
    if not value.isprintable():
        return True
    resolved = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    return resolved != "tag:yaml.org,2002:str"


def _str(dumper: Any, value: str) -> yaml.Node:
    if "\n" in value and value.isprintable() is False and value.replace("\n", "").isprintable() \
            and value.strip() == value.rstrip("\n").strip():
        style: str | None = "|"
    else:
        style = '"' if _needs_quotes(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def to_yaml(obj: Any, limit: int | None = None) -> str:
    """``obj`` as YAML; a ``v1 List`` item by item, stopping once ``limit`` characters are
    written (the rest would be cut from the screen anyway: the work stays bounded)."""
    if limit is None or not (isinstance(obj, dict) and obj.get("kind") == "List"):
        return _dump(obj)
    head = {k: v for k, v in obj.items() if k < "items"}
    tail = {k: v for k, v in obj.items() if k > "items"}
    parts = [_dump(head) if head else "", "items:\n" if obj["items"] else "items: []\n"]
    size = 0
    for item in obj["items"]:
        lines = _dump(item).splitlines(keepends=True)
        text = "- " + lines[0] + "".join("  " + line if line.strip() else line for line in lines[1:])
        parts.append(text)
        size += len(text)
        if size > limit:
            break
    parts.append(_dump(tail))
    return "".join(parts)


def _dump(obj: Any) -> str:
    return yaml.dump(obj, Dumper=_Dumper, default_flow_style=False, allow_unicode=True,
                     width=1 << 30, sort_keys=True)


def _go_escapes(text: str) -> str:
    """What Go's encoding/json escapes beyond Python's json: HTML characters and the two
    line separators JavaScript cannot hold."""
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def to_json(obj: Any) -> str:
    return _go_escapes(json.dumps(obj, indent=4, sort_keys=True, ensure_ascii=False)) + "\n"


def go_marshal(obj: Any, *, sort_keys: bool = True) -> str:
    """``json.Marshal`` of ``obj`` as Go writes it: compact, UTF-8 kept, HTML characters
    escaped. Go sorts a map's keys (``sort_keys``) and writes a struct's fields in their
    declared order (``sort_keys=False``, the caller's dicts in that order)."""
    return _go_escapes(json.dumps(obj, separators=(",", ":"), sort_keys=sort_keys,
                                  ensure_ascii=False))


def as_list(objs: list[dict]) -> dict:
    """What kubectl prints for several objects: a ``v1 List``."""
    return {"apiVersion": "v1", "items": objs, "kind": "List",
            "metadata": {"resourceVersion": ""}}


def name_of(obj: dict) -> str:
    resource = BY_KIND.get(obj.get("kind", ""))
    prefix = resource.kind_group if resource else str(obj.get("kind", "")).lower()
    return f"{prefix}/{obj['metadata']['name']}"


# --- JSONPath (k8s.io/client-go/util/jsonpath, the parts templates use) --------------------

MAX_TEMPLATE = 2_000


def jsonpath(template: str, data: Any) -> str:
    """Evaluate a kubectl JSONPath template: text with ``{.field}``, ``{.list[*].x}``,
    ``{.list[0]}``, ``{.list[?(@.k=="v")].x}``, ``{range ...}{end}`` and ``{"\\n"}``."""
    if len(template) > MAX_TEMPLATE:
        raise Failure("error: error parsing jsonpath: template too long")
    parts = _split_template(template)
    out: list[str] = []
    _run(parts, 0, len(parts), [data], out)
    return "".join(out)


def _split_template(template: str) -> list[tuple[str, str]]:
    parts: list[tuple[str, str]] = []
    i = 0
    while i < len(template):
        start = template.find("{", i)
        if start < 0:
            parts.append(("text", template[i:]))
            break
        if start > i:
            parts.append(("text", template[i:start]))
        depth, j = 0, start
        quote = ""
        while j < len(template):
            ch = template[j]
            if quote:
                if ch == "\\":
                    j += 1
                elif ch == quote:
                    quote = ""
            elif ch in "\"'":
                quote = ch
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= len(template):
            raise Failure(f"error: error parsing jsonpath {template}, unclosed action")
        parts.append(("expr", template[start + 1:j].strip()))
        i = j + 1
    return parts


def _run(parts: list[tuple[str, str]], lo: int, hi: int, scopes: list[Any], out: list[str]) -> None:
    i = lo
    while i < hi:
        kind, text = parts[i]
        if kind == "text":
            out.append(text)
        elif text.startswith("range "):
            end = _matching_end(parts, i, hi)
            for item in _eval(text[6:].strip(), scopes[-1], scopes[0]):
                _run(parts, i + 1, end, [scopes[0], item], out)
            i = end
        elif text == "end":
            raise Failure("error: error parsing jsonpath: not in range, nothing to end")
        elif text.startswith(("\"", "'")):
            out.append(_literal(text))
        else:
            values = _eval(text, scopes[-1], scopes[0])
            out.append(" ".join(_show(v) for v in values))
        if sum(len(x) for x in out) > 1_000_000:
            raise Failure("error: jsonpath output too large")
        i += 1


def _matching_end(parts: list[tuple[str, str]], start: int, hi: int) -> int:
    depth = 0
    for k in range(start, hi):
        kind, text = parts[k]
        if kind == "expr" and text.startswith("range "):
            depth += 1
        elif kind == "expr" and text == "end":
            depth -= 1
            if depth == 0:
                return k
    raise Failure("error: error parsing jsonpath: unclosed range")


def _literal(text: str) -> str:
    try:
        value = json.loads(text) if text.startswith('"') else text[1:-1]
    except ValueError:
        value = text.strip("\"'")
    return str(value)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return str(value)


def _eval(expr: str, current: Any, root: Any) -> list[Any]:
    if expr.startswith("$"):
        current, expr = root, expr[1:]
    elif expr.startswith("@"):
        expr = expr[1:]
    values = [current]
    i = 0
    while i < len(expr):
        ch = expr[i]
        if ch == ".":
            if expr.startswith("..", i):
                raise Failure("error: error parsing jsonpath: recursive descent is not supported "
                              "by the offline cluster")
            j = i + 1
            while j < len(expr) and expr[j] not in ".[":
                j += 2 if expr[j] == "\\" else 1  # parseField: \. is a dot in the name
            j = min(j, len(expr))
            name = expr[i + 1:j].replace("\\", "")
            i = j
            if not name:
                continue
            nxt = []
            for v in values:
                if name == "*" and isinstance(v, dict):
                    nxt.extend(v[k] for k in sorted(v))
                elif isinstance(v, dict) and name in v:
                    nxt.append(v[name])
            values = nxt
        elif ch == "[":
            j = _close_bracket(expr, i)
            inner = expr[i + 1:j].strip()
            i = j + 1
            values = _subscript(inner, values, root)
        else:
            raise Failure(f"error: error parsing jsonpath {{{expr}}}, unrecognized character "
                          f"in action: {ch!r}")
    return values


def _close_bracket(expr: str, start: int) -> int:
    depth = 0
    for j in range(start, len(expr)):
        if expr[j] == "[":
            depth += 1
        elif expr[j] == "]":
            depth -= 1
            if depth == 0:
                return j
    raise Failure(f"error: error parsing jsonpath {{{expr}}}, unterminated array")


def _subscript(inner: str, values: list[Any], root: Any) -> list[Any]:
    out: list[Any] = []
    if inner.startswith("?(") and inner.endswith(")"):
        cond = inner[2:-1]
        for v in values:
            if isinstance(v, list):
                out.extend(item for item in v if _holds(cond, item, root))
        return out
    if inner.startswith(("'", '"')):
        key = inner[1:-1]
        return [v[key] for v in values if isinstance(v, dict) and key in v]
    for v in values:
        if not isinstance(v, list):
            continue
        if inner == "*":
            out.extend(v)
        elif ":" in inner:
            a, _, b = inner.partition(":")
            try:
                out.extend(v[slice(int(a) if a else None, int(b) if b else None)])
            except ValueError:
                raise Failure(f"error: error parsing jsonpath: bad slice [{inner}]") from None
        else:
            try:
                index = int(inner)
            except ValueError:
                raise Failure(f"error: error parsing jsonpath: bad index [{inner}]") from None
            if -len(v) <= index < len(v):
                out.append(v[index])
            else:
                raise Failure(f"error: error executing jsonpath: array index out of bounds: "
                              f"index {index}, length {len(v)}")
    return out


def _holds(cond: str, item: Any, root: Any) -> bool:
    for op in ("==", "!=", "<=", ">=", "<", ">"):
        if op in cond:
            left, right = (s.strip() for s in cond.split(op, 1))
            lv = _eval(left, item, root)
            rv = [_literal(right)] if right[:1] in "\"'" else (
                _eval(right, item, root) if right[:1] in "@$" else [_number(right)])
            if not lv or not rv:
                return False
            a, b = lv[0], rv[0]
            try:
                return {"==": a == b, "!=": a != b, "<": a < b, ">": a > b, "<=": a <= b,
                        ">=": a >= b}[op]
            except TypeError:
                return False
    return bool(_eval(cond.strip(), item, root))


def _number(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text
