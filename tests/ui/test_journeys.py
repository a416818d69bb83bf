"""Journeys through the real app, driven with Pilot at 80x24 on the fixture course."""

from __future__ import annotations

import pytest
from pilot_wait import palette_offers, wait_until
from textual.widgets import OptionList, Static

from kubelearn.progress import ProgressStore
from kubelearn.ui.screens.course_map import CourseMapScreen
from kubelearn.ui.screens.lesson import LessonScreen
from kubelearn.ui.screens.quiz import QuizScreen

SIZE = (80, 24)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_course_map_lists_lessons_and_their_errors(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        lessons = app.screen.query_one("#lessons", OptionList)
        assert lessons.option_count == 3
        broken = str(lessons.get_option_at_index(2).prompt)
        assert "03-broken.md:15: answer 'c' is not among the choices" in broken
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen), "a broken lesson must not open"
        assert any("cannot be opened" in n.message for n in app._notifications)
        await pilot.press("up", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "labels"


async def test_walk_a_lesson_step_by_step_then_on_to_the_quiz(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "Step 1/3" in text_of(app, "#lesson-header")
        await pilot.press("right")
        await pilot.pause()
        assert "Step 2/3 · Inside a Pod" in text_of(app, "#lesson-header")
        diagram = app.screen.query_one("#step-1 .diagram-text", Static)
        assert "localhost" in str(diagram.render())
        await pilot.press("n")
        await pilot.pause()
        assert "Step 3/3" in text_of(app, "#lesson-header")
        await pilot.press("right")
        await pilot.pause()
        assert "· Recap" in text_of(app, "#lesson-header")
        assert "Next: the quiz" in text_of(app, "#lesson-next")
        recap = text_of(app, "#recap-text")
        for step in app.screen.lesson.steps:
            assert f"✓ {step.title}" in recap
        await pilot.press("left", "left")
        await pilot.pause()
        assert "Step 2/3" in text_of(app, "#lesson-header")
        await pilot.press("right", "right", "right")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
    seen = ProgressStore(data_dir / "progress.json").progress.lesson("pods").steps_seen
    assert seen == {0, 1, 2}


def shown_choices(app) -> list[str]:
    """The quiz's choices as the learner reads them, top to bottom ("a) text"), without the
    ✓ or ✗ an answered question puts in front."""
    choices = app.screen.query_one("#choices", OptionList)
    return [str(choices.get_option_at_index(i).prompt).lstrip(" ✓✗")
            for i in range(choices.option_count)]


def letter_for(app, text: str) -> str:
    """The letter the screen shows in front of the choice that reads ``text``."""
    return next(line[0] for line in shown_choices(app) if line[3:] == text)


async def test_quiz_right_then_wrong_then_score_and_retry(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_quiz("pods")
        await pilot.pause()
        assert "Question 1/2" in text_of(app, "#quiz-header")
        first_order = shown_choices(app)
        assert [line[0] for line in first_order] == ["a", "b", "c"], "fresh letters, in order"
        await pilot.press(letter_for(app, "One or more containers that share a network "
                                          "address and storage"))
        await pilot.pause()
        feedback = text_of(app, "#feedback").splitlines()
        assert feedback[0] == "✓ Right!", "the screen gives the verdict, on a line of its own"
        assert feedback[1].startswith("Containers in a Pod share one IP address")
        await pilot.press("n")
        await pilot.pause()
        assert "Question 2/2" in text_of(app, "#quiz-header")
        service = [line[3:] for line in shown_choices(app)].index("Through a Service")
        await pilot.press(*["down"] * service, "enter")  # the keyboard way
        await pilot.pause()
        feedback = text_of(app, "#feedback")
        assert feedback.startswith("✗ Not quite.\nA Service is for reaching Pods")
        right = letter_for(app, "Over localhost")
        assert f"The right answer: {right}) Over localhost\nThey share" in feedback
        await pilot.press("enter")
        await pilot.pause()
        assert "Your score: 1/2" in text_of(app, "#feedback")
        review = [str(line.render()) for line in app.screen.query(".review-line")]
        assert review[0].startswith("✓ 1. What is a Pod?")
        assert review[1].startswith("✗ 2. How do two containers")
        assert f"The right answer: {right}) Over localhost" in review[1]
        lesson = ProgressStore(data_dir / "progress.json").progress.lesson("pods")
        assert lesson.quiz_best == 1
        assert lesson.quiz_answers == {0: "b", 1: "b"}, "saved under the author's keys"
        await pilot.press("r")
        await pilot.pause()
        assert "Question 1/2" in text_of(app, "#quiz-header")
        assert not app.screen.query_one("#review").display
        assert shown_choices(app) != first_order, "a retry shows the choices in a new order"
        row = [line[3:] for line in shown_choices(app)].index(
            "One or more containers that share a network address and storage")
        await pilot.click("#choices", offset=(10, 1 + row))  # the mouse way (row 0: border)
        await pilot.pause()
        assert text_of(app, "#feedback").startswith("✓ Right!")


async def test_continue_lands_where_you_were(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "right")
        await pilot.pause()
        assert "Step 2/3" in text_of(app, "#lesson-header")
        await pilot.press("ctrl+q")
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Continue: Pods, step 2/3" in str(again.screen.query_one("#continue").content)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(again.screen, LessonScreen)
        assert "Step 2/3" in text_of(again, "#lesson-header")


async def test_help_lists_keys_for_every_screen(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        text = text_of(app, "#help-text")
        for heading in ("Everywhere", "Course map", "Lesson", "Quiz", "Exercise"):
            assert heading in text
        for key in ("F2", "F3", "F4", "F5", "Ctrl+P", "Esc"):
            assert key in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)


@pytest.mark.parametrize(
    ("size", "classes", "message"),
    [
        ((80, 24), {"-wide", "-tall"}, False),
        ((160, 50), {"-wide", "-tall"}, False),
        ((79, 23), {"-slim", "-low"}, False),
        ((60, 20), {"-slim", "-low"}, False),
        ((59, 20), {"-narrow", "-low"}, True),
        ((60, 19), {"-slim", "-short"}, True),
    ],
    ids=lambda v: "x".join(map(str, v)) if isinstance(v, tuple) else None,
)
async def test_the_message_to_make_the_terminal_larger_only_below_60x20(
    make_app, size, classes, message
):
    """Down to 60x20 every screen works (compact below 80x24); only smaller, the map is
    covered by the message, mounted when first needed and gone again after a resize back."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert not app.screen.query("TooSmall"), "not mounted while it is not needed"
        await pilot.resize_terminal(*size)
        await pilot.pause()
        assert classes <= app.screen.classes
        assert bool(app.screen.query("TooSmall")) == message
        assert app.screen.query_one("#lessons").display != message
        if message:
            too_small = app.screen.query_one("TooSmall")
            assert too_small.display
            assert f"at least 60×20 (now {size[0]}×{size[1]})" in str(too_small.render())
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            assert not too_small.display
            assert app.screen.query_one("#lessons").display


async def test_progress_warning_is_shown_at_startup(make_app, data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "progress.json").write_text("{not json", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("damaged" in n.message for n in app._notifications)


async def test_quiz_choices_show_their_letter_once_and_numbers_still_work(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_quiz("pods")
        await pilot.pause()
        lines = shown_choices(app)
        assert sorted(line[3:] for line in lines) == [
            "A machine in the cluster", "Another word for a container",
            "One or more containers that share a network address and storage"]
        assert [line[:3] for line in lines] == ["a) ", "b) ", "c) "]
        machine = [line[3:] for line in lines].index("A machine in the cluster")
        await pilot.press(str(machine + 1))  # the number of its place on screen
        await pilot.pause()
        assert text_of(app, "#feedback").startswith("✗ Not quite.\nThat is a node.")


async def test_quiz_resumes_at_the_first_unanswered_question(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_quiz("pods")
        await pilot.pause()
        await pilot.press(letter_for(app, "One or more containers that share a network "
                                          "address and storage"))
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        second_order = shown_choices(app)
        await pilot.press("ctrl+q")
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Pods, quiz" in str(again.screen.query_one("#continue").content)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(again.screen, QuizScreen)
        assert "Question 2/2" in text_of(again, "#quiz-header")
        assert shown_choices(again) == second_order, "a resumed attempt keeps its order"
        await pilot.press(letter_for(again, "Over localhost"), "n")
        await pilot.pause()
        assert "Your score: 2/2" in text_of(again, "#feedback")
        await pilot.press("escape")
        await pilot.pause()
    # A finished quiz shows its score when opened again; retry starts afresh.
    third = make_app()
    async with third.run_test(size=SIZE) as pilot:
        third.open_quiz("pods")
        await pilot.pause()
        assert "Your score: 2/2" in text_of(third, "#feedback")
        await pilot.press("r")
        await pilot.pause()
        assert "Question 1/2" in text_of(third, "#quiz-header")
        assert ProgressStore(data_dir / "progress.json").progress.lesson("pods").quiz_answers == {}
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+q")
    fourth = make_app()
    async with fourth.run_test(size=SIZE) as pilot:
        fourth.open_quiz("pods")
        await pilot.pause()
        assert "Question 2/2" in text_of(fourth, "#quiz-header")


async def test_back_goes_where_you_came_from(make_app):
    from kubelearn.ui.screens.exercise import ExerciseScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "right")  # Pods, step 2
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        footer_keys = {
            k for k, b in app.screen.active_bindings.items() if b.binding.show and b.enabled
        }
        assert "x" in footer_keys, "exercises are one key away before the quiz ends"
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen)
        await pilot.press("escape")  # one Esc leaves the exercise
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "Step 2/3" in text_of(app, "#lesson-header")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        button = app.screen.query_one("#continue")
        assert "Continue: Pods, step 2/3" in str(button.content)
        assert button.size.width >= len(str(button.content)), "the new label is not cut short"
        # The line is pressed as a button is: focused and Enter, or clicked.
        for press in ("keys", "click"):
            if press == "keys":
                await pilot.press("shift+tab")
                await pilot.pause()
                assert app.focused is button
                await pilot.press("enter")
            else:
                await pilot.click("#continue")
            await pilot.pause()
            assert isinstance(app.screen, LessonScreen), press
            assert "Step 2/3" in text_of(app, "#lesson-header")
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, CourseMapScreen)
            button = app.screen.query_one("#continue")


async def test_jumping_from_the_palette_leaves_no_trail(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "t")  # Pods, then its quiz
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Lesson: Labels")
        await wait_until(pilot, lambda: palette_offers(app, "Lesson: Labels", first=True))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "labels"
        assert len(app.screen_stack) == 2, "the lesson sits right on the course map"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
