"""One class's data in one SQLite file: the roster, each student's progress, the event log.

Up to 40 kubelearn session processes (one per browser, ``kubelearn serve``) write the same
file at once, and the server may be killed at any moment. So:

- WAL journal (readers never wait for the writer) and ``synchronous=FULL``: a transaction is
  on disk when COMMIT returns, so nothing acknowledged is lost to SIGKILL or a power cut.
- Every write is one ``BEGIN IMMEDIATE`` transaction: it takes the write lock before reading,
  so two writers never deadlock upgrading a read lock (https://sqlite.org/lang_transaction.html,
  "BEGIN IMMEDIATE"). Waiting for the lock is SQLite's busy timeout, and a transaction that
  still found the database locked is tried again a bounded number of times.
- One connection per :class:`ClassDB`, one ClassDB per process, shared by its stores.

A student's progress row holds exactly what the learner's own progress file holds
(:func:`kubelearn.progress.model.encode_progress`), so the tutor runs unchanged on a
:class:`ClassProgressStore`; the events live in their own table.
"""

from __future__ import annotations

import contextlib
import copy
import json
import random
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from kubelearn.classroom.export import merge_progress
from kubelearn.progress.model import (
    MAX_FILE_BYTES,
    EventRecord,
    NewerFormatError,
    Progress,
    check_detail,
    encode_progress,
    parse_progress,
)
from kubelearn.progress.store import ProgressChanges
from kubelearn.safe_text import CONTROL_CHARS, visible

T = TypeVar("T")

#: The database's file name inside a class folder.
CLASS_DB = "class.db"
#: The schema this kubelearn writes (table ``schema_version``).
SCHEMA_VERSION = 1
#: SQLite waits this long for another process's write lock (its busy timeout) ...
BUSY_TIMEOUT_S = 5.0
#: ... and a write that still finds the database locked is tried this many times in all.
WRITE_ATTEMPTS = 4
#: A student's name: 1 to this many visible characters.
MAX_NAME_CHARS = 40

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS students (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,             -- as the student typed it (NFC, trimmed)
    name_key TEXT NOT NULL UNIQUE,  -- what names are matched by (see name_key)
    joined_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS progress (
    student_id INTEGER PRIMARY KEY REFERENCES students(id),
    json BLOB NOT NULL,             -- the learner's progress file, byte for byte
    updated_ms INTEGER NOT NULL     -- when the progress last changed
);
CREATE TABLE IF NOT EXISTS progress_damaged (
    student_id INTEGER NOT NULL,
    at_ms INTEGER NOT NULL,
    json BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    student_id INTEGER NOT NULL REFERENCES students(id),
    uid TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    kind TEXT NOT NULL,
    lesson TEXT,
    item TEXT,
    ok INTEGER,
    detail TEXT NOT NULL,
    UNIQUE (student_id, uid)
);
CREATE INDEX IF NOT EXISTS events_by_student ON events (student_id, id);
"""


class ClassDBError(Exception):
    """The class database cannot be used (not a database, from a newer kubelearn, locked
    for too long); the message says which, in one line."""


class InvalidName(ValueError):
    """A student's name that cannot be used. ``reason`` is ``empty``, ``too_long`` or
    ``control`` (the join screen words each one); the message is English."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Student:
    id: int
    #: As the student typed it: untrusted, show it through ``visible``/escaping.
    name: str
    joined_ms: int


@dataclass(frozen=True)
class Event:
    id: int
    student_id: int
    at_ms: int
    kind: str
    lesson_id: str | None
    item: str | None
    ok: bool | None
    detail: dict[str, Any]


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


# --------------------------------------------------------------------- names


def _visible_count(text: str) -> int:
    """Characters a reader sees: combining marks and format characters are not counted."""
    return sum(1 for c in text if unicodedata.category(c) not in ("Mn", "Me", "Cf"))


def shown_name(name: str) -> str:
    """``name`` as it is kept and shown: NFC, trimmed. InvalidName when it has a control
    character (C0, C1, bidi controls, line separators) or is not 1-40 visible characters."""
    text = unicodedata.normalize("NFC", name).strip()
    if any(ord(c) in CONTROL_CHARS or unicodedata.category(c) == "Cs" for c in text):
        raise InvalidName("control", f"the name {visible(text, keep_newlines=False)!r} has a "
                                     "control character; type letters, digits and spaces")
    count = _visible_count(text)
    if count == 0:
        raise InvalidName("empty", "the name is empty")
    if count > MAX_NAME_CHARS:
        raise InvalidName("too_long", f"the name is longer than {MAX_NAME_CHARS} characters")
    return text


def name_key(name: str) -> str:
    """What two names are the same student by: the shown name with runs of spaces as one,
    case-folded, NFC ("Ana  LI" and "ana li" are one student). InvalidName as shown_name."""
    folded = " ".join(shown_name(name).split()).casefold()
    return unicodedata.normalize("NFC", folded)


# --------------------------------------------------------------------- the database


def _busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class ClassDB:
    """One class's SQLite file: ``path`` is the class folder (the file is
    ``<folder>/class.db``) or the ``.db`` file itself; the folder is created if missing.

    Thread-safe: one connection, used under a lock (the tutor checks in a worker thread).
    Raises ClassDBError when the file is not a class database or is from a newer kubelearn.
    """

    def __init__(self, path: str | Path) -> None:
        given = Path(path)
        if given.suffix == ".db" or given.is_file():  # the database file itself
            self.folder, self.file = given.parent, given
        else:
            self.folder, self.file = given, given / CLASS_DB
        self._lock = threading.RLock()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.file, timeout=BUSY_TIMEOUT_S,
                                         isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise ClassDBError(f"cannot open {visible(self.file, keep_newlines=False)}: "
                               f"{visible(exc, keep_newlines=False)}") from None
        try:
            self._set_up()
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise ClassDBError(f"{visible(self.file, keep_newlines=False)} is not a kubelearn "
                               f"class database ({visible(exc, keep_newlines=False)})") from None
        except ClassDBError:
            self._conn.close()
            raise

    def _set_up(self) -> None:
        conn = self._conn
        # WAL is a property of the file: the first process sets it, later ones find it set.
        for attempt in range(WRITE_ATTEMPTS):
            try:
                mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
                break
            except sqlite3.OperationalError as exc:
                if not _busy(exc) or attempt + 1 == WRITE_ATTEMPTS:
                    raise
                self._pause(attempt)
        if str(mode).lower() != "wal":
            raise ClassDBError(f"{visible(self.file, keep_newlines=False)}: SQLite could not "
                               f"use its WAL journal here (it uses {mode})")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")

        def create(c: sqlite3.Connection) -> int:
            # Not executescript(): it would COMMIT the transaction first.
            for statement in _SCHEMA.split(";\n"):
                if statement.strip():
                    c.execute(statement)
            row = c.execute("SELECT max(version) FROM schema_version").fetchone()
            if row[0] is None:
                c.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
                return SCHEMA_VERSION
            return int(row[0])

        version = self._write(create)
        if version > SCHEMA_VERSION:
            raise ClassDBError(f"{visible(self.file, keep_newlines=False)} was written by a "
                               f"newer kubelearn (class database format {version})")

    @staticmethod
    def _pause(attempt: int) -> None:
        time.sleep(0.05 * (2 ** attempt) * (1 + random.random()))

    def _write(self, body: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``body`` in one write transaction and commit it (on disk when this returns).

        ``body`` must not change anything outside the database: it may run again when the
        database stayed locked longer than the busy timeout.
        """
        with self._lock:
            for attempt in range(WRITE_ATTEMPTS):
                try:
                    self._conn.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    if _busy(exc) and attempt + 1 < WRITE_ATTEMPTS:
                        self._pause(attempt)
                        continue
                    raise
                try:
                    result = body(self._conn)
                    self._conn.execute("COMMIT")
                    return result
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                    raise
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _read(self, body: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``body`` in one read transaction (a consistent snapshot)."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                return body(self._conn)
            finally:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("COMMIT")

    # ----------------------------------------------------------------- the roster

    def join(self, name: str) -> Student:
        """The student called ``name`` (by :func:`name_key`), added if new. InvalidName for
        a name that cannot be used."""
        shown, key = shown_name(name), name_key(name)

        def add(c: sqlite3.Connection) -> tuple[Any, ...]:
            c.execute("INSERT OR IGNORE INTO students (name, name_key, joined_ms) "
                      "VALUES (?, ?, ?)", (shown, key, _now_ms()))
            return c.execute("SELECT id, name, joined_ms FROM students WHERE name_key = ?",
                             (key,)).fetchone()

        return Student(*self._write_or_fail(add))

    def roster(self) -> list[Student]:
        """Every student, in the order they joined."""
        rows = self._read(lambda c: c.execute(
            "SELECT id, name, joined_ms FROM students ORDER BY id").fetchall())
        return [Student(*row) for row in rows]

    # ----------------------------------------------------------------- progress and events

    def store_for(self, student: Student) -> ClassProgressStore:
        return ClassProgressStore(self, student)

    def progress_of(self, student_id: int) -> Progress:
        """The student's saved progress (a fresh one if none or damaged)."""
        raw = self._read(lambda c: _progress_row(c, student_id))
        if raw is None:
            return Progress()
        try:
            return parse_progress(raw)
        except ValueError:
            return Progress()

    def events(self, student_id: int | None = None, since_id: int = 0,
               limit: int | None = None) -> list[Event]:
        """Events after ``since_id`` (all students, or one), oldest first; at most
        ``limit`` of them when given (the next call passes the last id as ``since_id``)."""
        sql = ("SELECT id, student_id, at_ms, kind, lesson, item, ok, detail FROM events "
               "WHERE id > ?")
        params: list[Any] = [since_id]
        if student_id is not None:
            sql += " AND student_id = ?"
            params.append(student_id)
        sql += " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(limit, 0))
        rows = self._read(lambda c: c.execute(sql, params).fetchall())
        return [Event(i, s, at, kind, lesson, item, None if ok is None else bool(ok),
                      _detail(detail)) for i, s, at, kind, lesson, item, ok, detail in rows]

    def merge(self, student: Student, progress: Progress,
              events: Iterable[EventRecord] = ()) -> int:
        """Add an imported ``progress`` (:func:`~kubelearn.classroom.export.merge_progress`)
        and ``events`` to ``student``'s, in one transaction; how many events were new."""
        sid = student.id
        rows = [_event_row(sid, e) for e in events]

        def body(c: sqlite3.Connection) -> int:
            raw = _progress_row(c, sid)
            mine = Progress()
            if raw is not None:
                try:
                    mine = parse_progress(raw)
                except ValueError as exc:
                    raise ClassDBError(f"{student.name!r}'s saved progress cannot be read "
                                       f"({exc}); nothing was imported") from None
            merge_progress(mine, progress)
            data = encode_progress(mine)
            if data != raw:
                c.execute(_UPSERT_PROGRESS, (sid, data, _now_ms()))
            before = c.total_changes
            c.executemany(_INSERT_EVENT, rows)
            return c.total_changes - before

        return self._write_or_fail(body)

    def _write_or_fail(self, body: Callable[[sqlite3.Connection], T]) -> T:
        """:meth:`_write`, with SQLite's errors as one ClassDBError line."""
        try:
            return self._write(body)
        except sqlite3.Error as exc:
            raise ClassDBError(f"{visible(self.file, keep_newlines=False)}: "
                               f"{visible(exc, keep_newlines=False)}") from None

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> ClassDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_UPSERT_PROGRESS = ("INSERT INTO progress (student_id, json, updated_ms) VALUES (?, ?, ?) "
                    "ON CONFLICT (student_id) DO UPDATE SET json = excluded.json, "
                    "updated_ms = excluded.updated_ms")
_INSERT_EVENT = ("INSERT OR IGNORE INTO events "
                 "(student_id, uid, at_ms, kind, lesson, item, ok, detail) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


def _event_row(student_id: int, e: EventRecord) -> tuple[Any, ...]:
    try:
        kept = check_detail(e.detail)
    except ValueError:  # never block a save on an event's detail: keep the event without it
        kept = {}
    detail = json.dumps(kept, ensure_ascii=False, separators=(",", ":"))
    return (student_id, e.uid, e.at_ms, e.kind, e.lesson_id, e.item,
            None if e.ok is None else int(e.ok), detail)


def _detail(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _progress_row(c: sqlite3.Connection, student_id: int) -> bytes | None:
    row = c.execute("SELECT json FROM progress WHERE student_id = ?", (student_id,)).fetchone()
    return None if row is None else bytes(row[0])


# --------------------------------------------------------------------- a student's store


class _Pending(NamedTuple):
    apply: Callable[[Progress], None]
    key: Hashable | None
    event: EventRecord | None


class ClassProgressStore(ProgressChanges):
    """A student's progress in the class database, with the same API as
    :class:`kubelearn.progress.ProgressStore` (its changes are shared through
    :class:`~kubelearn.progress.store.ProgressChanges`).

    Every change is one transaction: read the student's row, apply the change, write the
    row and the change's event, commit. So two sessions of one student (two tabs) each add
    their changes, and a change whose save failed (locked too long, disk full) stays pending
    in memory with a :attr:`warning` and is saved with the next one.
    """

    def __init__(self, db: ClassDB, student: Student) -> None:
        self.db = db
        self.student = student
        self._warning: str | None = None
        self._read_only: str | None = None
        self._save_failed = False
        self._pending: list[_Pending] = []
        self._saving = False
        self._saved = self._load()
        self._progress = copy.deepcopy(self._saved)

    def _load(self) -> Progress:
        try:
            raw = self.db._read(lambda c: _progress_row(c, self.student.id))
        except sqlite3.Error as exc:
            self.warning = f"Could not read your saved progress ({exc}); starting fresh."
            return Progress()
        if raw is None:
            return Progress()
        try:
            return parse_progress(raw)
        except NewerFormatError as exc:
            self._read_only = (f"Your saved progress was {exc}; kubelearn will not write "
                               "over it, and your changes are kept only until you quit.")
            self.warning = self._read_only
        except ValueError as exc:
            self.warning = (f"Your saved progress was damaged ({exc}); it is kept aside in "
                            "the class database and a fresh one started.")
        return Progress()

    def _transaction(self, batch: list[_Pending]) -> Callable[[sqlite3.Connection], Progress]:
        sid = self.student.id

        def body(c: sqlite3.Connection) -> Progress:
            raw = _progress_row(c, sid)
            base = copy.deepcopy(self._saved)
            if raw is not None:
                try:
                    base = parse_progress(raw)
                except ValueError:  # NewerFormatError too: a newer kubelearn wrote it since
                    c.execute("INSERT INTO progress_damaged (student_id, at_ms, json) "
                              "VALUES (?, ?, ?)", (sid, _now_ms(), raw))
            for change in batch:
                change.apply(base)
            data = encode_progress(base)
            if len(data) > MAX_FILE_BYTES:
                raise sqlite3.DataError("the progress would be larger than 16 MiB")
            if data != raw:
                c.execute(_UPSERT_PROGRESS, (sid, data, _now_ms()))
            c.executemany(_INSERT_EVENT, [_event_row(sid, change.event) for change in batch
                                          if change.event is not None])
            return base

        return body

    def _save(self) -> bool:
        if self._read_only:
            self.warning = self._read_only
            return False
        batch = list(self._pending)
        try:
            saved = self.db._write(self._transaction(batch))
        except (sqlite3.Error, ValueError) as exc:
            self._save_failed = True
            self.warning = (f"Could not save your progress in the class database ({exc}); it "
                            "is kept and saved with the next change.")
            return False
        del self._pending[:len(batch)]
        self._saved = saved
        if self._save_failed:
            self._save_failed = False
            self.warning = None
        self._progress = copy.deepcopy(saved)
        for change in self._pending:
            change.apply(self._progress)
        return True

    def update(self, change: Callable[[Progress], None], *, key: Hashable | None = None,
               event: EventRecord | None = None) -> Progress:
        """Apply ``change`` to the student's newest saved progress and commit it with
        ``event``; a failure keeps both pending (see the class)."""
        if key is not None and not self._saving:
            self._pending[:] = [c for c in self._pending if c.key != key]
        self._pending.append(_Pending(change, key, event))
        if self._saving:  # a signal handler interrupted this store's save: the loop saves it
            change(self._progress)
            return self._progress
        self._saving = True
        try:
            for _ in range(3):  # again if a handler added a change during the save
                if not self._save():
                    change(self._progress)
                    break
                if not self._pending:
                    break
        finally:
            self._saving = False
        return self._progress

    def flush(self) -> bool:
        """Try again to save changes that could not be saved; True when none are left."""
        if self._pending and not self._saving:
            self._saving = True
            try:
                self._save()
            finally:
                self._saving = False
        return not self._pending
