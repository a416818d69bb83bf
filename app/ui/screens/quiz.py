"""A lesson's quiz: one question at a time, feedback at once, a score at the end."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from kubelearn.course.model import Lesson, QuizQuestion
from kubelearn.ui.screens.base import BaseScreen

CHOICE_LETTERS = "abcdef"


class QuizScreen(BaseScreen[None]):
    BINDINGS = [
        *(Binding(str(n), f"choose_index({n - 1})", show=False) for n in range(1, 10)),
        *(Binding(k, f"choose_key('{k}')", show=False) for k in CHOICE_LETTERS),
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
            yield Static(id="feedback")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.kl.store.set_position(self.lesson.id, "quiz")
        if not self.lesson.quiz:
            self.query_one("#feedback", Static).update(self.s("quiz.empty"))
            return
        await self.show_question(0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.index in self.answers and not self.finished
        if action == "retry":
            return self.finished
        if action == "exercises":
            return self.finished and bool(self.lesson.exercises)
        if action in ("choose_index", "choose_key"):
            return not self.finished and self.index not in self.answers
        return True

    async def show_question(self, index: int) -> None:
        self.index = index
        self.finished = False
        question = self.question
        total = len(self.lesson.quiz)
        self.query_one("#quiz-header", Static).update(
            self.s("quiz.position", title=self.lesson.title, n=index + 1, total=total)
        )
        markdown = self.query_one("#question", Markdown)
        markdown.display = True
        await markdown.update(question.question)
        choices = self.query_one("#choices", OptionList)
        choices.display = True
        choices.set_options(
            Option(self._choice_prompt(question, c.key), id=c.key) for c in question.choices
        )
        choices.highlighted = 0
        choices.focus()
        self.query_one("#feedback", Static).update("")
        self.refresh_bindings()

    def _choice_prompt(self, question: QuizQuestion, key: str, mark: str = "") -> Content:
        choice = question.choice(key)
        assert choice is not None
        number = question.choices.index(choice) + 1
        style = {"✓": "$text-success", "✗": "$text-error"}.get(mark, "")
        return Content.assemble(
            (f"{mark or ' '} ", style),
            (f"{number}. {choice.key}) ", "$text-muted"),
            (choice.text, style),
        )

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
        choices.replace_option_prompt(key, self._choice_prompt(question, key, "✓" if right else "✗"))
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
        lines = [verdict, Content(chosen.explanation)]
        if not right:
            answer = question.choice(question.answer)
            assert answer is not None
            lines.append(
                Content.assemble(
                    (self.s("quiz.answer_was", key=answer.key, text=answer.text), "bold")
                )
            )
            lines.append(Content(answer.explanation))
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
            self.show_score()

    def show_score(self) -> None:
        self.finished = True
        total = len(self.lesson.quiz)
        score = sum(1 for i, q in enumerate(self.lesson.quiz) if self.answers.get(i) == q.answer)
        store = self.kl.store
        store.record_quiz_score(self.lesson.id, score, total)
        best = store.progress.lesson(self.lesson.id).quiz_best or score
        self.query_one("#quiz-header", Static).update(self.lesson.title)
        self.query_one("#question", Markdown).display = False
        self.query_one("#choices", OptionList).display = False
        lines = [
            Content.assemble((self.s("quiz.score", score=score, total=total), "bold")),
            Content(self.s("quiz.best", best=best, total=total)),
        ]
        if score == total:
            lines.append(Content.assemble(("★ " + self.s("quiz.perfect"), "bold $text-success")))
        lines.append(Content(""))
        lines.append(
            Content(self.s("quiz.after" if self.lesson.exercises else "quiz.after_no_exercises"))
        )
        self.query_one("#feedback", Static).update(Content("\n").join(lines))
        self.query_one("#quiz-body", VerticalScroll).focus()
        self.refresh_bindings()
        if score == total:
            self.notify(self.s("quiz.perfect"), severity="information")

    async def action_retry(self) -> None:
        self.answers.clear()
        await self.show_question(0)

    def action_exercises(self) -> None:
        if self.lesson.exercises:
            self.kl.open_exercise(self.lesson.exercises[0].id)
