"""Reading a file someone named, without trusting it: regular files only, never past a limit.

``kubelearn check FILE`` and the lesson loader read paths that come from the command line or
from a folder of strangers' lessons. ``open()`` on a FIFO with no writer blocks forever,
``/dev/zero`` never ends and a directory cannot be read, so the path is looked at (``stat``,
which follows symlinks) before it is opened, opened non-blocking in case it changed in
between, and read up to the limit plus one byte: enough to tell "too large" without holding
more than that in memory.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

__all__ = ["NotRegularFile", "describe_mode", "read_limited", "read_stream"]

_CHUNK = 1 << 16


class NotRegularFile(OSError):
    """The path names a directory, FIFO, device or socket; ``kind`` says which."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"is {kind}, not a regular file")
        self.kind = kind


def describe_mode(mode: int) -> str:
    """What kind of file ``mode`` (an ``st_mode``) is, in words: "a directory", "a FIFO"..."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a file" if stat.S_ISREG(mode) else "not a regular file"


def read_limited(path: str | os.PathLike[str], limit: int) -> tuple[bytes, int]:
    """At most ``limit + 1`` bytes of the regular file at ``path``, and its size on disk.

    Raises:
        NotRegularFile: ``path`` is not a regular file (nothing was opened).
        OSError: it cannot be found, opened or read (``FileNotFoundError``...).
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(describe_mode(mode))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)  # the path may have been swapped for a FIFO since the stat
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(describe_mode(info.st_mode))
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(_CHUNK, remaining))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks), info.st_size
    finally:
        os.close(fd)


def read_stream(stream: BinaryIO, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``stream`` (stdin), however much more it could give."""
    chunks: list[bytes] = []
    remaining = limit + 1
    while remaining > 0:
        chunk = stream.read(min(_CHUNK, remaining))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
