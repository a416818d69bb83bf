"""Save a picture of the course map, with some progress, to assets/screenshot.svg for the README.

    .venv/bin/python tests/ui/screenshot.py [OUT.svg]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from kubelearn.course import load_course
from kubelearn.progress import ProgressStore
from kubelearn.ui.app import KubelearnApp

REPO = Path(__file__).resolve().parents[2]
SIZE = (100, 30)


def sample_progress(store: ProgressStore, course) -> None:
    """Some of the course done, so the map shows what progress looks like."""
    lessons = [lesson for lesson in course.lessons if not lesson.broken]
    if lessons:
        first = lessons[0]
        for step in range(len(first.steps)):
            store.mark_step_seen(first.id, step)
        if first.quiz:
            store.record_quiz_score(first.id, len(first.quiz), len(first.quiz))
        for exercise in first.exercises:
            store.mark_exercise_passed(exercise.id, exercise.solution)
    if len(lessons) > 1:
        second = lessons[1]
        for step in range(min(3, len(second.steps))):
            store.mark_step_seen(second.id, step)
        store.set_position(second.id, "lesson", step=min(2, len(second.steps) - 1))


async def save(out: Path, lang: str = "en") -> None:
    course = load_course(None, lang=lang)
    with tempfile.TemporaryDirectory() as tmp:
        store = ProgressStore(Path(tmp) / "progress.json")
        sample_progress(store, course)
        app = KubelearnApp(course=course, store=store, lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.save_screenshot(filename=out.name, path=str(out.parent))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "assets" / "screenshot.svg"
    asyncio.run(save(target))
    print(target)
