"""Untrusted text made safe to print: control characters shown, never sent to the terminal.

Manifests, lesson packs, progress files and what a learner types reach the terminal through
the CLI and the TUI. A raw ESC there can set the window title (OSC 0), write the clipboard
(OSC 52) or clear the screen; a bidi override can make text read differently from what it is.
Every such string goes through :func:`visible` before it is shown, which writes each of those
characters as an escape a reader can see (``\\x1b``, ``\\u202e``). Linear time, no regex.
"""

from __future__ import annotations

__all__ = ["CONTROL_CHARS", "has_control", "visible"]


def _control_chars() -> frozenset[int]:
    c0 = set(range(0x00, 0x20))
    c1 = set(range(0x7F, 0xA0))
    # Bidi embeddings, overrides and isolates, and the line/paragraph separators that some
    # terminals treat as newlines.
    bidi = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x2028, 0x2029}
    return frozenset(c0 | c1 | bidi)


#: Code points that :func:`visible` rewrites (tab and newline are kept unless asked).
CONTROL_CHARS = _control_chars()


def _escape(code: int) -> str:
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_TABLE = {code: _escape(code) for code in CONTROL_CHARS}
_TABLE_KEEP_LINES = {code: text for code, text in _TABLE.items() if code not in (0x09, 0x0A)}


def visible(text: object, *, keep_newlines: bool = True) -> str:
    """``text`` with every control character written as a visible escape.

    With ``keep_newlines`` (the default) tab and newline stay as they are; without it they
    are escaped too, for one-line contexts such as a title or a ``file:line:`` message.
    """
    s = text if isinstance(text, str) else str(text)
    if s.isprintable():
        # isprintable() is False for every C0/C1 character, tab and newline included, and for
        # the bidi controls (category Cf) and separators (Zl, Zp): nothing to do.
        return s
    return s.translate(_TABLE_KEEP_LINES if keep_newlines else _TABLE)


def has_control(text: str, *, allow_newlines: bool = True) -> bool:
    """Whether ``text`` holds a character :func:`visible` would rewrite."""
    if text.isprintable():
        return False
    table = _TABLE_KEEP_LINES if allow_newlines else _TABLE
    return any(ord(ch) in table for ch in text)
