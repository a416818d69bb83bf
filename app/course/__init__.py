"""The course: lessons read from Markdown files. No Textual here."""

from kubelearn.course.loader import load_course, parse_lesson
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

__all__ = ["Choice", "Course", "Exercise", "Lesson", "Problem", "QuizQuestion", "Step",
           "StepPart", "load_course", "parse_lesson"]
