"""A one-line button: the course map's "Continue: ...".

Textual's ``Button`` would do, but its stylesheet (7 KB: every variant, state and the ANSI
theme) is parsed before the tutor's first frame for this one line, a third of the style work
of drawing the course map, and a compact Button is styled twice more while it is made.
This is a focusable line of text that says what it does and is pressed with Enter, Space or
a click, as a Button is.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static


class ActionLine(Static, can_focus=True):
    DEFAULT_CSS = """
    ActionLine {
        width: auto;
        height: 1;
        padding: 0 1;
        background: $surface;
        color: $foreground;
        text-style: bold;
        pointer: pointer;
        &:focus {
            background: $primary;
            color: $text;
        }
        &:hover {
            background: $surface-darken-1;
        }
        &:focus:hover {
            background: $primary-darken-1;
        }
    }
    """
    BINDINGS = [Binding("enter,space", "press", show=False)]
    ALLOW_SELECT = False

    class Pressed(Message):
        """The line was pressed (Enter, Space or a click)."""

        def __init__(self, line: ActionLine) -> None:
            super().__init__()
            self.line = line

        @property
        def control(self) -> ActionLine:
            return self.line

    def action_press(self) -> None:
        self.post_message(self.Pressed(self))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_press()
