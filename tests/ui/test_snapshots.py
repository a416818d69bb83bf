"""A few pictures of the app at 80x24, compared with accepted ones (pytest-textual-snapshot).

Update after a deliberate change with ``pytest tests/ui --snapshot-update`` and look at the
report before committing the new SVGs.
"""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

SIZE = (80, 24)
pytestmark = pytest.mark.usefixtures("quick_checks")


async def _settle(pilot) -> None:
    await pilot.pause(0.1)  # past the typing debounce, shortened by quick_checks
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for editor in pilot.app.screen.query(TextArea):
        editor.cursor_blink = False
    await pilot.pause()


def test_course_map(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_lesson_step_with_diagram(snap_compare, make_app):
    assert snap_compare(make_app(), press=["enter", "right"], terminal_size=SIZE)


def test_quiz_wrong_answer_feedback(snap_compare, make_app):
    app = make_app()

    async def run_before(pilot) -> None:
        app.open_quiz("pods")
        await pilot.pause()
        await pilot.press("b")  # this attempt shows the right choice first: b is a wrong one
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_exercise_with_findings(snap_compare, make_app):
    app = make_app()

    async def run_before(pilot) -> None:
        app.open_exercise("pods-fix-typo")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_chinese_lesson_step_with_diagram(snap_compare, make_app):
    assert snap_compare(make_app("zh"), press=["enter", "right"], terminal_size=SIZE)


def test_chinese_exercise(snap_compare, make_app):
    app = make_app("zh")

    async def run_before(pilot) -> None:
        app.open_exercise("pods-fix-typo")
        await _settle(pilot)
        await pilot.press("f2")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_too_small(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(59, 19))


def test_course_map_compact_60x20(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(60, 20))


def test_exercise_compact_60x20(snap_compare, make_app):
    """Below 80x24: the task above the editor, the findings below it."""
    app = make_app()

    async def run_before(pilot) -> None:
        app.open_exercise("pods-fix-typo")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=(60, 20), run_before=run_before)
