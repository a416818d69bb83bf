"""The kubelearn terminal app: names the screens and the keys that work everywhere.

The work happens in the screens (``kubelearn.ui.screens``), and the tutoring in the tutor
(``kubelearn.tutor``), which alone reads and writes the progress store. The app holds the
course, the tutor and the interface language, and knows how to open a lesson, a quiz or an
exercise, so that screens, the course map's "continue" and the command palette all go
through the same few methods.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from kubelearn.course.model import Course, Exercise, Lesson
from kubelearn.progress import ProgressStore
from kubelearn.safe_text import visible
from kubelearn.tutor import Tutor
from kubelearn.ui import cjk_wrap
from kubelearn.ui.commands import CourseCommands, CoursePalette, system_commands
from kubelearn.ui.screens.base import translate_bindings
from kubelearn.ui.screens.course_map import CourseMapScreen
from kubelearn.ui.strings import Strings
from kubelearn.ui.widgets.too_small import HORIZONTAL_BREAKPOINTS, VERTICAL_BREAKPOINTS

if TYPE_CHECKING:
    from kubelearn.classroom.db import ClassDB
    from kubelearn.classroom.serve import ClassInfo
    from kubelearn.course.model import PlaygroundPart

How = Literal["push", "replace", "jump"]

#: Signals that end the tutor from outside (``kill``, a closed terminal window, ``kill -INT``):
#: each saves the learner's work and leaves through :meth:`App.exit`, so Textual puts the
#: terminal back (main screen, no mouse tracking). Ctrl+C typed in the app is a key, not SIGINT.
EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


@runtime_checkable
class HoldsWork(Protocol):
    """A screen with work not yet in the progress file (an exercise's last keystrokes)."""

    def save_now(self) -> None: ...


class KubelearnApp(App[None]):
    CSS_PATH = "kubelearn.tcss"
    TITLE = "kubelearn"
    COMMANDS = App.COMMANDS | {CourseCommands}
    BINDINGS = [
        Binding("f1,question_mark", "help", "key.help"),
        Binding("ctrl+q", "quit", "key.quit", priority=True, show=False),
        Binding("ctrl+p", "command_palette", "key.jump", priority=True, show=False),
        Binding("ctrl+g", "glossary", "glossary.key", priority=True, show=False),
    ]
    HORIZONTAL_BREAKPOINTS = HORIZONTAL_BREAKPOINTS
    VERTICAL_BREAKPOINTS = VERTICAL_BREAKPOINTS

    def __init__(self, course: Course, store: ProgressStore | None, lang: str = "en", *,
                 classroom: tuple[ClassInfo, ClassDB] | None = None) -> None:
        """``classroom`` (with ``store`` None): class mode, the join screen first; the tutor
        starts with the student's store once they have joined (:meth:`start_class`)."""
        super().__init__()
        self.course = course
        self.strings = Strings(lang)
        self.lang = self.strings.lang
        cjk_wrap.install_for(self.lang)
        self.classroom = classroom
        if store is not None:
            self.tutor = Tutor(course, store, self.lang)
        translate_bindings(self, self.strings)  # type: ignore[arg-type]  # before any key bar
        self._signals_installed: list[signal.Signals] = []

    def get_default_screen(self) -> Screen:
        if self.classroom is not None:
            from kubelearn.ui.screens.join import JoinScreen

            return JoinScreen(*self.classroom)
        return CourseMapScreen()

    @property
    def joined(self) -> bool:
        """Whether there is a learner yet (in class mode, not before the join screen)."""
        return hasattr(self, "tutor")

    def start_class(self, store: ProgressStore, returning: bool) -> None:
        """The student joined: the course map in the join screen's place and, for one who was
        here before, straight back to where they were."""
        self.tutor = Tutor(self.course, store, self.lang)
        course_map = CourseMapScreen()
        # A mode of its own: the map at the bottom of a fresh screen stack (the join screen
        # is the default screen, which cannot be switched away), so Back and the palette's
        # jumps stop at the map as they do outside a class.
        self.add_mode("course", lambda: course_map)
        self.switch_mode("course")
        if returning:
            self.call_after_refresh(course_map.resume)

    def on_mount(self) -> None:
        if not self.is_headless:  # a real terminal; tests in-process keep pytest's handlers
            self._install_signal_handlers()
        if self.joined and self.tutor.warning:
            self.notify(visible(self.tutor.warning), severity="warning", timeout=15, markup=False)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in self._signals_installed:
            loop.remove_signal_handler(signum)
        self._signals_installed.clear()

    # Leaving: every way out saves what the screens hold first.

    def save_work(self) -> None:
        """Save what any open screen holds and has not saved yet (an exercise's draft)."""
        for screen in list(self.screen_stack):
            if isinstance(screen, HoldsWork):
                screen.save_now()

    async def action_quit(self) -> None:
        self.save_work()
        self.exit()

    def leave_on_signal(self, signum: int) -> None:
        """What SIGTERM, SIGHUP and SIGINT do: save, then exit so the terminal is restored."""
        try:
            self.save_work()
        finally:
            self.exit(return_code=128 + signum)

    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in EXIT_SIGNALS:
            loop.add_signal_handler(signum, self.leave_on_signal, signum)
            self._signals_installed.append(signum)

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
        lesson = self.course.lesson(lesson_id)
        if lesson:
            self.show_lesson(lesson, step, how)

    def show_lesson(self, lesson: Lesson, step: int | None = None, how: How = "push") -> None:
        """Open this lesson (ids in a lesson pack may repeat: the map and the palette pass
        the lesson itself)."""
        from kubelearn.ui.screens.lesson import LessonScreen

        if not lesson.broken:
            self._show(LessonScreen(lesson, step), how)

    def open_quiz(self, lesson_id: str, how: How = "push") -> None:
        from kubelearn.ui.screens.quiz import QuizScreen

        lesson = self.course.lesson(lesson_id)
        if lesson and not lesson.broken:
            self._show(QuizScreen(lesson), how)

    def open_exercise(self, exercise_id: str, how: How = "push") -> None:
        exercise = self.course.exercise(exercise_id)
        owners = [lesson for lesson in self.course.lessons
                  if any(e is exercise for e in lesson.exercises)]
        if exercise and owners:
            self.show_exercise(owners[0], exercise, how)

    def show_exercise(self, lesson: Lesson, exercise: Exercise, how: How = "push") -> None:
        from kubelearn.ui.screens.exercise import ExerciseScreen

        if not lesson.broken:
            self._show(ExerciseScreen(lesson, exercise), how)

    def open_playground(self, part: PlaygroundPart | None = None, *,
                        files: dict[str, str] | None = None,
                        exercise_text: str | None = None,
                        on_done: Callable[[bool | None], None] | None = None) -> None:
        """Open the playground over the current screen: a lesson step's (its objects, its
        scenario, its goal) or, from an exercise, with ``files`` (the objects the task says
        exist) and then the learner's YAML applied. ``on_done`` hears whether the step's goal
        was reached."""
        from kubelearn.ui.screens.play import PlayScreen

        self.push_screen(PlayScreen(part=part, files=files, exercise_text=exercise_text),
                         on_done)

    def action_command_palette(self) -> None:
        if self.joined and self.use_command_palette and not CoursePalette.is_open(self):
            self.push_screen(CoursePalette(id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        return system_commands(self, screen)

    def action_glossary(self) -> None:
        from kubelearn.ui.screens.glossary import GlossaryScreen

        if not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen())

    def action_help(self) -> None:
        from kubelearn.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
