"""The key bar at the bottom of every screen: Textual's compact Footer, styled once, composed
only when its keys change.

Textual's ``Footer(compact=True)`` makes each key, then marks it compact from a watcher once
it is mounted, which styles every key a second time (with 20 keys, most of the style work
of drawing the course map). Here each key is marked before it is mounted, so the watcher
finds nothing to change.

The Footer also composes nothing at first and then throws its keys away and makes them
again each time the screen says its bindings may have changed (mounting, focusing): five
times before the course map's first frame, each time styling every key, and the first frame
waits for the last. Here the keys are made with the bar (screens translate their keys' words
when they are made, see ``screens/base.py``) and made again only when the keys it would
show differ from those it shows.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyBar(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True)
        self._shown: tuple[Any, ...] | None = None  # what the keys were composed from

    def _keys(self) -> tuple[Any, ...]:
        """What :meth:`Footer.compose` makes the keys from: the screen's shown bindings (with
        whether each is enabled and its tooltip) and the command palette's key."""
        active = self.screen.active_bindings
        shown = tuple((b, enabled, tip) for _, b, enabled, tip in active.values() if b.show)
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        return shown, palette[1:] if palette else None, self.show_command_palette

    def compose(self) -> ComposeResult:
        self.set_reactive(Footer._bindings_ready, True)
        self._shown = self._keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.set_class(True, "-compact", update=False)  # styled once, when mounted
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()
