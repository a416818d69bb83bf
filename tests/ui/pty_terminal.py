"""The real ``kubelearn`` in a pseudo-terminal: keys in, every byte it writes to the terminal out.

For what only a real process shows: signals (SIGTERM, SIGHUP), how the terminal is left
behind (alternate screen, mouse tracking), and what reaches the terminal byte for byte.
"""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURE_COURSE = REPO / "tests" / "fixtures" / "ui_course"

LEAVE_ALT_SCREEN = b"\x1b[?1049l"
ENTER_ALT_SCREEN = b"\x1b[?1049h"
MOUSE_ON = b"\x1b[?1000h"
MOUSE_OFF = b"\x1b[?1000l"
#: Generous: the machine is shared and the first start parses the course.
STARTUP_S = 30.0


class Terminal:
    """``python -m kubelearn ARGS`` on a 100x30 pty with its own data directory."""

    def __init__(self, args: list[str], home: Path, env: dict[str, str] | None = None) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        environ = {
            **os.environ,
            "TERM": "xterm-256color",
            "KUBELEARN_HOME": str(home),
            "TEXTUAL_ANIMATIONS": "none",
            "COLUMNS": "100",
            "LINES": "30",
            **(env or {}),
        }
        environ.pop("NO_COLOR", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kubelearn", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environ,
            start_new_session=True,  # the pty becomes its controlling terminal
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()

    def _read(self, timeout: float) -> bool:
        """Read what is there within ``timeout``; False once the process closed the pty."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the other side is closed
            return False
        if not data:
            return False
        self.output.extend(data)
        return True

    def wait_for(self, text: str | bytes, timeout: float = STARTUP_S, since: int = 0) -> int:
        """Wait until ``text`` appears in the output after offset ``since``; its offset."""
        needle = text.encode() if isinstance(text, str) else text
        deadline = time.monotonic() + timeout
        while (found := self.output.find(needle, since)) < 0:
            if time.monotonic() > deadline or not self._read(0.1):
                tail = bytes(self.output[-2000:])
                raise AssertionError(f"{needle!r} never appeared; last output: {tail!r}")
        return found

    def write(self, data: str | bytes) -> None:
        os.write(self.master, data.encode() if isinstance(data, str) else data)

    def finish(self, timeout: float = STARTUP_S) -> int:
        """Read to the end and return the exit status (negative: killed by that signal)."""
        deadline = time.monotonic() + timeout
        while self._read(0.1):
            if time.monotonic() > deadline:
                break
            if self.process.poll() is not None:
                while self._read(0.05):
                    pass
                break
        try:
            return self.process.wait(timeout=max(deadline - time.monotonic(), 1.0))
        finally:
            os.close(self.master)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def left_terminal_clean(output: bytes) -> bool:
    """Whether the last word about the alternate screen and mouse tracking was "off"."""
    return output.rfind(LEAVE_ALT_SCREEN) > output.rfind(ENTER_ALT_SCREEN) >= 0 and (
        output.rfind(MOUSE_OFF) > output.rfind(MOUSE_ON) >= 0
    )
