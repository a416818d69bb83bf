"""Colours come from the theme only, and NO_COLOR turns them off (Textual's monochrome filter)."""

from __future__ import annotations

import re
from pathlib import Path

import kubelearn.ui

UI = Path(kubelearn.ui.__file__).parent
NAMED = r"\b(red|green|blue|yellow|white|black|magenta|cyan|grey|gray|orange|purple)\b"
LITERAL = re.compile(rf"(#[0-9a-fA-F]{{6}}\b|#[0-9a-fA-F]{{3}}\b(?![-\w])|rgba?\(|hsla?\(|{NAMED})")


def test_the_stylesheet_uses_theme_variables_only():
    for line in (UI / "kubelearn.tcss").read_text(encoding="utf-8").splitlines():
        if ":" in line and line.strip().endswith(";"):
            value = line.split(":", 1)[1]
            assert not LITERAL.search(value), line


def test_python_styles_use_theme_variables_only():
    style = re.compile(r"\(\s*[^,()]+,\s*\"([^\"]*)\"\s*\)")  # ("text", "style") pairs
    for path in UI.rglob("*.py"):
        for match in style.finditer(path.read_text(encoding="utf-8")):
            assert not LITERAL.search(match.group(1)), f"{path.name}: {match.group(0)}"


async def test_no_color_makes_the_app_monochrome(make_app, monkeypatch):
    from textual.filter import Monochrome, NoColor

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any(isinstance(f, (Monochrome, NoColor)) for f in app._filters)
