"""The exercise screen: checked as you type, findings, hints, solution, reset, $EDITOR."""

from __future__ import annotations

import contextlib
import sys

import pytest
from pilot_wait import wait_until
from textual.widgets import Static, TextArea

from kubelearn.progress import ProgressStore
from kubelearn.ui.screens.confirm import ConfirmDialog
from kubelearn.ui.screens.exercise import ExerciseScreen
from kubelearn.ui.widgets.findings import FindingList

SIZE = (80, 24)
EXERCISE = "pods-fix-typo"
pytestmark = pytest.mark.usefixtures("quick_checks")


async def settle(pilot) -> None:
    """Wait out the typing debounce (shortened by ``quick_checks``) and the check worker."""
    await pilot.pause(0.1)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_exercise(app, pilot) -> ExerciseScreen:
    """The exercise open and its first check shown (the status no longer says "Checking…")."""
    app.open_exercise(EXERCISE)
    await wait_until(pilot, lambda: isinstance(app.screen, ExerciseScreen)
                     and app.screen.is_mounted and status(app).split("\n")[0] != "Checking…", timeout=30)
    await settle(pilot)
    assert isinstance(app.screen, ExerciseScreen)
    return app.screen


def status(app) -> str:
    """The status, a line for Kubernetes and one for the goals."""
    lines = (app.screen.query_one(f"#{part}", Static).render() for part in ("verdict-line",
                                                                           "goals-line"))
    return "\n".join(str(line) for line in lines)


async def test_typing_the_solution_passes_and_is_recorded(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        editor = screen.query_one("#editor", TextArea)
        assert editor.has_focus
        assert editor.text == screen.exercise.starter
        findings = screen.query_one("#findings", FindingList)
        assert findings.findings, "the starter has findings"
        assert not screen.query_one("#status").has_class("-passed")
        editor.select_all()
        editor.replace(screen.exercise.solution, *editor.selection)
        await settle(pilot)
        assert screen.query_one("#status").has_class("-passed")
        assert "Passed!" in status(app)
        assert any("Exercise passed" in n.message for n in app._notifications)
    state = ProgressStore(data_dir / "progress.json").progress.exercise(EXERCISE)
    assert state.status == "passed"
    assert state.draft == app.course.exercise(EXERCISE).solution


async def test_typing_keys_saves_a_draft(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        editor = screen.query_one("#editor", TextArea)
        editor.move_cursor((5, 11))  # after "  container"
        await pilot.press("s")
        await settle(pilot)
        assert "containers:" in editor.text
    state = ProgressStore(data_dir / "progress.json").progress.exercise(EXERCISE)
    assert state.status in ("started", "passed")
    assert state.draft is not None and "containers:" in state.draft


async def test_choosing_a_finding_moves_the_cursor_there(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        findings = screen.query_one("#findings", FindingList)
        first = findings.findings[0]
        await pilot.press("f8")
        await pilot.pause()
        assert findings.has_focus
        detail = str(screen.query_one("#finding-detail", Static).render())
        assert detail
        await pilot.press("enter")
        await pilot.pause()
        editor = screen.query_one("#editor", TextArea)
        assert editor.has_focus
        assert editor.cursor_location == (first.line - 1, first.column - 1)


async def test_hints_come_one_at_a_time(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        hints = screen.query_one("#hints", Static)
        assert not hints.display
        await pilot.press("f2")
        await pilot.pause()
        assert "Hint 1/2" in str(hints.render())
        assert "Hint 2/2" not in str(hints.render())
        await pilot.press("f2", "f2")
        await pilot.pause()
        assert "Hint 2/2" in str(hints.render())
        assert any("No more hints" in n.message for n in app._notifications)
    assert ProgressStore(data_dir / "progress.json").progress.exercise(EXERCISE).hints_shown == 2


async def test_reveal_the_solution_asks_first(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        editor = screen.query_one("#editor", TextArea)
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert editor.text == screen.exercise.starter
        await pilot.press("f3")
        await pilot.pause()
        await pilot.click("#yes")
        await settle(pilot)
        assert editor.text == screen.exercise.solution
        assert screen.query_one("#status").has_class("-passed")
    state = ProgressStore(data_dir / "progress.json").progress.exercise(EXERCISE)
    assert state.solution_revealed


async def test_reset_to_the_starter_asks_first(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        editor = screen.query_one("#editor", TextArea)
        editor.insert("# my notes\n", (0, 0))
        await settle(pilot)
        assert ProgressStore(data_dir / "progress.json").progress.exercise(EXERCISE).draft
        await pilot.press("f8")  # from the findings
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert editor.text == screen.exercise.starter
        assert editor.has_focus, "after the dialog, the learner is back in the editor"
    state = ProgressStore(data_dir / "progress.json").progress.exercise(EXERCISE)
    assert state.draft is None and state.status == "new"


async def test_draft_comes_back_when_the_exercise_is_opened_again(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        screen.query_one("#editor", TextArea).insert("# draft\n", (0, 0))
        await settle(pilot)
        await pilot.press("escape")  # one Esc leaves the exercise
        await pilot.pause()
        screen = await open_exercise(app, pilot)
        assert screen.query_one("#editor", TextArea).text.startswith("# draft\n")


async def test_external_editor_round_trip(make_app, monkeypatch, tmp_path):
    script = tmp_path / "fake-editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('container:', 'containers:'))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    app = make_app()
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert "containers:" in screen.query_one("#editor", TextArea).text
        assert screen.query_one("#status").has_class("-passed")


@pytest.mark.parametrize("editor", ["/no/such/editor", ""])
async def test_missing_external_editor_is_explained(make_app, monkeypatch, editor):
    monkeypatch.setenv("EDITOR", editor)
    monkeypatch.setenv("PATH", "/nonexistent")  # so the fallback `vi` is not found either
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_exercise(app, pilot)
        await pilot.press("f5")
        await pilot.pause()
        assert any("Set $EDITOR" in n.message for n in app._notifications)


async def test_opening_a_solved_exercise_does_not_celebrate_again(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        editor = screen.query_one("#editor", TextArea)
        editor.select_all()
        editor.replace(screen.exercise.solution, *editor.selection)
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        app.clear_notifications()
        screen = await open_exercise(app, pilot)
        assert screen.query_one("#status").has_class("-passed"), (
            status(app), screen.query_one("#editor", TextArea).text)
        assert not any("Exercise passed" in n.message for n in app._notifications)


async def test_the_status_line_is_the_tutors(make_app):
    """What the line says, in every language, is the tutor's (tests/tutor); here: it is shown,
    and follows the text."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        assert status(app) == "Kubernetes would reject this: 1 error.\nGoals met: 1/2."
        assert screen.query_one("#verdict-line").has_class("-errors")
        editor = screen.query_one("#editor", TextArea)
        editor.select_all()
        editor.replace(
            screen.exercise.solution.replace("nginx:1.27", "nginx:1.26"), *editor.selection
        )
        await settle(pilot)
        assert status(app) == "Kubernetes would accept this.\nGoals met: 1/2."
        assert not screen.query_one("#verdict-line").has_class("-errors")


async def test_layout_at_80x24_leaves_room_for_yaml_and_the_why(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        editor = screen.query_one("#editor", TextArea)
        assert editor.content_region.width - editor.gutter_width >= 40
        detail = screen.query_one("#finding-detail-box")
        assert detail.content_region.height >= 5
        prompt = screen.query_one("#prompt-box")
        assert prompt.outer_size.height <= 5
        await pilot.press("f6")  # the whole task, scrollable with the keys
        await pilot.pause()
        assert prompt.has_focus and prompt.has_class("-expanded")
        await pilot.press("f6")
        await pilot.pause()
        assert editor.has_focus and not prompt.has_class("-expanded")


async def test_the_highlighted_findings_why_and_fix_are_shown_whole(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        await pilot.press("f8")
        await pilot.pause()
        findings = screen.query_one("#findings", FindingList)
        for index, finding in enumerate(findings.findings):
            findings.highlighted = index
            await pilot.pause()
            detail = screen.query_one("#finding-detail", Static)
            if finding.explanation:
                assert "Why:" in str(detail.render())
            if finding.hint:
                assert "Fix:" in str(detail.render())
        assert screen.query_one("#finding-detail-box").focusable  # long ones scroll with keys


async def test_ctrl_r_applies_the_draft_to_the_playground(make_app, data_dir):
    """From an exercise, one key runs the learner's YAML in the offline cluster: the draft is
    saved first, and the playground shows kubectl's answer to applying it."""
    from textual.widgets import RichLog

    from kubelearn.ui.screens.play import PlayScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_exercise(app, pilot)
        text = screen.editor.text
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, PlayScreen), timeout=10)
        assert isinstance(app.screen, PlayScreen)
        log = app.screen.query_one("#play-output", RichLog)
        await wait_until(pilot, lambda: any("exercise.yaml" in line.text or "created" in line.text
                                            or "invalid" in line.text for line in log.lines),
                         timeout=10)
        shown = "\n".join(line.text for line in log.lines)
        assert "pod/" in shown or "is invalid" in shown or "error" in shown
        assert not app.screen.playground.history  # applying is not a typed command
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ExerciseScreen), timeout=10)
        assert app.screen.editor.text == text
