"""Leaving at once after a change keeps it: keys typed within the typing pause, a step just
turned to."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from kubelearn.progress import ProgressStore
from kubelearn.ui.screens.exercise import ExerciseScreen
from kubelearn.ui.screens.lesson import LessonScreen

SIZE = (80, 24)
EXERCISE = "pods-fix-typo"


@pytest.mark.parametrize("way_out", [("escape",), ("ctrl+q",)], ids=["esc", "ctrl+q"])
async def test_keys_typed_just_before_leaving_the_exercise_are_saved(make_app, data_dir, way_out):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise(EXERCISE)
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen)
        editor = app.screen.query_one("#editor", TextArea)
        await pilot.press(*"# last words", "enter", *way_out)  # well within the typing pause
        text = editor.text
        assert text.startswith("# last words\n")
    draft = ProgressStore(data_dir / "progress.json").progress.exercise(EXERCISE).draft
    assert draft == text


async def test_the_step_on_screen_is_where_to_continue_even_when_quitting_at_once(
    make_app, data_dir
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson("pods")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await app.screen.show_step(2)  # no refresh before quitting
        await app.action_quit()
    progress = ProgressStore(data_dir / "progress.json").progress
    assert progress.last is not None and progress.last.step == 2
    assert 2 in progress.lesson("pods").steps_seen
