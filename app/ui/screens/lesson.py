"""One lesson, one step at a time.

Rendering Markdown costs time in proportion to its length, so each step gets its own view,
built the first time it is needed (and for the next step just after, while the learner reads)
and kept: moving between steps only shows one view and hides another.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Markdown, Static

from kubelearn.course.model import Lesson, Step
from kubelearn.safe_text import visible
from kubelearn.ui.screens.base import BaseScreen
from kubelearn.ui.widgets.diagram import Diagram
from kubelearn.ui.widgets.play_card import PlayCard


class StepView(Vertical):
    """The parts of one step: Markdown runs and diagrams, in order."""

    def __init__(self, step: Step, index: int) -> None:
        super().__init__(id=f"step-{index}", classes="step")
        self.step = step

    def compose(self) -> ComposeResult:
        for part in self.step.parts:
            if part.kind == "diagram":
                yield Diagram(part.text, part.title)
            elif part.kind == "playground":
                yield PlayCard(part, self.app.lang)  # type: ignore[attr-defined]
            else:
                yield Markdown(visible(part.text))


class LessonScreen(BaseScreen[None]):
    BINDINGS = [
        Binding("right,n", "next", "key.next", priority=True),
        Binding("left,p", "previous", "key.previous", priority=True),
        Binding("t", "quiz", "key.quiz"),
        Binding("x", "exercises", "key.exercises"),
        Binding("g", "playground", "key.playground"),
        Binding("escape", "app.pop_screen", "key.back"),
    ]

    def __init__(self, lesson: Lesson, step: int | None = None) -> None:
        super().__init__()
        self.lesson = lesson
        last = max(len(lesson.steps) - 1, 0)
        self.index = min(max(step or 0, 0), last)

    def compose(self) -> ComposeResult:
        yield Static(id="lesson-header", markup=False)
        yield VerticalScroll(id="step-body")
        yield Static(id="lesson-next", markup=False)
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        body = self.query_one("#step-body", VerticalScroll)
        body.focus()
        if not self.lesson.steps:
            await body.mount(Static(self.s("lesson.empty"), markup=False))
            return
        await self.show_step(self.index)

    def on_screen_resume(self) -> None:
        # Back from the quiz or an exercise: "continue" should bring the learner here again.
        if self.lesson.steps:
            self.tutor.back_at_step(self.lesson, self.index)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quiz":
            return bool(self.lesson.quiz)
        if action == "exercises":
            return bool(self.lesson.exercises)
        if action == "playground":
            return self._play_card() is not None
        if action == "previous":
            return self.index > 0 or None
        return True

    async def show_step(self, index: int) -> None:
        body = self.query_one("#step-body", VerticalScroll)
        for view in body.query(StepView):
            view.display = False
        views = body.query(f"#step-{index}")
        if views:
            views.first().display = True
        else:
            await body.mount(StepView(self.lesson.steps[index], index))
        self.index = index
        body.scroll_home(animate=False)
        self._update_labels()
        self.refresh_bindings()
        self.call_after_refresh(self._after_show, index)

    def _after_show(self, index: int) -> None:
        self.tutor.step_shown(self.lesson, index)
        following = index + 1
        if following < len(self.lesson.steps) and not self.query(f"#step-{following}"):
            view = StepView(self.lesson.steps[following], following)
            view.display = False
            self.query_one("#step-body").mount(view)

    def save_now(self) -> None:
        """Record the step on screen as seen and as where to continue, for when the app is
        left before the step was drawn (the usual record is made just after drawing)."""
        if self.lesson.steps and self.is_current:
            self.tutor.step_shown(self.lesson, self.index)

    def _update_labels(self) -> None:
        total = len(self.lesson.steps)
        step = self.lesson.steps[self.index]
        position = self.s("lesson.position", step=self.index + 1, total=total)
        self.query_one("#lesson-header", Static).update(
            visible(f"{self.lesson.title} · {position} · {step.title}", keep_newlines=False)
        )
        hint = ""
        if self.index == total - 1:
            if self.lesson.quiz:
                hint = self.s("lesson.next_quiz")
            elif self.lesson.exercises:
                hint = self.s("lesson.next_exercise")
            else:
                hint = self.s("lesson.next_done")
        nxt = self.query_one("#lesson-next", Static)
        nxt.update(hint)
        nxt.display = bool(hint)

    async def action_next(self) -> None:
        if self.index + 1 < len(self.lesson.steps):
            await self.show_step(self.index + 1)
        elif self.lesson.quiz:
            self.kl.open_quiz(self.lesson.id)
        elif self.lesson.exercises:
            self.open_exercises(self.lesson)
        else:
            self.say(self.s("lesson.finished", title=self.lesson.title))
            self.app.pop_screen()

    async def action_previous(self) -> None:
        if self.index > 0:
            await self.show_step(self.index - 1)

    def action_quiz(self) -> None:
        self.kl.open_quiz(self.lesson.id)

    def action_exercises(self) -> None:
        self.open_exercises(self.lesson)

    def _play_card(self) -> PlayCard | None:
        """The playground of the step on screen (its first, if it has several)."""
        if not self.lesson.steps:
            return None
        cards = self.query(f"#step-{self.index} PlayCard")
        return cards.first(PlayCard) if cards else None

    def action_playground(self) -> None:
        card = self._play_card()
        if card is not None:
            self.kl.open_playground(card.part, on_done=lambda done: done and card.mark_done())
