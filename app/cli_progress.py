"""``kubelearn progress show | reset``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from kubelearn.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, dump_json
from kubelearn.course.model import Course
from kubelearn.paths import progress_path
from kubelearn.progress import ProgressStore
from kubelearn.safe_text import visible


def _line(text: object) -> str:
    """Text from a lesson pack or the progress file, on one line, with nothing a terminal obeys."""
    return visible(text, keep_newlines=False)


def run(args: argparse.Namespace, load: Callable[[argparse.Namespace], Course]) -> int:
    path = progress_path(args.data_dir)
    if args.progress_command == "reset":
        return _reset(path, args.yes)
    store = ProgressStore(path)
    if store.warning:
        print(f"kubelearn: warning: {_line(store.warning)}", file=sys.stderr)
    if args.json:
        dump_json(store.progress.to_json())
        return EXIT_OK
    course = load(args)
    progress = store.progress
    print(f"Progress file: {_line(path)}")
    for lesson in course.lessons:
        lp = progress.lesson(lesson.id)
        done = round(100 * store.lesson_completion(lesson))
        quiz = (f"quiz {lp.quiz_best}/{lp.quiz_total or len(lesson.quiz)}"
                if lp.quiz_best is not None else "quiz not taken")
        passed = sum(1 for e in lesson.exercises if progress.exercise(e.id).status == "passed")
        seen = len([s for s in lp.steps_seen if s < len(lesson.steps)])
        print(f"{done:>4}%  {_line(lesson.title):<28} steps {seen}/{len(lesson.steps)}, {quiz}, "
              f"exercises {passed}/{len(lesson.exercises)}")
    if progress.last:
        last = progress.last
        where = _line(last.exercise_id) if last.exercise_id else f"step {last.step + 1}"
        print(f"Continue: {_line(last.lesson_id)}, {last.screen} ({where})")
    return EXIT_OK


def _reset(path, yes: bool) -> int:
    if not path.exists():
        print(f"Nothing to reset: {_line(path)} does not exist.")
        return EXIT_OK
    if not yes:
        if not sys.stdin.isatty():
            print("kubelearn: refusing to reset without confirmation; pass --yes",
                  file=sys.stderr)
            return EXIT_USAGE
        answer = input(f"Forget all progress in {_line(path)}? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print("Kept your progress.")
            return EXIT_OK
    store = ProgressStore(path)
    if not store.reset_all():
        print(f"kubelearn: progress not reset: {_line(store.warning)}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"Progress reset ({_line(path)}).")
    return EXIT_OK
