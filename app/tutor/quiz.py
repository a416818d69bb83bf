"""A lesson's quiz being taken: one question at a time, each answer judged and saved at once.

Each answer is saved as it is given, so a quiz left half-way resumes at the first question not
yet answered; a quiz answered to the end shows its score until the learner tries again. The
quiz screen shows what this session says (the question, the feedback, the score, the review)
and asks it what each key may do; nothing here knows about Textual.

The choices are shown in an order drawn for each attempt (:func:`shown_order`), with fresh
letters in the order shown, so that "the answer is always c" or "the longest is right" cannot
be learned from the order; the progress file keeps the author's choice keys, so a saved
answer means the same choice whatever order it was shown in.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from math import factorial
from typing import TYPE_CHECKING

from kubelearn.tutor.timing import ScreenTimer

if TYPE_CHECKING:
    from kubelearn.course.model import Choice, Lesson, QuizQuestion
    from kubelearn.progress.store import ProgressChanges

#: The letters choices are shown with, in the order shown (the author's keys stay hidden).
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _draw(lesson_id: str, index: int, attempt: int, below: int) -> int:
    """A number in ``range(below)``, the same for the same question and attempt in every run
    (a text seed is hashed with SHA-512, whatever ``PYTHONHASHSEED`` says)."""
    return random.Random(f"{lesson_id}\0{index}\0{attempt}").randrange(below)


def _rank(lesson_id: str, index: int, attempt: int, total: int) -> int:
    """Which of the ``total`` orders attempt ``attempt`` shows, never the one the attempt
    before showed: even attempts draw freely, an odd one draws among the orders its two
    neighbours did not (so it differs from both); with two orders they alternate."""
    if total == 1:
        return 0
    if total == 2:
        return (_draw(lesson_id, index, 0, 2) + attempt) % 2
    if attempt % 2 == 0:
        return _draw(lesson_id, index, attempt, total)
    taken = sorted({_draw(lesson_id, index, attempt - 1, total),
                    _draw(lesson_id, index, attempt + 1, total)})
    rank = _draw(lesson_id, index, attempt, total - len(taken))
    for value in taken:
        if rank >= value:
            rank += 1
    return rank


def shown_order(lesson_id: str, index: int, attempt: int, count: int) -> tuple[int, ...]:
    """The positions of a question's ``count`` choices in the order attempt ``attempt``
    shows them: stable for one attempt, different from the attempt before."""
    rank = _rank(lesson_id, index, attempt, factorial(count))
    left = list(range(count))
    order = []
    for size in range(count, 0, -1):
        position, rank = divmod(rank, factorial(size - 1))
        order.append(left.pop(position))
    return tuple(order)


@dataclass(frozen=True)
class Feedback:
    """What an answer earned: right or not, and the choice that was right."""

    question: QuizQuestion
    chosen: Choice
    correct: Choice
    #: The answer was to the quiz's last question (next comes the score).
    last: bool
    #: The choices in the order they were shown (their letters are their places here).
    shown: tuple[Choice, ...] = ()

    @property
    def right(self) -> bool:
        return self.chosen.key == self.correct.key

    def letter(self, choice: Choice) -> str:
        """The letter ``choice`` was shown with."""
        return letter_of(self.shown, choice.key)


def letter_of(shown: tuple[Choice, ...], key: str) -> str:
    """The letter of the choice with the author's ``key`` in the order ``shown`` (past z, a
    lesson pack's 27th choice, its number)."""
    position = next((i for i, c in enumerate(shown) if c.key == key), None)
    if position is None:
        return key
    return LETTERS[position] if position < len(LETTERS) else str(position + 1)


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
    #: The letter the right choice was shown with in this attempt.
    letter: str = ""


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
    def attempt(self) -> int:
        """This attempt's number (saved, so a resumed attempt keeps its order)."""
        return self.store.progress.lesson(self.lesson.id).quiz_attempt

    def shown(self, index: int | None = None) -> tuple[Choice, ...]:
        """The choices of question ``index`` (default: the one on screen) in the order this
        attempt shows them; the ``n``-th is shown with letter ``LETTERS[n]``."""
        index = self.index if index is None else index
        choices = self.questions[index].choices
        order = shown_order(self.lesson.id, index, self.attempt, len(choices))
        return tuple(choices[i] for i in order)

    def key_of(self, letter: str) -> str | None:
        """The author's key of the choice shown with ``letter`` now, or None."""
        shown = self.shown()
        position = LETTERS.find(letter)
        return shown[position].key if 0 <= position < len(shown) and letter else None

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
        return Feedback(question, chosen, correct, last=not self.has_next, shown=self.shown())

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
            letter = letter_of(self.shown(index), question.answer)
            lines.append(Review(index + 1, right, first_line, question.choice(question.answer),
                                letter))
        return lines

    def retry(self) -> QuizQuestion:
        """Start a new attempt at the first question, its choices in a new order (the best
        score stays)."""
        self.answers.clear()
        self.store.clear_quiz_answers(self.lesson.id)
        return self.go_to(0)
