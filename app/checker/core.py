"""The checker's pipeline: read the YAML, validate against the API schema, then the meaning checks
and the exercise's expectations. Whatever goes wrong inside becomes a finding, never an exception.
"""

from __future__ import annotations

from typing import Any

from kubelearn.checker import expectations as goals
from kubelearn.checker import schema, semantic, yamlread
from kubelearn.checker.document import DocPath, Document, format_path
from kubelearn.checker.findings import Finding, Report, Severity
from kubelearn.checker.messages import finding, text


def _internal(exc: BaseException, lang: str) -> Finding:
    detail = f"{type(exc).__name__}: {exc}"[:200]
    return finding("internal-error", 1, 1, lang=lang, detail=detail)


def check(text: str | bytes, expectations: list | None = None, *, lang: str = "en") -> Report:
    """See :func:`kubelearn.checker.check`."""
    try:
        return _check(text, expectations, lang)
    except Exception as exc:  # the checker must never take the app down
        total = len(expectations) if isinstance(expectations, list | tuple) else 0
        return Report(findings=(_internal(exc, lang),), expectations_total=total)


def _check(text: str | bytes, expectations: list | None, lang: str) -> Report:
    result = yamlread.read(text, lang)
    findings: list[Finding] = list(result.findings)
    docs: list[Document] = _unwrap_lists(result.documents, findings, lang)
    for doc in docs:
        try:
            findings.extend(schema.schema_findings(doc, lang))
        except Exception as exc:
            findings.append(_internal(exc, lang))
    if docs:
        try:
            findings.extend(semantic.semantic_findings(docs, lang=lang))
        except Exception as exc:
            findings.append(_internal(exc, lang))
    total = met = 0
    if expectations is not None:
        total = len(expectations)
        try:
            parsed = goals.parse_expectations(list(expectations))
            total = len(parsed)
            met, failed = goals.evaluate(parsed, docs, lang=lang)
            findings.extend(failed)
        except goals.ExpectationError as exc:
            findings.append(finding("bad-expectation", 1, 1, lang=lang, number=exc.index + 1,
                                    detail=exc.message))
        except Exception as exc:
            findings.append(_internal(exc, lang))
    if findings:
        findings = _placed(findings, result.text if result.text else _lossy(text))
    return Report(findings=tuple(findings), expectations_total=total, expectations_met=met)


def _unwrap_lists(docs: list[Document], findings: list[Finding], lang: str) -> list[Document]:
    """Each item of a ``kind: List`` as an object of its own, as kubectl reads it."""
    out: list[Document] = []
    for doc in docs:
        items = doc.data.get("items") if doc.kind == "List" else None
        if not isinstance(items, list):
            out.append(doc)
            continue
        for i, item in enumerate(items):
            prefix: DocPath = ("items", i)
            start = doc.value_pos.get(prefix, doc.start)
            if not isinstance(item, dict):
                given = text("_doc-list" if isinstance(item, list) else "_doc-scalar", lang)
                findings.append(
                    finding(
                        "not-an-object",
                        start.line,
                        start.column,
                        lang=lang,
                        path=format_path(prefix),
                        entry="not-an-object-item",
                        given=given,
                    )
                )
                continue
            out.append(
                Document(
                    index=doc.index,
                    data=item,
                    value_pos=_within(doc.value_pos, prefix),
                    key_pos=_within(doc.key_pos, prefix),
                    start=start,
                    plain_text=_within(doc.plain_text, prefix),
                    key_text=_within(doc.key_text, prefix),
                )
            )
    return out


def _within(table: dict[DocPath, Any], prefix: DocPath) -> dict[DocPath, Any]:
    n = len(prefix)
    return {path[n:]: value for path, value in table.items() if path[:n] == prefix}


def _lossy(text: str | bytes) -> str:
    if isinstance(text, bytes | bytearray):
        return bytes(text).decode("utf-8", "replace")
    return text


_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _placed(findings: list[Finding], text: str) -> list[Finding]:
    """Findings inside the text (clamped to its last line), without repeats, in order."""
    lines = text.splitlines() or [""]
    out: dict[tuple, Finding] = {}
    for f in findings:
        line = min(max(f.line, 1), len(lines))
        column = min(max(f.column, 1), len(lines[line - 1]) + 1)
        if (line, column) != (f.line, f.column):
            f = Finding(f.severity, line, column, f.code, f.message, f.path, f.explanation, f.hint)
        out.setdefault((line, column, f.code, f.path, f.message), f)
    # What Kubernetes would say comes first, in reading order; the exercise's unmet goals after
    # it, since a goal often fails only because of an error above it.
    return sorted(out.values(), key=lambda f: (f.code == "expectation", f.line, f.column,
                                               _ORDER.get(f.severity, 3)))
