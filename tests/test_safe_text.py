"""Untrusted text never reaches the terminal with a control character in it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubelearn.safe_text import CONTROL_CHARS, has_control, visible


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]52;c;Zm9v\x07", "\\x1b]52;c;Zm9v\\x07"),  # OSC 52: write the clipboard
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),  # OSC 0: window title
        ("\x1b[2J", "\\x1b[2J"),  # clear the screen
        ("\x9b2J", "\\x9b2J"),  # the 8-bit CSI
        ("abc\u202edef", "abc\\u202edef"),  # right-to-left override
        ("a\x00b\x7f", "a\\x00b\\x7f"),
        ("中文 ok", "中文 ok"),
        ("line\n\tnext", "line\n\tnext"),
    ],
)
def test_visible_escapes_control_characters(raw, shown):
    assert visible(raw) == shown


def test_one_line_contexts_escape_newlines_too():
    assert visible("a\nb\tc", keep_newlines=False) == "a\\x0ab\\x09c"


@given(st.text())
def test_nothing_visible_returns_holds_a_control_character(text):
    shown = visible(text, keep_newlines=False)
    assert not any(ord(ch) in CONTROL_CHARS for ch in shown)
    assert not has_control(shown, allow_newlines=False)
    assert has_control(text, allow_newlines=False) == (shown != text)
