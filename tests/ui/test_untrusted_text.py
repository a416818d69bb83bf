"""Text from a lesson pack, a progress file or the learner is shown as written: never read as
Textual markup, and never with a control character sent raw to the terminal.

What the terminal would receive is taken from the screen's compositor: the exact string the
driver writes for a full redraw.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from hostile_course import CLEAR, MARKUP, OSC0, OSC52, write_hostile_course
from pilot_wait import palette_offers, settle, wait_until
from textual import events
from textual.command import CommandPalette
from textual.widgets import OptionList, TextArea

from kubelearn.course import load_course
from kubelearn.course.model import Course, Lesson, Step, StepPart
from kubelearn.progress import ProgressStore
from kubelearn.ui.app import KubelearnApp
from kubelearn.ui.screens.course_map import CourseMapScreen
from kubelearn.ui.screens.exercise import ExerciseScreen
from kubelearn.ui.screens.lesson import LessonScreen
from kubelearn.ui.screens.quiz import QuizScreen
from kubelearn.ui.widgets.action_line import ActionLine

SIZE = (100, 40)
RAW = (OSC52, OSC0, CLEAR, "\x1b]52", "\x1b]0;")


@pytest.fixture
def hostile_course(tmp_path) -> Course:
    return load_course(write_hostile_course(tmp_path / "course"), lang="en")


@pytest.fixture
def hostile(tmp_path, hostile_course):
    def make(data_dir=None, course: Course | None = None) -> KubelearnApp:
        store = ProgressStore((data_dir or tmp_path / "data") / "progress.json")
        return KubelearnApp(course=course or hostile_course, store=store)

    return make


def with_raw_controls(lesson: Lesson) -> Lesson:
    """``lesson`` with raw control sequences in its Markdown and its diagram, as a loader
    that missed them would give it: the screens must not count on the loader."""
    raw = Step(
        f"Raw {MARKUP}{OSC0}",
        (
            StepPart("markdown", f"Text {MARKUP} with {OSC52} and {CLEAR} raw."),
            StepPart("diagram", f"+--+ {CLEAR}\n|{OSC52}|\n+--+", f"Box {MARKUP}{OSC0}"),
        ),
        1,
    )
    return dataclasses.replace(lesson, steps=(raw, *lesson.steps))


def terminal_bytes(app) -> str:
    """What the driver would write to redraw the whole screen now."""
    update = app.screen._compositor.render_update(full=True)
    return update.render_segments(app.console)


def assert_nothing_raw(app) -> str:
    """Assert no raw control sequence from the content is drawn; the text drawn, one screen
    row a line, without the app's own colours and cursor moves."""
    drawn = terminal_bytes(app)
    for sequence in RAW:
        assert sequence not in drawn, f"{sequence!r} reached the terminal"
    rows = re.sub(r"\x1b\[\d+;\d+H", "\n", drawn)
    return re.sub(r"\x1b\[[\d;]*m", "", rows)


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_course_map_and_continue_show_titles_as_written(hostile):
    app = hostile()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lessons = app.screen.query_one("#lessons", OptionList)
        first = str(lessons.get_option_at_index(0).prompt)
        assert f"Title {MARKUP}\\x1b]0;pwned\\x07" in first
        label = str(app.screen.query_one("#continue", ActionLine).content)
        assert f"Start with: Title {MARKUP}" in label
        drawn = assert_nothing_raw(app)
        assert "[app=web]" in drawn


async def test_lessons_with_the_same_id_or_none_are_all_listed_and_open(hostile, hostile_course):
    first = hostile_course.lessons[0]
    twin = dataclasses.replace(first, title=f"Twin [/link] {MARKUP}")
    nameless = dataclasses.replace(first, id="", title="No id [app=web]")
    course = dataclasses.replace(hostile_course, lessons=(first, twin, nameless, nameless))
    app = hostile(course=course)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lessons = app.screen.query_one("#lessons", OptionList)
        assert lessons.option_count == 4
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson is twin, "the lesson chosen opens, not the first with its id"


async def test_a_broken_lesson_notice_shows_its_title_as_written(hostile):
    app = hostile()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")  # the twin: its id is taken, so it cannot open
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        assert any("Twin [/link]" in message for message in notices(app))
        assert_nothing_raw(app)


async def test_lesson_step_and_diagram_show_markup_and_escapes_literally(hostile, hostile_course):
    lesson = with_raw_controls(hostile_course.lessons[0])
    app = hostile(course=dataclasses.replace(hostile_course, lessons=(lesson,)))
    async with app.run_test(size=SIZE) as pilot:
        app.show_lesson(lesson)
        # Markdown renders after mounting
        await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen)
                         and "[link=x]x[/link]" in assert_nothing_raw(app))
        assert isinstance(app.screen, LessonScreen)
        drawn = assert_nothing_raw(app)
        assert "\\x1b]52;c;aGk=\\x07" in drawn  # the escape, shown
        assert "[link=x]x[/link]" in drawn
        assert "\\x1b[2J" in drawn  # the diagram's clear-screen, shown
        assert "Box [/] [link=x" in drawn  # the diagram's title, cut to the drawing's width


async def test_quiz_question_choices_and_feedback_are_literal(hostile):
    app = hostile()
    async with app.run_test(size=SIZE) as pilot:
        app.open_quiz("same")
        await wait_until(pilot, lambda: isinstance(app.screen, QuizScreen)
                         and "Question 1/" in str(app.screen.query_one("#quiz-header").render()))
        assert isinstance(app.screen, QuizScreen)
        assert_nothing_raw(app)
        await pilot.press("a")
        await pilot.pause()
        drawn = assert_nothing_raw(app)
        assert "Yes [/] [link=x]x[/link] [app=web] [b]\\x1b[2J" in drawn
        await pilot.press("n")
        await pilot.pause()
        assert_nothing_raw(app)


async def test_exercise_header_prompt_hints_and_notices_are_literal(hostile):
    app = hostile()
    async with app.run_test(size=(160, 40)) as pilot:
        app.open_exercise("ex-1")
        await settle(pilot)
        assert isinstance(app.screen, ExerciseScreen)
        await pilot.press("f2")
        await pilot.pause()
        drawn = assert_nothing_raw(app)
        assert "Exercise [/] [link=x]x[/link] [app=web] [b]\\x1b]0;pwned\\x07" in drawn
        assert "Hint 1/1: Hint [/]" in drawn
        # The starter's ESC (a YAML escape in the file) is text; the editor shows it as typed.
        assert "web\\x1b]52" in app.screen.query_one("#editor", TextArea).text


async def test_palette_entries_are_literal(hostile):
    app = hostile()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: palette_offers(app, "Lesson: "))
        assert isinstance(app.screen, CommandPalette)
        drawn = assert_nothing_raw(app)
        assert "Lesson: Title [/] [link=x]x[/link] [app=web] [b]" in drawn
        await pilot.press(*"Exercise")
        await pilot.pause(0.5)  # the search runs in the palette's own time
        drawn = assert_nothing_raw(app)
        assert "[app=web]" in drawn


async def test_a_progress_warning_with_markup_in_its_path_is_shown_as_written(hostile, tmp_path):
    data_dir = tmp_path / "[/] [link=x]" / "[app=web]"
    data_dir.mkdir(parents=True)
    (data_dir / "progress.json").write_text("{not json\x1b]0;pwned\x07", encoding="utf-8")
    app = hostile(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        warning = next(m for m in notices(app) if "progress" in m.lower())
        assert "[/] [link=x]" in warning and "[app=web]" in warning
        assert_nothing_raw(app)


async def test_a_draft_with_control_characters_is_shown_escaped_and_kept_as_saved(
    make_app, data_dir
):
    draft = f"# {OSC52} clipboard\n# {OSC0} title\n# {CLEAR} clear\napiVersion: v1\n"
    ProgressStore(data_dir / "progress.json").save_draft("pods-fix-typo", draft)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_exercise("pods-fix-typo")
        await settle(pilot)
        editor = app.screen.query_one("#editor", TextArea)
        assert editor.text.startswith("# \\x1b]52;c;aGk=\\x07 clipboard\n")
        assert_nothing_raw(app)
        await pilot.press("escape")  # leave without typing: the draft stays as saved
        await pilot.pause()
    saved = json.loads((data_dir / "progress.json").read_text(encoding="utf-8"))
    assert saved["exercises"]["pods-fix-typo"]["draft"] == draft


async def test_pasted_control_characters_are_shown_escaped(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_exercise("pods-fix-typo")
        await settle(pilot)
        editor = app.screen.query_one("#editor", TextArea)
        editor.move_cursor((0, 0))
        editor.post_message(events.Paste(f"# {OSC52}\r\n"))  # a bracketed paste
        await pilot.pause()
        assert editor.text.startswith("# \\x1b]52;c;aGk=\\x07\n")
        assert_nothing_raw(app)
