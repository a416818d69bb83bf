"""Waits that end as soon as the app is ready, where a fixed pause has to guess how long."""

from __future__ import annotations

import time
from collections.abc import Callable


async def settle(pilot) -> None:
    """Until what the screen just started is done: mounting, the check worker, its result."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def palette_offers(app, text: str, *, first: bool = False) -> bool:
    """The command palette is open and one of its entries (with ``first``: the first, the best
    match of a search) holds ``text``."""
    from textual.command import CommandList, CommandPalette

    if not isinstance(app.screen, CommandPalette):
        return False
    entries = app.screen.query_one(CommandList)
    count = min(entries.option_count, 1) if first else entries.option_count
    return any(text in str(entries.get_option_at_index(i).prompt) for i in range(count))


async def wait_until(pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Pause in small steps until ``condition()`` holds, for at most ``timeout`` seconds (the
    test's own assertions then say what is wrong if it never does)."""
    deadline = time.monotonic() + timeout
    await pilot.pause()
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.02)
