"""The checker's pipeline: read the YAML, validate against the API schema, then the meaning checks
and the exercise's expectations. Whatever goes wrong inside becomes a finding, never an exception,
and a failing stage (or one document's schema check) costs only its own findings.

The output is bounded whatever the input: at most :data:`PER_CODE` findings of one code and
:data:`TOTAL` in all, with one finding that says how many more there are, and every string in a
finding clipped and with its control characters made visible.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from typing import Any

from kubelearn.checker import rules, schema
from kubelearn.checker.findings import Budget, Finding, Report, Severity
from kubelearn.checker.messages import bounded, finding, internal_error, text
from kubelearn.checker.yaml import reader
from kubelearn.kube.document import DocPath, Document, Pos, format_path

#: Findings of one code that are shown; the rest are counted in one "and N more" finding.
PER_CODE = 20
#: Findings shown in all.
TOTAL = 200


def check(text: str | bytes, goals: list | None = None, *, lang: str = "en",
          partial: bool = False, cluster: str = "", outcomes: bool = True) -> Report:
    """See :func:`kubelearn.checker.check`."""
    return check_read(text, goals, lang=lang, partial=partial, cluster=cluster,
                      outcomes=outcomes)[0]


def check_read(text: str | bytes, goals: list | None = None, *, lang: str = "en",
               partial: bool = False, cluster: str = "",
               outcomes: bool = True) -> tuple[Report, reader.ReadResult]:
    """:func:`check`, and the documents YAML read from ``text`` (for the cluster's admission,
    which applies them: one reading of the text for both)."""
    try:
        return _check(text, goals, lang, partial, cluster, outcomes)
    except Exception as exc:  # the checker must never take the app down
        total = len(goals) if isinstance(goals, Sequence) and not isinstance(goals, str) else 0
        found = internal_error(exc, "check", Pos(1, 1), lang)
        return Report(findings=(bounded(found),), expectations_total=total), reader.ReadResult()


def _check(text: str | bytes, goals: list | None, lang: str, partial: bool = False,
           cluster: str = "", outcomes: bool = True) -> tuple[Report, reader.ReadResult]:
    budget = Budget()  # shared by the stages: wording and suggestions past it are skipped
    try:
        result = reader.read(text, lang, budget)
    except Exception as exc:
        result = reader.ReadResult(findings=[internal_error(exc, "read", Pos(1, 1), lang)])
    findings: list[Finding] = list(result.findings)
    docs: list[Document] = _unwrap_lists(result.documents, findings, lang)
    if not docs and not any(f.severity is Severity.ERROR for f in findings):
        findings.append(finding("no-objects", 1, 1, lang=lang))
    for doc in docs:
        try:
            findings.extend(schema.schema_findings(doc, lang, budget))
        except Exception as exc:
            findings.append(internal_error(exc, "schema", doc.start, lang))
    parsed: tuple | None = None  # the goals, parsed before the rules: they say what is given
    total = met = 0
    if goals is not None:
        # Only an exercise's check needs the goal forms: a plain check does not import them.
        from kubelearn.checker import goals as goal_forms

        total = len(goals)
        try:
            parsed = goal_forms.parse_goals(list(goals))
            total = len(parsed)
        except goal_forms.GoalError as exc:
            findings.append(finding("bad-expectation", 1, 1, lang=lang, number=exc.index + 1,
                                    detail=exc.message))
        except Exception as exc:
            findings.append(internal_error(exc, "expectations", Pos(1, 1), lang))
    if docs:
        try:
            findings.extend(rules.rule_findings(
                docs, lang=lang, budget=budget, partial=partial,
                assumed=_assumed(parsed), cluster=_cluster(cluster)))
        except Exception as exc:
            findings.append(internal_error(exc, "semantic", docs[0].start, lang))
    # Goals are judged on a text YAML reads whole; otherwise they wait (a claim about part of
    # an answer would be false).
    judged = not any(f.severity is Severity.ERROR for f in result.findings)
    pending: tuple[str, ...] = ()
    if parsed is not None and judged:
        from kubelearn.checker import goals as goal_forms

        # Kubernetes' verdict before the goals add theirs: an answer runs only if accepted.
        accepted = not any(f.severity is Severity.ERROR for f in findings)
        try:
            met, failed = goal_forms.judge(parsed, docs, lang=lang)
            findings.extend(failed)
        except Exception as exc:
            findings.append(internal_error(exc, "expectations", Pos(1, 1), lang))
        running = [g for g in parsed if goal_forms.is_outcome(g)]
        if running and accepted and outcomes:
            from kubelearn.checker.goals.outcome import judge_outcomes

            first = docs[0].start if docs else Pos(1, 1)
            ran, failed = judge_outcomes(running, result.text or _lossy(text), cluster, lang,
                                         first)
            met += ran
            findings.extend(failed)
        elif running:
            pending = tuple(g.message for g in running)
    if findings:
        findings = _placed(findings, result.text if result.text else _lossy(text))
        findings = _capped(findings, lang)
    return Report(findings=tuple(findings), expectations_total=total, expectations_met=met,
                  goals_judged=judged, goals_pending=pending), result


@functools.lru_cache(maxsize=16)
def _cluster(text: str) -> tuple[Document, ...]:
    """The objects an exercise says already exist in the cluster (lesson text, read once)."""
    if not text:
        return ()
    findings: list[Finding] = []
    return tuple(_unwrap_lists(reader.read(text).documents, findings, "en"))


def _assumed(parsed: tuple | None) -> dict[str, frozenset[str]] | None:
    """What the exercise's goals say the cluster has (see goals.assumed); None without goals."""
    if not parsed:
        return None
    from kubelearn.checker import goals as goal_forms

    return goal_forms.assumed(parsed)


def _unwrap_lists(docs: list[Document], findings: list[Finding], lang: str) -> list[Document]:
    """Each item of a ``kind: List`` as an object of its own, as kubectl reads it."""
    out: list[Document] = []
    for doc in docs:
        items = doc.data.get("items") if doc.kind == "List" else None
        if not isinstance(items, list):
            out.append(doc)
            continue
        # One pass over each position table, sorted out by item: linear in the List's size.
        value_pos = _by_item(doc.value_pos)
        key_pos = _by_item(doc.key_pos)
        plain_text = _by_item(doc.plain_text)
        key_text = _by_item(doc.key_text)
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
                    value_pos=value_pos.get(i, {}),
                    key_pos=key_pos.get(i, {}),
                    start=start,
                    plain_text=plain_text.get(i, {}),
                    key_text=key_text.get(i, {}),
                )
            )
    return out


def _by_item(table: dict[DocPath, Any]) -> dict[int, dict[DocPath, Any]]:
    """``{("items", 3, "kind"): x}`` -> ``{3: {("kind",): x}}``, for the paths under items."""
    out: dict[int, dict[DocPath, Any]] = {}
    for path, value in table.items():
        if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
            out.setdefault(path[1], {})[path[2:]] = value
    return out


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


def _worst(findings: list[Finding]) -> Severity:
    return min((f.severity for f in findings), key=lambda s: _ORDER.get(s, 3))


def _capped(findings: list[Finding], lang: str) -> list[Finding]:
    """The first :data:`PER_CODE` findings of each code and :data:`TOTAL` in all, in order.

    What is left out is counted in a finding at the first place left out, as severe as the
    worst it stands for, so a report with hidden errors is still not ``ok``.
    """
    kept: list[tuple[Finding, list[Finding]]] = []  # each with the findings it stands for
    hidden: dict[str, list[Finding]] = {}
    seen: Counter[str] = Counter()
    for f in findings:
        # An unworded finding (past the budget, see findings.Budget) is never shown: its code
        # has a hundred worded ones before it.
        if f.worded and seen[f.code] < PER_CODE:
            seen[f.code] += 1
            kept.append((f, [f]))
        else:
            hidden.setdefault(f.code, []).append(f)
    for code, rest in hidden.items():
        first = rest[0]
        more = finding("more-findings", first.line, first.column, lang=lang,
                       severity=_worst(rest), path=first.path, count=len(rest), repeated=code)
        kept.append((more, rest))
    if hidden:
        kept.sort(key=lambda pair: (pair[0].code == "expectation", pair[0].line,
                                    pair[0].column, pair[0].code == "more-findings"))
    if len(kept) > TOTAL:
        rest = [f for _, group in kept[TOTAL - 1 :] for f in group]
        first = kept[TOTAL - 1][0]
        more = finding("more-findings", first.line, first.column, lang=lang,
                       entry="more-findings-total", severity=_worst(rest), count=len(rest))
        kept = [*kept[: TOTAL - 1], (more, rest)]
    return [bounded(f) for f, _ in kept]
