"""``kubelearn lessons list | show | validate``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from kubelearn.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError, dump_json
from kubelearn.course.model import Course, Lesson


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


def run(args: argparse.Namespace, load: Callable[[argparse.Namespace], Course]) -> int:
    action = args.lessons_command
    if action == "validate":
        return _validate(args)
    course = load(args)
    if action == "list":
        if args.json:
            dump_json([lesson_summary(lesson) for lesson in course.lessons])
            return EXIT_OK
        for lesson in course.lessons:
            state = "  BROKEN: see `kubelearn lessons validate`" if lesson.broken else ""
            print(f"{lesson.order:>2}  {lesson.id:<14} {lesson.title}  "
                  f"({len(lesson.steps)} steps, {len(lesson.quiz)} questions, "
                  f"{len(lesson.exercises)} exercises){state}")
        return EXIT_OK
    lesson = course.lesson(args.id)
    if lesson is None:
        known = ", ".join(lesson.id for lesson in course.lessons)
        raise UsageError(f"no lesson '{args.id}'; the lessons are: {known}")
    if args.json:
        dump_json(lesson_detail(lesson))
        return EXIT_OK
    print(f"# {lesson.title}  ({lesson.id}, {lesson.lang})\n")
    for number, step in enumerate(lesson.steps, start=1):
        print(f"--- step {number}/{len(lesson.steps)}")
        print(step.markdown, end="\n\n")
    for problem in lesson.problems:
        print(problem, file=sys.stderr)
    return EXIT_PROBLEMS if lesson.broken else EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from kubelearn.course.validate import validate_course

    if args.dir is None:
        from kubelearn.paths import shipped_lessons

        root = shipped_lessons()
    else:
        root = Path(args.dir)
        if not root.is_dir():
            print(f"kubelearn: {args.dir}: no such directory", file=sys.stderr)
            return EXIT_USAGE
    problems = validate_course(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}", file=sys.stderr)
        return EXIT_PROBLEMS
    print("ok: no problems", file=sys.stderr)
    return EXIT_OK
