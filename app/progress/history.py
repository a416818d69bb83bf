"""The learner's event history beside the progress file: ``progress.events.jsonl``, one event a
line (:class:`~kubelearn.progress.model.EventRecord`), appended, never rewritten per change.

Why a file of its own: the progress file is rewritten whole on every change (a draft saved
at each pause in typing), and 5,000 events in it made each such save take over half a second
(measured: 668 ms against 9 ms without them). Appending one line costs the same however long
the history is. So the progress file keeps its format, and an older kubelearn still reads it.

- An append is one ``write`` to a file opened with O_APPEND: two kubelearn processes
  appending at once each add whole lines. It is not fsynced: once ``write`` returns the
  line survives the process being killed (it is the kernel's), and only a power cut can
  take the last few lines; an fsync per check would cost the editor ~10 ms each time, for a
  record of what happened, not the progress itself (which is fsynced).
- The history is bounded: past ROTATE_BYTES it is rewritten (temporary file, ``os.replace``)
  with the newest MAX_EVENTS events. There is no file lock: an append needs none, and one
  would be taken inside the tutor's SIGTERM handler while the progress file's lock is half
  acquired or released (with the filelock package this once broke its per-thread
  bookkeeping: a KeyError in tests/test_progress_data_loss.py). The price: a line another kubelearn process appends
  while this one rotates (every ~10,000 events) can be lost, from a record, not progress.
- Reading is forgiving: it is a record of what happened, not the progress itself, so a line
  that does not read (a write cut short by a kill, a hand edit) is skipped, an event written
  twice is read once (by its uid), and a file too large is read from its end.
- Events that could not be written (disk full, a folder in its place) stay in memory, at most
  MAX_EVENTS of them, and are written with the next one.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from kubelearn.progress.model import MAX_EVENTS, EventRecord
from kubelearn.writefile import write_atomically

#: Past this size the history is cut to its newest MAX_EVENTS events (an event is a few
#: hundred bytes: 5,000 are about 1.5 MiB).
ROTATE_BYTES = 4 * 1024 * 1024
#: At most this much of the file's end is read.
READ_LIMIT_BYTES = 2 * ROTATE_BYTES


def history_path(progress_path: Path) -> Path:
    """``progress.json`` -> ``progress.events.jsonl`` (beside it, through no symlink)."""
    target = Path(os.path.realpath(progress_path))
    return target.with_name(f"{target.stem}.events.jsonl")


def _line(event: EventRecord) -> bytes:
    text = json.dumps(event.to_json(), ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", errors="replace") + b"\n"


def parse_events(raw: bytes) -> list[EventRecord]:
    """The events in ``raw`` (JSON lines), oldest first, each once, the newest MAX_EVENTS;
    lines that do not read as an event are skipped."""
    events: dict[str, EventRecord] = {}
    for line in raw.splitlines():
        try:
            event = EventRecord.from_json(json.loads(line))
        except (ValueError, RecursionError):
            continue
        events.setdefault(event.uid, event)
    return list(events.values())[-MAX_EVENTS:]


class EventLog:
    """The history file at ``path`` (see the module)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._unwritten: list[EventRecord] = []
        self._flushing = False

    @property
    def unwritten(self) -> int:
        return len(self._unwritten)

    def append(self, event: EventRecord) -> bool:
        """Add ``event`` (and any not written before); False when they wait in memory."""
        self._unwritten.append(event)
        del self._unwritten[:-MAX_EVENTS]
        return self.flush()

    def flush(self) -> bool:
        """Write the events not written yet; True when none are left.

        A signal handler that interrupts a flush (the tutor saves on SIGTERM) leaves its
        event waiting for the next append or flush, so a batch is never written twice over
        itself mid-rotation.
        """
        batch = list(self._unwritten)
        if not batch or self._flushing:
            return not batch
        self._flushing = True
        try:
            size = self._write(b"".join(_line(e) for e in batch))
            if size > ROTATE_BYTES:
                self._rotate()
        except OSError:
            return False
        finally:
            self._flushing = False
        # In place: a signal handler's append may have added one since the batch was taken.
        del self._unwritten[:len(batch)]
        return not self._unwritten

    def _write(self, data: bytes) -> int:
        """Append ``data`` in one write (no fsync: see the module); the file's size after."""
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(self.path, flags | os.O_NONBLOCK, 0o600)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):  # a FIFO or a device put there: never write
                raise OSError(f"{self.path} is not a regular file")
            os.write(fd, data)
            return os.fstat(fd).st_size
        finally:
            os.close(fd)

    def _rotate(self) -> None:
        """Keep the newest MAX_EVENTS events, and no more than half of ROTATE_BYTES of them
        (so large events do not make every append rotate)."""
        kept: list[bytes] = []
        size = 0
        for event in reversed(parse_events(self._read_tail())):
            line = _line(event)
            size += len(line)
            if size > ROTATE_BYTES // 2:
                break
            kept.append(line)
        data = b"".join(reversed(kept))
        write_atomically(self.path, data)

    def _read_tail(self) -> bytes:
        """The file's last READ_LIMIT_BYTES (from a line start), or b"" when there is none."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except (FileNotFoundError, NotADirectoryError):
            return b""
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return b""
            start = max(0, info.st_size - READ_LIMIT_BYTES)
            with os.fdopen(os.dup(fd), "rb") as handle:
                handle.seek(start)
                data = handle.read(READ_LIMIT_BYTES)
        finally:
            os.close(fd)
        if start:
            data = data[data.find(b"\n") + 1:] if b"\n" in data else b""
        return data

    def clear(self) -> bool:
        """Forget the history (``kubelearn progress reset``); False when it could not."""
        self._unwritten.clear()
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            return False
        return True

    def read(self) -> list[EventRecord]:
        """The history: what the file holds, then what waits to be written."""
        try:
            events = parse_events(self._read_tail())
        except OSError:
            events = []
        seen = {e.uid for e in events}
        events += [e for e in self._unwritten if e.uid not in seen]
        return events[-MAX_EVENTS:]
