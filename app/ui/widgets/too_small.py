"""How the screens fit the terminal: the sizes kubelearn lays itself out for, and the message
shown instead of a screen when the terminal is smaller than the smallest.

Three widths and three heights, each a class the app's breakpoints set on every screen:
``-narrow``/``-short`` below :data:`MIN_WIDTH` x :data:`MIN_HEIGHT` (only the message),
``-slim``/``-low`` up to :data:`FULL_WIDTH` x :data:`FULL_HEIGHT` (a compact layout: a
half-screen terminal beside a shell, as in workshops), ``-wide``/``-tall`` above.
"""

from __future__ import annotations

from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 60, 20
FULL_WIDTH, FULL_HEIGHT = 80, 24

HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (MIN_WIDTH, "-slim"), (FULL_WIDTH, "-wide")]
VERTICAL_BREAKPOINTS = [(0, "-short"), (MIN_HEIGHT, "-low"), (FULL_HEIGHT, "-tall")]


def _pick(value: int, breakpoints: list[tuple[int, str]]) -> str:
    return next(name for limit, name in reversed(breakpoints) if value >= limit)


def size_classes(width: int, height: int) -> set[str]:
    """The breakpoint classes a screen has at ``width`` x ``height`` (what Textual's
    ``Screen._on_resize`` sets), so that a screen can be made with them already set."""
    return {_pick(width, HORIZONTAL_BREAKPOINTS), _pick(height, VERTICAL_BREAKPOINTS)}


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmall(Static):
    """Covers the screen (see the stylesheet) while the screen has the ``-narrow`` or ``-short``
    class. Mounted only when the terminal is that small: most screens never need it."""

    def on_mount(self) -> None:
        self.update_size(self.app.size.width, self.app.size.height)

    def update_size(self, width: int, height: int) -> None:
        self.update(
            self.app.strings(  # type: ignore[attr-defined]
                "too_small", width=MIN_WIDTH, height=MIN_HEIGHT, now_w=width, now_h=height
            )
        )
