"""How one lesson looks in the course map: its title, progress and, when broken, its errors."""

from __future__ import annotations

from textual.content import Content

from kubelearn.course.model import Lesson
from kubelearn.safe_text import visible
from kubelearn.tutor import LessonProgress
from kubelearn.ui.strings import Strings

BAR_WIDTH = 10


def progress_bar(fraction: float) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled)


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
