"""Command palette entries (Ctrl+P): jump to any lesson, exercise or step, by name or by the
words in its text; Textual's own commands, in the learner's language.

Titles come from lesson files, so every entry is plain :class:`Content`: Textual would read a
``str`` as markup (a ``[/]`` in a title would crash the palette, ``[b]`` would vanish).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from rich.align import Align
from rich.text import Text
from textual.app import App, SystemCommand
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen
from textual.widgets.option_list import Option

from kubelearn.safe_text import visible


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


#: Score of a match in the text of a step, question or exercise: below any title that
#: matches well, so "pod" lists the lesson Pods before every step that says "Pod".
BODY_SCORE = 0.25


class CourseCommands(Provider):
    """Lessons, exercises and the glossary by title; steps, quiz questions and exercises by
    the words in their text (:func:`kubelearn.course.search.find`)."""

    def _entries(self) -> list[tuple[str, str, object]]:
        app = self.app
        s = app.strings  # type: ignore[attr-defined]
        entries: list[tuple[str, str, object]] = [
            (s("palette.glossary"), s("palette.glossary_help"), app.action_glossary),  # type: ignore[attr-defined]
        ]
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

    def _text_matches(self, query: str) -> list[tuple[str, str, object]]:
        from kubelearn.course.search import find

        app = self.app
        s = app.strings  # type: ignore[attr-defined]
        found: list[tuple[str, str, object]] = []
        for match in find(app.course, query):  # type: ignore[attr-defined]
            lesson = match.lesson
            if match.kind == "step":
                text = s("palette.step", lesson=lesson.title, n=match.index + 1,
                         total=len(lesson.steps), title=match.title)
                command = partial(app.show_lesson, lesson, match.index, how="jump")  # type: ignore[attr-defined]
            elif match.kind == "quiz":
                text = s("palette.question", lesson=lesson.title, n=match.index + 1)
                command = partial(app.open_quiz, lesson.id, how="jump")  # type: ignore[attr-defined]
            else:
                text = s("cmd.exercise", title=match.title, lesson=lesson.title)
                command = partial(app.show_exercise, lesson, match.exercise, how="jump")  # type: ignore[attr-defined]
            # Textual reads a hit's help as markup: the snippet is lesson text, escaped.
            found.append((text, escape(visible(match.snippet, keep_newlines=False)), command))
        return found

    async def discover(self) -> Hits:
        for text, help_text, command in self._entries():
            yield DiscoveryHit(Content(text), command, text=text, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        titles = set()
        for text, help_text, command in self._entries():
            score = matcher.match(text)
            if score > 0:
                titles.add(text)
                yield Hit(score, highlighted(matcher, text), command, text=text, help=help_text)  # type: ignore[arg-type]
        for text, snippet, command in self._text_matches(query):
            if text not in titles:  # an exercise whose title matched is listed once
                yield Hit(BODY_SCORE, Content(text), command, text=text, help=snippet)  # type: ignore[arg-type]


def system_commands(app: App, screen: Screen) -> Iterator[SystemCommand]:
    """Textual's own palette commands (Theme, Keys, Quit...), in the learner's language.
    "Keys" opens kubelearn's help screen, which lists every key in that language (Textual's
    help panel shows its widgets' English help)."""
    s = app.strings  # type: ignore[attr-defined]
    yield SystemCommand(s("palette.theme"), s("palette.theme_help"), partial(search_themes, app))
    yield SystemCommand(s("palette.keys"), s("palette.keys_help"), app.action_help)  # type: ignore[attr-defined]
    yield SystemCommand(s("palette.quit"), s("palette.quit_help"), app.action_quit)
    if screen.maximized is not None:
        yield SystemCommand(s("palette.minimize"), s("palette.minimize_help"), screen.action_minimize)
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(s("palette.maximize"), s("palette.maximize_help"), screen.action_maximize)


def search_themes(app: App) -> None:
    """Textual's theme picker (``App.search_themes``) with its placeholder translated."""
    from textual.theme import ThemeProvider

    app.push_screen(CoursePalette(providers=[ThemeProvider],
                                  placeholder=app.strings("palette.theme_placeholder")))  # type: ignore[attr-defined]


class CoursePalette(CommandPalette):
    """The command palette in the learner's language, with PageUp/PageDown safe before the
    list is first laid out.

    Its placeholder is the app's words unless given, and so is "No matches found", which
    Textual writes into the list itself (``CommandPalette._start_no_matches_countdown``).

    Textual 8.2.8's ``OptionList._move_page`` reads ``_index_to_line[highlighted]``, which
    stays empty until the list has a size; the palette's list gets its first options (and a
    highlight) while it is still zero lines high, so a PageDown typed at once raised
    ``KeyError``. Here such a move waits for the next refresh, when the list has its size.
    """

    def __init__(self, *args: Any, placeholder: str | None = None, **kwargs: Any) -> None:
        self._own_placeholder = placeholder
        super().__init__(*args, **kwargs)

    def on_mount(self) -> None:
        from textual.widgets import Input

        strings = self.app.strings  # type: ignore[attr-defined]
        self.query_one(Input).placeholder = self._own_placeholder or strings("palette.placeholder")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual 8.2.8's own method (it has the English words in it), in our words."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                words = self.app.strings("palette.no_matches")  # type: ignore[attr-defined]
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(words, style="not bold")), disabled=True,
                           id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)

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
