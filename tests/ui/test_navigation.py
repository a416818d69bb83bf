"""Finding one's way: the palette searches the text of steps, the glossary opens the step that
teaches a term, links show where they go and open, and the layout fits from 60x20 to 160x50.
"""

from __future__ import annotations

import pytest
from pilot_wait import palette_offers, settle, wait_until
from textual.widgets import Markdown, OptionList, Static
from textual.widgets._footer import FooterKey

from kubelearn.ui.screens.course_map import CourseMapScreen
from kubelearn.ui.screens.exercise import ExerciseScreen
from kubelearn.ui.screens.glossary import GlossaryScreen
from kubelearn.ui.screens.lesson import LessonScreen

SIZE = (80, 24)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


@pytest.mark.parametrize(
    ("query", "entry", "lesson", "step"),
    [
        ("localhost", "Pods · step 2/3: Inside a Pod", "pods", 1),
        ("key/value pairs", "Labels · step 1/2: Labels", "labels", 0),
        ("spec.containers", "Pods · step 3/3: Writing one", "pods", 2),
    ],
    ids=["a word of a step", "two words", "code in a step"],
)
async def test_the_palette_finds_words_in_steps_and_jumps_to_the_step(
    make_app, query, entry, lesson, step
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*query)
        await wait_until(pilot, lambda: palette_offers(app, entry))
        assert palette_offers(app, entry), "the step is offered"
        entries = app.screen.query_one(OptionList)
        index = next(i for i in range(entries.option_count)
                     if entry in str(entries.get_option_at_index(i).prompt))
        entries.highlighted = index
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LessonScreen))
        assert (app.screen.lesson.id, app.screen.index) == (lesson, step)
        assert len(app.screen_stack) == 2, "a jump leaves no trail"


async def test_the_glossary_opens_from_any_screen_and_goes_to_the_teaching_step(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson("pods", 2)
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        terms = app.screen.query_one("#terms", OptionList)
        shown = [str(terms.get_option_at_index(i).prompt) for i in range(terms.option_count)]
        assert [line.split("\n")[0] for line in shown] == ["Pod", "selector"]
        assert "Labels, step 2: Selecting" in shown[1]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert (app.screen.lesson.id, app.screen.index) == ("labels", 1)
        await pilot.press("escape", "escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)


async def test_links_show_their_address_and_open_in_the_browser(make_app, monkeypatch):
    opened: list[str] = []
    app = make_app()
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson("pods", 0)
        await pilot.pause()
        url = "https://kubernetes.io/docs/concepts/workloads/pods/"
        paragraph = next(p for p in app.screen.query("MarkdownParagraph")
                         if "Further reading" in p._content.plain)
        content = paragraph._content
        assert f"Further reading: Pods <{url}>" in content.plain
        assert any(getattr(span.style, "link", None) == url for span in content.spans), (
            "the link text is an OSC 8 hyperlink")
        app.screen.query_one(Markdown).post_message(
            Markdown.LinkClicked(app.screen.query_one(Markdown), url))
        await pilot.pause()
        assert opened == [url]
        assert any(url in str(n.message) for n in app._notifications)
        app.screen.query_one(Markdown).post_message(
            Markdown.LinkClicked(app.screen.query_one(Markdown), "file:///etc/passwd"))
        await pilot.pause()
        assert opened == [url], "only web addresses are opened"


async def test_after_the_last_step_a_recap_then_on(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson("labels", 1)
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        recap = text_of(app, "#recap-text")
        assert "✓ Labels" in recap and "✓ Selecting" in recap
        assert "selector: Picks objects by their labels." in recap
        assert "That was the last lesson" in text_of(app, "#lesson-next")
        await pilot.press("right")
        await pilot.pause()
        assert isinstance(app.screen, CourseMapScreen)


async def test_the_footer_keeps_previous_before_next_wherever_the_focus_is(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson("pods", 1)
        await pilot.pause()
        orders = []
        for focus in (True, False):
            if not focus:
                app.screen.set_focus(None)
            await pilot.pause()
            keys = [k.description for k in app.screen.query(FooterKey)]
            orders.append(keys[:2])
        assert orders == [["Previous", "Next"], ["Previous", "Next"]]


async def test_text_is_at_most_100_columns_wide_and_centred(make_app):
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        app.open_lesson("pods", 0)
        await pilot.pause()
        step = app.screen.query_one("#step-0")
        assert step.region.width == 100
        assert abs(step.region.x - (160 - 100) // 2) <= 1
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson("pods", 0)
        await pilot.pause()
        assert app.screen.query_one("#step-0").region.width >= 78


@pytest.mark.parametrize(("size", "beside"), [((80, 24), True), ((60, 20), False)],
                         ids=["80x24", "60x20"])
async def test_an_exercise_at_60x20_has_the_findings_below_the_editor(make_app, size, beside,
                                                                      quick_checks):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        lesson = app.course.lesson("pods")
        app.show_exercise(lesson, lesson.exercises[0])
        await settle(pilot)
        assert isinstance(app.screen, ExerciseScreen)
        editor = app.screen.query_one("#editor").region
        findings = app.screen.query_one("#findings-panel").region
        prompt = app.screen.query_one("#prompt-box").region
        assert prompt.bottom <= editor.y, "the task above the editor"
        if beside:
            assert findings.x >= editor.right and findings.y == editor.y
        else:
            assert findings.y >= editor.bottom and findings.width == size[0]
            assert editor.height >= 5 and findings.height >= 5
        assert not app.screen.query("TooSmall")


@pytest.mark.parametrize(("size", "gap"), [((80, 24), 1), ((60, 20), 0)], ids=["80x24", "60x20"])
async def test_the_compact_map_drops_the_blank_lines_and_keeps_the_indents(make_app, size, gap):
    """Below 80x24 the map's parts follow each other without blank lines; the progress line
    stays indented under Continue's text and the lesson list keeps its margin."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        title, line, progress, lessons = (app.screen.query_one(f"#{name}").region for name in
                                          ("map-title", "continue", "course-progress", "lessons"))
        assert line.y == title.bottom + gap and progress.y == line.bottom + gap
        assert (line.x, progress.x, lessons.x) == (1, 2, 1)


async def test_the_map_shows_course_progress_and_minutes_left(make_app, data_dir):
    from kubelearn.progress import ProgressStore

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text_of(app, "#course-progress") == "Course 0% done · about 15 min left"
    store = ProgressStore(data_dir / "progress.json")
    for step in range(3):
        store.mark_step_seen("pods", step)  # 3 of the 5 parts of a 10-minute lesson
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert text_of(app, "#course-progress") == "Course 40% done · about 9 min left"
