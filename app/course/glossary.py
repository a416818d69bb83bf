"""The course's glossary: every ```` ```term ```` block of every lesson, in one sorted list.

A term defined in two lessons is listed once, with the first lesson of the course that
defines it (where the learner meets it first).
"""

from __future__ import annotations

from dataclasses import dataclass

from kubelearn.course.model import Course, Lesson, Term


@dataclass(frozen=True)
class Entry:
    """A glossary line: the term and the lesson whose step ``term.step`` teaches it."""

    term: Term
    lesson: Lesson


def glossary(course: Course) -> list[Entry]:
    """Every term of the course once, sorted by name without regard to case."""
    seen: dict[str, Entry] = {}
    for lesson in course.lessons:
        if lesson.broken:
            continue
        for term in lesson.terms:
            seen.setdefault(term.name.casefold(), Entry(term, lesson))
    return [seen[key] for key in sorted(seen)]
