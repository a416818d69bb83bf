"""The first screen: every lesson in order with its progress, and a way back to where you were.

Lesson ids come from lesson files and may be missing or repeated, so the options are known by
their place in the course (``lesson-3``), never by the lesson's own id.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kubelearn.course.model import Lesson
from kubelearn.ui.screens.base import BaseScreen
from kubelearn.ui.widgets.action_line import ActionLine
from kubelearn.ui.widgets.footer import KeyBar
from kubelearn.ui.widgets.lesson_list import course_line, lesson_prompt


class CourseMapScreen(BaseScreen[None]):
    #: Focused as the screen is composed (the "Continue" line above it would be, then blurred).
    AUTO_FOCUS = "#lessons"
    BINDINGS = [
        Binding("c", "continue", "key.continue"),
        Binding("g", "app.glossary", "glossary.key"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._resumed_before = False

    def compose(self) -> ComposeResult:
        yield Static(
            f"{self.s('app.title')} · {self.s('map.subtitle')}", id="map-title", markup=False
        )
        yield ActionLine(Content(self.resume_label()), id="continue")
        yield Static(self._course_line(), id="course-progress", markup=False)
        yield OptionList(*self._options(), id="lessons")
        yield KeyBar()

    def on_mount(self) -> None:
        self._highlight_and_label(None)

    def on_screen_resume(self) -> None:
        if self._resumed_before:
            self.refresh_map()  # progress may have changed on the screen we come back from
        self._resumed_before = True

    def _course_line(self) -> str:
        return course_line(self.kl.course, self.tutor, self.kl.strings)

    def refresh_map(self) -> None:
        self.query_one("#course-progress", Static).update(self._course_line())
        lessons = self.query_one("#lessons", OptionList)
        highlighted = lessons.highlighted
        lessons.set_options(self._options())
        self._highlight_and_label(highlighted)

    def _options(self) -> list[Option]:
        course = self.kl.course
        options: list[Option] = [
            Option(
                lesson_prompt(lesson, number, self.tutor.lesson_progress(lesson), self.kl.strings),
                id=f"lesson-{number}",
            )
            for number, lesson in enumerate(course.lessons, start=1)
        ]
        options.extend(
            Option(Content(self.s("map.course_problem", problem=str(p))), disabled=True)
            for p in course.problems
        )
        if not course.lessons:
            options.append(Option(Content(self.s("map.empty")), disabled=True))
        return options

    def _highlight_and_label(self, highlighted: int | None) -> None:
        course = self.kl.course
        lessons = self.query_one("#lessons", OptionList)
        if highlighted is not None and highlighted < lessons.option_count:
            lessons.highlighted = highlighted
        else:
            target = self.resume_lesson()
            lessons.highlighted = (
                next(i for i, lesson in enumerate(course.lessons) if lesson is target)
                if target
                else 0
            )
        line = self.query_one("#continue", ActionLine)
        label = self.resume_label()
        line.display = self.resume_lesson() is not None
        if str(line.content) != label:  # on mount it is the label compose gave it
            line.update(Content(label))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        lessons = self.kl.course.lessons
        if not 0 <= event.option_index < len(lessons):
            return  # a course problem or the "no lessons" line
        lesson = lessons[event.option_index]
        if lesson.broken:
            self.say(self.s("map.broken_notice", title=lesson.title), severity="error")
            return
        self.kl.show_lesson(lesson)

    def on_action_line_pressed(self, event: ActionLine.Pressed) -> None:
        event.stop()
        self.action_continue()

    def action_continue(self) -> None:
        self.resume()

    # "Continue": back to the last place the learner was (the tutor's Resume).

    def resume_lesson(self) -> Lesson | None:
        """The lesson "continue" goes to."""
        return self.tutor.resume_lesson()

    def resume_label(self) -> str:
        resume = self.tutor.resume()
        if resume is None:
            return ""
        lesson = resume.lesson
        if resume.screen == "start":
            return self.s("map.start", title=lesson.title)
        if resume.screen == "exercise" and resume.exercise:
            where = self.s("map.where.exercise", title=lesson.title, exercise=resume.exercise.title)
        elif resume.screen == "quiz":
            where = self.s("map.where.quiz", title=lesson.title)
        else:
            where = self.s(
                "map.where.lesson", title=lesson.title, step=resume.step + 1, total=len(lesson.steps)
            )
        return self.s("map.continue", where=where)

    def resume(self) -> None:
        resume = self.tutor.resume()
        if resume is None:
            return
        if resume.screen == "start":
            self.kl.open_lesson(resume.lesson.id)
        elif resume.screen == "exercise" and resume.exercise:
            self.kl.open_exercise(resume.exercise.id)
        elif resume.screen == "quiz":
            self.kl.open_quiz(resume.lesson.id)
        else:
            self.kl.open_lesson(resume.lesson.id, resume.step)
