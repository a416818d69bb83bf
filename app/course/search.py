"""Finding words in the course: the text of every step, quiz question and exercise.

The command palette matches titles fuzzily (a few letters of "ConfigMap" find it); the body
of a step is too long for that, so here every word of the query must appear as written
(case-insensitively) and the match is shown with a little of the text around it. Nothing
here knows about Textual: the palette turns each :class:`Match` into an entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from kubelearn.course.model import Course, Exercise, Lesson

#: Characters of context shown on each side of the first word found.
CONTEXT = 30
#: A query shorter than this finds nothing in the body text (one Latin letter is in
#: everything); one CJK character is a word, so it counts as two.
MIN_QUERY = 2
#: At most this many matches are returned, best first (the palette shows a screenful).
LIMIT = 40

_MARKUP = re.compile(r"```[a-z]*|[*`#>]|\[([^\]]*)\]\([^)]*\)")


def plain(markdown: str) -> str:
    """Markdown as the learner reads it: no fences, stars or backticks, a link by its text,
    one space between words."""
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or " ", markdown).split())


def _weight(query: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in query.strip())


@dataclass(frozen=True)
class Match:
    """Where a query was found: a step (``index`` is its 0-based number), a quiz question
    (``index`` is the question's) or an exercise."""

    kind: Literal["step", "quiz", "exercise"]
    lesson: Lesson
    index: int
    title: str
    snippet: str
    exercise: Exercise | None = None


def snippet(text: str, start: int, length: int) -> str:
    """``text`` around ``[start, start + length)``, with ``…`` where it was cut."""
    left = max(0, start - CONTEXT)
    right = min(len(text), start + length + CONTEXT)
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


def _texts(lesson: Lesson) -> Iterator[tuple[str, int, str, str, Exercise | None]]:
    for index, step in enumerate(lesson.steps):
        body = " ".join(plain(part.text) for part in step.parts)
        yield "step", index, step.title, f"{step.title} {body}", None
    for index, question in enumerate(lesson.quiz):
        choices = " ".join(plain(c.text) for c in question.choices)
        yield "quiz", index, "", f"{plain(question.question)} {choices}", None
    for exercise in lesson.exercises:
        text = " ".join((exercise.title, plain(exercise.prompt), *map(plain, exercise.hints)))
        yield "exercise", 0, exercise.title, text, exercise


def find(course: Course, query: str, limit: int = LIMIT) -> list[Match]:
    """Every step, quiz question and exercise whose text holds every word of ``query``,
    in course order, at most ``limit``."""
    words = query.casefold().split()
    if _weight(query) < MIN_QUERY or not words:
        return []
    found: list[Match] = []
    for lesson in course.lessons:
        if lesson.broken:
            continue
        for kind, index, title, text, exercise in _texts(lesson):
            folded = text.casefold()
            if all(word in folded for word in words):
                # casefold keeps the length of almost every text; where it does not (ß),
                # the snippet is taken from the folded text itself.
                source = text if len(folded) == len(text) else folded
                at = folded.find(words[0])
                found.append(Match(kind, lesson, index, title,
                                   snippet(source, at, len(words[0])), exercise))
                if len(found) >= limit:
                    return found
    return found
