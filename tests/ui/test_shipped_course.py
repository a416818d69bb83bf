"""The shipped course in the real app, both languages: every step shows, every quiz opens,
every exercise starts failing and passes with its solution. A smoke test over real content,
where the other UI tests use a small fixture course."""

from __future__ import annotations

import pytest
from textual.widgets import Static, TextArea

from kubelearn.course import load_course
from kubelearn.progress import ProgressStore
from kubelearn.ui.app import KubelearnApp
from kubelearn.ui.screens.exercise import ExerciseScreen
from kubelearn.ui.screens.lesson import LessonScreen
from kubelearn.ui.screens.quiz import QuizScreen

SIZE = (80, 24)


async def settle(pilot) -> None:
    await pilot.pause(0.05)  # past the editor's check delay (shortened below)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_lesson_step_quiz_and_exercise(lang: str, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("kubelearn.ui.screens.exercise.CHECK_DELAY_S", 0.01)
    course = load_course(None, lang=lang)
    app = KubelearnApp(course=course, store=ProgressStore(tmp_path / "p.json"), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        for lesson in course.lessons:
            app.open_lesson(lesson.id, 0)
            await pilot.pause()
            assert isinstance(app.screen, LessonScreen)
            for number in range(1, len(lesson.steps) + 1):
                header = str(app.screen.query_one("#lesson-header", Static).render())
                assert f"{number}/{len(lesson.steps)}" in header, (lesson.id, header)
                if number < len(lesson.steps):
                    await pilot.press("right")
                    await pilot.pause()
            app.open_quiz(lesson.id)
            await pilot.pause()
            assert isinstance(app.screen, QuizScreen)
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
    assert all(progress.exercise(e.id).status == "passed"
               for lesson in course.lessons for e in lesson.exercises)
    assert all(progress.lesson(lesson.id).steps_seen == set(range(len(lesson.steps)))
               for lesson in course.lessons)
