"""The key bar at the bottom of every screen: Textual's compact Footer, styled once.

Textual's ``Footer(compact=True)`` makes each key, then marks it compact from a watcher once
it is mounted, which styles every key a second time (with 20 keys, most of the style work
of drawing the course map). Here each key is marked before it is mounted, so the watcher
finds nothing to change.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyBar(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.set_class(True, "-compact", update=False)  # styled once, when mounted
            yield widget
