"""The progress store: one JSON file, saved after every change, never half-written, never lost.

Every change goes through :meth:`ProgressStore.update`, which takes an inter-process lock,
reads the file again, applies the changes not yet saved and writes a temporary file that
replaces the old one (``os.replace``, through a symlink to its target). So a crash or kill
mid-write leaves the previous file intact, and two kubelearn processes at once each add
their changes instead of overwriting the other's.

Nothing the learner did is dropped and no file is written over that cannot be read back:

- A change that could not be saved (disk full, lock held) stays pending and is replayed on
  the next save, on top of whatever is on disk then.
- A damaged file (bad JSON, wrong shapes, numbers out of range, too large) is moved aside
  (``progress.json.corrupt-<time>``) with a warning, and a fresh one is started.
- A file that cannot be read is left alone until the first save, which moves it aside
  (``progress.json.unreadable-<time>``) first or, if it cannot, saves nothing.
- A file from a newer kubelearn, or a path that is not a regular file, is never written:
  the session keeps its changes in memory and says so.

Changes must be idempotent ("set this", "add that"): with two processes, or a save
interrupted by a signal handler that saves too, a change can be applied to a state that
already holds it.
"""

from __future__ import annotations

import contextlib
import copy
import errno
import os
import stat
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from kubelearn.progress.history import EventLog, history_path
from kubelearn.progress.lock import FileLock, LockTimeout
from kubelearn.progress.model import (
    MAX_ANSWER_BYTES,
    MAX_DRAFT_BYTES,
    MAX_EVENT_TEXT_BYTES,
    MAX_FILE_BYTES,
    MAX_INDEX,
    EventRecord,
    ExerciseProgress,
    LessonProgress,
    NewerFormatError,
    Position,
    Progress,
    Screen,
    check_detail,
    encode_progress,
    parse_progress,
)
from kubelearn.readfile import NotRegularFile, read_limited
from kubelearn.safe_text import visible
from kubelearn.writefile import write_atomically

#: Seconds to wait for another kubelearn holding the lock; after a wait that timed out, the
#: next saves wait only RETRY_LOCK_TIMEOUT_S, so a stuck peer does not freeze every change.
LOCK_TIMEOUT_S = 10.0
RETRY_LOCK_TIMEOUT_S = 0.5


class _ReadOnly(Exception):
    """The store will not write this session (the reason is the warning)."""


def _read_bounded(path: Path) -> bytes | None:
    """The file's bytes (at most MAX_FILE_BYTES + 1), or None when there is no file.

    Never blocks on a FIFO and never reads a device: those raise NotRegularFile.
    """
    try:
        return read_limited(path, MAX_FILE_BYTES)[0]
    except (FileNotFoundError, NotADirectoryError):
        return None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


class _Change(NamedTuple):
    apply: Callable[[Progress], None]
    #: Changes with the same key replace each other while pending (the newest draft wins).
    key: Hashable | None = None


#: The finding codes kept per check, and the length of each; the finding messages kept as
#: examples, and theirs (all of it well inside MAX_DETAIL_BYTES, in any script).
MAX_CODES = 20
MAX_CODE_CHARS = 40
MAX_EXAMPLES = 3
MAX_EXAMPLE_CHARS = 80
#: Time spent on one screen is counted up to a day.
MAX_SCREEN_SECONDS = 24 * 3600


def _too_big(detail: dict[str, Any]) -> bool:
    try:
        check_detail(detail)
    except ValueError:
        return True
    return False


def _nothing(p: Progress) -> None:
    """The change of an event that records what happened without changing progress."""


def _id(text: str | None) -> str | None:
    """An id as the history keeps it: at most MAX_EVENT_TEXT_BYTES bytes of UTF-8."""
    if text is None:
        return None
    return text.encode("utf-8", "replace")[:MAX_EVENT_TEXT_BYTES].decode("utf-8", "ignore")


def lesson_completion(progress: Progress, lesson: Any) -> float:
    """How much of ``lesson`` ``progress`` has done, 0..1: steps seen, quiz taken, exercises
    passed, each one part (what the course map and a class report show)."""
    lp = progress.lesson(lesson.id)
    steps = len(lesson.steps)
    parts = steps + (1 if lesson.quiz else 0) + len(lesson.exercises)
    if parts == 0:
        return 0.0
    done = len([s for s in lp.steps_seen if 0 <= s < steps])
    if lesson.quiz and lp.quiz_best is not None:
        done += 1
    done += sum(1 for ex in lesson.exercises if progress.exercise(ex.id).status == "passed")
    return min(1.0, done / parts)


class ProgressChanges(ABC):
    """What the tutor records, over any store: the JSON file here, a class database
    (:class:`kubelearn.classroom.db.ClassProgressStore`). A store supplies :attr:`progress`
    (the view with every change applied), :meth:`update` (apply and save one change, with
    its event) and :attr:`unsaved_changes`; the changes and summaries are shared.
    """

    # A store keeps these four; the views of them are shared.
    _progress: Progress
    _pending: list
    _warning: str | None
    _read_only: str | None

    @property
    def progress(self) -> Progress:
        """The learner's progress with every change made so far (saved or not)."""
        return self._progress

    @property
    def warning(self) -> str | None:
        """What the learner should know about the store, safe to print (one line)."""
        return self._warning

    @warning.setter
    def warning(self, text: str | None) -> None:
        self._warning = None if text is None else visible(text, keep_newlines=False)

    @property
    def unsaved_changes(self) -> int:
        """How many changes are only in memory (a failed save, or a read-only store)."""
        return len(self._pending)

    @property
    def read_only(self) -> bool:
        return self._read_only is not None

    @abstractmethod
    def update(self, change: Callable[[Progress], None], *, key: Hashable | None = None,
               event: EventRecord | None = None) -> Progress:
        """Apply ``change``, save it, and record ``event`` (the class database commits
        both in one transaction; the JSON store appends the event to its history file)."""

    # ----------------------------------------------------------------- changes

    def _lesson(self, p: Progress, lesson_id: str) -> LessonProgress:
        return p.lessons.setdefault(lesson_id, LessonProgress())

    def _exercise(self, p: Progress, exercise_id: str) -> ExerciseProgress:
        return p.exercises.setdefault(exercise_id, ExerciseProgress())

    def _unchanged(self, same: bool) -> bool:
        """Skip a change that changes nothing, unless earlier ones wait to be saved."""
        return same and not self.unsaved_changes

    @staticmethod
    def _event(kind: str, lesson_id: str | None = None, item: str | None = None,
               ok: bool | None = None, detail: dict[str, Any] | None = None) -> EventRecord:
        """A new event, now, with ids cut to what the history keeps."""
        return EventRecord(os.urandom(8).hex(), time.time_ns() // 1_000_000, kind,
                           _id(lesson_id), _id(item), ok, detail or {})

    def mark_step_seen(self, lesson_id: str, step: int) -> None:
        if not 0 <= step <= MAX_INDEX:
            return
        seen = step in self.progress.lesson(lesson_id).steps_seen
        if self._unchanged(seen):
            return
        self.update(lambda p: self._lesson(p, lesson_id).steps_seen.add(step),
                    event=None if seen else self._event("step_seen", lesson_id, str(step)))

    def set_position(self, lesson_id: str, screen: Screen, step: int = 0,
                     exercise_id: str | None = None) -> None:
        position = Position(lesson_id, screen, min(max(step, 0), MAX_INDEX), exercise_id)
        if self._unchanged(self.progress.last == position):
            return

        def move(p: Progress) -> None:
            p.last = position

        self.update(move, key=("position",))

    def record_quiz_answer(self, lesson_id: str, question_index: int, choice_key: str,
                           correct: bool | None = None) -> None:
        """Keep the answer; the event says whether it was right, when the caller knows."""
        if not 0 <= question_index <= MAX_INDEX or len(choice_key) > MAX_ANSWER_BYTES // 4:
            return

        def answer(p: Progress) -> None:
            self._lesson(p, lesson_id).quiz_answers[question_index] = choice_key

        self.update(answer, event=self._event(
            "quiz_answer", lesson_id, str(question_index), correct,
            {"choice": choice_key[:MAX_EVENT_TEXT_BYTES // 4]}))

    def clear_quiz_answers(self, lesson_id: str) -> None:
        """Start the quiz afresh as a new attempt (the best score stays); the attempt number
        wraps at :data:`MAX_INDEX`, which only a reader of the file could tell."""

        def clear(p: Progress) -> None:
            lp = self._lesson(p, lesson_id)
            lp.quiz_answers.clear()
            lp.quiz_attempt = (lp.quiz_attempt + 1) % (MAX_INDEX + 1)

        self.update(clear)

    def record_quiz_score(self, lesson_id: str, score: int, total: int) -> None:
        score, total = (min(max(n, 0), MAX_INDEX) for n in (score, total))

        def record(p: Progress) -> None:
            lp = self._lesson(p, lesson_id)
            lp.quiz_total = total
            if lp.quiz_best is None or score > lp.quiz_best:
                lp.quiz_best = score

        self.update(record)

    def _draft_fits(self, text: str) -> bool:
        if len(text) <= MAX_DRAFT_BYTES // 4 or len(
                text.encode("utf-8", errors="replace")) <= MAX_DRAFT_BYTES:
            return True
        self.warning = (f"This draft is larger than {MAX_DRAFT_BYTES // 1024} KiB, more than "
                        "the checker reads; it is not saved.")
        return False

    def save_draft(self, exercise_id: str, text: str) -> None:
        """Save what is in the editor; synchronous, and safe in a signal handler at exit."""
        if self._unchanged(self.progress.exercise(exercise_id).draft == text):
            return
        if not self._draft_fits(text):
            self._exercise(self.progress, exercise_id).draft = text
            return

        def save(p: Progress) -> None:
            ep = self._exercise(p, exercise_id)
            ep.draft = text
            if ep.status == "new":
                ep.status = "started"

        self.update(save, key=("draft", exercise_id))

    def set_hints_shown(self, exercise_id: str, n: int) -> None:
        n = min(max(n, 0), MAX_INDEX)
        more = n > self.progress.exercise(exercise_id).hints_shown

        def hints(p: Progress) -> None:
            ep = self._exercise(p, exercise_id)
            ep.hints_shown = max(ep.hints_shown, n)

        self.update(hints, event=self._event("hint_revealed", item=exercise_id, detail={"n": n})
                    if more else None)

    def mark_solution_revealed(self, exercise_id: str) -> None:
        def reveal(p: Progress) -> None:
            self._exercise(p, exercise_id).solution_revealed = True

        self.update(reveal, event=self._event("solution_revealed", item=exercise_id))

    def mark_exercise_passed(self, exercise_id: str, text: str) -> None:
        """Record the pass (the event only for the first: a pass stays recorded)."""
        keep = self._draft_fits(text)
        first = self.progress.exercise(exercise_id).status != "passed"

        def passed(p: Progress) -> None:
            ep = self._exercise(p, exercise_id)
            ep.status = "passed"
            if keep:
                ep.draft = text

        self.update(passed, event=self._event("exercise_passed", item=exercise_id, ok=True)
                    if first else None)

    def reset_exercise(self, exercise_id: str) -> None:
        """Back to the starter: forget the draft and hints (a pass stays recorded)."""

        def reset(p: Progress) -> None:
            ep = self._exercise(p, exercise_id)
            ep.draft = None
            ep.hints_shown = 0
            if ep.status == "started":
                ep.status = "new"

        self.update(reset)

    def record_check(self, exercise_id: str, codes: Sequence[str], passed: bool, *,
                     lesson_id: str | None = None,
                     examples: Mapping[str, str] | None = None) -> None:
        """The checker's verdict on a text the learner wrote: its finding codes (in order,
        each once, at most MAX_CODES), whether it passed, and a finding's message for a
        few codes (``examples``, cut short). Changes no progress."""
        kept = list(dict.fromkeys(str(c)[:MAX_CODE_CHARS] for c in codes))[:MAX_CODES]
        detail: dict[str, Any] = {"codes": kept}
        shown = {str(code)[:MAX_CODE_CHARS]: str(text)[:MAX_EXAMPLE_CHARS]
                 for code, text in list((examples or {}).items())[:MAX_EXAMPLES]}
        if shown:
            detail["examples"] = shown
        while _too_big(detail):  # codes of many non-Latin characters: keep what fits
            if detail.pop("examples", None) is None:
                kept.pop()
        self.update(_nothing, event=self._event("exercise_checked", lesson_id, exercise_id,
                                                bool(passed), detail))

    def record_time(self, lesson_id: str, screen: Screen, seconds: float, *,
                    exercise_id: str | None = None) -> None:
        """Time spent on a screen, recorded on leaving it (whole seconds, at most a day:
        a laptop left open overnight is not a day of work). Under a second is not kept."""
        whole = min(int(seconds), MAX_SCREEN_SECONDS)
        if whole < 1:
            return
        self.update(_nothing, event=self._event("time_spent", lesson_id, exercise_id,
                                                detail={"seconds": whole, "screen": screen}))

    # ----------------------------------------------------------------- summaries

    def lesson_completion(self, lesson: Any) -> float:
        """How much of a lesson is done, 0..1: steps seen, quiz taken, exercises passed."""
        return lesson_completion(self.progress, lesson)


class ProgressStore(ProgressChanges):
    """Loads, changes and saves the progress file at ``path``.

    Safe to call from a signal handler in the main thread while a save is under way (the
    lock is one reentrant object per store, and a save interrupted that way saves again).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._warning: str | None = None
        self._save_failed = False
        self._read_only: str | None = None
        self._pending: list[_Change] = []
        self._saving = False
        self._file_lock: FileLock | None = None
        self._lock_timeout = LOCK_TIMEOUT_S
        self._saved = self._load()
        self._progress = copy.deepcopy(self._saved)
        self._remove_stale_temps_if_free()
        #: What the learner did, for ``kubelearn progress export``.
        self.history = EventLog(history_path(self.path))

    # ----------------------------------------------------------------- loading

    def _target(self) -> Path:
        """Where the bytes live: the file a symlinked ``progress.json`` points to."""
        return Path(os.path.realpath(self.path))

    def _refuse(self, why: str) -> None:
        self._read_only = (f"{why} kubelearn will not write over it; your changes in this "
                           "session are kept only until you quit.")
        self.warning = self._read_only

    def _load(self) -> Progress:
        target = self._target()
        try:
            raw = _read_bounded(target)
        except NotRegularFile:
            self._refuse(f"{self.path} is not a regular file.")
            return Progress()
        except OSError as exc:
            self.warning = (f"Could not read {self.path} ({_reason(exc)}); starting fresh. "
                            "It will be kept under another name before anything is saved.")
            return Progress()
        if raw is None:
            return Progress()
        try:
            return parse_progress(raw)
        except NewerFormatError as exc:
            self._refuse(f"{self.path} was {exc}.")
        except ValueError as exc:
            with contextlib.suppress(OSError):  # not moved: the warning says so
                self._set_aside_damaged(target, exc)
        return Progress()

    def _set_aside_damaged(self, target: Path, exc: Exception) -> Path:
        aside = self._move_aside(target, "corrupt")
        if aside is None:
            self.warning = (f"Your progress file {self.path} is damaged ({exc}) and could not "
                            "be moved aside; nothing will be saved over it.")
            raise OSError(errno.EIO, f"{self.path} is damaged and could not be moved aside")
        self.warning = (f"Your progress file was damaged ({exc}). It was kept as {aside} "
                        "and a fresh one started.")
        return aside

    def _move_aside(self, target: Path, tag: str) -> Path | None:
        """Rename ``target`` to a free ``<name>.<tag>-<time>`` beside it; None if it cannot."""
        try:
            mode = os.lstat(target).st_mode
        except OSError:
            return None
        if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            return None
        aside = target.with_name(f"{target.name}.{tag}-{time.strftime('%Y%m%d-%H%M%S')}")
        n = 1
        while os.path.lexists(aside):
            aside = aside.with_name(f"{target.name}.{tag}-{time.strftime('%Y%m%d-%H%M%S')}-{n}")
            n += 1
        try:
            os.rename(target, aside)
        except OSError:
            return None
        return aside

    # ----------------------------------------------------------------- the lock and temp files

    def _lock(self) -> FileLock:
        if self._file_lock is None:
            self._file_lock = FileLock(str(self._target()) + ".lock")
        return self._file_lock

    @contextlib.contextmanager
    def _locked(self, timeout: float):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock().acquire(timeout=timeout):
            yield

    def _stale_temps(self, target: Path) -> list[Path]:
        try:
            return [p for p in target.parent.glob(f".{target.name}.*.tmp")
                    if stat.S_ISREG(os.lstat(p).st_mode)]
        except OSError:
            return []

    def _remove_stale_temps(self, target: Path) -> None:
        """Under the lock no save is under way, so any temp file is a killed save's."""
        for tmp in self._stale_temps(target):
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _remove_stale_temps_if_free(self) -> None:
        target = self._target()
        if self._read_only or not self._stale_temps(target):
            return
        with contextlib.suppress(OSError, RuntimeError), self._locked(timeout=0):
            self._remove_stale_temps(target)

    def _write(self, progress: Progress, target: Path) -> None:
        data = encode_progress(progress)
        if len(data) > MAX_FILE_BYTES:
            raise OSError(errno.EFBIG, "the progress would be larger than 16 MiB")
        write_atomically(target, data, sync_folder=True)

    # ----------------------------------------------------------------- saving

    def _base(self, target: Path) -> Progress:
        """What is on disk now, to apply the pending changes to.

        A missing file, or one just moved aside, gives the last state known to be saved.
        """
        try:
            raw = _read_bounded(target)
        except NotRegularFile:
            self._refuse(f"{self.path} is not a regular file.")
            raise _ReadOnly from None
        except OSError as exc:
            aside = self._move_aside(target, "unreadable")
            if aside is None:
                raise OSError(exc.errno, f"cannot read {self.path} and could not move it "
                                         f"aside ({_reason(exc)})") from None
            self.warning = (f"Could not read {self.path} ({_reason(exc)}); it was kept as "
                            f"{aside} and your progress is saved in a new file.")
            return copy.deepcopy(self._saved)
        if raw is None:
            return copy.deepcopy(self._saved)
        try:
            return parse_progress(raw)
        except NewerFormatError as exc:
            self._refuse(f"{self.path} was {exc}.")
            raise _ReadOnly from None
        except ValueError as exc:
            self._set_aside_damaged(target, exc)
            return copy.deepcopy(self._saved)

    def _save(self, *, outermost: bool) -> bool:
        """Write the pending changes over what is on disk; False if they stay pending."""
        if self._read_only:
            self.warning = self._read_only
            return False
        target = self._target()
        try:
            with self._locked(self._lock_timeout):
                if outermost:
                    self._remove_stale_temps(target)
                base = self._base(target)
                batch = list(self._pending)
                for change in batch:
                    change.apply(base)
                self._write(base, target)
        except _ReadOnly:
            return False
        except (OSError, RuntimeError) as exc:  # LockTimeout is an OSError
            self._note_failed_save(exc)
            return False
        if outermost:
            del self._pending[:len(batch)]
        self._saved = base
        self._lock_timeout = LOCK_TIMEOUT_S
        if self._save_failed:
            self._save_failed = False
            self.warning = None
        self._progress = self._view()
        return True

    def _note_failed_save(self, exc: BaseException) -> None:
        if isinstance(exc, LockTimeout):
            self._lock_timeout = RETRY_LOCK_TIMEOUT_S
            reason = "another kubelearn is saving and did not finish"
        else:
            reason = _reason(exc)
        self._save_failed = True
        self.warning = (f"Could not save progress to {self.path} ({reason}); it is kept "
                        "and saved with the next change.")

    def _view(self) -> Progress:
        if not self._pending:
            return copy.deepcopy(self._saved)
        view = copy.deepcopy(self._saved)
        for change in self._pending:
            change.apply(view)
        return view

    def update(self, change: Callable[[Progress], None], *, key: Hashable | None = None,
               event: EventRecord | None = None) -> Progress:
        """Apply ``change`` to the newest saved progress and save it, under the lock, and
        append ``event`` to the history file (:mod:`kubelearn.progress.history`).

        A failure to save (disk full, read-only home, lock held) keeps the change pending
        in memory and sets :attr:`warning`; the next save replays it.
        """
        try:
            if change is _nothing and not self._pending:
                return self._progress  # an event alone: the progress file stays as it is
            return self._update(change, key)
        finally:
            if event is not None and not self._read_only:
                self.history.append(event)

    def _update(self, change: Callable[[Progress], None], key: Hashable | None) -> Progress:
        # In place, never rebinding the list: a signal handler's save can run between any two
        # steps here, and must not leave this call appending to a list no longer pending.
        pending = _Change(change, key)
        if key is not None and not self._saving:
            self._pending[:] = [c for c in self._pending if c.key != key]
        self._pending.append(pending)
        if self._saving:  # a signal handler interrupted a save of this store
            if not self._save(outermost=False):
                change(self._progress)
            return self._progress
        self._saving = True
        try:
            for _ in range(3):  # again if a handler added a change during the save
                if not self._save(outermost=True):
                    change(self._progress)
                    break
                if not self._pending:
                    break
        finally:
            self._saving = False
        return self._progress

    def flush(self) -> bool:
        """Try again to save changes that could not be saved; True when none are left."""
        self.history.flush()
        if self._pending and not self._saving:
            self._saving = True
            try:
                self._save(outermost=True)
            finally:
                self._saving = False
        return not self._pending

    def reset_all(self) -> bool:
        """Forget all progress and its history; False (with :attr:`warning`) when that could
        not be saved (the history is then kept too)."""

        def clear(p: Progress) -> None:
            p.lessons.clear()
            p.exercises.clear()
            p.last = None

        self.update(clear)
        if self._pending:
            return False
        if not self.history.clear():
            self.warning = (f"Your progress was reset, but its history "
                            f"{self.history.path} could not be emptied.")
            return False
        return True

