"""A lesson's quiz: one question at a time, feedback at once, a score at the end.

The tutor's :class:`~kubelearn.tutor.QuizSession` judges and saves each answer, keeps the
score, knows where a quiz left half-way resumes and in which order this attempt shows the
choices; this screen shows what it says. The letters on screen are places in that order
(a, b, c from the top), never the lesson author's keys. The verdict is this screen's word
("Right!", "Not quite."), shown above the explanation, which never carries one.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from kubelearn.course.model import Lesson, QuizQuestion
from kubelearn.safe_text import visible
from kubelearn.tutor import Feedback, QuizSession
from kubelearn.tutor.quiz import letter_of
from kubelearn.ui.screens.base import BaseScreen
from kubelearn.ui.widgets.footer import KeyBar
from kubelearn.ui.widgets.hanging import Hanging
from kubelearn.ui.widgets.inline import inline

CHOICE_LETTERS = "abcdef"


class QuizScreen(BaseScreen[None]):
    STYLES = "quiz"
    BINDINGS = [
        Binding("a", "choose_key('a')", "key.choose", key_display="a-f"),
        *(Binding(k, f"choose_key('{k}')", show=False) for k in CHOICE_LETTERS[1:]),
        *(Binding(str(n), f"choose_index({n - 1})", show=False) for n in range(1, 10)),
        Binding("n", "next", "key.next"),
        Binding("r", "retry", "key.retry"),
        Binding("x", "exercises", "key.exercises"),
        Binding("g", "app.glossary", "glossary.key", show=False),
        Binding("escape", "app.pop_screen", "key.back"),
    ]

    def __init__(self, lesson: Lesson) -> None:
        super().__init__()
        self.lesson = lesson
        self._session: QuizSession | None = None

    @property
    def session(self) -> QuizSession:
        """The tutor's session for this quiz (made once the screen has its app)."""
        if self._session is None:
            self._session = self.tutor.quiz(self.lesson)
        return self._session

    @property
    def question(self) -> QuizQuestion:
        return self.session.question

    def compose(self) -> ComposeResult:
        yield Static(id="quiz-header", markup=False)
        with VerticalScroll(id="quiz-body"):
            yield Markdown(id="question")
            yield OptionList(id="choices")
            yield Static(id="feedback", markup=False)
            yield Vertical(id="review")
        yield KeyBar()

    async def on_mount(self) -> None:
        if not self.lesson.quiz:
            self.session.here()
            self.query_one("#feedback", Static).update(self.s("quiz.empty"))
            return
        first_unanswered = self.session.resume()
        if first_unanswered is not None:
            await self.show_question(first_unanswered)
        else:
            await self.show_score(announce=False)

    def on_screen_resume(self) -> None:
        self.session.here()

    def on_screen_suspend(self) -> None:
        self.session.leave()  # the time spent on the quiz, on leaving

    def on_unmount(self) -> None:
        if self._session is not None:
            self._session.leave()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.session.may_advance
        if action == "retry":
            return self.session.finished
        if action == "exercises":
            return bool(self.lesson.exercises)
        if action in ("choose_index", "choose_key"):
            return self.session.may_answer
        return True

    async def show_question(self, index: int) -> None:
        await self._show(self.session.go_to(index))

    async def _show(self, question: QuizQuestion) -> None:
        index = self.session.index
        self.query_one("#review", Vertical).display = False
        total = len(self.lesson.quiz)
        self.query_one("#quiz-header", Static).update(
            self.s("quiz.position", title=self.lesson.title, n=index + 1, total=total)
        )
        markdown = self.query_one("#question", Markdown)
        markdown.display = True
        await markdown.update(visible(question.question))
        choices = self.query_one("#choices", OptionList)
        choices.display = True
        choices.set_options(
            Option(self._choice_prompt(c.key), id=c.key) for c in self.session.shown()
        )
        choices.highlighted = 0
        choices.focus()
        self.query_one("#feedback", Static).update("")
        self.refresh_bindings()

    def _choice_prompt(self, key: str, mark: str = "") -> Hanging:
        """The choice with the author's ``key``, under the letter of its place on screen."""
        shown = self.session.shown()
        choice = next(c for c in shown if c.key == key)
        style = {"✓": "$text-success", "✗": "$text-error"}.get(mark, "")
        letter = letter_of(shown, key)
        marker = Content.assemble((f"{mark or ' '} ", style), (f"{letter}) ", "$text-muted"))
        return Hanging(marker, inline(choice.text, style))

    def action_choose_index(self, position: int) -> None:
        shown = self.session.shown()
        if position < len(shown):
            self.answer(shown[position].key)

    def action_choose_key(self, letter: str) -> None:
        key = self.session.key_of(letter)
        if key is not None:
            self.answer(key)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.session.answered:
            self.run_worker(self.action_next())
        else:
            self.answer(event.option.id or "")

    def answer(self, key: str) -> None:
        feedback = self.session.answer(key)
        if feedback is not None:
            self._show_feedback(feedback)

    def _show_feedback(self, feedback: Feedback) -> None:
        chosen, correct = feedback.chosen, feedback.correct
        choices = self.query_one("#choices", OptionList)
        choices.replace_option_prompt(
            chosen.key, self._choice_prompt(chosen.key, "✓" if feedback.right else "✗")
        )
        if not feedback.right:
            choices.replace_option_prompt(correct.key, self._choice_prompt(correct.key, "✓"))
        choices.highlighted = feedback.shown.index(chosen)
        if feedback.right:
            verdict = Content.assemble(("✓ " + self.s("quiz.right"), "bold $text-success"))
        else:
            verdict = Content.assemble(("✗ " + self.s("quiz.wrong"), "bold $text-error"))
        lines = [verdict, inline(chosen.explanation)]
        if not feedback.right:
            lines.append(
                inline(self.s("quiz.answer_was", key=feedback.letter(correct), text=correct.text),
                       "bold")
            )
            lines.append(inline(correct.explanation))
        after = "quiz.see_score" if feedback.last else "quiz.continue"
        lines.append(Content.assemble((self.s(after), "$text-muted")))
        self.query_one("#feedback", Static).update(Content("\n").join(lines))
        self.query_one("#quiz-body", VerticalScroll).scroll_end(animate=False)
        self.refresh_bindings()

    async def action_next(self) -> None:
        if not self.session.may_advance:
            return
        if self.session.has_next:
            await self.show_question(self.session.index + 1)
        else:
            await self.show_score()

    async def show_score(self, announce: bool = True) -> None:
        result = self.session.finish()
        score, total, best = result.score, result.total, result.best
        self.query_one("#quiz-header", Static).update(visible(self.lesson.title))
        self.query_one("#question", Markdown).display = False
        self.query_one("#choices", OptionList).display = False
        lines = [
            Content.assemble((self.s("quiz.score", score=score, total=total), "bold")),
            Content(self.s("quiz.best", best=best, total=total)),
        ]
        if result.perfect:
            lines.append(Content.assemble(("★ " + self.s("quiz.perfect"), "bold $text-success")))
        self.query_one("#feedback", Static).update(Content("\n").join(lines))
        after = self.s("quiz.after" if self.lesson.exercises else "quiz.after_no_exercises")
        review = self.query_one("#review", Vertical)
        await review.remove_children()
        await review.mount_all(
            [
                *(Static(line, classes="review-line", markup=False) for line in self._review()),
                Static(after, id="review-after", markup=False),
            ]
        )
        review.display = True
        self.query_one("#quiz-body", VerticalScroll).focus()
        self.refresh_bindings()
        if result.perfect and announce:
            self.say(self.s("quiz.perfect"), severity="information")

    def _review(self) -> list[Hanging]:
        """One line per question, ✓ or ✗, and the right answer under each one missed."""
        lines = []
        width = len(str(len(self.lesson.quiz)))
        for line in self.session.review():
            mark = ("✓ ", "$text-success") if line.right else ("✗ ", "$text-error")
            marker = Content.assemble(mark, f"{line.number:>{width}}. ")
            text = inline(line.question)
            if not line.right and line.correct:
                right_answer = self.s("quiz.answer_was", key=line.letter, text=line.correct.text)
                text = Content("\n").join([text, inline(right_answer, "$text-muted")])
            lines.append(Hanging(marker, text))
        return lines

    async def action_retry(self) -> None:
        await self._show(self.session.retry())

    def action_exercises(self) -> None:
        self.open_exercises(self.lesson)
