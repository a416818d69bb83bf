"""The course's words (Pod, selector, endpoint...), each with what it means and a way to the
step that teaches it. Opened from every screen (Ctrl+G, ``g``, the command palette)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kubelearn.course.glossary import Entry, glossary
from kubelearn.safe_text import visible
from kubelearn.ui.screens.base import BaseScreen
from kubelearn.ui.widgets.footer import KeyBar


class GlossaryScreen(BaseScreen[None]):
    STYLES = "glossary"
    BINDINGS = [Binding("escape,q", "app.pop_screen", "key.back")]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield Static(self.s("glossary.title"), id="glossary-title", markup=False)
        yield OptionList(id="terms")
        yield KeyBar()

    def on_mount(self) -> None:
        self.entries = glossary(self.kl.course)
        terms = self.query_one("#terms", OptionList)
        options: list[Option | None] = []
        for entry in self.entries:
            options.extend([self._option(entry), None])  # None: a line between entries
        terms.add_options(options[:-1])
        if self.entries:
            terms.highlighted = 0
        else:
            terms.add_option(Option(Content(self.s("glossary.empty")), disabled=True))
        terms.focus()

    def _option(self, entry: Entry) -> Option:
        lesson, term = entry.lesson, entry.term
        step = lesson.steps[term.step] if term.step < len(lesson.steps) else None
        where = self.s("glossary.taught", lesson=lesson.title, n=term.step + 1,
                       title=step.title if step else "")
        return Option(Content("\n").join([
            Content.styled(visible(term.name, keep_newlines=False), "bold $text-accent"),
            Content(visible(term.definition, keep_newlines=False)),
            Content.styled(where, "$text-muted"),
        ]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self.entries):
            entry = self.entries[event.option_index]
            self.kl.show_lesson(entry.lesson, entry.term.step)
