"""The three kinds of patch the API server applies (``kubectl patch --type``): strategic merge
(the default), JSON merge (RFC 7386) and JSON patch (RFC 6902).

Upstream: k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (``mergeMap``,
``mergeSlice``, the ``$patch``, ``$retainKeys``, ``$deleteFromPrimitiveList`` and
``$setElementOrder`` directives), the ``patchStrategy``/``patchMergeKey`` tags of
k8s.io/api (core/v1 types.go: PodSpec, Container, ServiceSpec, ObjectMeta), and
gopkg.in/evanphx/json-patch.v4 (``MergePatch``, ``Patch.Apply``) as
k8s.io/apiserver/pkg/endpoints/handlers/patch.go uses them.

Each function returns a new object and leaves its inputs alone; a patch that cannot apply
raises :class:`PatchError` with the library's own words.
"""

from __future__ import annotations

import copy
from typing import Any

#: List fields of a PodSpec that merge item by item, and their merge key (core/v1 types.go).
POD_SPEC_KEYS = {"containers": "name", "initContainers": "name", "ephemeralContainers": "name",
                 "volumes": "name", "imagePullSecrets": "name", "hostAliases": "ip",
                 "topologySpreadConstraints": "topologyKey", "resourceClaims": "name",
                 "schedulingGates": "name"}
#: The same for a Container's list fields.
CONTAINER_KEYS = {"ports": "containerPort", "env": "name", "volumeMounts": "mountPath",
                  "volumeDevices": "devicePath", "resizePolicy": "resourceName"}
#: Where each kind keeps its PodSpec.
POD_SPEC_AT = {"Pod": ("spec",), "Deployment": ("spec", "template", "spec"),
               "ReplicaSet": ("spec", "template", "spec")}
#: Other merging lists, by kind (``None`` for every kind) and path.
OTHER_KEYS: dict[tuple[str | None, tuple[str, ...]], str] = {
    (None, ("metadata", "ownerReferences")): "uid",
    ("Service", ("spec", "ports")): "port",
    ("Deployment", ("status", "conditions")): "type",
    ("ReplicaSet", ("status", "conditions")): "type",
    ("Pod", ("status", "conditions")): "type",
}
#: Lists of scalars with ``patchStrategy:"merge"``: the patch's items are added.
MERGED_SCALARS = {("metadata", "finalizers")}

DIRECTIVE = "$patch"
RETAIN = "$retainKeys"
DELETE_FROM = "$deleteFromPrimitiveList/"
ORDER = "$setElementOrder/"


class PatchError(Exception):
    """A patch that does not apply; ``message`` is the library's error text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- strategic merge -----------------------------------------------------------------------


def merge_key(kind: str, path: tuple[str, ...]) -> str | None:
    """The ``patchMergeKey`` of the list at ``path`` (field names from the object's root,
    list positions left out) in an object of ``kind``, or None (the list is replaced)."""
    found = OTHER_KEYS.get((None, path)) or OTHER_KEYS.get((kind, path))
    if found:
        return found
    root = POD_SPEC_AT.get(kind)
    if root is None or path[:len(root)] != root:
        return None
    inner = path[len(root):]
    if len(inner) == 1:
        return POD_SPEC_KEYS.get(inner[0])
    if len(inner) == 2 and inner[0] in ("containers", "initContainers", "ephemeralContainers"):
        return CONTAINER_KEYS.get(inner[1])
    return None


def strategic(kind: str, original: dict, patch: Any) -> dict:
    """``StrategicMergePatch`` of ``patch`` into ``original`` for an object of ``kind``."""
    if not isinstance(patch, dict):
        raise PatchError(f"json: cannot unmarshal {_json_type(patch)} into Go value of type "
                         "map[string]interface {}")
    return _merge_map(kind, (), copy.deepcopy(original), patch)


def _merge_map(kind: str, path: tuple[str, ...], original: dict, patch: dict) -> dict:
    directive = patch.get(DIRECTIVE)
    if directive == "replace":
        return _clean(kind, path, {k: v for k, v in patch.items() if k != DIRECTIVE})
    if directive == "delete":
        return {}
    if directive not in (None, "merge"):
        raise PatchError(f"Unknown patch type: {directive} in map: {_go_map(patch)}")
    retain = patch.get(RETAIN)
    if isinstance(retain, list):
        original = {k: v for k, v in original.items() if k in retain}
    for key, value in patch.items():
        if key in (DIRECTIVE, RETAIN) or key.startswith(ORDER):
            continue
        if key.startswith(DELETE_FROM):
            field = key[len(DELETE_FROM):]
            if isinstance(original.get(field), list) and isinstance(value, list):
                original[field] = [v for v in original[field] if v not in value]
            continue
        here = (*path, key)
        if value is None:
            original.pop(key, None)
        elif key not in original:
            original[key] = _clean(kind, here, value)
        elif isinstance(value, dict) and isinstance(original[key], dict):
            merged = _merge_map(kind, here, original[key], value)
            if merged or value.get(DIRECTIVE) != "delete":
                original[key] = merged
            else:
                del original[key]
        elif isinstance(value, list) and isinstance(original[key], list):
            original[key] = _merge_list(kind, here, original[key], value)
        else:
            original[key] = _clean(kind, here, value)
    return original


def _merge_list(kind: str, path: tuple[str, ...], original: list, patch: list) -> list:
    key = merge_key(kind, path)
    if any(isinstance(i, dict) and i.get(DIRECTIVE) == "replace" and len(i) == 1 for i in patch):
        return [_clean(kind, path, i) for i in patch
                if not (isinstance(i, dict) and i.get(DIRECTIVE) == "replace")]
    if path in MERGED_SCALARS:
        return original + [v for v in patch if v not in original]
    if key is None:
        return _clean(kind, path, patch)
    out = list(original)
    for item in patch:
        if not isinstance(item, dict):
            raise PatchError(f"unable to find api field in struct for the list item {item!r}")
        if key not in item:
            raise PatchError(f"map: {_go_map(item)} does not contain declared merge key: {key}")
        at = next((i for i, o in enumerate(out)
                   if isinstance(o, dict) and o.get(key) == item[key]), None)
        if item.get(DIRECTIVE) == "delete":
            out = [o for o in out if not (isinstance(o, dict) and o.get(key) == item[key])]
        elif at is None:
            out.append(_clean(kind, path, item))
        else:
            out[at] = _merge_map(kind, path, out[at], item)
    return out


def _clean(kind: str, path: tuple[str, ...], value: Any) -> Any:
    """A patch value taken whole: its directives applied to nothing (merged into empty)."""
    if isinstance(value, dict):
        return _merge_map(kind, path, {}, value)
    if isinstance(value, list):
        return [_clean(kind, path, v) for v in value
                if not (isinstance(v, dict) and v.get(DIRECTIVE) in ("delete", "replace"))]
    return copy.deepcopy(value)


# --- JSON merge patch (RFC 7386) -------------------------------------------------------------


def merge(original: dict, patch: Any) -> dict:
    """``jsonpatch.MergePatch``: a map merges key by key, ``null`` removes, anything else
    replaces. A patch that is not a map is refused (``errBadJSONPatch``)."""
    if not isinstance(patch, dict):
        raise PatchError("Invalid JSON Patch")
    return _merge7386(copy.deepcopy(original), patch)


def _merge7386(original: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if not isinstance(original, dict):
        original = {}
    for key, value in patch.items():
        if value is None:
            original.pop(key, None)
        else:
            original[key] = _merge7386(original.get(key), value)
    return original


# --- JSON patch (RFC 6902) -------------------------------------------------------------------


def json_patch(original: dict, operations: Any) -> dict:
    """``jsonpatch.DecodePatch`` then ``Apply``: the operations in order, each on the result
    of the one before; the first that fails stops it all."""
    if not isinstance(operations, list):
        raise PatchError(f"json: cannot unmarshal {_json_type(operations)} into Go value of "
                         "type jsonpatch.Patch")
    doc: Any = copy.deepcopy(original)
    for operation in operations:
        if not isinstance(operation, dict):
            raise PatchError(f"json: cannot unmarshal {_json_type(operation)} into Go value "
                             "of type jsonpatch.Operation")
        doc = _operate(doc, operation)
    if not isinstance(doc, dict):
        raise PatchError("the patched document is not an object")
    return doc


def _operate(doc: Any, op: dict) -> Any:
    kind = op.get("op")
    path = op.get("path")
    if not isinstance(path, str):
        raise PatchError(f"{kind} operation missing path")
    if kind == "add":
        return _add(doc, path, copy.deepcopy(_value(op)), "add")
    if kind == "remove":
        parent, last = _parent(doc, path, "remove")
        _take(parent, last, path, "remove")
        return doc
    if kind == "replace":
        parent, last = _parent(doc, path, "replace")
        if path == "":
            return copy.deepcopy(_value(op))
        _take(parent, last, path, "replace")
        _put(parent, last, copy.deepcopy(_value(op)), path, "replace", insert=isinstance(parent, list))
        return doc
    if kind in ("move", "copy"):
        source = op.get("from")
        if not isinstance(source, str):
            raise PatchError(f"{kind} operation missing from")
        parent, last = _parent(doc, source, kind)
        value = _take(parent, last, source, kind) if kind == "move" else copy.deepcopy(
            _get(parent, last, source, kind))
        return _add(doc, path, value, kind)
    if kind == "test":
        parent, last = _parent(doc, path, "test")
        current = doc if path == "" else _get(parent, last, path, "test", missing_ok=True)
        if current != op.get("value"):
            raise PatchError(f"testing value {path} failed: test failed")
        return doc
    raise PatchError(f"Unexpected kind: {kind}")


def _value(op: dict) -> Any:
    if "value" not in op:
        raise PatchError(f"{op.get('op')} operation missing value")
    return op["value"]


def _pointer(path: str) -> list[str]:
    if path == "":
        return []
    if not path.startswith("/"):
        raise PatchError(f"JSON pointer must be empty or start with a \"/\": {path}")
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def _parent(doc: Any, path: str, verb: str) -> tuple[Any, str]:
    parts = _pointer(path)
    if not parts:
        return None, ""
    node = doc
    for part in parts[:-1]:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise PatchError(f"{verb} operation does not apply: doc is missing path: {path}")
    if not isinstance(node, dict | list):
        raise PatchError(f"{verb} operation does not apply: doc is missing path: {path}")
    return node, parts[-1]


def _index(parent: list, last: str, path: str, verb: str, *, insert: bool) -> int:
    if last == "-" and insert:
        return len(parent)
    if not last.isdigit() or int(last) > len(parent) - (0 if insert else 1):
        raise PatchError(f"{verb} operation does not apply: doc is missing path: {path}"
                         if not insert else f"Unable to access invalid index: {last}")
    return int(last)


def _get(parent: Any, last: str, path: str, verb: str, missing_ok: bool = False) -> Any:
    if isinstance(parent, dict):
        if last in parent:
            return parent[last]
    elif isinstance(parent, list) and last.isdigit() and int(last) < len(parent):
        return parent[int(last)]
    if missing_ok:
        return None
    raise PatchError(f"{verb} operation does not apply: doc is missing path: {path}")


def _take(parent: Any, last: str, path: str, verb: str) -> Any:
    if parent is None:
        raise PatchError(f"{verb} operation does not apply: doc is missing path: {path}")
    if isinstance(parent, dict):
        if last not in parent:
            raise PatchError(f"{verb} operation does not apply: doc is missing key: {path}")
        return parent.pop(last)
    return parent.pop(_index(parent, last, path, verb, insert=False))


def _put(parent: Any, last: str, value: Any, path: str, verb: str, *, insert: bool) -> None:
    if isinstance(parent, dict):
        parent[last] = value
    else:
        parent.insert(_index(parent, last, path, verb, insert=insert), value)


def _add(doc: Any, path: str, value: Any, verb: str) -> Any:
    if path == "":
        return value
    parent, last = _parent(doc, path, verb)
    _put(parent, last, value, path, verb, insert=True)
    return doc


# --- Go's words for JSON values ----------------------------------------------------------------


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if value is None:
        return "null"
    return "object"


def _go_map(value: dict) -> str:
    return "map[" + " ".join(f"{k}:{v}" for k, v in sorted(value.items())) + "]"
