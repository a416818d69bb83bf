"""A playground step inside a lesson: the task in a box, and how to open the playground.

The lesson screen shows one card per ``playground`` block; the card says when the learner
reached the step's goal (the playground screen reports it when it closes).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Markdown, Static

from kubelearn.course.model import PlaygroundPart
from kubelearn.safe_text import visible
from kubelearn.words import words


class PlayCard(Vertical, can_focus=False):
    def __init__(self, part: PlaygroundPart, lang: str) -> None:
        super().__init__(classes="play-card")
        self.part = part
        self.say = words(lang)
        title = part.title or self.say("play.card.title")
        # A str border title is read as markup: a title from a lesson file is Content.
        self.border_title = Content(visible(title, keep_newlines=False))

    def compose(self) -> ComposeResult:
        yield Markdown(visible(self.part.text), classes="play-card-task")
        yield Static(self.say("play.card.open"), classes="play-card-hint", markup=False)

    def mark_done(self) -> None:
        self.add_class("-done")
        self.query_one(".play-card-hint", Static).update(self.say("play.card.done"))
