"""Short course and checker text with the little Markdown it uses: `code`, **bold**, *emphasis*.

Quiz choices, explanations and findings are one-line strings, not Markdown documents; a
``Markdown`` widget per line would be slow and add margins, and plain ``Content`` would show
the backticks and stars as they are typed.
"""

from __future__ import annotations

import re

from textual.content import Content

from kubelearn.safe_text import visible

# `code` first, so stars inside code stay stars.
_INLINE = re.compile(r"`([^`]+)`|\*\*(\S(?:.*?\S)?)\*\*|(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])")


def inline(text: str, style: str = "") -> Content:
    """``text`` as Content, with `code` in the accent colour and *stars* as emphasis.

    The text is shown as written (never read as markup), control characters made visible."""
    text = visible(text)
    parts: list[tuple[str, str]] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            parts.append((text[position : match.start()], style))
        code, bold, emphasis = match.groups()
        if code is not None:
            parts.append((code, f"{style} bold $text-accent".strip()))
        elif bold is not None:
            parts.append((bold, f"{style} bold".strip()))
        else:
            parts.append((emphasis, f"{style} italic".strip()))
        position = match.end()
    if position < len(text):
        parts.append((text[position:], style))
    return Content.assemble(*parts)
