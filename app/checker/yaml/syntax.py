"""YAML syntax errors in plain words: PyYAML's "mapping values are not allowed here" becomes
"there is no space after the colon in `name:web`", at the place a learner must fix.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from kubelearn.checker.findings import Finding
from kubelearn.checker.messages import finding
from kubelearn.checker.yaml.limits import MAX_DEPTH

_KEY_START = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"][^:#]*:")
#: `name:web`: a key and a value with no space after the colon (so YAML sees one piece of text).
NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([\w.\-/]+):([^\s:/][^\s]*)")


def syntax_finding(text: str, exc: yaml.MarkedYAMLError, lang: str) -> Finding:
    lines = text.splitlines()
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line, mark.column) if mark else (0, 0)

    def line_text(n: int) -> str:
        return lines[n] if 0 <= n < len(lines) else ""

    def at(code: str, n: int, c: int, **fields: Any) -> Finding:
        return finding(code, n + 1, c + 1, lang=lang, **fields)

    # A tab in the indentation of the problem line (or of the line before it).
    for n in (line, line - 1):
        current = line_text(n)
        indent = current[: len(current) - len(current.lstrip(" \t"))]
        if "\t" in indent and (
            "tab" in problem or "cannot start any token" in problem or n == line
        ):
            return at("tab-indent", n, indent.index("\t"))
    if "tab" in problem:
        return at("tab-indent", line, column)
    if "nesting depth" in problem:
        return at("too-deep", line, column, limit=MAX_DEPTH)
    cm = exc.context_mark
    if "quoted scalar" in context and cm is not None:
        return at("unclosed-quote", cm.line, cm.column)
    if context.startswith("while parsing a flow") and cm is not None:
        return at("unclosed-bracket", cm.line, cm.column)
    if "expected ':'" in problem and cm is not None:
        m = NO_SPACE.match(line_text(cm.line))
        if m:
            fixed = f"{m.group(2)}: {m.group(3)}"
            text = m.group(0).strip(" -")
            return at("missing-space", cm.line, m.end(2), text=text, fixed=fixed)
        return at("missing-colon", cm.line, cm.column)
    if "mapping values are not allowed" in problem:
        for n in range(line - 1, max(line - 4, -1), -1):
            m = NO_SPACE.match(line_text(n))
            if m:
                fixed = f"{m.group(2)}: {m.group(3)}"
                return at("missing-space", n, m.end(2), text=m.group(0).strip(" -"), fixed=fixed)
            if line_text(n).strip() and not line_text(n).lstrip().startswith("#"):
                break
        current = line_text(line)
        key = _KEY_START.match(current)
        if key and key.end() - 1 == column:  # the line's own key: it is indented too deep
            return at("nested-mapping", line, len(current) - len(current.lstrip()))
        return at("nested-mapping", line, column)
    if "expected key" in problem or "block end" in problem or "'-' indicator" in problem:
        return at("bad-indent", line, column)
    return at("yaml-syntax", line, column, problem=problem or context or str(exc))
