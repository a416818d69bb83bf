"""What text the reader accepts, and the limits that keep reading safe on untrusted input.

Text over :data:`MAX_BYTES`, not UTF-8, or with characters YAML forbids is refused before any
parsing, each with a finding at its line and column; nesting depth and alias expansion are
bounded while reading (see reader.py), so a "billion laughs" document costs a few thousand nodes.
"""

from __future__ import annotations

import re

from kubelearn.checker.findings import Finding
from kubelearn.checker.messages import finding
from kubelearn.kube.document import Pos

#: Texts larger than this (in UTF-8 bytes) are refused.
MAX_BYTES = 1 << 20
#: Mappings and lists may nest this deep.
MAX_DEPTH = 100
#: Aliases may add at most this many nodes to the data, over the whole text.
MAX_ALIAS_NODES = 10_000

_BREAK = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def line_col(text: str, index: int) -> Pos:
    """The 1-based line and column of character ``index``, with str.splitlines()'s breaks."""
    starts = [m.end() for m in _BREAK.finditer(text, 0, index)]
    line_start = starts[-1] if starts else 0
    return Pos(len(starts) + 1, index - line_start + 1)


# Anything YAML does not allow in a stream: it allows tab, line breaks and printable text
# ([\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]). Written as the
# few ranges it forbids: the same set, and compiled in 0.5 ms where the negated class of the
# allowed ranges takes 14 ms, paid by every `kubelearn check`.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def decode(data: str | bytes, lang: str = "en") -> tuple[str | None, list[Finding]]:
    """The text to read, or None and the finding that says why it cannot be read."""
    if isinstance(data, bytes | bytearray):
        if len(data) > MAX_BYTES:
            return None, [finding("too-large", 1, 1, lang=lang, size=len(data), limit=MAX_BYTES)]
        raw = bytes(data)
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = raw[: exc.start].decode("utf-8", "replace")
            pos = line_col(before, len(before))
            what = f"byte 0x{raw[exc.start]:02x}"
            return None, [finding("invalid-utf8", pos.line, pos.column, lang=lang, what=what)]
    else:
        text = data
        if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            size = len(text.encode("utf-8", "surrogatepass"))
            return None, [finding("too-large", 1, 1, lang=lang, size=size, limit=MAX_BYTES)]
    bad = _FORBIDDEN.search(text)
    if bad is None:
        return text, []
    findings = []
    for m in _FORBIDDEN.finditer(text):
        pos = line_col(text, m.start())
        char = m.group()
        if char == "\0":
            findings.append(finding("nul-byte", pos.line, pos.column, lang=lang))
        elif "\ud800" <= char <= "\udfff":
            what = f"lone surrogate U+{ord(char):04X}"
            findings.append(finding("invalid-utf8", pos.line, pos.column, lang=lang, what=what))
        else:
            findings.append(finding("control-char", pos.line, pos.column, lang=lang))
        if len(findings) >= 20:
            break
    return None, findings
