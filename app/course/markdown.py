"""The Markdown side of lesson files: the block parser, Chinese line joining, column widths.

Kept apart from the loader because blocks use it too (a quiz's text is unwrapped like a
step's, a diagram's width is counted in terminal columns).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

__all__ = ["display_width", "markdown_parser", "unwrap_cjk"]


@cache
def markdown_parser() -> MarkdownIt:
    """Block structure only: steps and fences need no inline parsing."""
    return MarkdownIt("commonmark").use(front_matter_plugin).disable("inline")


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def unwrap_cjk(markdown: str) -> str:
    """Join the hard-wrapped lines of Chinese paragraphs.

    Markdown turns a line break inside a paragraph into a space, which is right between
    English words and wrong between Chinese characters ("把 自己的设置"). Lines are joined
    only inside paragraphs, and only where a Chinese character (or full-width punctuation)
    meets another, so code, lists' structure and tables are untouched.
    """
    if not _CJK.search(markdown):
        return markdown
    lines = markdown.split("\n")
    joins: set[int] = set()
    for token in markdown_parser().parse(markdown):
        if token.type == "paragraph_open" and token.map:
            start, end = token.map
            for i in range(start + 1, min(end, len(lines))):
                before, after = lines[i - 1].rstrip(), lines[i].lstrip()
                if before and after and _CJK.match(before[-1]) and _CJK.match(after[0]):
                    joins.add(i)
    if not joins:
        return markdown
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in joins and out:
            out[-1] = out[-1].rstrip() + line.lstrip()
        else:
            out.append(line)
    return "\n".join(out)


def char_width(ch: str) -> int:
    """Terminal columns one character takes, as wcwidth counts them: two for a wide East
    Asian character, none for a combining mark or an invisible format character."""
    if unicodedata.east_asian_width(ch) in "WF":
        return 2
    return 0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 1


def display_width(text: str) -> int:
    """Terminal columns taken by ``text`` (wide East Asian characters count as two)."""
    return sum(map(char_width, text))
