"""A quiz session without any app: answer, feedback, score, resume, retry."""

from __future__ import annotations

import pytest

from kubelearn.tutor.quiz import shown_order


def quiz_of(tutor):
    return tutor.quiz(tutor.course.lesson("pods"))


def test_right_then_wrong_then_score_review_and_retry(make_tutor, saved):
    quiz = quiz_of(make_tutor())
    assert quiz.resume() == 0
    assert quiz.go_to(0).question.startswith("What is a Pod?")
    assert quiz.may_answer and not quiz.may_advance
    right = quiz.answer("b")
    assert right is not None and right.right and not right.last
    assert right.chosen.key == right.correct.key == "b"
    assert quiz.answer("a") is None, "an answered question keeps its answer"
    assert quiz.may_advance and quiz.has_next
    quiz.go_to(1)
    assert quiz.answer("z") is None, "no such choice"
    wrong = quiz.answer("b")
    assert wrong is not None and not wrong.right and wrong.last
    assert wrong.correct.key == "a" and wrong.correct.text == "Over localhost"
    assert not quiz.has_next
    score = quiz.finish()
    assert (score.score, score.total, score.best, score.perfect) == (1, 2, 1, False)
    assert quiz.finished and not quiz.may_answer and not quiz.may_advance
    review = quiz.review()
    assert [(r.number, r.right) for r in review] == [(1, True), (2, False)]
    assert review[0].question == "What is a Pod?"
    assert review[1].correct is not None and review[1].correct.key == "a"
    lesson = saved().lesson("pods")
    assert lesson.quiz_best == 1 and lesson.quiz_answers == {0: "b", 1: "b"}
    assert quiz.retry() is quiz.questions[0]
    assert quiz.index == 0 and quiz.answers == {} and not quiz.finished
    assert saved().lesson("pods").quiz_answers == {}
    assert quiz.answer("b").right
    quiz.go_to(1)
    quiz.answer("a")
    perfect = quiz.finish()
    assert perfect.perfect and perfect.best == 2
    assert saved().lesson("pods").quiz_best == 2


def test_a_quiz_left_half_way_resumes_at_the_first_unanswered_question(make_tutor, saved):
    quiz = quiz_of(make_tutor())
    quiz.resume()
    quiz.answer("b")
    again = quiz_of(make_tutor())
    assert again.resume() == 1
    assert again.answers == {0: "b"}
    last = saved().last
    assert (last.lesson_id, last.screen) == ("pods", "quiz")


def test_a_finished_quiz_opens_on_its_score_and_keeps_its_best(make_tutor):
    quiz = quiz_of(make_tutor())
    quiz.resume()
    quiz.answer("b")
    quiz.go_to(1)
    quiz.answer("a")
    quiz.finish()
    again = quiz_of(make_tutor())
    assert again.resume() is None
    assert again.finish().best == 2
    again.retry()
    again.answer("a")
    again.go_to(1)
    again.answer("b")
    worse = again.finish()
    assert (worse.score, worse.best) == (0, 2)


def test_saved_answers_for_questions_or_choices_that_no_longer_exist_are_dropped(
        make_tutor, progress_file):
    from kubelearn.progress import ProgressStore

    store = ProgressStore(progress_file)
    store.record_quiz_answer("pods", 0, "q")
    store.record_quiz_answer("pods", 1, "a")
    store.record_quiz_answer("pods", 7, "a")
    quiz = quiz_of(make_tutor())
    assert quiz.resume() == 0
    assert quiz.answers == {1: "a"}


def test_a_lesson_without_a_quiz(make_tutor):
    tutor = make_tutor()
    quiz = tutor.quiz(tutor.course.lesson("labels"))
    assert quiz.resume() is None
    assert not quiz.may_answer and not quiz.may_advance


def test_the_order_is_kept_for_an_attempt_and_its_resume_and_drawn_anew_on_retry(make_tutor):
    quiz = quiz_of(make_tutor())
    quiz.resume()
    first = [tuple(c.key for c in quiz.shown(i)) for i in range(len(quiz.questions))]
    assert first == [tuple(c.key for c in quiz.shown(i)) for i in range(len(quiz.questions))]
    quiz.answer(quiz.key_of("a"))
    again = quiz_of(make_tutor())
    assert again.resume() == 1
    assert [tuple(c.key for c in again.shown(i)) for i in range(2)] == first
    for attempt in range(1, 6):
        before = [tuple(c.key for c in again.shown(i)) for i in range(2)]
        again.retry()
        after = [tuple(c.key for c in again.shown(i)) for i in range(2)]
        assert all(b != a for b, a in zip(before, after, strict=True)), attempt
        assert again.attempt == attempt


def test_letters_are_places_on_screen_and_answers_are_saved_under_the_authors_keys(
        make_tutor, saved):
    quiz = quiz_of(make_tutor())
    quiz.resume()
    shown = quiz.shown()
    assert [quiz.key_of(letter) for letter in "abc"] == [c.key for c in shown]
    assert quiz.key_of("d") is None and quiz.key_of("") is None
    wrong_letter = next("abc"[i] for i, c in enumerate(shown) if c.key != "b")
    feedback = quiz.answer(quiz.key_of(wrong_letter))
    assert feedback is not None and not feedback.right
    assert feedback.letter(feedback.chosen) == wrong_letter
    assert feedback.letter(feedback.correct) == "abc"[[c.key for c in shown].index("b")]
    assert saved().lesson("pods").quiz_answers == {0: feedback.chosen.key}


@pytest.mark.parametrize("count", [1, 2, 3, 4, 6])
def test_each_order_is_a_permutation_and_never_the_one_before(count: int) -> None:
    orders = [shown_order("lesson", 3, attempt, count) for attempt in range(60)]
    assert all(sorted(order) == list(range(count)) for order in orders)
    if count > 1:
        assert all(a != b for a, b in zip(orders, orders[1:], strict=False))
        assert len(set(orders)) > min(2, count - 1), "not a fixed rotation"
    assert orders == [shown_order("lesson", 3, attempt, count) for attempt in range(60)]


def test_a_choice_past_z_is_shown_with_its_number() -> None:
    from kubelearn.course.model import Choice
    from kubelearn.tutor.quiz import letter_of

    shown = tuple(Choice(f"k{i}", f"choice {i}", "why") for i in range(30))
    assert [letter_of(shown, f"k{i}") for i in (0, 25, 26, 29)] == ["a", "z", "27", "30"]
    assert len(shown_order("lesson", 0, 1, 30)) == 30
