"""A quiz session without any app: answer, feedback, score, resume, retry."""

from __future__ import annotations


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
