"""The exercise editor as a learner types in it: YAML indentation, the marks of findings,
moving around, leaving, notices and $EDITOR that changes nothing."""

from __future__ import annotations

import contextlib
import re
import shutil

import pytest
from pilot_wait import settle, wait_until
from textual.widgets import Static
from textual.widgets._toast import Toast

from kubelearn.progress import ProgressStore
from kubelearn.ui.screens.course_map import CourseMapScreen
from kubelearn.ui.screens.exercise import ExerciseScreen
from kubelearn.ui.widgets.findings import FindingList
from kubelearn.ui.widgets.yaml_editor import YamlEditor

SIZE = (80, 24)
EXERCISE = "pods-fix-typo"
pytestmark = pytest.mark.usefixtures("quick_checks")


async def open_editor(app, pilot, text: str | None = None) -> YamlEditor:
    """The exercise open, its check done; with ``text``, the editor holding only that."""
    await pilot.pause()
    app.open_exercise(EXERCISE)
    await wait_until(pilot, lambda: isinstance(app.screen, ExerciseScreen)
                     and app.screen.is_mounted
                     and str(app.screen.query_one("#verdict-line", Static).render())
                     not in ("Checking…", "检查中……"), timeout=30)
    await settle(pilot)
    editor = app.screen.query_one("#editor", YamlEditor)
    if text is not None:
        editor.load_text(text)
        editor.move_cursor(editor.document.end)
        await settle(pilot)
    return editor


async def type_text(pilot, *parts: str) -> None:
    """Type each part, as keys (``enter`` and the like, given alone) or characters."""
    for part in parts:
        if part in ("enter", "tab", "shift+tab", "backspace", "home", "end"):
            await pilot.press(part)
        else:
            await pilot.press(*part)


def screen_rows(app) -> list[str]:
    """The screen as the terminal would show it, a line per row, without colours."""
    drawn = app.screen._compositor.render_update(full=True).render_segments(app.console)
    rows = re.sub(r"\x1b\[\d+;\d+H", "\n", drawn)
    return re.sub(r"\x1b\[[\d;?]*[a-zA-Z]", "", rows).splitlines()


def gutter(editor: YamlEditor, row: int) -> str:
    """The gutter of the editor's screen row ``row``, as drawn."""
    return editor.render_line(row).crop(0, editor.gutter_width).text


async def test_enter_keeps_the_indentation_a_block_needs(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "")
        await type_text(pilot, "spec:", "enter", "containers:", "enter", "- name: web",
                        "enter", "image: nginx:1.27", "enter", "ports:", "enter",
                        "- containerPort: 80", "enter", "backspace", "- containerPort: 443")
        assert editor.text == (
            "spec:\n"
            "  containers:\n"
            "    - name: web\n"
            "      image: nginx:1.27\n"
            "      ports:\n"
            "        - containerPort: 80\n"
            "        - containerPort: 443"
        )


async def test_enter_continues_a_list_and_an_empty_item_ends_it(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "")
        await type_text(pilot, "args:", "enter", "- one", "enter", "two", "enter", "enter",
                        "# done")
        assert editor.text == "args:\n  - one\n  - two\n  # done"


async def test_tab_and_shift_tab_move_the_line_or_the_selection_by_two(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "a:\nb: 1\nc: 2\nd: 3\n")
        editor.move_cursor((1, 1))
        await pilot.press("tab")
        assert editor.text == "a:\n  b: 1\nc: 2\nd: 3\n"
        assert editor.cursor_location == (1, 3), "the cursor moves with its text"
        editor.selection = ((1, 0), (3, 0))  # lines 2 and 3; not line 4, only reached
        await pilot.press("tab")
        assert editor.text == "a:\n    b: 1\n  c: 2\nd: 3\n"
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        assert editor.text == "a:\nb: 1\nc: 2\nd: 3\n"
        assert editor.has_focus, "shift+Tab stays in the editor"
        await pilot.press("ctrl+z")
        assert editor.text == "a:\n  b: 1\nc: 2\nd: 3\n", "each move is one undo step"


async def test_backspace_in_the_indentation_takes_a_level_back(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "a:\n      b")
        editor.move_cursor((1, 6))
        await pilot.press("backspace")
        assert editor.text == "a:\n    b"
        editor.load_text("a:\n  bc")
        editor.move_cursor((1, 4))
        await pilot.press("backspace")
        assert editor.text == "a:\n  b", "after the line's text, one character"


async def test_home_end_and_the_ends_of_the_text(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        editor.move_cursor((6, 9))  # inside "name" of "    - name: web"
        await pilot.press("home")
        assert editor.cursor_location == (6, 4)
        await pilot.press("home")
        assert editor.cursor_location == (6, 0)
        await pilot.press("home")
        assert editor.cursor_location == (6, 4)
        editor.move_cursor((6, 1))  # inside the indentation: to the text, not column 0
        await pilot.press("home")
        assert editor.cursor_location == (6, 4)
        await pilot.press("ctrl+end")
        assert editor.cursor_location == editor.document.end
        await pilot.press("ctrl+home")
        assert editor.cursor_location == (0, 0)
        await pilot.press("ctrl+shift+end")
        assert editor.selected_text == editor.text


async def test_one_esc_goes_back_and_the_draft_is_saved(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        editor.move_cursor((0, 0))
        await pilot.press(*"# mine", "enter")
        assert editor.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
    draft = ProgressStore(data_dir / "progress.json").progress.exercise(EXERCISE).draft
    assert draft is not None and draft.startswith("# mine\n")


async def test_lines_with_findings_are_marked_in_the_gutter_and_underlined(make_app,
                                                                           monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")  # the sign says it without colour
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        # Line 6, "  container:", has the misspelled field; the gutter reads "6 ✗ ".
        assert gutter(editor, 5) == "6 ✗ "
        assert [gutter(editor, row) for row in (0, 4, 6)] == ["1   ", "5   ", "7   "]
        line = editor.get_line(5)
        underlined = [span for span in line.spans if "underline" in str(span.style)]
        assert [(s.start, s.end) for s in underlined] == [(2, 11)], "the word 'container'"
        editor.select_all()
        editor.replace(app.screen.exercise.solution, *editor.selection)
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        assert editor.marks == {}
        assert gutter(editor, 5) == "6   "


async def test_a_long_line_wraps_under_its_number(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        long = "    - " + "word " * 24 + "end"
        editor = await open_editor(app, pilot, f"a:\n{long}\nb: 1\n")
        assert editor.soft_wrap
        width = editor.gutter_width
        rows = [(editor.render_line(y).text[:width], editor.render_line(y).text[width:])
                for y in range(6)]
        assert rows[0][0].startswith("1") and rows[0][1].startswith("a:")
        assert rows[1][0].startswith("2") and rows[1][1].startswith("    - word")
        assert rows[2][0].strip() == "" and "word" in rows[2][1], "the rest, under its number"
        assert ("3", "b: 1") in [(g.strip()[:1], t.strip()) for g, t in rows], "the next line"


async def test_goals_are_shown_apart_and_not_judged_while_the_yaml_does_not_read(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        screen = app.screen
        findings = screen.query_one("#findings", FindingList)
        prompts = [str(findings.get_option_at_index(i).prompt)
                   for i in range(findings.option_count)]
        assert "Goals not met yet" in prompts
        editor.move_cursor((0, 0))
        await pilot.press(*"x: [", "enter")
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        goals = str(screen.query_one("#goals-line", Static).render())
        assert goals == "Goals: not judged yet (they are judged once the YAML reads)."
        prompts = [str(findings.get_option_at_index(i).prompt)
                   for i in range(findings.option_count)]
        assert "Goals, not judged yet" in prompts
        assert any("Keep the image nginx:1.27." in p for p in prompts)
        assert all(f.code != "expectation" for f in findings.findings)
        waiting = [findings.get_option_at_index(i) for i in range(findings.option_count)
                   if "Keep the image" in str(findings.get_option_at_index(i).prompt)]
        assert waiting and all(option.disabled for option in waiting), "shown, not chosen"


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_notices_sit_over_the_status_lines_not_the_panes(make_app, lang):
    app = make_app(lang)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        editor = await open_editor(app, pilot)
        editor.insert("# mine\n", (0, 0))
        await settle(pilot)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("y")
        await wait_until(pilot, lambda: bool(app.screen.query(Toast)))
        await pilot.pause()
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 1
        status = app.screen.query_one("#status").region
        work = app.screen.query_one("#work").region
        toast = toasts[0].region
        assert toast.y >= status.y and toast.bottom <= status.bottom
        assert not toast.overlaps(work)
        expected = {"en": "Back to the starter text.", "zh": "已恢复为初始内容。"}[lang]
        assert any(expected in row for row in screen_rows(app)), "drawn whole"


@pytest.mark.parametrize(
    ("command", "notice"),
    [("true", "true left the text unchanged."),
     ("false", "false exited with status 1 without changing the text.")],
)
async def test_an_editor_that_changes_nothing_says_so(make_app, monkeypatch, tmp_path, command,
                                                      notice):
    if shutil.which(command) is None:
        pytest.skip(f"no {command} here")
    monkeypatch.setenv("EDITOR", command)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    app = make_app()
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        before = editor.text
        await pilot.press("f5")
        await pilot.pause()
        assert [n.message for n in app._notifications] == [notice]
        assert editor.text == before
    assert not list(tmp_path.glob(f"{EXERCISE}-*.yaml")), "nothing to keep"
