"""A simulated student: a websocket client that speaks textual-serve's protocol to a real
``kubelearn serve``, as the page's ``textual.js`` does (``["stdin", keys]``,
``["resize", {...}]``, ``["ping", n]`` out; the terminal's bytes in).

What the session draws is read as text with the escape sequences taken out: enough to wait
for a word on the screen (a title, a finding code) without emulating a terminal. Shared by
the load test and ``bench/classroom.py``.
"""

from __future__ import annotations

import asyncio
import json
import re
import time

import aiohttp

#: CSI, OSC and two-character escape sequences (what Textual writes around the text).
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")

ENTER, TAB, ESCAPE, CTRL_P = "\r", "\t", "\x1b", "\x10"


def screen_text(raw: bytes) -> str:
    """The text a chunk of terminal output draws, escape sequences removed."""
    return _ESCAPES.sub("", raw.decode("utf-8", "replace"))


class SimStudent:
    """One browser tab: connect, type, wait until the screen shows something."""

    def __init__(self, url: str, width: int = 110, height: int = 32) -> None:
        self.ws_url = url.rstrip("/").replace("http://", "ws://") + "/ws"
        self.width, self.height = width, height
        self.raw = b""  # what was drawn since the last `mark()`
        #: What the student was waiting for last (a failure names it).
        self.step = "connect"
        self._session: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self.closed = False

    async def connect(self) -> None:
        self._session = aiohttp.ClientSession()
        self._ws = await self._session.ws_connect(
            f"{self.ws_url}?width={self.width}&height={self.height}", max_msg_size=0)
        await self._ws.send_str(json.dumps(["resize", {"width": self.width,
                                                        "height": self.height}]))

    async def send(self, keys: str) -> None:
        assert self._ws is not None
        await self._ws.send_str(json.dumps(["stdin", keys]))

    async def type(self, text: str, gap: float = 0.01) -> None:
        """Type ``text`` one key a message, as xterm.js sends what a browser's user types
        (Textual reads a message holding "code\rname" as one paste, not as Enter)."""
        for key in text:
            await self.send(key)
            await asyncio.sleep(gap)

    @property
    def seen(self) -> str:
        """The text drawn since the last mark (escapes removed from the whole: a frame may
        end inside an escape sequence)."""
        return screen_text(self.raw)

    def mark(self) -> None:
        """Forget what was drawn so far: the next wait looks only at what comes after."""
        self.raw = b""

    async def _read(self, deadline: float) -> bytes | None:
        assert self._ws is not None
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        try:
            message = await self._ws.receive(timeout=left)
        except TimeoutError:
            return None
        if message.type == aiohttp.WSMsgType.BINARY:
            return message.data
        if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                            aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.ERROR):
            self.closed = True
            return None
        return b""

    async def wait_for(self, text: str, timeout: float = 30.0) -> bool:
        """Read frames until ``text`` has been drawn (since the last mark); False on timeout
        or when the session ends first."""
        self.step = text
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            chunk = await self._read(deadline)
            if chunk is None:
                return False
            self.raw += chunk
        return True

    async def echo_time(self, char: str, timeout: float = 10.0) -> float | None:
        """Type ``char`` and return the seconds until a frame drawing it arrives (``char``
        must not be on the screen already: a rare symbol)."""
        start = time.perf_counter()
        await self.send(char)
        deadline = time.monotonic() + timeout
        while True:
            chunk = await self._read(deadline)
            if chunk is None:
                return None
            if char in screen_text(chunk):
                return time.perf_counter() - start

    async def drain(self, seconds: float) -> None:
        """Read (and keep) what arrives for ``seconds``."""
        deadline = time.monotonic() + seconds
        while (chunk := await self._read(deadline)) is not None:
            self.raw += chunk

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._session is not None:
            await self._session.close()


#: What the fixture course's exercise says once open, and the finding its starter has.
EXERCISE_SEARCH = "misspelled"
EXERCISE_TITLE = "Fix the misspelled field"
EXERCISE_PROMPT = "This Pod will not be accepted"


#: The command palette's placeholder: the palette is open and takes the keys.
PALETTE = "Search lessons"


async def join(student: SimStudent, code: str, name: str, timeout: float = 60.0,
               expect: str = "Welcome") -> bool:
    """Open the page's session and join: the code, Tab, the name, Enter, each step once the
    screen shows the one before (a loaded machine may take its time; keys typed before a
    focus move has happened would land in the wrong field). ``expect``: what the screen
    shows once in (the welcome; a returning student's own place may cover it at once)."""
    await student.connect()
    if not await student.wait_for("Your name", timeout):
        return False
    student.mark()
    await student.type(code)
    if not await student.wait_for(code, timeout):
        return False
    await student.type(TAB)
    student.mark()
    await student.type(name)
    if not await student.wait_for(name, timeout):
        return False
    student.mark()
    await student.type(ENTER)
    return await student.wait_for(expect, timeout)


async def open_exercise(student: SimStudent, timeout: float = 60.0) -> bool:
    """From the course map, the command palette to the fixture's exercise."""
    student.mark()
    await student.type(CTRL_P)
    if not await student.wait_for(PALETTE, timeout):
        return False
    student.mark()
    await student.type(EXERCISE_SEARCH)
    if not await student.wait_for(EXERCISE_TITLE, timeout):
        return False
    await student.drain(0.2)
    student.mark()
    await student.type(ENTER)
    return await student.wait_for(EXERCISE_PROMPT, timeout)
