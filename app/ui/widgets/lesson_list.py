"""How one lesson looks in the course map: its title, progress and, when broken, its errors."""

from __future__ import annotations

import math

from textual.content import Content

from kubelearn.course.model import Course, Lesson
from kubelearn.safe_text import visible
from kubelearn.tutor import LessonProgress, Tutor
from kubelearn.ui.strings import Strings

BAR_WIDTH = 10


def progress_bar(fraction: float) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def course_progress(course: Course, tutor: Tutor) -> tuple[float, int]:
    """How much of the course is done (0..1) and about how many minutes are left.

    Each lesson counts by its ``minutes`` (by 1 when none is given), so a long lesson done
    is more of the course than a short one; the minutes left are each lesson's minutes times
    the share of it not done, rounded up."""
    lessons = [lesson for lesson in course.lessons if not lesson.broken]
    if not lessons:
        return 0.0, 0
    weights = [lesson.minutes or 1 for lesson in lessons]
    done = [tutor.lesson_progress(lesson).completion for lesson in lessons]
    share = sum(w * d for w, d in zip(weights, done, strict=True)) / sum(weights)
    left = sum(lesson.minutes * (1 - d) for lesson, d in zip(lessons, done, strict=True))
    return share, math.ceil(left - 1e-9)


def course_line(course: Course, tutor: Tutor, s: Strings) -> str:
    """The map's line about the whole course: "Course 35% done · about 80 min left"."""
    share, minutes = course_progress(course, tutor)
    if share >= 1:
        return s("course.complete")
    return s("course.progress", percent=math.floor(share * 100), minutes=minutes)


def lesson_prompt(lesson: Lesson, number: int, progress: LessonProgress, s: Strings) -> Content:
    """The two or more lines the course map shows for ``lesson``."""
    title = visible(lesson.title, keep_newlines=False)
    head = Content.assemble((f"{number:>2}  ", "$text-muted"), (title, "bold"))
    if lesson.minutes:
        head = Content.assemble(head, ("  · " + s("map.minutes", minutes=lesson.minutes), "$text-muted"))
    if lesson.broken:
        lines = [
            head,
            Content.assemble(("    ✗ ", "$text-error"), (s("map.broken"), "$text-error")),
        ]
        lines.extend(
            Content.assemble("      ", (visible(p), "$text-muted")) for p in lesson.problems
        )
        return Content("\n").join(lines)
    parts = [s("map.steps", seen=progress.steps_seen, total=len(lesson.steps))]
    if lesson.quiz:
        best = progress.quiz_best
        parts.append(
            s("map.quiz_none", total=len(lesson.quiz))
            if best is None
            else s("map.quiz", best=best, total=len(lesson.quiz))
        )
    if lesson.exercises:
        parts.append(s("map.exercises", passed=progress.exercises_passed, total=len(lesson.exercises)))
    completion = progress.completion
    style = "$text-success" if completion >= 1 else "$text-primary"
    detail = Content.assemble(
        "    ",
        (progress_bar(completion), style),
        f" {round(completion * 100):>3}%  ",
        (" · ".join(parts), "$text-muted"),
    )
    return Content("\n").join([head, detail])
