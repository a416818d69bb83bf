"""Colours come from the theme only, and NO_COLOR turns them off (Textual's monochrome filter)."""

from __future__ import annotations

import re
from pathlib import Path

import kubelearn.ui

UI = Path(kubelearn.ui.__file__).parent
NAMED = r"\b(red|green|blue|yellow|white|black|magenta|cyan|grey|gray|orange|purple)\b"
LITERAL = re.compile(rf"(#[0-9a-fA-F]{{6}}\b|#[0-9a-fA-F]{{3}}\b(?![-\w])|rgba?\(|hsla?\(|{NAMED})")


def test_the_stylesheets_use_theme_variables_only():
    sheets = sorted(UI.glob("*.tcss"))
    assert len(sheets) >= 8  # kubelearn.tcss and each screen's own
    for sheet in sheets:
        for line in sheet.read_text(encoding="utf-8").splitlines():
            if ":" in line and line.strip().endswith(";"):
                value = line.split(":", 1)[1]
                assert not LITERAL.search(value), f"{sheet.name}: {line}"


def test_every_screen_stylesheet_belongs_to_a_screen():
    """A screen's own rules are added when it is made (screens/base.py, STYLES): a file no
    screen names would never be loaded, and a name without a file would fail at run time."""
    import importlib
    import pkgutil

    import kubelearn.ui.screens
    from kubelearn.ui.screens.base import BaseModal, BaseScreen

    for info in pkgutil.iter_modules(kubelearn.ui.screens.__path__):
        importlib.import_module(f"kubelearn.ui.screens.{info.name}")
    named = set()
    for base in (BaseScreen, BaseModal):
        stack = list(base.__subclasses__())
        while stack:
            screen = stack.pop()
            stack.extend(screen.__subclasses__())
            if screen.STYLES:
                named.add(screen.STYLES)
    files = {p.stem for p in UI.glob("*.tcss")} - {"kubelearn"}
    assert named == files


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
