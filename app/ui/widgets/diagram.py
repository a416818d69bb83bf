"""A lesson diagram: shown exactly as written, never wrapped, scrolled sideways if too wide."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalScroll
from textual.content import Content
from textual.widgets import Static


class Diagram(HorizontalScroll, can_focus=False):
    """A box with the diagram's title in its border and the drawing in monospace."""

    def __init__(self, text: str, title: str = "") -> None:
        super().__init__(classes="diagram")
        self.text = text
        self.border_title = title

    def compose(self) -> ComposeResult:
        yield Static(Content(self.text), classes="diagram-text")
