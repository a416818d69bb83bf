"""The shipped course in the real app: one whole lesson per language, every step shown, the quiz
opened, every exercise failing at first and passing with its solution. A
smoke test over real content, where the other UI tests use a small fixture course.

One lesson per language is enough here: ``tests/content/test_course_content.py`` checks every
lesson of the course without the UI in milliseconds (each starter fails and each solution
passes through the same ``check`` the tutor calls, each quiz answer is one of its choices,
both languages hold the same exercises), and ``tests/tutor`` shows the sessions turn those
reports into what the screens show. What is left to the UI is that real content renders,
which the Markdown test below covers for every step of the course.
"""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from textual.widgets import Static, TextArea

from kubelearn.course import load_course
from kubelearn.progress import ProgressStore
from kubelearn.ui.app import KubelearnApp
from kubelearn.ui.screens.exercise import ExerciseScreen
from kubelearn.ui.screens.lesson import LessonScreen
from kubelearn.ui.screens.quiz import QuizScreen

SIZE = (80, 24)
#: The lesson walked in each language: each has steps with diagrams, a quiz and exercises.
WALKED = {"en": "pods", "zh": "services"}


async def settle(pilot) -> None:
    await pilot.pause(0.05)  # past the editor's check delay (shortened below)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


@pytest.mark.parametrize(("lang", "lesson_id"), WALKED.items())
async def test_one_lesson_step_quiz_and_exercise(lang: str, lesson_id: str, tmp_path,
                                                 monkeypatch) -> None:
    monkeypatch.setattr("kubelearn.ui.screens.exercise.CHECK_DELAY_S", 0.01)
    course = load_course(None, lang=lang)
    lesson = course.lesson(lesson_id)
    assert lesson is not None and lesson.steps and lesson.quiz and lesson.exercises
    app = KubelearnApp(course=course, store=ProgressStore(tmp_path / "p.json"), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson(lesson.id, 0)
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        for number in range(1, len(lesson.steps) + 1):
            header = text_of(app, "#lesson-header")
            assert f"{number}/{len(lesson.steps)}" in header, header
            await pilot.press("right")  # after the last step: the recap
            await pilot.pause()
        assert "Recap" in text_of(app, "#lesson-header") or "小结" in text_of(app, "#lesson-header")
        await pilot.press("right")  # after the recap: on to the quiz
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert f"1/{len(lesson.quiz)}" in text_of(app, "#quiz-header")
        for exercise in lesson.exercises:
            app.open_exercise(exercise.id)
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ExerciseScreen)
            assert not screen.query_one("#status").has_class("-passed"), exercise.id
            editor = screen.query_one("#editor", TextArea)
            editor.select_all()
            editor.replace(exercise.solution, *editor.selection)
            await settle(pilot)
            assert screen.query_one("#status").has_class("-passed"), exercise.id
    progress = ProgressStore(tmp_path / "p.json").progress
    assert all(progress.exercise(e.id).status == "passed" for e in lesson.exercises)
    assert progress.lesson(lesson.id).steps_seen == set(range(len(lesson.steps)))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_step_of_the_course_reads_as_markdown(lang: str) -> None:
    """The parser the lesson screen's Markdown widget uses reads every step and prompt."""
    parser = MarkdownIt("gfm-like")
    for lesson in load_course(None, lang=lang).lessons:
        texts = [step.markdown for step in lesson.steps]
        texts += [q.question for q in lesson.quiz] + [e.prompt for e in lesson.exercises]
        for text in texts:
            assert parser.parse(text), lesson.id
