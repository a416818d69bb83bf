"""The Kubernetes API schema the checker validates against, and what it says about a field.

A pruned copy of Kubernetes 1.33's OpenAPI schema (strict: unknown fields are errors), built by
scripts/make_schemas.py and shipped in ``data/``. It and jsonschema_rs are loaded on the first
check, not on import, and a compiled validator is kept per (apiVersion, kind).
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

from kubelearn.checker.schema.purposes import purpose
from kubelearn.kube.document import DocPath

SCHEMA_FILE = "k8s-1.33.json.gz"


@cache
def bundle() -> dict[str, Any]:
    path = Path(__file__).with_name("data") / SCHEMA_FILE
    if path.is_file():
        data = path.read_bytes()
    else:  # installed somewhere without plain files (a zip): ask the import system
        from importlib.resources import files

        data = files("kubelearn.checker.schema").joinpath("data", SCHEMA_FILE).read_bytes()
    return json.loads(gzip.decompress(data))


@cache
def validator(api_version: str, kind: str) -> Any:
    """The compiled validator for one kind, or None when the checker has no schema for it."""
    name = bundle()["kinds"].get(f"{api_version}:{kind}")
    if name is None:
        return None
    import jsonschema_rs

    defs = {def_name: without_descriptions(node) for def_name, node in reachable(name).items()}
    return jsonschema_rs.Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": defs})


#: Keywords whose value is one schema, and those whose value is a list of schemas (the
#: bundle uses ``items`` and ``additionalProperties``; the others are here for a bundle
#: built from a later Kubernetes).
_ONE_SCHEMA = ("items", "additionalProperties", "not")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")


def without_descriptions(node: Any) -> Any:
    """``node`` without its schemas' ``description`` annotations, which never change what
    validates: they are half the bundle's text, and a compiled validator keeps the schema it
    was given (a Pod's: 4.7 MiB with them). A *field* called ``description`` (a
    PriorityClass has one) is a key of ``properties`` and stays."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "description":
            continue
        if key == "properties" and isinstance(value, dict):
            value = {field: without_descriptions(schema) for field, schema in value.items()}
        elif key in _ONE_SCHEMA:
            value = without_descriptions(value)
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            value = [without_descriptions(schema) for schema in value]
        out[key] = value
    return out


def reachable(name: str) -> dict[str, Any]:
    """The definitions the one called ``name`` refers to, directly or not, itself included.

    A validator compiles every definition it is given: a Pod reaches about 40 of the bundle's
    270, so compiling only those makes a process that checks one file several times faster
    to its first answer.
    """
    defs = bundle()["$defs"]
    found: dict[str, Any] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        if current in found or current not in defs:
            continue
        found[current] = defs[current]
        stack: list[Any] = [defs[current]]
        while stack:  # the $refs anywhere inside this definition
            node = stack.pop()
            if isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str) and ref.startswith("#/$defs/"):
                    todo.append(ref[len("#/$defs/"):])
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    return found


def api_versions() -> dict[str, list[str]]:
    """Every built-in kind of Kubernetes 1.33 and the apiVersions that serve it, stable first."""
    return bundle()["apiVersions"]


@cache
def known_groups() -> frozenset[str]:
    """The API groups of the kinds the schema knows (``apps``, ``networking.k8s.io``...)."""
    return frozenset(v.split("/")[0] for vs in api_versions().values() for v in vs if "/" in v)


def deref(node: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    name = None
    defs = bundle()["$defs"]
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = defs[name]
    return node, name


def schema_at(
    api_version: str, kind: str, path: DocPath, lang: str = "en"
) -> tuple[dict[str, Any], str | None, str]:
    """The schema at ``path``: (node, the name of its type, what the field is for).

    What the field is for is the schema's English description, or in ``lang`` where
    the purposes catalogue has a sentence for the field (see purposes.py).
    """
    name = bundle()["kinds"].get(f"{api_version}:{kind}")
    if name is None:
        return {}, None, ""
    node, _ = deref(bundle()["$defs"][name])
    type_name: str | None = kind
    description = node.get("description", "")
    owner: str | None = None  # the type that has the last field of the path
    for step in path:
        owner = type_name
        if isinstance(step, int):
            child = node.get("items")
        else:
            child = node.get("properties", {}).get(step)
            if child is None and isinstance(node.get("additionalProperties"), dict):
                child = node["additionalProperties"]
        if not isinstance(child, dict):
            return {}, None, ""
        node, ref_name = deref(child)
        type_name = ref_name.rsplit(".", 1)[-1] if ref_name else None
        description = child.get("description") or node.get("description", "")
    if path and isinstance(path[-1], str):
        description = purpose(owner, path[-1], lang) or description
    return node, type_name, description
