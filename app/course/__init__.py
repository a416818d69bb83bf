"""The course: lessons read from Markdown files. No Textual here."""

from kubelearn.course.model import (
    Choice,
    Course,
    Exercise,
    Lesson,
    Problem,
    QuizQuestion,
    Step,
    StepPart,
)


def load_course(root=None, lang: str = "en") -> Course:
    """See :func:`kubelearn.course.loader.load_course` (imported lazily: it pulls in the
    Markdown and YAML parsers, which a cached start does not need)."""
    from kubelearn.course.loader import load_course as _load

    return _load(root, lang)


def parse_lesson(source: str, where: str, lang: str = "en") -> Lesson:
    from kubelearn.course.loader import parse_lesson as _parse

    return _parse(source, where, lang)


__all__ = ["Choice", "Course", "Exercise", "Lesson", "Problem", "QuizQuestion", "Step",
           "StepPart", "load_course", "parse_lesson"]
