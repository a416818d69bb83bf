"""Check each object against the real Kubernetes API schema, strictly, and say it in plain words.

Every error the schema validator (:mod:`.validator`) reports is turned from a JSON pointer into a line and column of the
text and into a finding a learner can act on: an unknown field with the name it was probably
meant to be, a missing field with what it is for, a wrong type with what was read and why.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kubelearn.checker.findings import Budget, Finding
from kubelearn.checker.messages import Words, finding, quote, text, unworded
from kubelearn.checker.schema.bundle import api_versions, known_groups, schema_at, validator
from kubelearn.checker.schema.describe import (
    expected_types,
    field_name,
    given_value,
    parent_name,
    shown_number,
    shown_path,
    suggest,
)
from kubelearn.checker.schema.keys import changed_keys
from kubelearn.checker.schema.required import server_required
from kubelearn.checker.schema.validator import Validator
from kubelearn.kube.document import DocPath, Document, Pos, format_path

#: Kinds whose ``spec.selector`` is a plain map of labels, not a LabelSelector.
PLAIN_SELECTOR_KINDS = ("Service", "ReplicationController")
#: Fields of a workload's spec that learners write into a Pod's: a Pod is one Pod, and these
#: belong to what makes Pods from a template (apps/v1 DeploymentSpec, ReplicaSetSpec).
WORKLOAD_FIELDS = ("replicas", "selector", "template", "strategy", "minReadySeconds")
#: Kinds shown when an unknown kind has no close match.
COMMON_KINDS = ("Pod", "Deployment", "Service", "ConfigMap", "Secret", "Ingress", "Namespace")


class DocumentCheck:
    """The schema's findings about one document, worded within one check's budget."""

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
            groups = known_groups()
            if "." in group and group not in groups and not group.endswith("k8s.io"):
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
        server_required(self, api_version, kind)
        return self.findings

    def unknown_kind(self, kind: str) -> None:
        pos = self.doc.pos(("kind",), prefer_key=False)
        if not self.budget.word("unknown-kind"):
            self.add("unknown-kind", pos, ("kind",), worded=False)
            return
        match = suggest(kind, list(api_versions())) if self.budget.suggest() else None
        if match:
            suggestion = text("_did-you-mean", self.lang, name=match)
            hint = text("_hint-kind", self.lang, name=match)
        else:
            suggestion = ""
            hint = text("_hint-kind-list", self.lang, names=", ".join(COMMON_KINDS))
        self.add("unknown-kind", pos, ("kind",), worded=True, kind=kind, suggestion=suggestion,
                 hint=hint)

    def validate(self, check: Validator, api_version: str, kind: str) -> None:
        doc = self.doc
        odd = {p for p, t in doc.plain_text.items() if t.lstrip("+-").lower() in (".inf", ".nan")}
        if not odd and check.is_valid(doc.data):
            return
        for path in sorted(odd, key=str):
            node, _, _ = schema_at(api_version, kind, path)
            self.type_error(path, node.get("type") or ["number"], api_version, kind)
        typed: set[DocPath] = set()  # a wrong type says enough: no "unsupported value" too
        errors = sorted(check.iter_errors(doc.data), key=lambda e: e.kind != "Type")
        for error in errors:
            path = error.instance_path
            if path[:1] in (("apiVersion",), ("kind",)) or path in odd:
                continue
            if error.kind == "AdditionalProperties":
                for field in error.unexpected:
                    self.unknown_field(path, field, api_version, kind)
            elif error.kind == "Required":
                self.missing_field(path, error.property, api_version, kind)
            elif error.kind == "Type":
                typed.add(path)
                self.type_error(path, list(error.types), api_version, kind)
            elif path not in typed:  # Enum
                self.unsupported_value(path, list(error.options))
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
        if kind == "Pod" and path in ((), ("spec",)) and field in WORKLOAD_FIELDS:
            # `replicas: 3` in a Pod: not a typo, a Pod mistaken for a Deployment
            self.add("unknown-field", self.doc.pos(full), full, worded=True,
                     entry="unknown-field-workload", field=field)
            return
        node, type_name, _ = schema_at(api_version, kind, path)
        choices = sorted(node.get("properties", {}))
        if not path:
            choices = [c for c in choices if c != "status"] + ["status"]
        # A field that exists, exactly so, one level down (`readinessProbe` on a Pod's spec
        # belongs in a container) is misplaced, not misspelt: say where it goes before
        # offering a sibling with a similar name (`readinessGates`).
        home = self.home_of(field, path, node, api_version, kind)
        match = suggest(field, choices) if home is None and self.budget.suggest() else None
        if match:
            suggestion = text("_did-you-mean", self.lang, name=match)
            hint = text("_hint-rename", self.lang, name=match)
            self.suggested.add(shown_path((*path, match)))
        else:
            suggestion = ""
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
            parent=parent_name(path, kind, type_name, self.lang),
            suggestion=suggestion,
            hint=hint,
        )

    def unsupported_value(self, path: DocPath, options: list[Any]) -> None:
        value = self.doc.value_at(path)
        allowed = [o for o in options if isinstance(o, str) and o]
        match = suggest(value, allowed) if isinstance(value, str) and self.budget.suggest() else None
        suggestion = text("_did-you-mean", self.lang, name=match) if match else ""
        self.add(
            "unsupported-value",
            self.doc.pos(path, prefer_key=False),
            path,
            value=value,
            field=field_name(path),
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
            parent=parent_name(path, kind, type_name, self.lang),
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
        field = field_name(path)
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
                    "unquoted-number", pos, path, text=source, value=shown_number(value), field=field
                )
                return
            if value is None:
                expected = expected_types(types, self.lang)
                self.add("unquoted-null", pos, path, text=source, field=field, expected=expected)
                return
        if not self.budget.word("wrong-type"):
            self.add("wrong-type", pos, path, worded=False)
            return
        _, _, description = (
            schema_at(api_version, kind, path, self.lang) if kind else ({}, None, "")
        )
        expected = expected_types(types, self.lang)
        hint = text("_hint-type", self.lang, expected=expected)
        if isinstance(value, str) and ("object" in types or "array" in types):
            from kubelearn.checker.yaml.syntax import NO_SPACE  # a wrong type only

            m = NO_SPACE.match(value)
            if m:
                fixed = f"{m.group(2)}: {m.group(3)}"
                self.add("missing-space", pos, path, text=value, fixed=fixed)
                return
        if isinstance(value, dict) and len(value) == 1 and "string" in types:
            hint = text("_hint-quote-colon", self.lang)
        if isinstance(value, dict) and value and "array" in types and kind:
            item, _, _ = schema_at(api_version, kind, (*path, 0))
            if any(k in item.get("properties", {}) for k in value):
                first, shown = next(iter(value.items()))  # lines without `- `: one mapping
                written = f"{first}: {shown}" if isinstance(shown, str | int | float) else f"{first}:"
                self.add("wrong-type", pos, path, entry="missing-dash-list", key=field,
                         text=written)
                return
        self.add(
            "wrong-type",
            pos,
            path,
            worded=True,
            field=field,
            expected=expected,
            given=given_value(value, self.lang),
            description=Words(description) or text("_no-description", self.lang),
            hint=hint,
        )


def schema_findings(doc: Document, lang: str = "en", budget: Budget | None = None) -> list[Finding]:
    """Everything the API schema says about one document (its data must be a mapping).

    ``budget`` is shared by the documents of one check (see findings.Budget).
    """
    checker = DocumentCheck(doc, lang, budget or Budget())
    checker.run()
    changed_keys(checker)
    return checker.findings
