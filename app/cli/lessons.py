"""``kubelearn lessons list | show | validate``: the course, read without the tutor."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

from kubelearn.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    add_common,
    columns,
    course_folder,
    emit,
    json_text,
    load,
    one_line,
    say,
)
from kubelearn.safe_text import visible

if TYPE_CHECKING:
    from kubelearn.course.model import Course, Lesson


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``lessons`` and its actions."""
    lessons = subparsers.add_parser(
        "lessons", help="list, show or validate lessons", description="Work with the course."
    )
    actions = lessons.add_subparsers(dest="lessons_command", metavar="ACTION")
    actions.required = True

    p = actions.add_parser("list", help="list the lessons", description="List the lessons.")
    add_common(p)
    p.add_argument("--json", action="store_true", help="print a JSON list, one object per lesson")

    p = actions.add_parser(
        "show", help="print one lesson", description="Print one parsed lesson."
    )
    add_common(p)
    p.add_argument("id", metavar="ID", help="the lesson id (see `kubelearn lessons list`)")
    p.add_argument("--json", action="store_true", help="print the whole parsed lesson as JSON")

    p = actions.add_parser(
        "validate",
        help="report every problem in a course",
        description=(
            "Report every problem in a course as path:line: message, and check that every "
            "exercise's starter fails and its solution passes. Exit 0 when clean, 1 when there "
            "are problems, 2 when DIR does not exist."
        ),
    )
    p.add_argument(
        "dir", metavar="DIR", nargs="?", help="the course folder (default: the shipped course)"
    )
    return lessons


def lesson_summary(lesson: Lesson) -> dict[str, object]:
    return {
        "id": lesson.id,
        "title": lesson.title,
        "lang": lesson.lang,
        "order": lesson.order,
        "minutes": lesson.minutes,
        "prerequisites": list(lesson.prerequisites),
        "steps": len(lesson.steps),
        "diagrams": lesson.diagram_count,
        "quiz_questions": len(lesson.quiz),
        "exercises": len(lesson.exercises),
        "exercise_ids": [e.id for e in lesson.exercises],
        "path": lesson.path,
        "problems": [str(p) for p in lesson.problems],
    }


def lesson_detail(lesson: Lesson) -> dict[str, object]:
    return {
        **lesson_summary(lesson),
        "steps": [
            {"title": step.title, "markdown": step.markdown,
             "diagrams": [{"title": d.title, "text": d.text} for d in step.diagrams]}
            for step in lesson.steps
        ],
        "quiz": [
            {
                "question": q.question,
                "choices": {c.key: c.text for c in q.choices},
                "answer": q.answer,
                "explanations": {c.key: c.explanation for c in q.choices},
            }
            for q in lesson.quiz
        ],
        "exercises": [
            {
                "id": e.id,
                "title": e.title,
                "prompt": e.prompt,
                "starter": e.starter,
                "hints": list(e.hints),
                "solution": e.solution,
                "expect": list(e.expectations),
            }
            for e in lesson.exercises
        ],
    }


def run(args: argparse.Namespace) -> int:
    action = args.lessons_command
    if action == "validate":
        return _validate(args)
    course = load(args)
    if action == "list":
        if args.json:
            return emit(EXIT_OK, lambda out: out.write(json_text(
                [lesson_summary(lesson) for lesson in course.lessons]) + "\n"))
        return emit(EXIT_OK, lambda out: _write_list(course, say(args), out))
    lesson = course.lesson(args.id)
    if lesson is None:
        known = ", ".join(one_line(lesson.id) for lesson in course.lessons)
        raise UsageError(f"no lesson '{one_line(args.id)}'; the lessons are: {known}")
    status = EXIT_PROBLEMS if lesson.broken else EXIT_OK
    if args.json:
        return emit(status, lambda out: out.write(json_text(lesson_detail(lesson)) + "\n"))
    return emit(status, lambda out: _write_lesson(lesson, out))


def _write_list(course: Course, word, out: TextIO) -> None:  # type: ignore[no-untyped-def]
    """One line per lesson, numbered from 1 as the course map numbers them, with the id
    ``lessons show`` takes."""
    rows = []
    for lesson in course.lessons:
        counts = word("ui.cli.counts", steps=len(lesson.steps), questions=len(lesson.quiz),
                      exercises=len(lesson.exercises))
        row = [one_line(lesson.id), one_line(lesson.title), f"({counts})"]
        if lesson.broken:
            row.append(word("ui.cli.broken"))
        rows.append(row)
    for number, line in enumerate(columns(rows, limits=(24, 40)), start=1):
        out.write(f"{number:>2}  {line}\n")


def _write_lesson(lesson: Lesson, out: TextIO) -> None:
    out.write(f"# {one_line(lesson.title)}  ({one_line(lesson.id)}, {lesson.lang})\n\n")
    for number, step in enumerate(lesson.steps, start=1):
        out.write(f"--- step {number}/{len(lesson.steps)}\n")
        out.write(visible(step.markdown) + "\n\n")
    out.flush()
    for problem in lesson.problems:
        print(one_line(problem), file=sys.stderr)


def _validate(args: argparse.Namespace) -> int:
    from kubelearn.course.validate import validate_course

    if args.dir is None:
        from kubelearn.paths import shipped_lessons

        root = shipped_lessons()
    else:
        root = course_folder(args.dir, "")
    problems = validate_course(root)

    def write(out: TextIO) -> None:
        for problem in problems:
            out.write(one_line(problem) + "\n")
        out.flush()
        if problems:
            print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}", file=sys.stderr)
        else:
            print("ok: no problems", file=sys.stderr)

    return emit(EXIT_PROBLEMS if problems else EXIT_OK, write)
