"""The first screen in a class (``kubelearn serve``): the join code and the student's name.

No code, no tutor: until the code matches, nothing of the course opens (the app's command
palette waits for the join too). The same name and code later, from any browser, reopen the
student's own progress where they stopped. Deciding who may join is
:func:`kubelearn.classroom.serve.join`; this screen asks and says.
"""

from __future__ import annotations

import sqlite3

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from kubelearn.classroom.db import MAX_NAME_CHARS, ClassDBError
from kubelearn.classroom.serve import ClassInfo, JoinRefused, join
from kubelearn.safe_text import visible
from kubelearn.ui.screens.base import BaseScreen
from kubelearn.words import words


class JoinScreen(BaseScreen[None]):
    DEFAULT_CSS = """
    JoinScreen { align: center middle; }
    JoinScreen #join-box { width: 64; max-width: 100%; height: auto; padding: 1 2;
                           border: round $accent; }
    JoinScreen #join-title { text-style: bold; margin-bottom: 1; }
    JoinScreen #join-intro { margin-bottom: 1; color: $text-muted; }
    JoinScreen Input { margin-bottom: 1; }
    JoinScreen #join-message { color: $text-error; height: auto; }
    """

    # Priority keys, and Screen.set_focus (Widget.focus defers the move with call_later):
    # the focus moves as Tab or Enter arrives, before the next key is read. Otherwise the keys
    # typed right behind them go into the field just left (a fast typist, a loaded server).
    BINDINGS = [
        Binding("tab", "next_field", show=False, priority=True),
        Binding("enter", "submit", show=False, priority=True),
    ]

    def __init__(self, info: ClassInfo, db) -> None:  # db: kubelearn.classroom.db.ClassDB
        super().__init__()
        self.info = info
        self.db = db

    def w(self, key: str, /, **fields: object) -> str:
        return words(self.kl.lang)(f"serve.join.{key}", **fields)

    def compose(self) -> ComposeResult:
        with Vertical(id="join-box"):
            yield Static(self.w("title", name=visible(self.info.name, keep_newlines=False)),
                         id="join-title", markup=False)
            yield Static(self.w("intro"), id="join-intro", markup=False)
            # select_on_focus off: the Focus message comes after keys typed right behind a
            # Tab, and selecting them then would let the next key replace them.
            yield Input(placeholder=self.w("code"), id="join-code", max_length=16,
                        select_on_focus=False)
            yield Input(placeholder=self.w("name"), id="join-name", max_length=MAX_NAME_CHARS * 2,
                        select_on_focus=False)
            yield Button(self.w("go"), id="join-go", variant="primary")
            yield Static("", id="join-message", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#join-code", Input).focus()

    def action_next_field(self) -> None:
        order = ["#join-code", "#join-name", "#join-go"]
        focused = self.focused
        at = next((i for i, sel in enumerate(order) if focused is self.query_one(sel)), -1)
        self.set_focus(self.query_one(order[(at + 1) % len(order)]))

    def action_submit(self) -> None:
        """Enter: from the code to the name while the name is empty, else join."""
        name = self.query_one("#join-name", Input)
        code = self.query_one("#join-code", Input)
        if self.focused is code and not name.value:
            self.set_focus(name)
        else:
            # The keys typed before this Enter may still wait in each field's own queue:
            # join once the code field, then the name field, has handled them.
            code.call_later(name.call_later, self.attempt)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.attempt()

    def attempt(self) -> None:
        if self.kl.joined:  # a second Enter queued behind the one that joined
            return
        code = self.query_one("#join-code", Input).value
        name = self.query_one("#join-name", Input).value
        message = self.query_one("#join-message", Static)
        try:
            joined = join(self.db, self.info, code, name)
        except JoinRefused as refused:
            message.update(self.w(refused.key, **refused.fields))
            target = "#join-code" if refused.key in ("no_code", "wrong_code") else "#join-name"
            self.query_one(target, Input).focus()
            return
        except (ClassDBError, sqlite3.Error) as exc:  # locked too long, disk full: say so
            message.update(self.w("failed", reason=visible(exc, keep_newlines=False)))
            return
        shown = visible(joined.student.name, keep_newlines=False)
        self.kl.start_class(joined.store, joined.returning)
        self.kl.notify(self.w("welcome_back" if joined.returning else "welcome", name=shown),
                       markup=False, timeout=6)
