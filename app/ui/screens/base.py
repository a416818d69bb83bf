"""What every kubelearn screen shares: translated key labels and the "too small" message."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import events
from textual.screen import ModalScreen, Screen

from kubelearn.safe_text import visible
from kubelearn.ui.widgets.too_small import TooSmall, size_classes, too_small

if TYPE_CHECKING:
    from textual.app import App

    from kubelearn.course.model import Lesson
    from kubelearn.tutor import Tutor
    from kubelearn.ui.app import KubelearnApp
    from kubelearn.ui.strings import Strings

ResultType = TypeVar("ResultType")

#: Where the screens' own stylesheets are (``lesson.tcss`` ...), beside the app's.
STYLES_DIR = Path(__file__).parent.parent


def add_styles(app: App, name: str | None) -> None:
    """Add ``name``.tcss to ``app``'s stylesheet, once, as the app's own CSS file would be
    (not a widget's default CSS: the same priority as the rest of kubelearn's rules).

    Called as a screen is registered, before it is styled (as Textual adds a widget's
    DEFAULT_CSS): the stylesheet then parses only this file, where a screen's CSS_PATH
    would parse every source again and restyle every screen."""
    if not name:
        return
    path = str(STYLES_DIR / f"{name}.tcss")
    if not app.stylesheet.has_source(path, ""):
        css = Path(path).read_text(encoding="utf-8")
        app.stylesheet.add_source(css, read_from=(path, ""), is_default_css=False)


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
    # Not styled now (update=False): the screen is styled once, when it is mounted.
    screen.add_class(*size_classes(size.width, size.height), update=False)
    translate_bindings(screen, app.strings)  # type: ignore[attr-defined]


class BaseScreen(Screen[ResultType]):
    """A full screen: content, plus a message that covers it when the terminal is too small
    (mounted only then)."""

    #: The stylesheet of this screen's own widgets (``lesson`` for lesson.tcss), if any.
    STYLES: ClassVar[str | None] = None

    def _post_register(self, app: App) -> None:
        super()._post_register(app)
        add_styles(app, self.STYLES)

    def __init__(self) -> None:
        super().__init__()
        self._resumed_once = False
        _prepare(self)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before Textual's own handler (Textual calls each class's handler, the
        subclass's first). A screen's first resume follows its mount, where every widget
        was just styled: Textual would style the whole screen again before its first frame
        (a fifth of the course map's start). Later resumes (back from another screen)
        still restyle, as hover and focus may have changed meanwhile."""
        if not self._resumed_once:
            self._resumed_once = True
            event.refresh_styles = False

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

    STYLES: ClassVar[str | None] = None

    def _post_register(self, app: App) -> None:
        super()._post_register(app)
        add_styles(app, self.STYLES)

    @property
    def kl(self) -> KubelearnApp:
        return self.app  # type: ignore[return-value]

    def s(self, key: str, /, **values: object) -> str:
        return self.kl.strings(key, **values)

    def on_mount(self) -> None:
        translate_bindings(self)
