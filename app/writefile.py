"""Writing a file so that a reader, a crash or a kill sees the old one or the new one, never
half of either: through a temporary file beside it, then ``os.replace``.

The counterpart of :mod:`kubelearn.readfile`; the progress store, its history, the course
cache and the commands that write reports and exports all write this way.
"""

from __future__ import annotations

import contextlib
import os
import tempfile  # not on first use: a signal handler's save may interrupt that import
from pathlib import Path

__all__ = ["write_atomically"]


def write_atomically(path: Path, data: bytes, *, durable: bool = True,
                     sync_folder: bool = False) -> None:
    """Replace ``path`` with ``data``.

    ``durable``: the data reaches the disk (``fsync``) before it replaces the old file, so a
    power cut cannot leave an empty one (a cache, which can be rebuilt, need not wait).
    ``sync_folder``: the folder's entry is synced too, so the replacement itself survives a
    power cut (the learner's progress). The temporary file is removed on any failure.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if sync_folder:
        with contextlib.suppress(OSError):
            folder = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
