"""A lesson diagram: shown exactly as written, never wrapped, scrolled sideways if too wide."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalScroll
from textual.content import Content
from textual.widgets import Static

from kubelearn.safe_text import visible


class Diagram(HorizontalScroll, can_focus=False):
    """A box with the diagram's title in its border and the drawing in monospace."""

    def __init__(self, text: str, title: str = "") -> None:
        super().__init__(classes="diagram")
        self.text = visible(text)
        # A str border title is read as markup: a title from a lesson file is Content.
        self.border_title = Content(visible(title, keep_newlines=False))

    def compose(self) -> ComposeResult:
        yield Static(Content(self.text), classes="diagram-text")
