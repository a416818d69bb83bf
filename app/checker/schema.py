"""Check each object against the real Kubernetes API schema, strictly, and say it in plain words.

The schema is a pruned copy of Kubernetes 1.33's OpenAPI schema (strict: unknown fields are
errors), built by scripts/make_schemas.py and shipped in ``data/``. It and jsonschema_rs are loaded
on the first check, not on import, and a compiled validator is kept per (apiVersion, kind).
Every error is reported, each turned from a JSON pointer into a line and column of the text.
"""

from __future__ import annotations

import difflib
import gzip
import json
import math
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from kubelearn.checker.document import DocPath, Document, Pos, format_path
from kubelearn.checker.findings import Finding, Severity
from kubelearn.checker.messages import (
    PATH_LIMIT,
    Budget,
    Words,
    finding,
    quote,
    text,
    unworded,
)
from kubelearn.checker.purposes import purpose
from kubelearn.checker.semantic import pod_spec_path

SCHEMA_FILE = "k8s-1.33.json.gz"
#: Kinds whose ``spec.selector`` is a plain map of labels, not a LabelSelector.
PLAIN_SELECTOR_KINDS = ("Service", "ReplicationController")
#: Kinds shown when an unknown kind has no close match.
COMMON_KINDS = ("Pod", "Deployment", "Service", "ConfigMap", "Secret", "Ingress", "Namespace")
#: (type, field) that _DocChecker.server_required reports missing although the schema does not
#: mark it required: a name, a Pod spec and the path to it, an image in every container.
SERVER_REQUIRED = frozenset(
    {
        ("ObjectMeta", "name"),
        ("Container", "image"),
        ("PodTemplateSpec", "spec"),
        ("ReplicaSetSpec", "template"),
        ("JobTemplateSpec", "spec"),
        ("Pod", "spec"),
        ("Deployment", "spec"),
        ("ReplicaSet", "spec"),
        ("StatefulSet", "spec"),
        ("DaemonSet", "spec"),
        ("Job", "spec"),
        ("CronJob", "spec"),
    }
)


@cache
def bundle() -> dict[str, Any]:
    path = Path(__file__).with_name("data") / SCHEMA_FILE
    if path.is_file():
        data = path.read_bytes()
    else:  # installed somewhere without plain files (a zip): ask the import system
        from importlib.resources import files

        data = files("kubelearn.checker").joinpath("data", SCHEMA_FILE).read_bytes()
    return json.loads(gzip.decompress(data))


@cache
def validator(api_version: str, kind: str) -> Any:
    """The compiled validator for one kind, or None when the checker has no schema for it."""
    name = bundle()["kinds"].get(f"{api_version}:{kind}")
    if name is None:
        return None
    import jsonschema_rs

    schema = {"$ref": f"#/$defs/{name}", "$defs": bundle()["$defs"]}
    return jsonschema_rs.Draft202012Validator(schema)


def api_versions() -> dict[str, list[str]]:
    """Every built-in kind of Kubernetes 1.33 and the apiVersions that serve it, stable first."""
    return bundle()["apiVersions"]


@cache
def _known_groups() -> frozenset[str]:
    """The API groups of the kinds the schema knows (``apps``, ``networking.k8s.io``...)."""
    return frozenset(v.split("/")[0] for vs in api_versions().values() for v in vs if "/" in v)


def _deref(node: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
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
    purposes.py has a sentence for the field.
    """
    name = bundle()["kinds"].get(f"{api_version}:{kind}")
    if name is None:
        return {}, None, ""
    node, _ = _deref(bundle()["$defs"][name])
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
        node, ref_name = _deref(child)
        type_name = ref_name.rsplit(".", 1)[-1] if ref_name else None
        description = child.get("description") or node.get("description", "")
    if path and isinstance(path[-1], str):
        description = purpose(owner, path[-1], lang) or description
    return node, type_name, description


def _field_name(path: DocPath) -> str:
    for i in range(len(path) - 1, -1, -1):
        if isinstance(path[i], str):
            return format_path(path[i:])
    return format_path(path) or "."


def _parent_name(path: DocPath, kind: str, type_name: str | None, lang: str) -> str:
    if not path:
        return text("_root", lang, kind=kind)
    shown = f"`{quote(format_path(path))}`"
    return Words(f"{shown} ({type_name})" if type_name and not isinstance(path[-1], str) else shown)


def _expected(types: list[str], lang: str) -> Words:
    names = [text(f"_type-{t}", lang) for t in types if t != "null"] or [text("_type-null", lang)]
    return Words(text("_and", lang).join(names))


def _given(value: Any, lang: str) -> str:
    if value is None:
        return text("_given-null", lang)
    if isinstance(value, bool):
        return text("_given-bool", lang, value="true" if value else "false")
    if isinstance(value, int | float):
        return text("_given-number", lang, value=_number(value))
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return text("_given-string", lang, value=shown)
    if isinstance(value, dict):
        return text("_given-object", lang)
    return text("_given-array", lang)


def _number(value: int | float) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("+Inf" if value > 0 else "-Inf")
    return repr(value)


def _suggest(name: str, choices: list[str]) -> str | None:
    if len(name) > _SUGGEST_LENGTH:  # no field name is this long: nothing is close
        return None
    lowered = {c.lower(): c for c in choices}
    if name.lower() in lowered:
        return lowered[name.lower()]
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if close:
        return close[0]
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def _shown_path(path: DocPath) -> str:
    """``path`` as a finding shows it (see :func:`finding`), to compare with ``Finding.path``."""
    return quote(format_path(path), PATH_LIMIT)


#: The longest name a "did you mean" is looked for (the schema's names are far shorter).
_SUGGEST_LENGTH = 100


def _real_path(data: Any, steps: Any) -> DocPath:
    """jsonschema_rs's instance path, with a numeric key (``"1":``) given back as text."""
    path: list[str | int] = []
    node = data
    for step in steps:
        if isinstance(step, int) and isinstance(node, dict):
            step = str(step)
        path.append(step)
        if isinstance(node, dict):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            node = None
    return tuple(path)


class _DocChecker:
    def __init__(self, doc: Document, lang: str, budget: Budget) -> None:
        self.doc = doc
        self.lang = lang
        self.budget = budget
        self.findings: list[Finding] = []
        #: Paths of fields that an unknown field's "did you mean" already names.
        self.suggested: set[str] = set()

    def add(
        self, code: str, pos: Pos, path: DocPath = (), *, worded: bool | None = None, **fields: Any
    ) -> None:
        """Record a finding; ``entry=`` in ``fields`` picks a variant wording.

        ``worded``: whether the budget allows wording it (asked here when not given; a caller
        that does costly work for the words asks first).
        """
        if worded is None:
            worded = self.budget.word(code)
        if not worded:
            self.findings.append(unworded(code, pos.line, pos.column, path=format_path(path),
                                          severity=fields.get("severity")))
            return
        self.findings.append(
            finding(code, pos.line, pos.column, lang=self.lang, path=format_path(path), **fields)
        )

    def run(self) -> list[Finding]:
        doc = self.doc
        data = doc.data
        api_version = data.get("apiVersion")
        kind = data.get("kind")
        index = api_versions()
        if "kind" not in data or kind is None:
            self.add("missing-kind", doc.start)
            if "apiVersion" not in data or api_version is None:
                self.add("missing-api-version", doc.start, entry="missing-api-version-unknown")
            return self.findings
        if not isinstance(kind, str):
            self.type_error(("kind",), ["string"], "", "")
            return self.findings
        if api_version is not None and not isinstance(api_version, str):
            self.type_error(("apiVersion",), ["string"], "", "")
            return self.findings
        if kind not in index:
            group = api_version.split("/")[0] if api_version and "/" in api_version else ""
            known_groups = _known_groups()
            if "." in group and group not in known_groups and not group.endswith("k8s.io"):
                pos = doc.pos(("kind",), prefer_key=False)
                self.add("not-checked", pos, ("kind",), kind=kind, api_version=api_version)
                return self.findings
            if api_version is None:
                self.add("missing-api-version", doc.start, entry="missing-api-version-unknown")
            self.unknown_kind(kind)
            return self.findings
        versions = index[kind]
        if api_version is None:
            self.add("missing-api-version", doc.start, expected=versions[0])
            api_version = versions[0]
        elif api_version not in versions:
            pos = doc.pos(("apiVersion",), prefer_key=False)
            expected = Words(text("_and", self.lang).join(versions))
            self.add(
                "wrong-api-version",
                pos,
                ("apiVersion",),
                kind=kind,
                api_version=api_version,
                expected=expected,
                first=versions[0],
            )
            api_version = next((v for v in versions if validator(v, kind)), versions[0])
        check = validator(api_version, kind)
        if check is None:
            pos = doc.pos(("kind",), prefer_key=False)
            self.add("not-checked", pos, ("kind",), kind=kind, api_version=api_version)
            return self.findings
        self.validate(check, api_version, kind)
        self.server_required(api_version, kind)
        return self.findings

    def server_required(self, api_version: str, kind: str) -> None:
        """Fields the API server requires although the OpenAPI schema marks them optional.

        Kubernetes' own validation (pkg/apis/core/validation) asks for a name, a Pod spec with
        at least one container, and an image in every container; the schema cannot say so.
        """
        doc = self.doc
        data = doc.data
        done = {f.path for f in self.findings if f.code in ("missing-field", "wrong-type")}
        done |= {f.path for f in self.findings if f.code.startswith("unquoted-")}
        done |= self.suggested  # "did you mean `image`?" already says it is missing

        def missing(path: DocPath, field: str, entry: str | None = None) -> None:
            if _shown_path((*path, field)) not in done:
                self.missing_field(path, field, api_version, kind, entry=entry)

        metadata = data.get("metadata")
        named = isinstance(metadata, dict) and (
            metadata.get("name") is not None or metadata.get("generateName") is not None
        )
        if "metadata.name" not in done and not named:
            if isinstance(metadata, dict) and "name" in metadata:  # `name:` with nothing after
                missing(("metadata",), "name", "missing-field-empty")
            elif "metadata" not in data:
                self.add(
                    "missing-field",
                    doc.start,
                    ("metadata", "name"),
                    entry="missing-metadata",
                    kind=kind,
                    example=kind.lower(),
                )
            elif metadata is None or isinstance(metadata, dict):
                self.add(
                    "missing-field",
                    doc.pos(("metadata",)),
                    ("metadata", "name"),
                    entry="missing-name",
                    example=kind.lower(),
                )
        spec_path = pod_spec_path(doc)
        if spec_path is None:
            return
        parent: DocPath = ()
        for step in spec_path:  # ("spec", "template", "spec"): each must be there
            node = doc.value_at((*parent, step))
            if node is None:
                entry = "missing-field-empty" if (*parent, step) in doc.value_pos else None
                missing(parent, step, entry)
                return
            if not isinstance(node, dict):
                return
            parent = (*parent, step)
        spec = doc.value_at(spec_path)
        if "containers" in spec and spec["containers"] in ([], None):
            missing(spec_path, "containers", "missing-field-empty-list")
        for group in ("initContainers", "containers"):
            items = doc.value_at((*spec_path, group))
            for i, container in enumerate(items if isinstance(items, list) else []):
                if not isinstance(container, dict):
                    continue
                image = container.get("image")
                if image is None or image == "":
                    entry = None if "image" not in container else "missing-field-empty"
                    missing((*spec_path, group, i), "image", entry)

    def changed_keys(self) -> None:
        """Unquoted keys that YAML read as a boolean or number (``on:`` is the key ``true``).

        Kubernetes accepts the changed key in a map of its own (ConfigMap data, labels), so
        that is a warning; where it names a field that does not exist, the unknown-field
        finding is replaced by an error that says why.
        """
        from kubelearn.checker.yamlread import resolve_plain

        if not self.doc.key_text:
            return
        unknown = {f.path: f for f in reversed(self.findings) if f.code == "unknown-field"}
        replaced: set[int] = set()  # ids of the unknown-field findings said better below
        for path, (source, pos) in self.doc.key_text.items():
            key = format_path(path[-1:])
            what = _given(resolve_plain(source), self.lang)
            shown = _shown_path(path)
            if shown in unknown:
                replaced.add(id(unknown.pop(shown)))
                parent = _parent_name(path[:-1], self.doc.kind or "", None, self.lang)
                self.add(
                    "unquoted-key",
                    pos,
                    path,
                    entry="unquoted-key-field",
                    severity=Severity.ERROR,
                    text=source,
                    key=key,
                    what=what,
                    parent=parent,
                )
            else:
                self.add("unquoted-key", pos, path, text=source, key=key, what=what)
        if replaced:
            self.findings = [f for f in self.findings if id(f) not in replaced]

    def unknown_kind(self, kind: str) -> None:
        pos = self.doc.pos(("kind",), prefer_key=False)
        if not self.budget.word("unknown-kind"):
            self.add("unknown-kind", pos, ("kind",), worded=False)
            return
        match = _suggest(kind, list(api_versions())) if self.budget.suggest() else None
        if match:
            suggestion = text("_did-you-mean", self.lang, name=match)
            hint = text("_hint-kind", self.lang, name=match)
        else:
            suggestion = ""
            hint = text("_hint-kind-list", self.lang, names=", ".join(COMMON_KINDS))
        self.add("unknown-kind", pos, ("kind",), worded=True, kind=kind, suggestion=suggestion,
                 hint=hint)

    def validate(self, check: Any, api_version: str, kind: str) -> None:
        doc = self.doc
        odd = {p for p, t in doc.plain_text.items() if t.lstrip("+-").lower() in (".inf", ".nan")}
        if not odd and check.is_valid(doc.data):
            return
        for path in sorted(odd, key=str):
            node, _, _ = schema_at(api_version, kind, path)
            self.type_error(path, node.get("type") or ["number"], api_version, kind)
        typed: set[DocPath] = set()  # a wrong type says enough: no "unsupported value" too
        errors = sorted(
            check.iter_errors(doc.data), key=lambda e: e.kind.__class__.__name__ != "Type"
        )
        for error in errors:
            path = _real_path(doc.data, error.instance_path)
            if path[:1] in (("apiVersion",), ("kind",)) or path in odd:
                continue
            error_kind = error.kind
            name = error_kind.__class__.__name__
            if name == "AdditionalProperties":
                for field in error_kind.unexpected:
                    self.unknown_field(path, field, api_version, kind)
            elif name == "Required":
                self.missing_field(path, error_kind.property, api_version, kind)
            elif name == "Type":
                typed.add(path)
                self.type_error(path, list(error_kind.types), api_version, kind)
            elif name == "Enum":
                if path not in typed:
                    self.unsupported_value(path, list(error_kind.options))
            else:
                pos = doc.pos(path, prefer_key=False)
                self.add("schema", pos, path, detail=quote(error.message, 240))
        if self.suggested:  # "did you mean `containers`?" already says it is missing
            self.findings = [
                f
                for f in self.findings
                if not (f.code == "missing-field" and f.path in self.suggested)
            ]

    def unknown_field(self, path: DocPath, field: str, api_version: str, kind: str) -> None:
        full = (*path, field)
        if not self.budget.word("unknown-field"):
            self.add("unknown-field", self.doc.pos(full), full, worded=False)
            return
        node, type_name, _ = schema_at(api_version, kind, path)
        choices = sorted(node.get("properties", {}))
        if not path:
            choices = [c for c in choices if c != "status"] + ["status"]
        match = _suggest(field, choices) if self.budget.suggest() else None
        if match:
            suggestion = text("_did-you-mean", self.lang, name=match)
            hint = text("_hint-rename", self.lang, name=match)
            self.suggested.add(_shown_path((*path, match)))
        else:
            suggestion = ""
            home = self.home_of(field, path, node, api_version, kind)
            if home is not None:
                hint = text("_hint-move", self.lang, field=field, home=home)
            else:
                shown = ", ".join(f"`{c}`" for c in choices[:12])
                hint = text(
                    "_hint-remove", self.lang, names=shown + (", …" if len(choices) > 12 else "")
                )
        self.add(
            "unknown-field",
            self.doc.pos(full),
            full,
            worded=True,
            field=field,
            parent=_parent_name(path, kind, type_name, self.lang),
            suggestion=suggestion,
            hint=hint,
        )

    def unsupported_value(self, path: DocPath, options: list[Any]) -> None:
        value = self.doc.value_at(path)
        allowed = [o for o in options if isinstance(o, str) and o]
        match = _suggest(value, allowed) if isinstance(value, str) and self.budget.suggest() else None
        suggestion = text("_did-you-mean", self.lang, name=match) if match else ""
        self.add(
            "unsupported-value",
            self.doc.pos(path, prefer_key=False),
            path,
            value=value,
            field=_field_name(path),
            suggestion=suggestion,
            values=Words(", ".join(map(str, map(quote, allowed)))),
            first=match or allowed[0],
        )

    def home_of(
        self, field: str, path: DocPath, node: dict[str, Any], api_version: str, kind: str
    ) -> str | None:
        """The sibling field (``metadata``) under which ``field`` would be valid, if any."""
        for sibling in node.get("properties", {}):
            child, _, _ = schema_at(api_version, kind, (*path, sibling))
            if field in child.get("properties", {}):
                return text("_home", self.lang, name=sibling)
            items, _, _ = schema_at(api_version, kind, (*path, sibling, 0))
            if field in items.get("properties", {}):
                return text("_home-item", self.lang, name=sibling)
        return None

    def missing_field(
        self, path: DocPath, field: str, api_version: str, kind: str, entry: str | None = None
    ) -> None:
        """``field`` is missing under ``path`` (or, with an ``entry`` for it, empty)."""
        at = (*path, field) if entry else path
        if not self.budget.word("missing-field"):
            self.add("missing-field", self.doc.pos(at), (*path, field), worded=False)
            return
        _, type_name, _ = schema_at(api_version, kind, path)
        _, _, description = schema_at(api_version, kind, (*path, field), self.lang)
        self.add(
            "missing-field",
            self.doc.pos(at),
            (*path, field),
            worded=True,
            entry=entry,
            field=field,
            parent=_parent_name(path, kind, type_name, self.lang),
            description=Words(description) or text("_no-description", self.lang),
        )
        last = self.findings[-1]  # "the Pod needs ..." starts a sentence
        self.findings[-1] = replace(last, message=last.message[:1].upper() + last.message[1:])

    def type_error(self, path: DocPath, types: list[str], api_version: str, kind: str) -> None:
        doc = self.doc
        value = doc.value_at(path)
        if (
            kind in PLAIN_SELECTOR_KINDS
            and path[:2] == ("spec", "selector")
            and path[2:] in (("matchLabels",), ("matchExpressions",))
            and isinstance(value, dict | list)
        ):
            entry = "plain-selector" if path[2] == "matchLabels" else "plain-selector-expressions"
            self.add("plain-selector", doc.pos(path), path, kind=kind, field=path[2], entry=entry)
            return
        pos = doc.pos(path, prefer_key=False)
        field = _field_name(path)
        if path in doc.key_text:  # `on: yes`: name the key as written
            field = doc.key_text[path][0]
        source = doc.plain_text.get(path)
        if source is not None and "string" in types:
            if isinstance(value, bool):
                shown = "true" if value else "false"
                self.add("unquoted-bool", pos, path, text=source, value=shown, field=field)
                return
            if isinstance(value, int | float):
                self.add(
                    "unquoted-number", pos, path, text=source, value=_number(value), field=field
                )
                return
            if value is None:
                expected = _expected(types, self.lang)
                self.add("unquoted-null", pos, path, text=source, field=field, expected=expected)
                return
        if not self.budget.word("wrong-type"):
            self.add("wrong-type", pos, path, worded=False)
            return
        _, _, description = (
            schema_at(api_version, kind, path, self.lang) if kind else ({}, None, "")
        )
        expected = _expected(types, self.lang)
        hint = text("_hint-type", self.lang, expected=expected)
        if isinstance(value, str) and ("object" in types or "array" in types):
            from kubelearn.checker.yamlread import _NO_SPACE

            m = _NO_SPACE.match(value)
            if m:
                fixed = f"{m.group(2)}: {m.group(3)}"
                self.add("missing-space", pos, path, text=value, fixed=fixed)
                return
        if isinstance(value, dict) and len(value) == 1 and "string" in types:
            hint = text("_hint-quote-colon", self.lang)
        self.add(
            "wrong-type",
            pos,
            path,
            worded=True,
            field=field,
            expected=expected,
            given=_given(value, self.lang),
            description=Words(description) or text("_no-description", self.lang),
            hint=hint,
        )


def schema_findings(doc: Document, lang: str = "en", budget: Budget | None = None) -> list[Finding]:
    """Everything the API schema says about one document (its data must be a mapping).

    ``budget`` is shared by the documents of one check (see messages.Budget).
    """
    checker = _DocChecker(doc, lang, budget or Budget())
    checker.run()
    checker.changed_keys()
    return checker.findings
