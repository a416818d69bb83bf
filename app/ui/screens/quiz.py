"""A lesson's quiz: one question at a time, feedback at once, a score at the end.

Each answer is saved as it is given, so a quiz left half-way resumes at the first question not
yet answered; a quiz answered to the end shows its score until the learner tries again.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from kubelearn.course.model import Lesson, QuizQuestion
from kubelearn.safe_text import visible
from kubelearn.ui.screens.base import BaseScreen
from kubelearn.ui.widgets.hanging import Hanging
from kubelearn.ui.widgets.inline import inline

CHOICE_LETTERS = "abcdef"


class QuizScreen(BaseScreen[None]):
    BINDINGS = [
        Binding("a", "choose_key('a')", "key.choose", key_display="a-f"),
        *(Binding(k, f"choose_key('{k}')", show=False) for k in CHOICE_LETTERS[1:]),
        *(Binding(str(n), f"choose_index({n - 1})", show=False) for n in range(1, 10)),
        Binding("n", "next", "key.next"),
        Binding("r", "retry", "key.retry"),
        Binding("x", "exercises", "key.exercises"),
        Binding("escape", "app.pop_screen", "key.back"),
    ]

    def __init__(self, lesson: Lesson) -> None:
        super().__init__()
        self.lesson = lesson
        self.index = 0
        self.answers: dict[int, str] = {}
        self.finished = False

    @property
    def question(self) -> QuizQuestion:
        return self.lesson.quiz[self.index]

    def compose(self) -> ComposeResult:
        yield Static(id="quiz-header", markup=False)
        with VerticalScroll(id="quiz-body"):
            yield Markdown(id="question")
            yield OptionList(id="choices")
            yield Static(id="feedback", markup=False)
            yield Vertical(id="review")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.kl.store.set_position(self.lesson.id, "quiz")
        if not self.lesson.quiz:
            self.query_one("#feedback", Static).update(self.s("quiz.empty"))
            return
        self.answers = self._saved_answers()
        unanswered = [i for i in range(len(self.lesson.quiz)) if i not in self.answers]
        if unanswered:
            await self.show_question(unanswered[0])
        else:
            await self.show_score(announce=False)

    def on_screen_resume(self) -> None:
        self.kl.store.set_position(self.lesson.id, "quiz")

    def _saved_answers(self) -> dict[int, str]:
        """The answers of the attempt in progress (or last finished), for questions that exist."""
        saved = self.kl.store.progress.lesson(self.lesson.id).quiz_answers
        return {
            index: key
            for index, key in saved.items()
            if 0 <= index < len(self.lesson.quiz) and self.lesson.quiz[index].choice(key)
        }

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.index in self.answers and not self.finished
        if action == "retry":
            return self.finished
        if action == "exercises":
            return bool(self.lesson.exercises)
        if action in ("choose_index", "choose_key"):
            return bool(self.lesson.quiz) and not self.finished and self.index not in self.answers
        return True

    async def show_question(self, index: int) -> None:
        self.index = index
        self.finished = False
        self.query_one("#review", Vertical).display = False
        question = self.question
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
            Option(self._choice_prompt(question, c.key), id=c.key) for c in question.choices
        )
        choices.highlighted = 0
        choices.focus()
        self.query_one("#feedback", Static).update("")
        self.refresh_bindings()

    def _choice_prompt(self, question: QuizQuestion, key: str, mark: str = "") -> Hanging:
        choice = question.choice(key)
        assert choice is not None
        style = {"✓": "$text-success", "✗": "$text-error"}.get(mark, "")
        marker = Content.assemble((f"{mark or ' '} ", style), (f"{choice.key}) ", "$text-muted"))
        return Hanging(marker, inline(choice.text, style))

    def action_choose_index(self, position: int) -> None:
        if position < len(self.question.choices):
            self.answer(self.question.choices[position].key)

    def action_choose_key(self, key: str) -> None:
        if self.question.choice(key):
            self.answer(key)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.index in self.answers:
            self.run_worker(self.action_next())
        else:
            self.answer(event.option.id or "")

    def answer(self, key: str) -> None:
        if self.finished or self.index in self.answers:
            return
        question = self.question
        chosen = question.choice(key)
        if chosen is None:
            return
        self.answers[self.index] = key
        self.kl.store.record_quiz_answer(self.lesson.id, self.index, key)
        right = key == question.answer
        choices = self.query_one("#choices", OptionList)
        choices.replace_option_prompt(
            key, self._choice_prompt(question, key, "✓" if right else "✗")
        )
        if not right:
            choices.replace_option_prompt(
                question.answer, self._choice_prompt(question, question.answer, "✓")
            )
        choices.highlighted = question.choices.index(chosen)
        last = self.index + 1 == len(self.lesson.quiz)
        if right:
            verdict = Content.assemble(("✓ " + self.s("quiz.right"), "bold $text-success"))
        else:
            verdict = Content.assemble(("✗ " + self.s("quiz.wrong"), "bold $text-error"))
        lines = [verdict, inline(chosen.explanation)]
        if not right:
            answer = question.choice(question.answer)
            assert answer is not None
            lines.append(
                inline(self.s("quiz.answer_was", key=answer.key, text=answer.text), "bold")
            )
            lines.append(inline(answer.explanation))
        lines.append(
            Content.assemble((self.s("quiz.see_score" if last else "quiz.continue"), "$text-muted"))
        )
        self.query_one("#feedback", Static).update(Content("\n").join(lines))
        self.query_one("#quiz-body", VerticalScroll).scroll_end(animate=False)
        self.refresh_bindings()

    async def action_next(self) -> None:
        if self.index not in self.answers or self.finished:
            return
        if self.index + 1 < len(self.lesson.quiz):
            await self.show_question(self.index + 1)
        else:
            await self.show_score()

    async def show_score(self, announce: bool = True) -> None:
        self.finished = True
        total = len(self.lesson.quiz)
        score = sum(1 for i, q in enumerate(self.lesson.quiz) if self.answers.get(i) == q.answer)
        store = self.kl.store
        store.record_quiz_score(self.lesson.id, score, total)
        best = store.progress.lesson(self.lesson.id).quiz_best or score
        self.query_one("#quiz-header", Static).update(visible(self.lesson.title))
        self.query_one("#question", Markdown).display = False
        self.query_one("#choices", OptionList).display = False
        lines = [
            Content.assemble((self.s("quiz.score", score=score, total=total), "bold")),
            Content(self.s("quiz.best", best=best, total=total)),
        ]
        if score == total:
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
        if score == total and announce:
            self.say(self.s("quiz.perfect"), severity="information")

    def _review(self) -> list[Hanging]:
        """One line per question, ✓ or ✗, and the right answer under each one missed."""
        lines = []
        width = len(str(len(self.lesson.quiz)))
        for index, question in enumerate(self.lesson.quiz):
            right = self.answers.get(index) == question.answer
            mark = ("✓ ", "$text-success") if right else ("✗ ", "$text-error")
            first_line = question.question.strip().splitlines()[0].lstrip("#> ").strip()
            marker = Content.assemble(mark, f"{index + 1:>{width}}. ")
            answer = question.choice(question.answer)
            text = inline(first_line)
            if not right and answer:
                right_answer = self.s("quiz.answer_was", key=answer.key, text=answer.text)
                text = Content("\n").join([text, inline(right_answer, "$text-muted")])
            lines.append(Hanging(marker, text))
        return lines

    async def action_retry(self) -> None:
        self.answers.clear()
        self.kl.store.clear_quiz_answers(self.lesson.id)
        await self.show_question(0)

    def action_exercises(self) -> None:
        self.open_exercises(self.lesson)
