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
#: A line that holds a key (``name:`` or ``- name:``): its indentation, dash, key.
_KEY_LINE = re.compile(r"^( *)(- +)?([^\s:#'\"\-][^:#]*?|-[^\s:#]+?):(?:\s|$)")
#: A line of one or two bare words, as a key without its colon (``metadata``, ``name web``).
_BARE = re.compile(r"^( *)(- +)?([A-Za-z_][\w.\-/]*)(?: +([^\s#]+))? *(?:#.*)?$")
#: `name:web`: a key and a value with no space after the colon (so YAML sees one piece of text).
NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([\w.\-/]+):([^\s:/][^\s]*)")


def syntax_finding(text: str, exc: yaml.MarkedYAMLError, lang: str) -> Finding:
    """The finding for a YAML error, at the line the learner must change: often above the
    line where the parser gave up (a missing colon, a missing ``- ``, an unclosed quote that a
    later quote closed)."""
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
    swallowed = _swallowing_quote(text, line)
    if swallowed is not None:
        return at("unclosed-quote", *swallowed, entry="unclosed-quote-later")
    if context.startswith("while parsing a flow") and cm is not None:
        return at("unclosed-bracket", cm.line, cm.column)
    if "expected ':'" in problem and cm is not None:
        m = NO_SPACE.match(line_text(cm.line))
        if m:
            fixed = f"{m.group(2)}: {m.group(3)}"
            text = m.group(0).strip(" -")
            return at("missing-space", cm.line, m.end(2), text=text, fixed=fixed)
        bare = _bare_key(lines, cm.line)
        if bare is not None:
            return at("missing-colon", cm.line, bare[0], entry="missing-colon-key",
                      text=bare[1], fixed=bare[2])
        return at("missing-colon", cm.line, cm.column)
    if "mapping values are not allowed" in problem:
        for n in range(line - 1, max(line - 4, -1), -1):
            m = NO_SPACE.match(line_text(n))
            if m:
                fixed = f"{m.group(2)}: {m.group(3)}"
                return at("missing-space", n, m.end(2), text=m.group(0).strip(" -"), fixed=fixed)
            if line_text(n).strip() and not line_text(n).lstrip().startswith("#"):
                break
        above = _previous_content(lines, line)
        if above is not None and ":" not in line_text(above).split("#")[0]:
            bare = _bare_key(lines, above)
            if bare is not None:  # `name web` or `containers`, then the next line's key
                return at("missing-colon", above, bare[0], entry="missing-colon-key",
                          text=bare[1], fixed=bare[2])
        current = line_text(line)
        key = _KEY_START.match(current)
        if key and key.end() - 1 == column:  # the line's own key: it is indented too deep
            misplaced = _misplaced_key(lines, line)
            if misplaced is not None:
                return at("bad-indent", line, misplaced[1], entry="bad-indent-key",
                          key=misplaced[0], at=misplaced[1] + 1, expected=misplaced[2] + 1)
            return at("nested-mapping", line, len(current) - len(current.lstrip()))
        return at("nested-mapping", line, column)
    if "expected key" in problem or "block end" in problem or "'-' indicator" in problem:
        dashless = _first_item_without_dash(lines, line)
        if dashless is not None:  # the parser stops at the second item's `- `
            return at("missing-dash", dashless[0], dashless[1], text=dashless[2],
                      key=dashless[3])
        misplaced = _misplaced_key(lines, line)
        if misplaced is not None:
            return at("bad-indent", line, misplaced[1], entry="bad-indent-key",
                      key=misplaced[0], at=misplaced[1] + 1, expected=misplaced[2] + 1)
        return at("bad-indent", line, column)
    return at("yaml-syntax", line, column, problem=problem or context or str(exc))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _previous_content(lines: list[str], n: int) -> int | None:
    """The nearest line above ``n`` with something other than a comment."""
    for m in range(n - 1, -1, -1):
        if _content(lines[m]):
            return m
    return None


def _bare_key(lines: list[str], n: int) -> tuple[int, str, str] | None:
    """Line ``n`` as a key that lost its colon: (column, the text, the text fixed).

    ``metadata`` followed by a deeper line becomes ``metadata:``; ``name web`` becomes
    ``name: web``. Anything else (a sentence, a quoted value) is not taken for a key.
    """
    m = _BARE.match(lines[n]) if 0 <= n < len(lines) else None
    if m is None:
        return None
    indent, dash, word, rest = m.group(1), m.group(2) or "", m.group(3), m.group(4)
    if rest is not None and " " in rest.strip():
        return None  # three words or more: a sentence, not `key value`
    written = word + (f" {rest}" if rest else "")
    fixed = f"{word}: {rest}" if rest else f"{word}:"
    return len(indent) + len(dash), written, fixed


def _key_columns(lines: list[str], n: int) -> list[tuple[int, str]]:
    """The columns (0-based) of the keys of the mappings open at line ``n``, innermost first,
    read from the indentation of the key lines above it."""
    found: list[tuple[int, str]] = []
    limit = None  # only keys left of the ones already found can still be open
    for m in range(n - 1, -1, -1):
        key = _KEY_LINE.match(lines[m])
        if key is None:
            continue
        column = len(key.group(1)) + len(key.group(2) or "")
        if limit is None or column < limit:
            found.append((column, key.group(3)))
            limit = len(key.group(1)) if key.group(2) else column
    return found


def _misplaced_key(lines: list[str], n: int) -> tuple[str, int, int] | None:
    """A key on line ``n`` that starts in a column where no open mapping has its keys:
    (the key, its column, the nearest column where its siblings are), 0-based."""
    key = _KEY_LINE.match(lines[n]) if 0 <= n < len(lines) else None
    if key is None or key.group(2):
        return None
    column = len(key.group(1))
    columns = [c for c, _ in _key_columns(lines, n)]
    if not columns or column in columns:
        return None
    expected = min(columns, key=lambda c: (abs(c - column), -c))
    return key.group(3), column, expected


def _first_item_without_dash(lines: list[str], n: int) -> tuple[int, int, str, str] | None:
    """A list whose first item lost its ``- ``: line ``n`` starts a later item (``- name:``),
    and the lines between it and the list's key are a mapping at a deeper column.
    Returns (line, column, the first item's first line, the list's key), 0-based."""
    item = re.match(r"^( *)- ", lines[n]) if 0 <= n < len(lines) else None
    if item is None:
        return None
    dash = len(item.group(1))
    first = None
    for m in range(n - 1, -1, -1):
        if not _content(lines[m]):
            continue
        indent = len(lines[m]) - len(lines[m].lstrip(" "))
        if indent < dash or (indent == dash and not lines[m].lstrip().startswith("- ")):
            key = _KEY_LINE.match(lines[m])
            if key is None or lines[m].split("#")[0].rstrip()[-1:] != ":" or first is None:
                return None
            if not _KEY_LINE.match(lines[first]):
                return None
            shown = lines[first].strip()
            return first, len(lines[first]) - len(lines[first].lstrip(" ")), shown, key.group(3)
        if lines[m].lstrip().startswith("- ") and indent == dash:
            return None  # an earlier item has its dash: the slip is elsewhere
        first = m
    return None


#: The most text re-read to find a quote that swallowed the lines after it.
SCAN_LIMIT = 64 * 1024
#: A line inside a quoted text that looks like YAML: the quote swallowed the lines after it.
_SWALLOWED = re.compile(r"\n *(?:- +)?[A-Za-z_][\w.\-/]*:(?: |\n|$)")


def _swallowing_quote(text: str, line: int) -> tuple[int, int] | None:
    """A quoted value that runs on over lines which read as YAML keys, ending near the error
    on line ``line`` (0-based): its quote was not closed on its own line, and a later quote
    closed it. Returns the quote's (line, column), 0-based.

    Only on the error path: the pure-Python scanner re-reads the text up to the error line,
    and only when that is at most :data:`SCAN_LIMIT` characters (a learner's file is far
    smaller; a huge hostile one is not worth seconds).
    """
    end = 0
    for _ in range(line + 1):
        end = text.find("\n", end) + 1
        if end == 0:
            end = len(text)
            break
    if end > SCAN_LIMIT:
        return None
    last = None
    try:
        for token in yaml.scan(text[:end], Loader=yaml.SafeLoader):
            if token.__class__ is yaml.ScalarToken and token.style in ('"', "'") and \
                    token.end_mark.line > token.start_mark.line:
                last = token
            if token.start_mark.line > line:
                break
    except yaml.YAMLError:
        pass
    if last is None or last.end_mark.line < line - 2 or not _SWALLOWED.search(
            text[last.start_mark.index:last.end_mark.index]):
        return None
    return last.start_mark.line, last.start_mark.column
