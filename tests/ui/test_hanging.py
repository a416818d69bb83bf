"""Wrapped lines of a quiz choice or a finding hang under the text, not under the marker."""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.style import Style
from textual.visual import RenderOptions

from kubelearn.ui.widgets.hanging import Hanging


def test_wrapped_lines_hang_under_the_text():
    choice = Hanging(Content("✓ b) "), Content("One or more containers that share a network"))
    options = RenderOptions(lambda _: Style(), RulesMap())
    lines = [strip.text for strip in choice.render_strips(24, None, Style(), options)]
    assert lines[0].startswith("✓ b) One or more")
    assert all(line.startswith("     ") and line[5] != " " for line in lines[1:]), lines
    assert all(len(line) == 24 for line in lines), "padded to the width, for the highlight"
    assert choice.get_height(RulesMap(), 24) == len(lines)
