"""The playground's kubectl prompt: one line, with a shell's history (↑/↓) and completion (Tab).

History is the session's (``Playground.history``), read here and never written: the screen
records a line when it runs it. Completion asks the session's completer for what could follow
the line (kubectl's verbs, resource types, object names) and does what bash does: one
candidate is filled in, several are filled in up to what they share and then listed (posted
as :class:`PlayPrompt.Candidates` for the screen to show).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

#: The longest line the prompt takes: a pasted manifest is not a command.
MAX_LINE = 4096


class PlayPrompt(Input):
    BINDINGS = [
        Binding("up", "history(-1)", show=False),
        Binding("down", "history(1)", show=False),
        Binding("tab", "complete", show=False),
    ]

    @dataclass
    class Candidates(Message):
        """Several completions, none of them chosen: the screen lists them."""

        words: list[str]

    def __init__(self, history: Sequence[str], completer: Callable[[str], list[str]],
                 **kwargs) -> None:
        super().__init__(max_length=MAX_LINE, compact=True, select_on_focus=False, **kwargs)
        self.history = history
        self.completer = completer
        #: Where ↑/↓ is in the history: len(history) is the line being written.
        self._at: int | None = None
        self._draft = ""

    def action_history(self, direction: int) -> None:
        if not self.history:
            return
        if self._at is None:
            self._at, self._draft = len(self.history), self.value
        at = min(max(self._at + direction, 0), len(self.history))
        if at == self._at:
            return
        self._at = at
        self.value = self._draft if at == len(self.history) else self.history[at]
        self.cursor_position = len(self.value)

    def forget_position(self) -> None:
        """After a line ran: ↑ starts again from the newest line."""
        self._at, self._draft = None, ""

    def action_complete(self) -> None:
        line = self.value[: self.cursor_position]
        rest = self.value[self.cursor_position:]
        candidates = [c for c in dict.fromkeys(self.completer(line)) if c]
        if not candidates:
            self.post_message(self.Candidates([]))
            return
        start = line.rfind(" ") + 1
        word = line[start:]
        if all(c.startswith(line) for c in candidates) and len(line) > len(word):
            # Whole lines: keep only what differs from the line.
            candidates = [c[start:] for c in candidates]
        candidates = [c for c in candidates if c.startswith(word)] or candidates
        if len(candidates) == 1:
            filled = candidates[0] + ("" if rest.startswith(" ") else " ")
        else:
            filled = os.path.commonprefix(candidates)
            if len(filled) <= len(word):
                self.post_message(self.Candidates(candidates))
                return
        self.value = line[:start] + filled + rest
        self.cursor_position = start + len(filled)
