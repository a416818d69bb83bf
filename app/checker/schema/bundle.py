"""The Kubernetes API schema the checker validates against, and what it says about a field.

A pruned copy of Kubernetes 1.33's OpenAPI schema (strict: unknown fields are errors), built by
scripts/make_schemas.py and shipped in ``data/``. It is loaded on the first check, not on
import, and validated against by :mod:`.validator`.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

from kubelearn.checker.schema.purposes import purpose
from kubelearn.checker.schema.validator import Validator
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
def validator(api_version: str, kind: str) -> Validator | None:
    """The validator for one kind, or None when the checker has no schema for it."""
    name = bundle()["kinds"].get(f"{api_version}:{kind}")
    return None if name is None else Validator(bundle()["$defs"], name)


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
