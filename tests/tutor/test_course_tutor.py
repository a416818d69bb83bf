"""The course-level tutor: steps seen, where "continue" goes, how much of a lesson is done."""

from __future__ import annotations


def test_steps_shown_count_as_seen_and_as_where_to_continue(make_tutor, saved):
    tutor = make_tutor()
    pods = tutor.course.lesson("pods")
    assert tutor.resume().screen == "start" and tutor.resume().lesson is pods
    tutor.step_shown(pods, 0)
    tutor.step_shown(pods, 1)
    assert saved().lesson("pods").steps_seen == {0, 1}
    resume = make_tutor().resume()
    assert (resume.lesson.id, resume.screen, resume.step) == ("pods", "lesson", 1)
    progress = tutor.lesson_progress(pods)
    assert (progress.steps_seen, progress.quiz_best, progress.exercises_passed) == (2, None, 0)
    assert 0 < progress.completion < 1


def test_continue_goes_back_to_the_quiz_or_the_exercise(make_tutor):
    tutor = make_tutor()
    pods = tutor.course.lesson("pods")
    tutor.quiz(pods).here()
    assert make_tutor().resume().screen == "quiz"
    exercise = tutor.course.exercise("pods-fix-typo")
    tutor.exercise(pods, exercise).open()
    resume = make_tutor().resume()
    assert resume.screen == "exercise" and resume.exercise.id == "pods-fix-typo"
    labels = tutor.course.lesson("labels")
    tutor.back_at_step(labels, 9)
    resume = make_tutor().resume()
    assert (resume.lesson.id, resume.screen, resume.step) == ("labels", "lesson", 1)


def test_a_broken_lesson_is_never_where_to_continue(make_tutor, progress_file):
    from kubelearn.progress import ProgressStore

    ProgressStore(progress_file).set_position("broken", "lesson")
    tutor = make_tutor()
    assert tutor.resume_lesson() is tutor.course.lesson("pods")
    assert tutor.lesson_progress(tutor.course.lesson("broken")).completion == 0.0


def test_exercises_open_at_the_first_not_passed(make_tutor):
    tutor = make_tutor()
    pods = tutor.course.lesson("pods")
    exercise = tutor.course.exercise("pods-fix-typo")
    assert tutor.exercise_to_do(pods) is exercise
    session = tutor.exercise(pods, exercise)
    session.settle(session.check(exercise.solution))
    assert tutor.exercise_to_do(pods) is exercise, "all passed: the first"
    assert tutor.lesson_progress(pods).exercises_passed == 1
    assert tutor.exercise_to_do(tutor.course.lesson("labels")) is None
