"""What every kubelearn screen shares: translated key labels and the "too small" message."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from textual import events
from textual.screen import ModalScreen, Screen

from kubelearn.safe_text import visible
from kubelearn.ui.widgets.too_small import TooSmall

if TYPE_CHECKING:
    from kubelearn.course.model import Lesson
    from kubelearn.tutor import Tutor
    from kubelearn.ui.app import KubelearnApp

ResultType = TypeVar("ResultType")


def translate_bindings(node: Screen) -> None:
    """Replace binding descriptions that are string keys (``"key.next"``) with their text."""
    strings = node.app.strings  # type: ignore[attr-defined]
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            replace(b, description=strings(b.description)) if strings.has(b.description) else b
            for b in bindings
        ]


class BaseScreen(Screen[ResultType]):
    """A full screen: content, plus a message that covers it when the terminal is too small."""

    @property
    def kl(self) -> KubelearnApp:
        return self.app  # type: ignore[return-value]

    @property
    def tutor(self) -> Tutor:
        return self.kl.tutor

    def s(self, key: str, /, **values: object) -> str:
        return self.kl.strings(key, **values)

    def say(self, message: str, **options) -> None:
        """A notification shown as written: never read as markup, control characters visible."""
        self.notify(visible(message), markup=False, **options)

    def on_mount(self) -> None:
        translate_bindings(self)
        self.mount(TooSmall())

    def open_exercises(self, lesson: Lesson) -> None:
        """Open the lesson's first exercise not passed yet (the first, when all are)."""
        target = self.tutor.exercise_to_do(lesson)
        if target:
            self.kl.open_exercise(target.id)

    def on_resize(self, event: events.Resize) -> None:
        for message in self.query(TooSmall):
            message.update_size(event.size.width, event.size.height)


class BaseModal(ModalScreen[ResultType]):
    """A dialog over another screen, with translated key labels."""

    @property
    def kl(self) -> KubelearnApp:
        return self.app  # type: ignore[return-value]

    def s(self, key: str, /, **values: object) -> str:
        return self.kl.strings(key, **values)

    def on_mount(self) -> None:
        translate_bindings(self)
