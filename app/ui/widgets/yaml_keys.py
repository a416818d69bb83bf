"""What Enter, Tab, shift+Tab and Backspace do to YAML text, as plain functions of the line.

Kubernetes YAML is indented by two spaces by convention (every example in the Kubernetes
documentation is), and indentation is where learners slip most: so Enter keeps the
indentation of the line above, adds a level after a line that opens a block (``ports:``,
``- name:``, ``data: |``), continues a list of plain items with ``- ``, and ends the list on an
empty ``-``; Tab and shift+Tab move whole lines by one level; Backspace in the indentation
takes a level back. The editor (:mod:`kubelearn.ui.widgets.yaml_editor`) applies these to its
document; they are kept apart, without Textual, so a table of cases can test them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: One level of indentation.
INDENT = 2

# "- " starting a list item (a lone "-" too); the item's content starts at group "rest".
_ITEM = re.compile(r"^(?P<indent> *)-(?: +(?P<rest>.*)|$)")
# A block scalar's header at the end of a line: "key: |", "- >-", "run: |2".
_BLOCK_SCALAR = re.compile(r"(?:^|[:\-]\s+)[|>][-+0-9]*$")
# A mapping key with an inline value: "name: web" (the key may be quoted).
_KEY_VALUE = re.compile(r"""^(?:"[^"]*"|'[^']*'|[^\s#'"][^:#]*?)\s*:(?:\s|$)""")


def _code(text: str) -> str:
    """``text`` without a trailing ``# comment`` (a ``#`` after a space, outside quotes) and
    trailing spaces: the part that says whether a block opens."""
    quote = ""
    for i, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"" and (i == 0 or text[i - 1] in " :-[{,"):
            quote = char
        elif char == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i].rstrip()
    return text.rstrip()


def _opens_block(code: str) -> bool:
    return code.endswith(":") or bool(_BLOCK_SCALAR.search(code))


@dataclass(frozen=True)
class Insert:
    """Replace the line's text from ``start`` up to the cursor with ``text``."""

    start: int
    text: str


def on_enter(before: str) -> Insert:
    """What Enter does on a line whose text up to the cursor is ``before``."""
    if not before.strip():
        # An indented blank line: keep its indentation for the next line, leave no spaces
        # behind on this one.
        return Insert(0, "\n" + before)
    indent = len(before) - len(before.lstrip(" "))
    item = _ITEM.match(before)
    if item is None:
        code = _code(before)
        return Insert(len(before), "\n" + " " * (indent + (INDENT if _opens_block(code) else 0)))
    rest = _code(item["rest"] or "")
    if not rest:
        # Enter on an empty item ends the list, as in editors of Markdown lists.
        return Insert(0, " " * indent)
    content = item.start("rest")
    if _opens_block(rest):
        return Insert(len(before), "\n" + " " * (content + INDENT))
    if _KEY_VALUE.match(rest):
        return Insert(len(before), "\n" + " " * content)  # the item's next key
    return Insert(len(before), "\n" + " " * indent + "- ")


def indented(line: str) -> str:
    """``line`` one level deeper (a blank line in a selection stays blank)."""
    return " " * INDENT + line if line.strip() else line


def dedent_width(line: str) -> int:
    """How many spaces shift+Tab takes from the start of ``line``: up to one level."""
    return min(INDENT, len(line) - len(line.lstrip(" ")))


def backspace_width(before: str) -> int:
    """How many characters Backspace deletes when ``before`` is the text up to the cursor:
    back to the previous level inside the indentation, else one."""
    if not before or before.strip(" "):
        return 1
    return len(before) - (len(before) - 1) // INDENT * INDENT
