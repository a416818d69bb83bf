"""One lesson, one step at a time, then a recap of what it taught and where to go next.

Rendering Markdown costs time in proportion to its length, so each step gets its own view,
built the first time it is needed (and for the next step just after, while the learner reads)
and kept: moving between steps only shows one view and hides another. The recap is the
view after the last step (index ``len(lesson.steps)``).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, Static

from kubelearn.course.model import Lesson, Step
from kubelearn.safe_text import visible
from kubelearn.ui.screens.base import BaseScreen
from kubelearn.ui.widgets.diagram import Diagram
from kubelearn.ui.widgets.footer import KeyBar
from kubelearn.ui.widgets.lesson_markdown import LessonMarkdown, web_address
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
                yield LessonMarkdown(visible(part.text))


class RecapView(Vertical):
    """After the last step: the steps of the lesson (what was learned), the terms it taught,
    and what comes next."""

    def __init__(self, lesson: Lesson, next_line: str, strings) -> None:  # type: ignore[no-untyped-def]
        super().__init__(id=f"step-{len(lesson.steps)}", classes="step recap")
        self.lesson = lesson
        self.next_line = next_line
        self.strings = strings

    def compose(self) -> ComposeResult:
        s, lesson = self.strings, self.lesson
        lines = [Content.styled(s("recap.learned", title=lesson.title), "bold")]
        lines.extend(Content(f"  ✓ {visible(step.title, keep_newlines=False)}")
                     for step in lesson.steps)
        if lesson.terms:
            lines.append(Content(""))
            lines.append(Content.styled(s("recap.terms"), "bold"))
            lines.extend(Content.assemble(
                ("  " + visible(term.name, keep_newlines=False), "bold $text-accent"),
                ": " + visible(term.definition, keep_newlines=False))
                for term in lesson.terms)
        lines.append(Content(""))
        lines.append(Content.styled(self.next_line, "bold $text-accent"))
        yield Static(Content("\n").join(lines), id="recap-text")


class LessonScreen(BaseScreen[None]):
    STYLES = "lesson"
    # Previous before Next, in the order the focused scroll view binds ← and →: the footer
    # lists keys in the order the focus chain first binds them, so the other order made
    # "→ Next ← Previous" flip to "← Previous → Next" as the focus moved.
    BINDINGS = [
        Binding("left,p", "previous", "key.previous", priority=True),
        Binding("right,n", "next", "key.next", priority=True),
        Binding("t", "quiz", "key.quiz"),
        Binding("x", "exercises", "key.exercises"),
        Binding("k", "playground", "key.playground"),
        Binding("g", "app.glossary", "glossary.key"),
        Binding("escape", "app.pop_screen", "key.back"),
    ]

    def __init__(self, lesson: Lesson, step: int | None = None) -> None:
        super().__init__()
        self.lesson = lesson
        last = max(len(lesson.steps) - 1, 0)
        self.index = min(max(step or 0, 0), last)

    @property
    def in_recap(self) -> bool:
        return bool(self.lesson.steps) and self.index == len(self.lesson.steps)

    def compose(self) -> ComposeResult:
        yield Static(id="lesson-header", markup=False)
        yield VerticalScroll(id="step-body")
        yield Static(id="lesson-next", markup=False)
        yield KeyBar()

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
            self.tutor.back_at_step(self.lesson, min(self.index, len(self.lesson.steps) - 1))

    def on_screen_suspend(self) -> None:
        self.tutor.lesson_left(self.lesson)  # the time spent reading, on leaving

    def on_unmount(self) -> None:
        self.tutor.lesson_left(self.lesson)

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
        for view in body.query(".step"):
            view.display = False
        views = body.query(f"#step-{index}")
        if views:
            views.first().display = True
        elif index == len(self.lesson.steps):
            await body.mount(RecapView(self.lesson, self._next_line(), self.kl.strings))
        else:
            await body.mount(StepView(self.lesson.steps[index], index))
        self.index = index
        body.scroll_home(animate=False)
        self._update_labels()
        self.refresh_bindings()
        self.call_after_refresh(self._after_show, index)

    def _after_show(self, index: int) -> None:
        if index >= len(self.lesson.steps):
            return  # the recap is not a step
        self.tutor.step_shown(self.lesson, index)
        following = index + 1
        if following < len(self.lesson.steps) and not self.query(f"#step-{following}"):
            view = StepView(self.lesson.steps[following], following)
            view.display = False
            self.query_one("#step-body").mount(view)

    def save_now(self) -> None:
        """Record the step on screen as seen and as where to continue, for when the app is
        left before the step was drawn (the usual record is made just after drawing)."""
        if self.lesson.steps and self.is_current and not self.in_recap:
            self.tutor.step_shown(self.lesson, self.index)

    def _update_labels(self) -> None:
        total = len(self.lesson.steps)
        if self.in_recap:
            where = self.s("recap.position")
        else:
            position = self.s("lesson.position", step=self.index + 1, total=total)
            where = f"{position} · {self.lesson.steps[self.index].title}"
        self.query_one("#lesson-header", Static).update(
            visible(f"{self.lesson.title} · {where}", keep_newlines=False)
        )
        hint = self._next_line() if self.in_recap else ""
        nxt = self.query_one("#lesson-next", Static)
        nxt.update(hint)
        nxt.display = bool(hint)

    def _next_lesson(self) -> Lesson | None:
        """The lesson after this one in the course that opens, if any."""
        lessons = self.kl.course.lessons
        after = next((i for i, lesson in enumerate(lessons) if lesson is self.lesson), len(lessons))
        return next((lesson for lesson in lessons[after + 1:] if not lesson.broken), None)

    def _next_line(self) -> str:
        """What → does after the recap, in words."""
        if self.lesson.quiz:
            return self.s("recap.next_quiz")
        if self.lesson.exercises:
            return self.s("recap.next_exercise")
        following = self._next_lesson()
        if following:
            return self.s("recap.next_lesson", title=following.title)
        return self.s("recap.next_done")

    async def action_next(self) -> None:
        if self.index < len(self.lesson.steps):
            await self.show_step(self.index + 1)
        elif self.lesson.quiz:
            self.kl.open_quiz(self.lesson.id)
        elif self.lesson.exercises:
            self.open_exercises(self.lesson)
        elif following := self._next_lesson():
            self.kl.show_lesson(following, how="replace")
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
    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """A link in a step: a web address opens in the browser, and the learner is told
        where (it may open on another screen, or nowhere on a machine without one)."""
        event.stop()
        if web_address(event.href):
            self.app.open_url(event.href)
            self.say(self.s("link.opened", url=event.href), timeout=8)
