"""Command palette entries (Ctrl+P): jump to any lesson or exercise by name.

Titles come from lesson files, so every entry is plain :class:`Content`: Textual would read a
``str`` as markup (a ``[/]`` in a title would crash the palette, ``[b]`` would vanish).
"""

from __future__ import annotations

from functools import partial

from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content


def highlighted(matcher: Matcher, text: str) -> Content:
    """``text`` shown literally, with the characters the query matched in the match style
    (``Matcher.highlight`` parses ``text`` as markup first)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


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
                    partial(app.show_lesson, lesson, how="jump"),  # type: ignore[attr-defined]
                )
            )
            for exercise in lesson.exercises:
                entries.append(
                    (
                        s("cmd.exercise", title=exercise.title, lesson=lesson.title),
                        s("cmd.exercise_help"),
                        partial(app.show_exercise, lesson, exercise, how="jump"),  # type: ignore[attr-defined]
                    )
                )
        return entries

    async def discover(self) -> Hits:
        for text, help_text, command in self._entries():
            yield DiscoveryHit(Content(text), command, text=text, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, command in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlighted(matcher, text), command, text=text, help=help_text)  # type: ignore[arg-type]


class CoursePalette(CommandPalette):
    """The command palette, with PageUp/PageDown safe before the list is first laid out.

    Textual 8.2.8's ``OptionList._move_page`` reads ``_index_to_line[highlighted]``, which
    stays empty until the list has a size; the palette's list gets its first options (and a
    highlight) while it is still zero lines high, so a PageDown typed at once raised
    ``KeyError``. Here such a move waits for the next refresh, when the list has its size.
    """

    def _action_command_list(self, action: str) -> None:
        if action in ("page_up", "page_down") and not self._list_has_size():
            self.call_after_refresh(self._page_once_sized, action)
            return
        super()._action_command_list(action)

    def _list_has_size(self) -> bool:
        return bool(self.query_one(CommandList).scrollable_content_region.height)

    def _page_once_sized(self, action: str) -> None:
        if self._list_has_size():
            super()._action_command_list(action)
