"""Let Chinese text wrap between any two characters.

Textual wraps ``Content`` (so every ``Static``, ``Markdown`` block and ``OptionList`` option)
with Rich's ``rich._wrap.divide_line``, and the ``TextArea`` with ``textual._wrap``. Both cut
text into "words" at whitespace only (``re_word = r"\\s*\\S+\\s*"``, ``re_chunk =
r"\\S+\\s*|\\s+"``), so a run of Chinese is one long word: after an English word it drops
whole to the next line and leaves the line before half empty ("由程序通过 Kubernetes API⏎直接读取").
Chinese may break between any two characters. Neither library has a hook for this (checked in
Textual 8.2 and Rich 14), so :func:`install` replaces the two word patterns, once, at start-up:
each CJK character (CJK radicals to unified ideographs U+2E80-U+9FFF, compatibility ideographs
U+F900-U+FAFF, full-width forms U+FF00-U+FFEF, CJK punctuation U+3000-U+303F) is its own word,
closing punctuation (``。，、；：！？）」』》``...) stays with the character before it so it
never starts a line, and opening punctuation (``（「《``...) with the one after it so it never
ends one. Text without CJK characters is cut exactly as before.

Both functions read the module-level pattern on every call, so replacing the attribute is
enough. If a future Textual or Rich renames them, :func:`install` does nothing and wrapping
falls back to the libraries' own (the test in ``tests/ui/test_cjk_wrap.py`` then fails).
"""

from __future__ import annotations

import re

CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
CLOSING = "、。，．：；！？）」』】〕〉》”’…～"
OPENING = "（「『【〔〈《“‘"

# One chunk: a run of non-space, non-CJK text, or one CJK character; either with any opening
# punctuation before it and any closing punctuation after it.
_WORD = rf"[{OPENING}]*(?:[^\s{CJK}]+|[{CJK}])[{CLOSING}]*"
RICH_WORD = rf"\s*{_WORD}\s*"
TEXTUAL_CHUNK = rf"{_WORD}\s*|\s+"


#: Languages written without spaces between words, whose text needs these patterns.
LANGUAGES = frozenset({"zh"})


def install_for(lang: str) -> None:
    """Install the patterns when ``lang`` is written without spaces. Compiling them takes
    about 4 ms (their character classes span tens of thousands of code points), a part of
    the tutor's start that English text does not need: a CJK phrase inside it (a name, a
    comment in a manifest) still shows whole, folded at the line's end."""
    if lang in LANGUAGES:
        install()


def install() -> bool:
    """Use the CJK-aware word patterns for wrapping; ``True`` if both were replaced."""
    import rich._wrap
    import textual._wrap

    replaced = 0
    if isinstance(getattr(rich._wrap, "re_word", None), re.Pattern):
        rich._wrap.re_word = re.compile(RICH_WORD)
        replaced += 1
    if isinstance(getattr(textual._wrap, "re_chunk", None), re.Pattern):
        textual._wrap.re_chunk = re.compile(TEXTUAL_CHUNK)
        replaced += 1
    return replaced == 2
