"""The lock that lets one kubelearn at a time save a progress file.

An exclusive lock held by the kernel on ``<progress file>.lock``: ``flock(2)`` on POSIX (as
filelock's UnixFileLock takes it, so an older kubelearn and this one exclude each other),
``msvcrt.locking`` on Windows. The kernel drops it when the process ends, so a killed
kubelearn never leaves a stale lock behind.

It replaced the filelock package, whose import (twenty modules, and through them hashlib with
OpenSSL, decimal, logging and platform) was 1.3 MiB of the exercise screen's memory for one
lock, and whose per-thread bookkeeping broke once when a signal handler took the lock while
a save was releasing it. Here a process holds one open file while it holds the lock, and a
handler that interrupts a save takes it again without waiting (re-entrant).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import time
from collections.abc import Iterator

#: How often a waiting save tries the lock again.
POLL_S = 0.05


class LockTimeout(OSError):
    """Another process held the lock for longer than the save would wait."""

    def __init__(self, path: str) -> None:
        super().__init__(errno.EAGAIN, "another process holds the lock", path)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class FileLock:
    """An exclusive lock on ``path``, re-entrant within this process."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None
        self._depth = 0

    @property
    def held(self) -> bool:
        return self._depth > 0

    @contextlib.contextmanager
    def acquire(self, timeout: float) -> Iterator[None]:
        """Hold the lock inside the ``with`` block; :class:`LockTimeout` when another
        process still holds it after ``timeout`` seconds (0: try once)."""
        if self._depth:  # this process holds it (a signal handler inside a save)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        fd = self._open_and_lock(timeout)
        self._fd, self._depth = fd, 1
        try:
            yield
        finally:
            # Unlocked before the depth drops: a handler that runs in between finds the lock
            # "held" and saves without waiting, rather than waiting on this very process.
            try:
                _unlock(fd)
            finally:
                os.close(fd)
                self._fd, self._depth = None, 0

    def _open_and_lock(self, timeout: float) -> int:
        deadline = time.monotonic() + max(timeout, 0.0)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise LockTimeout(self.path)
                time.sleep(POLL_S)
        except BaseException:
            os.close(fd)
            raise
        return fd
