"""A real ``kubelearn serve`` on loopback, on the fixture course, for the serve tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURE_COURSE = REPO / "tests" / "fixtures" / "ui_course"
#: Generous: the machine is shared, and the first session parses the course.
START_S = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Served:
    """A running ``kubelearn serve``: its URL, join code, class folder and process."""

    url: str
    code: str
    folder: Path
    process: subprocess.Popen
    port: int
    home: Path

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)


def start_server(folder: Path, home: Path, *extra: str, port: int | None = None) -> Served:
    """``kubelearn serve`` in its own process group (its sessions with it, so a SIGKILL of
    the group is a machine losing power), once it accepts connections."""
    port = port or free_port()
    environ = {**os.environ, "KUBELEARN_HOME": str(home), "TEXTUAL_ANIMATIONS": "none"}
    process = subprocess.Popen(
        [sys.executable, "-m", "kubelearn", "serve", "--class-dir", str(folder),
         "--port", str(port), "--lessons", str(FIXTURE_COURSE), "--lang", "en", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environ,
        start_new_session=True,
    )
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve ended: {process.stdout.read()}")  # type: ignore[union-attr]
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        raise AssertionError("serve did not start listening")
    code = (folder / "class.toml").read_text(encoding="utf-8").split('join_code = "')[1][:6]
    return Served(f"http://127.0.0.1:{port}/", code, folder, process, port, home)


@pytest.fixture
def serve(tmp_path: Path):
    """Start servers on a class folder in ``tmp_path``; every one is stopped afterwards."""
    started: list[Served] = []

    def start(*extra: str, port: int | None = None) -> Served:
        served = start_server(tmp_path / "room", tmp_path / "home", *extra, port=port)
        started.append(served)
        return served

    yield start
    for served in started:
        served.stop(signal.SIGKILL)
