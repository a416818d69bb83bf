"""A yes/no question over the current screen; dismisses with ``True`` for yes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kubelearn.ui.screens.base import BaseModal


class ConfirmDialog(BaseModal[bool]):
    STYLES = "dialog"
    BINDINGS = [
        Binding("y", "answer(True)", "dialog.yes"),
        Binding("n,escape", "answer(False)", "dialog.no"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="dialog-question", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(self.s("dialog.yes") + " (y)", id="yes", variant="primary")
                yield Button(self.s("dialog.no") + " (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
