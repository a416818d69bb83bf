"""The join screen of class mode (``kubelearn serve``'s sessions), driven with Pilot on the
fixture course and a real class database."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Static

from kubelearn.classroom.db import ClassDB
from kubelearn.classroom.serve import open_class
from kubelearn.course import load_course
from kubelearn.ui.app import KubelearnApp
from kubelearn.ui.screens.course_map import CourseMapScreen
from kubelearn.ui.screens.exercise import ExerciseScreen
from kubelearn.ui.screens.join import JoinScreen

FIXTURE_COURSE = Path("tests/fixtures/ui_course")
SIZE = (100, 30)


@pytest.fixture
def classroom(tmp_path: Path):
    info = open_class(tmp_path / "room", "k8s-101")
    db = ClassDB(tmp_path / "room")
    yield info, db
    db.close()


def make(classroom) -> KubelearnApp:
    return KubelearnApp(course=load_course(FIXTURE_COURSE), store=None, classroom=classroom)


async def type_in(pilot, selector: str, text: str) -> None:
    """Put ``text`` in a field as a paste would (a name may hold characters no key types)."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = text
    await pilot.pause()


async def join(pilot, code: str, name: str) -> str:
    """Type the code and the name, press Enter; the join screen's message (empty once in)."""
    await type_in(pilot, "#join-code", code)
    await type_in(pilot, "#join-name", name)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    return str(screen.query_one("#join-message", Static).content) \
        if isinstance(screen, JoinScreen) else ""


@pytest.mark.parametrize(("code", "name", "said"), [
    ("", "Ana", "Type the join code."),
    ("WRONG1", "Ana", "That is not this class's join code. Check it with the instructor."),
    ("{code}", "", "Type your name."),
    ("{code}", "x" * 41, "A name has at most 40 characters."),
    ("{code}", "Ana\x1b[31m", "A name cannot hold control characters: type letters, digits "
                              "and spaces."),
])
async def test_a_refused_join_says_why_and_opens_nothing(classroom, code, name, said):
    info, db = classroom
    app = make(classroom)
    async with app.run_test(size=SIZE) as pilot:
        message = await join(pilot, code.format(code=info.code), name)
        assert message == said
        assert isinstance(app.screen, JoinScreen)
        assert not app.joined
        await pilot.press("ctrl+p")  # no palette into the course before the join
        assert isinstance(app.screen, JoinScreen)
    assert db.roster() == []


async def test_escape_and_back_keys_do_not_leave_the_join_screen(classroom):
    app = make(classroom)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "ctrl+g", "escape", "f1", "escape")
        await pilot.pause()
        assert isinstance(app.screen, JoinScreen)


async def test_the_code_is_forgiving_about_case_spaces_and_dashes(classroom):
    info, db = classroom
    app = make(classroom)
    async with app.run_test(size=SIZE) as pilot:
        typed = f"{info.code[:3].lower()}-{info.code[3:]}"
        assert await join(pilot, typed, "Ana") == ""
        assert isinstance(app.screen, CourseMapScreen)
    assert [s.name for s in db.roster()] == ["Ana"]


async def test_a_name_with_markup_is_kept_and_shown_literally(classroom):
    info, db = classroom
    app = make(classroom)
    async with app.run_test(size=SIZE) as pilot:
        await join(pilot, info.code, "[b]Bo[/b] $x")
        assert isinstance(app.screen, CourseMapScreen)
        shown = [str(n.message) for n in app._notifications]
        assert shown == ["Welcome, [b]Bo[/b] $x."]
    assert [s.name for s in db.roster()] == ["[b]Bo[/b] $x"]


async def test_the_same_name_and_code_resume_where_the_student_was(classroom, tmp_path):
    info, db = classroom
    app = make(classroom)
    async with app.run_test(size=SIZE) as pilot:
        await join(pilot, info.code, "Ana Li")
        app.open_exercise("pods-fix-typo")
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen)
        app.screen.editor.insert("# mine\n", (0, 0))
        await pilot.press("ctrl+q")
    # Another browser, the name typed another way: the same student, back at the exercise
    # with the draft.
    again = make((info, ClassDB(tmp_path / "room")))
    async with again.run_test(size=SIZE) as pilot:
        await join(pilot, info.code, "  ana   LI ")
        for _ in range(20):
            if isinstance(again.screen, ExerciseScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(again.screen, ExerciseScreen)
        assert again.screen.editor.text.startswith("# mine\n")
        assert [str(n.message) for n in again._notifications] == [
            "Welcome back, Ana Li: you carry on where you stopped."]
    assert len(db.roster()) == 1


@pytest.mark.parametrize("between", ["tab", "enter"])
async def test_keys_typed_straight_through_land_in_their_fields(classroom, between):
    """Every key queued at once, as a fast typist's keys reach a loaded server: the ones
    after Tab (or Enter) go into the name, none into the code, none lost."""
    info, db = classroom
    app = make(classroom)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for char in f"{info.code}\t Ana Li\r":
            key = {"\t": between, " ": "space", "\r": "enter"}.get(char, char)
            app.post_message(events.Key(key, None if key == between else char))
        await pilot.pause(0.3)
        assert isinstance(app.screen, CourseMapScreen)
    assert [s.name for s in db.roster()] == ["Ana Li"]
