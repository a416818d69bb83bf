"""``kubelearn class list CLASSDIR [--json]``: the class's students and how far each one is."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from kubelearn.cli.common import (
    EXIT_OK,
    UsageError,
    columns,
    dump_json,
    emit,
    one_line,
    shown_path,
)

COMMAND = "class list"


def add_subparser(class_subparsers: Any) -> argparse.ArgumentParser:
    """Register ``list`` under ``kubelearn class``."""
    parser = class_subparsers.add_parser(
        "list", help="list a class's students",
        description="List the students of the class in CLASSDIR: when they joined, steps "
                    "seen, exercises passed, events recorded and their last activity.",
    )
    parser.add_argument("class_dir", metavar="CLASSDIR", help="the class folder")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    return parser


def open_class(folder: str, command: str) -> Any:
    """The ClassDB in an existing class folder; UsageError when there is none (a report or
    a list never creates a class)."""
    from kubelearn.classroom.db import CLASS_DB, ClassDB, ClassDBError

    if not (Path(folder) / CLASS_DB).is_file():
        raise UsageError(f"{shown_path(folder)}: not a class folder (no {CLASS_DB}); "
                         "`kubelearn serve` or `kubelearn class import` makes one", command)
    try:
        return ClassDB(folder)
    except ClassDBError as exc:
        raise UsageError(one_line(exc), command) from None


def _when(ms: int | None) -> str:
    if ms is None:
        return "-"
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ms / 1000))


def run(args: argparse.Namespace) -> int:
    db = open_class(args.class_dir, COMMAND)
    try:
        roster = db.roster()
        events = db.events()
        rows: list[dict[str, Any]] = []
        for student in roster:
            progress = db.progress_of(student.id)
            mine = [e for e in events if e.student_id == student.id]
            rows.append({
                "id": student.id, "name": student.name, "joined_ms": student.joined_ms,
                "steps_seen": sum(len(lp.steps_seen) for lp in progress.lessons.values()),
                "exercises_passed": sum(1 for ex in progress.exercises.values()
                                        if ex.status == "passed"),
                "events": len(mine),
                "last_event_ms": mine[-1].at_ms if mine else None,
            })
    finally:
        db.close()
    if args.json:
        return emit(EXIT_OK, lambda out: dump_json(rows))
    if not rows:
        print(f"{shown_path(args.class_dir)}: the class has no students yet.")
        return EXIT_OK
    table = [["ID", "NAME", "JOINED", "STEPS", "PASSED", "EVENTS", "LAST ACTIVITY"]]
    table += [[str(r["id"]), one_line(r["name"]), _when(r["joined_ms"]), str(r["steps_seen"]),
               str(r["exercises_passed"]), str(r["events"]), _when(r["last_event_ms"])]
              for r in rows]
    return emit(EXIT_OK, lambda out: out.write("\n".join(columns(table, (4, 40))) + "\n"))
