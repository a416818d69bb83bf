"""A lesson's quiz being taken: one question at a time, each answer judged and saved at once.

Each answer is saved as it is given, so a quiz left half-way resumes at the first question not
yet answered; a quiz answered to the end shows its score until the learner tries again. The
quiz screen shows what this session says (the question, the feedback, the score, the review)
and asks it what each key may do; nothing here knows about Textual.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kubelearn.tutor.timing import ScreenTimer

if TYPE_CHECKING:
    from kubelearn.course.model import Choice, Lesson, QuizQuestion
    from kubelearn.progress.store import ProgressChanges


@dataclass(frozen=True)
class Feedback:
    """What an answer earned: right or not, and the choice that was right."""

    question: QuizQuestion
    chosen: Choice
    correct: Choice
    #: The answer was to the quiz's last question (next comes the score).
    last: bool

    @property
    def right(self) -> bool:
        return self.chosen.key == self.correct.key


@dataclass(frozen=True)
class Score:
    score: int
    total: int
    #: The best score of every attempt, this one included.
    best: int

    @property
    def perfect(self) -> bool:
        return self.score == self.total


@dataclass(frozen=True)
class Review:
    """One line of the review after the score: the question, and its answer when missed."""

    number: int
    right: bool
    #: The question's first line, without Markdown heading or quote marks.
    question: str
    correct: Choice | None


class QuizSession:
    """The learner taking ``lesson``'s quiz, recorded in ``store``."""

    def __init__(self, store: ProgressChanges, lesson: Lesson,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.lesson = lesson
        #: The question on screen.
        self.index = 0
        #: The answers of the attempt in progress (or last finished), by question.
        self.answers: dict[int, str] = {}
        #: Every question answered and the score shown.
        self.finished = False
        self._timer = ScreenTimer(store, lesson.id, "quiz", clock=clock)

    @property
    def questions(self) -> tuple[QuizQuestion, ...]:
        return self.lesson.quiz

    @property
    def question(self) -> QuizQuestion:
        return self.questions[self.index]

    @property
    def answered(self) -> bool:
        """The question on screen has its answer."""
        return self.index in self.answers

    def here(self) -> None:
        """The learner is here: "continue" on the course map comes back to this quiz."""
        self.store.set_position(self.lesson.id, "quiz")
        self._timer.start()

    def leave(self) -> None:
        """The learner left the quiz: record the time spent on it."""
        self._timer.stop()

    def resume(self) -> int | None:
        """Load the saved answers; the first question not answered yet, or ``None`` when
        every one is (the score is what to show)."""
        self.here()
        saved = self.store.progress.lesson(self.lesson.id).quiz_answers
        self.answers = {
            index: key
            for index, key in saved.items()
            if 0 <= index < len(self.questions) and self.questions[index].choice(key)
        }
        return next((i for i in range(len(self.questions)) if i not in self.answers), None)

    def go_to(self, index: int) -> QuizQuestion:
        self.index = index
        self.finished = False
        return self.question

    # What each key may do now

    @property
    def may_answer(self) -> bool:
        return bool(self.questions) and not self.finished and not self.answered

    @property
    def may_advance(self) -> bool:
        return self.answered and not self.finished

    @property
    def has_next(self) -> bool:
        """There is a question after the one on screen (else the next thing is the score)."""
        return self.index + 1 < len(self.questions)

    # Answering

    def answer(self, key: str) -> Feedback | None:
        """Answer the question on screen with the choice ``key``; ``None`` when that is not
        an answer now (no such choice, or the question is answered already)."""
        if not self.may_answer:
            return None
        question = self.question
        chosen, correct = question.choice(key), question.choice(question.answer)
        if chosen is None or correct is None:
            return None
        self.answers[self.index] = key
        self.store.record_quiz_answer(self.lesson.id, self.index, key,
                                      correct=key == question.answer)
        return Feedback(question, chosen, correct, last=not self.has_next)

    def finish(self) -> Score:
        """Every question answered: the score, recorded with the best so far."""
        self.finished = True
        total = len(self.questions)
        score = sum(1 for i, q in enumerate(self.questions) if self.answers.get(i) == q.answer)
        self.store.record_quiz_score(self.lesson.id, score, total)
        best = self.store.progress.lesson(self.lesson.id).quiz_best or score
        return Score(score, total, best)

    def review(self) -> list[Review]:
        """One line per question, right or not, with the right answer for each one missed."""
        lines = []
        for index, question in enumerate(self.questions):
            right = self.answers.get(index) == question.answer
            first_line = question.question.strip().splitlines()[0].lstrip("#> ").strip()
            lines.append(Review(index + 1, right, first_line, question.choice(question.answer)))
        return lines

    def retry(self) -> QuizQuestion:
        """Start afresh at the first question (the best score stays)."""
        self.answers.clear()
        self.store.clear_quiz_answers(self.lesson.id)
        return self.go_to(0)
