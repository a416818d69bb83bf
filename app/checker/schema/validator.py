"""JSON Schema validation of one object against the bundled Kubernetes schema, in pure Python.

The bundle (scripts/make_schemas.py) uses eight keywords of JSON Schema draft 2020-12 and
nothing else: ``$ref``, ``type``, ``enum``, ``properties``, ``additionalProperties``,
``required``, ``items`` and ``format``. This module validates exactly those, as draft 2020-12
says, and reports the four kinds of error the checker words (:mod:`.validate`):

- ``Type``: the value is none of the node's types; ``types`` in a fixed order (null,
  boolean, integer, number, string, array, object). ``integer`` holds a number with no
  fractional part (``3.0``), and a boolean is never a number.
- ``Enum``: the value equals none of ``options`` (JSON equality: ``1 == 1.0``, ``true != 1``).
- ``Required``: ``property`` is missing from an object (one error per missing property).
- ``AdditionalProperties``: an object has fields the node does not know (``unexpected``, in
  the object's order), when ``additionalProperties`` is ``false``.

``format`` is an annotation in draft 2020-12, never an assertion, so it is not checked.
Errors come in the order a draft 2020-12 validator walks an object (``required``, then the
object's fields in its own order, then the unexpected ones); the checker sorts its findings
by position anyway.

It replaced jsonschema_rs, which compiled a validator per kind: the native library and the
compiled Pod schema cost about 7 MiB of every tutor session that opens an exercise, more
than the rest of the exercise screen. The walk is linear in the size of the object (every
value is visited once per schema node that applies to it, and the bundle has no
combinators), and its depth is the YAML reader's (limits.MAX_DEPTH). ``tests/checker/
test_validator.py`` holds it to jsonschema_rs's answers on the corpus and on mutated
manifests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kubelearn.kube.objects import values_equal

#: The order in which a Type error lists the types it expected.
TYPE_ORDER = ("null", "boolean", "integer", "number", "string", "array", "object")


@dataclass(frozen=True)
class SchemaError:
    """One way the value at ``instance_path`` breaks the schema; ``kind`` is one of
    ``Type``, ``Enum``, ``Required``, ``AdditionalProperties``."""

    instance_path: tuple[str | int, ...]
    kind: str
    types: tuple[str, ...] = ()
    options: tuple[Any, ...] = ()
    property: str = ""
    unexpected: tuple[str, ...] = ()


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "null":
        return value is None
    if name == "boolean":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, int | float)
    return False


#: The Python types of each JSON type, as the YAML reader gives values.
_PY_TYPES: dict[str, tuple[type, ...]] = {
    "null": (type(None),), "boolean": (bool,), "integer": (int,), "number": (int, float),
    "string": (str,), "array": (list,), "object": (dict,),
}


class _Node:
    """One schema node, its keywords read once (the bundle's dicts are walked per value)."""

    __slots__ = ("enum", "extra", "items", "props", "ref", "required", "source", "types",
                 "whole_floats", "pytypes")

    def __init__(self, source: dict[str, Any]) -> None:
        self.source = source  # kept alive: nodes are memoised by its id()
        self.ref: _Node | None = None
        wanted = source.get("type")
        names = None if wanted is None else (wanted,) if isinstance(wanted, str) else tuple(wanted)
        self.types = None if names is None else tuple(t for t in TYPE_ORDER if t in names)
        self.pytypes = None if names is None else frozenset(
            t for name in names for t in _PY_TYPES.get(name, ()))
        #: "integer" without "number": a float passes only with no fractional part.
        self.whole_floats = names is not None and "integer" in names and "number" not in names
        options = source.get("enum")
        self.enum = None if options is None else tuple(options)
        self.required = tuple(source.get("required", ()))
        self.props: dict[str, _Node] = {}
        self.extra: bool | _Node = True
        self.items: _Node | None = None


class Validator:
    """Validates values against the definition ``name`` of ``defs`` (the bundle's ``$defs``)."""

    def __init__(self, defs: dict[str, Any], name: str) -> None:
        self._defs = defs
        self._memo: dict[int, _Node] = {}
        self._root = self._compile({"$ref": f"#/$defs/{name}"})

    def _compile(self, source: Any) -> _Node:
        if not isinstance(source, dict):
            source = {}
        node = self._memo.get(id(source))
        if node is not None:
            return node
        node = self._memo[id(source)] = _Node(source)
        ref = source.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            node.ref = self._compile(self._defs.get(ref[len("#/$defs/"):]))
        properties = source.get("properties")
        if isinstance(properties, dict):
            node.props = {key: self._compile(value) for key, value in properties.items()}
        extra = source.get("additionalProperties", True)
        node.extra = extra if isinstance(extra, bool) else self._compile(extra)
        if "items" in source:
            node.items = self._compile(source["items"])
        return node

    def is_valid(self, value: Any) -> bool:
        return _valid(self._root, value)

    def iter_errors(self, value: Any) -> Iterator[SchemaError]:
        return _errors(self._root, value, ())


def _type_holds(node: _Node, value: Any) -> bool:
    if type(value) in node.pytypes:  # type: ignore[operator]
        return True
    if node.whole_floats and type(value) is float:
        return value.is_integer()
    return any(_is_type(value, name) for name in node.types or ())


def _valid(node: _Node, value: Any) -> bool:
    """Whether ``value`` holds to ``node``: what :func:`_errors` yields nothing for, faster."""
    if node.ref is not None and not _valid(node.ref, value):
        return False
    if node.pytypes is not None and not _type_holds(node, value):
        return False
    if node.enum is not None and not any(values_equal(value, o) for o in node.enum):
        return False
    if isinstance(value, dict):
        for name in node.required:
            if name not in value:
                return False
        props, extra = node.props, node.extra
        if props or extra is not True:
            for key, item in value.items():
                schema = props.get(key)
                if schema is not None:
                    if not _valid(schema, item):
                        return False
                elif extra is False or (extra is not True and not _valid(extra, item)):
                    return False
    elif isinstance(value, list) and node.items is not None:
        items = node.items
        return all(_valid(items, item) for item in value)
    return True


def _errors(node: _Node, value: Any, path: tuple[str | int, ...]) -> Iterator[SchemaError]:
    if node.ref is not None:
        yield from _errors(node.ref, value, path)
    if node.pytypes is not None and not _type_holds(node, value):
        yield SchemaError(path, "Type", types=node.types or ())
    if node.enum is not None and not any(values_equal(value, o) for o in node.enum):
        yield SchemaError(path, "Enum", options=node.enum)
    if isinstance(value, dict):
        for name in node.required:
            if name not in value:
                yield SchemaError(path, "Required", property=name)
        props, extra = node.props, node.extra
        if not props and extra is True:
            return
        unexpected: list[str] = []
        for key, item in value.items():
            schema = props.get(key)
            if schema is not None:
                yield from _errors(schema, item, (*path, key))
            elif extra is False:
                unexpected.append(key)
            elif extra is not True:
                yield from _errors(extra, item, (*path, key))
        if unexpected:
            yield SchemaError(path, "AdditionalProperties", unexpected=tuple(unexpected))
    elif isinstance(value, list) and node.items is not None:
        for index, item in enumerate(value):
            yield from _errors(node.items, item, (*path, index))
