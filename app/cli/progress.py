"""``kubelearn progress show | reset | export``: the learner's saved progress, without the
tutor (``export`` writes it with its event history for ``kubelearn class import``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kubelearn.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    UsageError,
    add_common,
    columns,
    data_dir,
    dump_json,
    emit,
    json_text,
    load,
    one_line,
    say,
    shown_path,
)
from kubelearn.writefile import write_atomically

if TYPE_CHECKING:
    from kubelearn.course.model import Course
    from kubelearn.progress import ProgressStore
    from kubelearn.progress.model import Position

#: Longest lesson title shown, in terminal columns (longer ones end with "…").
TITLE_WIDTH = 30


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``progress`` and its actions."""
    progress = subparsers.add_parser(
        "progress", help="show or reset your progress", description="Your saved progress."
    )
    actions = progress.add_subparsers(dest="progress_command", metavar="ACTION")
    actions.required = True
    p = actions.add_parser(
        "show", help="print your progress", description="Print your progress."
    )
    add_common(p)
    p.add_argument("--json", action="store_true", help="print the raw progress file")
    p = actions.add_parser(
        "reset", help="forget all progress", description="Forget all progress."
    )
    add_common(p, lang=False, lessons=False)
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    p = actions.add_parser(
        "export", help="write your progress and its history for an instructor",
        description="Write your progress with its event history as one JSON document, "
                    "which an instructor adds to a class with `kubelearn class import`.",
    )
    add_common(p, lang=False, lessons=False)
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write to FILE instead of standard output")
    p.add_argument("--name", help="your name, as the class should know you")
    return progress


def run(args: argparse.Namespace) -> int:
    from kubelearn.paths import progress_path
    from kubelearn.progress import ProgressStore

    path = progress_path(data_dir(args))
    if args.progress_command == "reset":
        return _reset(path, args.yes)
    store = ProgressStore(path)
    if store.warning:
        print(f"kubelearn: warning: {one_line(store.warning)}", file=sys.stderr)
    if args.progress_command == "export":
        return _export(store, args.output, args.name)
    if args.json:
        dump_json(store.progress.to_json())
        return EXIT_OK
    course = load(args)
    word = say(args)
    progress = store.progress
    print(word("ui.cli.progress_file", path=one_line(path)))
    rows = []
    for lesson in course.lessons:
        lp = progress.lesson(lesson.id)
        done = round(100 * store.lesson_completion(lesson))
        quiz = (word("ui.cli.quiz", best=lp.quiz_best, total=lp.quiz_total or len(lesson.quiz))
                if lp.quiz_best is not None else word("ui.cli.quiz_none"))
        passed = sum(1 for e in lesson.exercises if progress.exercise(e.id).status == "passed")
        seen = len([s for s in lp.steps_seen if s < len(lesson.steps)])
        rows.append([f"{done:>4}%", one_line(lesson.title),
                     word("ui.cli.steps", seen=seen, total=len(lesson.steps)), quiz,
                     word("ui.cli.exercises", passed=passed, total=len(lesson.exercises))])
    for line in columns(rows, limits=(5, TITLE_WIDTH)):
        print(line)
    where = _continue_at(course, progress.last, word)
    if where:
        print(word("ui.cli.continue", where=where))
    return EXIT_OK


def _continue_at(course: Course, last: Position | None, word) -> str | None:  # type: ignore[no-untyped-def]
    """Where the tutor's "Continue" goes, in the words the course map uses (titles, never
    ids); None when there is no such place in this course."""
    lesson = course.lesson(last.lesson_id) if last else None
    if last is None or lesson is None:
        return None
    title = one_line(lesson.title)
    exercise = course.exercise(last.exercise_id or "")
    if last.screen == "exercise" and exercise:
        return word("ui.map.where.exercise", title=title, exercise=one_line(exercise.title))
    if last.screen == "quiz":
        return word("ui.map.where.quiz", title=title)
    step = min(last.step, max(len(lesson.steps) - 1, 0))
    return word("ui.map.where.lesson", title=title, step=step + 1, total=len(lesson.steps))


def _export(store: ProgressStore, output: str | None, name: str | None) -> int:
    from kubelearn.classroom.export import encode_export, export_document

    events = store.history.read()
    document = export_document(store.progress, events, name)
    if output is None or output == "-":
        return emit(EXIT_OK, lambda out: out.write(json_text(document) + "\n"))
    target = Path(output)
    if target.is_dir():
        raise UsageError(f"--output {shown_path(output)}: is a directory",
                         "progress export")
    try:
        write_atomically(target, encode_export(document))
    except OSError as exc:
        raise UsageError(f"--output {shown_path(output)}: cannot write it "
                         f"({one_line(exc.strerror or exc)})", "progress export") from None
    count = len(events)
    print(f"Wrote your progress and {count} event{'s' if count != 1 else ''} to "
          f"{shown_path(output)}.", file=sys.stderr)
    return EXIT_OK


def _reset(path: Path, yes: bool) -> int:
    from kubelearn.progress import ProgressStore

    if not path.exists():
        print(f"Nothing to reset: {one_line(path)} does not exist.")
        return EXIT_OK
    if not yes:
        if not sys.stdin.isatty():
            print("kubelearn: refusing to reset without confirmation; pass --yes",
                  file=sys.stderr)
            return EXIT_USAGE
        answer = input(f"Forget all progress in {one_line(path)}? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print("Kept your progress.")
            return EXIT_OK
    store = ProgressStore(path)
    if not store.reset_all():
        print(f"kubelearn: progress not reset: {one_line(store.warning)}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Progress reset ({one_line(path)}).")
    return EXIT_OK
