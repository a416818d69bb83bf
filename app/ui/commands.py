"""Command palette entries (Ctrl+P): jump to any lesson or exercise by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class CourseCommands(Provider):
    def _entries(self) -> list[tuple[str, str, object]]:
        app = self.app
        s = app.strings  # type: ignore[attr-defined]
        entries: list[tuple[str, str, object]] = []
        for lesson in app.course.lessons:  # type: ignore[attr-defined]
            if lesson.broken:
                continue
            entries.append(
                (
                    s("cmd.lesson", title=lesson.title),
                    s("cmd.lesson_help"),
                    partial(app.open_lesson, lesson.id, how="jump"),  # type: ignore[attr-defined]
                )
            )
            for exercise in lesson.exercises:
                entries.append(
                    (
                        s("cmd.exercise", title=exercise.title, lesson=lesson.title),
                        s("cmd.exercise_help"),
                        partial(app.open_exercise, exercise.id, how="jump"),  # type: ignore[attr-defined]
                    )
                )
        return entries

    async def discover(self) -> Hits:
        for text, help_text, command in self._entries():
            yield DiscoveryHit(text, command, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, command in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, help=help_text)  # type: ignore[arg-type]
