"""The checker's schema validator against jsonschema_rs, a draft 2020-12 validator, as oracle.

Every input is validated by both, and the errors must be the same: the kinds of error, the
paths and their details (expected types, allowed values, the missing property, the
unexpected fields). Not their order: jsonschema_rs's depends on how it compiled each node,
ours is reading order, and the checker sorts its findings by position anyway. Inputs: every manifest of the real-world corpus, every
kind of the bundle given an empty object and a wrong type, and mutated manifests (each
value in turn replaced by values of every JSON type, fields added, removed and renamed).
Then a few edge cases of draft 2020-12 that the bundle relies on.
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

import pytest
import yaml

from kubelearn.checker.schema.bundle import bundle, validator
from kubelearn.checker.schema.validator import Validator
from tests.corpus import CORPUS, corpus_files
from tests.fuzzing import examples, fuzz
from tests.mutations import paths, replaced

jsonschema_rs = pytest.importorskip("jsonschema_rs")

JUNK = (None, True, 0, 2.5, -1, "text", "", [], ["x"], {}, {"x": 1})


@cache
def oracle(api_version: str, kind: str) -> Any:
    name = bundle()["kinds"][f"{api_version}:{kind}"]
    return jsonschema_rs.Draft202012Validator({"$ref": f"#/$defs/{name}",
                                               "$defs": bundle()["$defs"]})


def theirs(api_version: str, kind: str, data: Any) -> list[tuple]:
    out = []
    for error in oracle(api_version, kind).iter_errors(data):
        name = type(error.kind).__name__
        detail: Any = None
        if name == "Type":
            detail = tuple(error.kind.types)
        elif name == "Enum":
            detail = tuple(error.kind.options)
        elif name == "Required":
            detail = error.kind.property
        elif name == "AdditionalProperties":
            detail = tuple(error.kind.unexpected)
        out.append((name, tuple(error.instance_path), detail))
    return out


def ours(api_version: str, kind: str, data: Any) -> list[tuple]:
    check = validator(api_version, kind)
    assert check is not None
    out = []
    for error in check.iter_errors(data):
        detail = {"Type": error.types, "Enum": error.options, "Required": error.property,
                  "AdditionalProperties": error.unexpected}[error.kind]
        out.append((error.kind, error.instance_path, detail))
    return out


def same(api_version: str, kind: str, data: Any) -> None:
    expected = theirs(api_version, kind, data)
    assert sorted(ours(api_version, kind, data), key=repr) == sorted(expected, key=repr)
    assert validator(api_version, kind).is_valid(data) == (not expected)


def _objects() -> list[dict]:
    found = []
    for name in corpus_files():
        try:
            docs = list(yaml.safe_load_all((CORPUS / name).read_text()))
        except yaml.YAMLError:
            continue
        found += [d for d in docs if isinstance(d, dict) and f"{d.get('apiVersion')}:"
                  f"{d.get('kind')}" in bundle()["kinds"]]
    return found


def _kinds() -> list[tuple[str, str]]:
    return [tuple(key.split(":", 1)) for key in sorted(bundle()["kinds"])]


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
def test_the_corpus_gets_the_same_errors() -> None:
    objects = _objects()
    assert len(objects) > 100
    for data in objects:
        same(data["apiVersion"], data["kind"], data)


@pytest.mark.parametrize(("api_version", "kind"), _kinds())
def test_every_kind_empty_and_mistyped(api_version: str, kind: str) -> None:
    for data in ({}, {"apiVersion": api_version, "kind": kind, "spec": "x", "status": 1,
                      "metadata": {"name": 3, "labels": {"a": 1}, "bogus": None}}, [], "x"):
        same(api_version, kind, data)


@fuzz
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
def test_mutated_manifests_get_the_same_errors() -> None:
    rng = random.Random(1033)
    objects = _objects()
    for _ in range(examples(400)):
        data = rng.choice(objects)
        where = rng.choice(paths(data))
        change = rng.randrange(3)
        if change == 0:  # a value of another type
            data = replaced(data, where, rng.choice(JUNK))
        elif change == 1 and where:  # a renamed or an added field next to this one
            data = replaced(data, where[:-1] + ("x" + str(where[-1]),), rng.choice(JUNK)) \
                if isinstance(where[-1], str) else data
        else:  # a field added inside this value
            data = replaced(data, where, {"unknownField": 1, "spec": []})
        if isinstance(data, dict):
            same(str(data.get("apiVersion")), str(data.get("kind")), data) \
                if f"{data.get('apiVersion')}:{data.get('kind')}" in bundle()["kinds"] else None


@pytest.mark.parametrize(("schema", "value"), [
    ({"type": "integer"}, 3.0),           # a number with no fraction is an integer
    ({"type": "integer"}, 3.5),
    ({"type": "integer"}, True),          # a boolean is never a number
    ({"type": "number"}, False),
    ({"type": ["object", "null", "string"]}, 1),  # the types come in draft order
    ({"enum": [1, "a"]}, 1.0),            # JSON equality
    ({"enum": [1, "a"]}, True),
    ({"enum": [[1], {"a": 1}]}, [1.0]),
    ({"enum": [[1], {"a": 1}]}, {"a": True}),
    ({"type": "string", "format": "date-time"}, "not a date"),  # format only annotates
    ({"type": "string", "enum": ["a"]}, 5),  # a wrong type is also not an allowed value
    ({"required": ["a", "b"], "properties": {"a": {"type": "string"}}}, {"b": 1}),
    ({"properties": {"a": {"type": "string"}}, "additionalProperties": False},
     {"z": 1, "a": 2, "y": 3}),
    ({"properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "integer"}},
     {"z": "s", "a": 2, "y": 3}),
    ({"items": {"type": "string"}}, ["a", 1, None]),
    ({"items": {"type": "string"}}, {"not": "a list"}),  # items applies to arrays only
    ({"required": ["a"]}, "not an object"),  # required applies to objects only
])
def test_draft_2020_12_edge_cases(schema: dict, value: Any) -> None:
    check = Validator({"X": schema}, "X")
    expected = jsonschema_rs.Draft202012Validator({"$ref": "#/$defs/X", "$defs": {"X": schema}})
    got = sorted((e.kind, e.instance_path) for e in check.iter_errors(value))
    want = sorted((type(e.kind).__name__, tuple(e.instance_path))
                  for e in expected.iter_errors(value))
    assert got == want
