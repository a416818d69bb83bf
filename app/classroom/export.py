"""A learner's progress and event history as one JSON document, and merging it into a class.

``kubelearn progress export`` writes it on the learner's laptop; ``kubelearn class import``
reads it into a class database. The document (documented in the README)::

    {"format": "kubelearn-progress-export", "version": 1,
     "exported_ms": 1796182203418, "kubelearn": "0.1.0", "name": "Ana" or null,
     "progress": <the progress file>,
     "events": [{"uid", "at_ms", "kind", "lesson", "item", "ok", "detail"}, ...]}

An export is untrusted input: :func:`read_export` checks it the way the progress file is
checked (every type and range, at most MAX_EXPORT_BYTES) and raises ExportError with one
line for anything else. Merging is idempotent: importing the same export twice changes
nothing the second time (events are matched by their ``uid``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kubelearn import __version__
from kubelearn.progress.model import (
    MAX_EVENTS,
    MAX_FILE_BYTES,
    EventRecord,
    ExerciseProgress,
    NewerFormatError,
    Progress,
    parse_progress,
)

EXPORT_FORMAT = "kubelearn-progress-export"
EXPORT_VERSION = 1
#: An export holds one progress file and a few lines around it.
MAX_EXPORT_BYTES = MAX_FILE_BYTES + 64 * 1024
_STATUS_RANK = {"new": 0, "started": 1, "passed": 2}


class ExportError(ValueError):
    """Not an export kubelearn can import; the message says why, in one line."""


@dataclass(frozen=True)
class Export:
    #: The name the learner gave when exporting (untrusted), or None.
    name: str | None
    progress: Progress
    events: tuple[EventRecord, ...]
    exported_ms: int | None


def export_document(progress: Progress, events: Iterable[EventRecord] = (),
                    name: str | None = None) -> dict[str, Any]:
    """The export document for ``progress`` and its history."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_ms": time.time_ns() // 1_000_000,
        "kubelearn": __version__,
        "name": name,
        "progress": progress.to_json(),
        "events": [e.to_json() for e in events],
    }


def encode_export(document: dict[str, Any]) -> bytes:
    """``document`` as the bytes of an export file (UTF-8 JSON, a lone surrogate as "?")."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode(
        "utf-8", errors="replace")


def read_export(raw: bytes) -> Export:
    """The export in ``raw``; ExportError (one line) for a damaged, foreign or oversized one."""
    if len(raw) > MAX_EXPORT_BYTES:
        raise ExportError(f"larger than {MAX_EXPORT_BYTES // (1024 * 1024)} MiB: not a "
                          "kubelearn progress export")
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ExportError("not UTF-8 text: not a kubelearn progress export") from None
    except RecursionError:
        raise ExportError("nested too deeply: not a kubelearn progress export") from None
    except ValueError as exc:
        raise ExportError(f"not JSON ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ExportError("not a kubelearn progress export (no \"format\": "
                          f"\"{EXPORT_FORMAT}\"); write one with `kubelearn progress export`")
    version = document.get("version")
    if type(version) is not int or version < 1:
        raise ExportError("the export's version is not a whole number")
    if version > EXPORT_VERSION:
        raise ExportError(f"written by a newer kubelearn (export format {version})")
    name = document.get("name")
    if name is not None and not isinstance(name, str):
        raise ExportError("the export's name is not text")
    exported = document.get("exported_ms")
    if exported is not None and type(exported) is not int:
        raise ExportError("the export's exported_ms is not a whole number")
    # The progress goes through the progress file's own reader: the same checks, one place.
    try:
        inner = json.dumps(document.get("progress"), ensure_ascii=False).encode(
            "utf-8", errors="surrogatepass")
        progress = parse_progress(inner)
    except NewerFormatError as exc:
        raise ExportError(f"its progress was {exc}") from None
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise ExportError(f"its progress is damaged ({exc})") from None
    raw_events = document.get("events", [])
    if not isinstance(raw_events, list):
        raise ExportError("its events are not a list")
    try:
        events = tuple(EventRecord.from_json(e) for e in raw_events[-MAX_EVENTS:])
    except (ValueError, RecursionError) as exc:
        raise ExportError(f"its events are damaged ({exc})") from None
    return Export(name, progress, events, exported)


def merge_progress(into: Progress, other: Progress) -> None:
    """Add ``other`` to ``into``: everything either has done counts (steps seen, passes,
    hints, revealed solutions, the best quiz score); where both have a value (a quiz answer,
    a draft, the place to continue) ``into`` keeps its own."""
    for lesson_id, theirs in other.lessons.items():
        mine = into.lessons.setdefault(lesson_id, type(theirs)())
        mine.steps_seen |= theirs.steps_seen
        for index, answer in theirs.quiz_answers.items():
            mine.quiz_answers.setdefault(index, answer)
        if theirs.quiz_best is not None:
            mine.quiz_best = max(mine.quiz_best or 0, theirs.quiz_best)
        mine.quiz_total = max(mine.quiz_total, theirs.quiz_total)
    for exercise_id, theirs_ex in other.exercises.items():
        ex = into.exercises.setdefault(exercise_id, ExerciseProgress())
        if _STATUS_RANK[theirs_ex.status] > _STATUS_RANK[ex.status]:
            ex.status = theirs_ex.status
            if theirs_ex.draft is not None:  # the text that earned the better status
                ex.draft = theirs_ex.draft
        elif ex.draft is None:
            ex.draft = theirs_ex.draft
        ex.hints_shown = max(ex.hints_shown, theirs_ex.hints_shown)
        ex.solution_revealed = ex.solution_revealed or theirs_ex.solution_revealed
    if into.last is None:
        into.last = other.last
