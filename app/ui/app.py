"""The kubelearn terminal app: names the screens and the keys that work everywhere.

The work happens in the screens (``kubelearn.ui.screens``). The app holds the course, the
progress store and the interface language, and knows how to open a lesson, a quiz or an
exercise, so that screens, the course map's "continue" and the command palette all go
through the same few methods.
"""

from __future__ import annotations

from typing import Literal

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from kubelearn.course.model import Course
from kubelearn.progress import ProgressStore
from kubelearn.ui import cjk_wrap
from kubelearn.ui.commands import CourseCommands
from kubelearn.ui.screens.course_map import CourseMapScreen
from kubelearn.ui.strings import Strings
from kubelearn.ui.widgets.too_small import MIN_HEIGHT, MIN_WIDTH

How = Literal["push", "replace", "jump"]


class KubelearnApp(App[None]):
    CSS_PATH = "kubelearn.tcss"
    TITLE = "kubelearn"
    COMMANDS = App.COMMANDS | {CourseCommands}
    BINDINGS = [
        Binding("f1,question_mark", "help", "key.help"),
        Binding("ctrl+q", "quit", "key.quit", priority=True, show=False),
        Binding("ctrl+p", "command_palette", "key.jump", priority=True, show=False),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (MIN_WIDTH, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (MIN_HEIGHT, "-tall")]

    def __init__(self, course: Course, store: ProgressStore, lang: str = "en") -> None:
        super().__init__()
        cjk_wrap.install()
        self.course = course
        self.store = store
        self.strings = Strings(lang)
        self.lang = self.strings.lang

    def get_default_screen(self) -> Screen:
        return CourseMapScreen()

    def on_mount(self) -> None:
        from kubelearn.ui.screens.base import translate_bindings

        translate_bindings(self)  # type: ignore[arg-type]
        if self.store.warning:
            self.notify(self.store.warning, severity="warning", timeout=15)

    # Navigation: every screen change goes through these. A screen opened from another sits on
    # top of it, so Back (Esc, which pops) returns where the learner came from.

    def _show(self, screen: Screen, how: How = "push") -> None:
        """Open ``screen`` over the current one; ``replace`` puts it in the current one's
        place (a sibling: the next exercise); ``jump`` opens it straight over the course map
        (the command palette), so Back never walks through a long trail."""
        if how == "jump":
            while len(self.screen_stack) > 1:
                self.pop_screen()
        if how == "replace" and len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_lesson(self, lesson_id: str, step: int | None = None, how: How = "push") -> None:
        from kubelearn.ui.screens.lesson import LessonScreen

        lesson = self.course.lesson(lesson_id)
        if lesson and not lesson.broken:
            self._show(LessonScreen(lesson, step), how)

    def open_quiz(self, lesson_id: str, how: How = "push") -> None:
        from kubelearn.ui.screens.quiz import QuizScreen

        lesson = self.course.lesson(lesson_id)
        if lesson and not lesson.broken:
            self._show(QuizScreen(lesson), how)

    def open_exercise(self, exercise_id: str, how: How = "push") -> None:
        from kubelearn.ui.screens.exercise import ExerciseScreen

        exercise = self.course.exercise(exercise_id)
        lesson = exercise and self.course.lesson(exercise.lesson_id)
        if exercise and lesson and not lesson.broken:
            self._show(ExerciseScreen(lesson, exercise), how)

    def action_help(self) -> None:
        from kubelearn.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
