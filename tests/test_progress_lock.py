"""The progress file's lock: one process at a time, never stale, re-entrant for a signal
handler inside a save."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kubelearn.progress.lock import FileLock, LockTimeout


def _holder(path: Path) -> subprocess.Popen:
    """Another process that takes the lock, says so, and keeps it until told (or killed)."""
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys
        from kubelearn.progress.lock import FileLock
        with FileLock({str(path)!r}).acquire(timeout=0):
            print("held", flush=True)
            sys.stdin.readline()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert child.stdout is not None and child.stdout.readline().strip() == b"held"
    return child


def test_another_process_waits_then_times_out(tmp_path: Path) -> None:
    path = tmp_path / "p.lock"
    child = _holder(path)
    try:
        start = time.monotonic()
        with pytest.raises(LockTimeout), FileLock(str(path)).acquire(timeout=0.3):
            pass
        assert 0.25 <= time.monotonic() - start < 5
        with pytest.raises(OSError), FileLock(str(path)).acquire(timeout=0):
            pass  # a LockTimeout is an OSError, which the store reports as a failed save
    finally:
        child.communicate(b"\n", timeout=30)
    with FileLock(str(path)).acquire(timeout=0):
        pass  # free once the other process let go


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    path = tmp_path / "p.lock"
    child = _holder(path)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(30)
    with FileLock(str(path)).acquire(timeout=2):
        pass


def test_the_same_process_takes_it_again_without_waiting(tmp_path: Path) -> None:
    lock = FileLock(str(tmp_path / "p.lock"))
    with lock.acquire(timeout=0):
        start = time.monotonic()
        with lock.acquire(timeout=5):  # as a signal handler inside a save does
            assert lock.held
        assert lock.held and time.monotonic() - start < 1
    assert not lock.held
    child = _holder(tmp_path / "p.lock")  # and it was really let go
    child.communicate(b"\n", timeout=30)


def test_two_locks_in_one_process_exclude_each_other(tmp_path: Path) -> None:
    """Two stores on one file in one process (a test, or the tutor and a command) are two
    holders, as two processes would be."""
    first, second = FileLock(str(tmp_path / "p.lock")), FileLock(str(tmp_path / "p.lock"))
    with first.acquire(timeout=0), pytest.raises(LockTimeout), second.acquire(timeout=0):
        pass
