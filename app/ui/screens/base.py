"""What every kubelearn screen shares: translated key labels and the "too small" message."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from textual import events
from textual.screen import ModalScreen, Screen

from kubelearn.safe_text import visible
from kubelearn.ui.widgets.too_small import TooSmall, size_classes, too_small

if TYPE_CHECKING:
    from kubelearn.course.model import Lesson
    from kubelearn.tutor import Tutor
    from kubelearn.ui.app import KubelearnApp
    from kubelearn.ui.strings import Strings

ResultType = TypeVar("ResultType")


def translate_bindings(node: Screen, strings: Strings | None = None) -> None:
    """Replace binding descriptions that are string keys (``"key.next"``) with their text.

    Done once a screen is made (and again, a no-op then, when it is mounted), so the key bar
    composes its keys in the learner's words the first time rather than again once mounted."""
    strings = strings or node.app.strings  # type: ignore[attr-defined]
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            replace(b, description=strings(b.description)) if strings.has(b.description) else b
            for b in bindings
        ]


def _prepare(screen: Screen) -> None:
    """Give ``screen`` the breakpoint classes of the terminal's size before it is styled, and
    its keys' words: Textual sets the classes on the first resize, which would otherwise style
    the whole screen a second time (every widget's stylesheet applied again) just after it
    was first drawn, and the key bar would compose its keys again once they are translated."""
    try:
        app = screen.app
        size = app.size
    except Exception:  # noqa: BLE001 - made outside a running app (a test): done on mount
        return
    screen.add_class(*size_classes(size.width, size.height))
    translate_bindings(screen, app.strings)  # type: ignore[attr-defined]


class BaseScreen(Screen[ResultType]):
    """A full screen: content, plus a message that covers it when the terminal is too small
    (mounted only then)."""

    def __init__(self) -> None:
        super().__init__()
        _prepare(self)

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
        self._fit(self.app.size.width, self.app.size.height)

    def open_exercises(self, lesson: Lesson) -> None:
        """Open the lesson's first exercise not passed yet (the first, when all are)."""
        target = self.tutor.exercise_to_do(lesson)
        if target:
            self.kl.open_exercise(target.id)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        """Mount the "make the terminal larger" message the first time it is needed, and
        keep the size it names up to date."""
        messages = self.query(TooSmall)
        if messages:
            messages.first().update_size(width, height)
        elif too_small(width, height):
            self.mount(TooSmall())


class BaseModal(ModalScreen[ResultType]):
    """A dialog over another screen, with translated key labels."""

    @property
    def kl(self) -> KubelearnApp:
        return self.app  # type: ignore[return-value]

    def s(self, key: str, /, **values: object) -> str:
        return self.kl.strings(key, **values)

    def on_mount(self) -> None:
        translate_bindings(self)
