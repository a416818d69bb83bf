"""``kubectl explain`` from the schema the checker bundles (Kubernetes 1.33's OpenAPI,
pruned), laid out as kubectl's plaintext template lays it out
(k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl): GROUP, KIND, VERSION, then FIELD
for a path, DESCRIPTION wrapped at 76 columns and indented by 4, and FIELDS in name order
with their type guessed as the template guesses it (``<Object>``, ``<[]Container>``,
``<map[string]string>``, ``-required-``, ``enum: ...``).

The checker's bundle keeps only the first sentence of each description; explain prints the
whole text a real API server serves, from a separate file that only explain loads
(``data/k8s-1.33-explain.json.gz``, built by scripts/make_explain.py). As the template's
``description`` does, the DESCRIPTION of a field is the field's own text followed by the text
of the type it refers to (through ``allOf``, ``items`` and ``additionalProperties``).
"""

from __future__ import annotations

import gzip
import json
import textwrap
from pathlib import Path
from typing import Any

from kubelearn.cluster.kubectl.core import Context, Failure, usage
from kubelearn.cluster.kubectl.parser import Args, Flag
from kubelearn.cluster.resources import resolve

FLAGS = (Flag("recursive", kind="bool", default=False), Flag("api-version"),
         Flag("output", "o"))
#: How deep ``--recursive`` goes and how many lines it prints at most.
MAX_DEPTH = 15
MAX_LINES = 5_000


def _bundle() -> dict:
    from kubelearn.checker.schema.bundle import bundle

    return bundle()


#: The full descriptions: definition name -> {"": its own text, property: the property's text}.
EXPLAIN_FILE = "k8s-1.33-explain.json.gz"
#: definition name -> {"": its text, property: its text}
Texts = dict[str, dict[str, str]]


def load_texts() -> Texts:
    """The full descriptions, read for each explain command and then dropped: about 7 ms of
    work, where keeping them would hold half a megabyte in the tutor for good."""
    from kubelearn.checker import schema

    path = Path(schema.__file__).with_name("data") / EXPLAIN_FILE
    if path.is_file():
        data = path.read_bytes()
    else:  # installed somewhere without plain files (a zip): ask the import system
        from importlib.resources import files

        data = files("kubelearn.checker.schema").joinpath("data", EXPLAIN_FILE).read_bytes()
    return json.loads(gzip.decompress(data))


def _text(texts: Texts, name: str | None, key: str, fallback: str) -> str:
    """The full description of property ``key`` of definition ``name`` ("" for the definition's
    own); the bundle's short text when the file has none."""
    found = texts.get(name or "")
    if found is None:
        return fallback
    return found.get(key, fallback)


def _type_text(texts: Texts, node: dict) -> str:
    """The description of the type a field refers to, through arrays and maps."""
    seen = 0
    while isinstance(node, dict) and seen < 10:
        seen += 1
        if "$ref" in node:
            target, name = _resolve(node)
            return _text(texts, name, "", target.get("description") or "")
        if isinstance(node.get("items"), dict):
            node = node["items"]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return ""
    return ""


def _find_kind(word: str, api_version: str) -> tuple[str, str, str] | None:
    """(group, version, kind) for a resource name."""
    resource = resolve(word)
    kinds = _bundle()["kinds"]
    if resource is not None:
        return resource.group, resource.version, resource.kind
    lowered = word.lower()
    for key in kinds:
        version, _, kind = key.partition(":")
        if kind.lower() in (lowered, lowered.rstrip("s"), lowered.removesuffix("es")):
            if api_version and version != api_version:
                continue
            group, _, v = version.rpartition("/")
            return group, v, kind
    return None


def _resolve(node: dict) -> tuple[dict, str | None]:
    defs = _bundle()["$defs"]
    name = None
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 50:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = defs.get(name, {})
        seen += 1
    return node, name


def _types(node: dict) -> list[str]:
    t = node.get("type")
    types = t if isinstance(t, list) else [t] if isinstance(t, str) else []
    return [x for x in types if x and x != "null"]


def type_guess(node: dict) -> str:
    """The template's ``typeGuess``."""
    if "items" in node and isinstance(node["items"], dict):
        return "[]" + type_guess(node["items"])
    if isinstance(node.get("additionalProperties"), dict):
        return "map[string]" + type_guess(node["additionalProperties"])
    if "$ref" in node:
        target, name = _resolve(node)
        types = _types(target)
        if not types or types == ["object"]:
            return (name or "Object").rsplit(".", 1)[-1] or "Object"
        if set(types) == {"integer", "string"}:
            return "IntOrString"
        return types[0]
    types = _types(node)
    if set(types) == {"integer", "string"}:
        return "IntOrString"
    if not types or types[0] == "object":
        return "Object"
    return types[0]


def _wrap(text: str, width: int, indent: int) -> str:
    """sprig ``wrap`` (go-wordwrap) then ``indent``: every line, the empty last one too."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=False,
                                   break_on_hyphens=False) or [""])
    pad = " " * indent
    return "\n".join(pad + line for line in lines)


def _enum(node: dict, long: bool, limit: int, indent: int) -> str:
    target = _resolve(node)[0] if "$ref" in node else node
    values = [v for v in target.get("enum") or [] if v is not None and v != ""]
    if not values or node is None:
        return ""
    values = sorted(str(v) for v in values)
    if long:
        return "ENUM:" + "".join(f"\n    {v}" for v in values)
    shown = values[:limit] if limit >= 0 else values
    more = ", ...." if limit >= 0 and len(values) > limit else ""
    return "\n" + " " * indent + "enum: " + ", ".join(shown) + more


def _fields(texts: Texts, node: dict, level: int, recursive: bool, history: set[str],
            out: list[str]) -> None:
    resolved, name = _resolve(node)
    if name and name in history:
        return
    history = history | ({name} if name else set())
    if "items" in resolved and isinstance(resolved["items"], dict) and "properties" not in resolved:
        _fields(texts, resolved["items"], level, recursive, history, out)
        return
    if isinstance(resolved.get("additionalProperties"), dict) and "properties" not in resolved:
        _fields(texts, resolved["additionalProperties"], level, recursive, history, out)
        return
    required = set(resolved.get("required") or [])
    indent = level * 2
    for key in sorted(resolved.get("properties") or {}):
        if len(out) > MAX_LINES:
            return
        child = resolved["properties"][key]
        line = " " * indent + f"{key}\t<{type_guess(child)}>"
        if key in required:
            line += " -required-"
        if key not in ("apiVersion", "kind") or level > 1:
            line += _enum(child, False, 4, indent)
        out.append(line + "\n")
        if recursive:
            if level < MAX_DEPTH:
                _fields(texts, child, level + 1, True, history, out)
        else:
            description = _text(texts, name, key, child.get("description") or "") or \
                "<no description>"
            out.append(_wrap(description, 78 - indent, indent + 2) + "\n\n")


def run(ctx: Context, args: Args) -> None:
    if len(args.words) != 1:
        raise usage("explain", "We accept only this format: explain RESOURCE"
                    if args.words else "You must specify the type of resource to explain. Use "
                    "\"kubectl api-resources\" for a complete list of supported resources.")
    word, *path = args.words[0].split(".")
    found = _find_kind(word, args.str("api-version"))
    if found is None:
        raise Failure(f'error: the server doesn\'t have a resource type "{word}"')
    group, version, kind = found
    api_version = f"{group}/{version}" if group else version
    def_name = _bundle()["kinds"].get(f"{api_version}:{kind}")
    if def_name is None:
        raise Failure(f'error: the server doesn\'t have a resource type "{word}"')
    out = []
    if group:
        out.append(f"GROUP:      {group}\n")
    out.append(f"KIND:       {kind}\nVERSION:    {version}\n\n")
    texts = load_texts()
    node: dict[str, Any] = {"$ref": f"#/$defs/{def_name}"}
    own = ""
    for i, step in enumerate(path):
        resolved, parent = _resolve(node)
        while "properties" not in resolved and (
                isinstance(resolved.get("items"), dict)
                or isinstance(resolved.get("additionalProperties"), dict)):
            resolved, parent = _resolve(resolved.get("items") or resolved["additionalProperties"])
        child = (resolved.get("properties") or {}).get(step)
        if not isinstance(child, dict):
            raise Failure(f'error: field "{step}" does not exist')
        if i == len(path) - 1:
            out.append(f"FIELD: {step} <{type_guess(child)}>\n{_enum(child, True, -1, 0)}\n\n")
        own = _text(texts, parent, step, child.get("description") or "")
        node = child
    parts = [text for text in (own, _type_text(texts, node)) if text]
    description = "".join(text + "\n" for text in parts) or "<empty>"
    out.append("DESCRIPTION:\n" + _wrap(description, 76, 4) + "\n")
    fields: list[str] = []
    _fields(texts, node, 1, args.bool("recursive"), set(), fields)
    if fields:
        out.append("FIELDS:\n" + "".join(fields))
    out.append("\n")
    ctx.out("".join(out))
