"""A course from its lessons: ordered, every id unique, and what only the whole course sees.

Lesson and exercise ids used twice, and prerequisites that name no lesson, are problems of
the lesson that has them; the course still gets unique ids, so every lesson can be shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from kubelearn.course.fields import quoted
from kubelearn.course.model import Course, Lesson, Problem

__all__ = ["assemble", "fallback_id"]


def fallback_id(where: str) -> str:
    """An id for a lesson without a valid one, from its file name: ``01 Pods.md`` ->
    ``lesson-01-pods``. Starts with a letter, so it is a valid widget id too."""
    stem = Path(where).stem.lower()
    words = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:40].strip("-")
    return f"lesson-{words}" if words else "lesson"


def _unique(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}-{number}" in taken:
        number += 1
    return f"{wanted}-{number}"


def assemble(lang: str, lessons: Iterable[Lesson], problems: Iterable[Problem] = ()) -> Course:
    """Order lessons, make every lesson and exercise id unique, and report what only the
    whole course can see (ids used twice, prerequisites naming no lesson)."""
    lessons = sorted(lessons, key=lambda lesson: (lesson.order, lesson.path))
    owners: dict[str, Lesson] = {}
    exercise_owners: dict[str, tuple[str, int]] = {}
    fixed: list[Lesson] = []
    for lesson in lessons:
        found: list[Problem] = []
        lesson_id = lesson.id
        if not lesson_id:
            lesson_id = _unique(fallback_id(lesson.path), set(owners))
        elif lesson_id in owners:
            found.append(Problem(lesson.path, lesson.key_lines.get("id", 1),
                                 f"lesson id '{quoted(lesson_id)}' is already used by "
                                 f"{owners[lesson_id].path}"))
            lesson_id = _unique(lesson_id, set(owners))
        owners[lesson_id] = lesson
        exercises = []
        for exercise in lesson.exercises:
            ex_id = exercise.id
            if ex_id in exercise_owners:
                path, line = exercise_owners[ex_id]
                found.append(Problem(lesson.path, exercise.line,
                                     f"exercise id '{quoted(ex_id)}' is already used by {path}:{line}"))
                ex_id = _unique(ex_id, set(exercise_owners))
            exercise_owners[ex_id] = (lesson.path, exercise.line)
            exercises.append(replace(exercise, id=ex_id, lesson_id=lesson_id))
        fixed.append(replace(lesson, id=lesson_id, exercises=tuple(exercises),
                             problems=lesson.problems + tuple(found)))
    return Course(lang=lang, lessons=tuple(_check_prerequisites(fixed, owners)),
                  problems=tuple(problems))


def _check_prerequisites(lessons: list[Lesson], owners: dict[str, Lesson]) -> Iterable[Lesson]:
    for lesson in lessons:
        missing = [Problem(lesson.path, lesson.key_lines.get("prerequisites", 1),
                           f"prerequisite '{quoted(prereq)}' names no lesson")
                   for prereq in lesson.prerequisites if prereq not in owners]
        yield replace(lesson, problems=lesson.problems + tuple(missing)) if missing else lesson
