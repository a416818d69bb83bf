"""The message shown instead of a screen when the terminal is smaller than the minimum."""

from __future__ import annotations

from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 80, 24


class TooSmall(Static):
    """Covers the screen (see the stylesheet) while the screen has the ``-narrow`` or ``-short``
    class that the app's breakpoints set."""

    def on_mount(self) -> None:
        self.update_size(self.app.size.width, self.app.size.height)

    def update_size(self, width: int, height: int) -> None:
        self.update(
            self.app.strings(  # type: ignore[attr-defined]
                "too_small", width=MIN_WIDTH, height=MIN_HEIGHT, now_w=width, now_h=height
            )
        )
