"""A lesson's Markdown, with links the learner can see and follow.

Textual's Markdown shows a link as its text alone and, clicked, asks the system browser to
open it, which on a server or in a container does nothing visible. Here a web link also
shows its address after the text (so it can be copied or typed elsewhere) and is an OSC 8
hyperlink, which terminals that support them open on click themselves; a click in the app
opens it in the browser and says so (see ``LessonScreen``).
"""

from __future__ import annotations

import ast
import re
from functools import cache

from textual.content import Content, Span
from textual.style import Style
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownBlock

_LINK_ACTION = re.compile(r"link\((.*)\)", re.DOTALL)


def web_address(href: str) -> bool:
    """Whether ``href`` is an address a browser should be asked to open (no ``file:``,
    ``javascript:`` or terminal control characters from a lesson file)."""
    return href.startswith(("https://", "http://")) and href.isprintable() and " " not in href


def _href(style: object) -> str | None:
    if not isinstance(style, Style):
        return None
    match = _LINK_ACTION.fullmatch(str(style.meta.get("@click", "")))
    if not match:
        return None
    try:
        href = ast.literal_eval(match.group(1))
    except (ValueError, SyntaxError):
        return None
    return href if isinstance(href, str) and web_address(href) else None


def with_addresses(content: Content) -> Content:
    """``content`` with each web link made an OSC 8 hyperlink and followed by its address
    (unless the text already is the address)."""
    links = [(span, href) for span in content.spans if (href := _href(span.style))]
    for span, href in sorted(links, key=lambda item: item[0].end, reverse=True):
        text = content.plain[span.start:span.end]
        content = content.add_spans([Span(span.start, span.end, Style(link=href))])
        if text.strip() != href:
            shown = Content.assemble(" ", Content.styled(f"<{href}>", "$text-muted"))
            content = content[:span.end] + shown + content[span.end:]
    return content


@cache
def _linked(block: type[MarkdownBlock]) -> type[MarkdownBlock]:
    """``block`` with its links shown by :func:`with_addresses`. A direct subclass of the
    same name, so the stylesheet sees the same type (Textual follows the first base)."""

    def _token_to_content(self: MarkdownBlock, token) -> Content:  # type: ignore[no-untyped-def]
        return with_addresses(block._token_to_content(self, token))

    return type(block.__name__, (block,), {"_token_to_content": _token_to_content})


class LessonMarkdown(Markdown):
    """Markdown whose web links show their address and are hyperlinks; clicks are left to
    the screen (``open_links=False``)."""

    def __init__(self, markdown: str) -> None:
        super().__init__(markdown, open_links=False)

    def get_block_class(self, block_name: str) -> type[MarkdownBlock]:
        return _linked(super().get_block_class(block_name))
