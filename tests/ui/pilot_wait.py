"""Waits that end as soon as the app is ready, where a fixed pause has to guess how long."""

from __future__ import annotations

import time
from collections.abc import Callable


async def settle(pilot) -> None:
    """Until what the screen just started is done: mounting, the check worker, its result."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Pause in small steps until ``condition()`` holds, for at most ``timeout`` seconds (the
    test's own assertions then say what is wrong if it never does)."""
    deadline = time.monotonic() + timeout
    await pilot.pause()
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.02)
