"""The shipped course's quizzes cannot be gamed, and each "predict the output" question shows
the output the offline cluster really prints (rebuilt here from its ``kubectl`` key)."""

from __future__ import annotations

import pytest

from kubelearn.course.validate import load_all, quiz_balance_problems, quiz_output_problems
from kubelearn.paths import shipped_lessons

COURSES = load_all(shipped_lessons())
def _lessons() -> list:
    return [
        pytest.param(lang, lesson, id=f"{lang}-{lesson.id}")
        for lang, course in COURSES.items()
        for lesson in course.lessons
    ]


@pytest.mark.parametrize(("lang", "lesson"), _lessons())
def test_no_quiz_gives_its_answer_away(lang: str, lesson) -> None:
    found = [str(p) for p in (*lesson.notes, *quiz_balance_problems(lesson))]
    assert found == []


def _output_questions() -> list:
    return [
        pytest.param(lesson, question, id=f"{lang}-{lesson.id}-{question.line}")
        for lang, course in COURSES.items()
        for lesson in course.lessons
        for question in lesson.quiz
        if question.kubectl is not None
    ]


@pytest.mark.parametrize(("lesson", "question"), _output_questions())
def test_a_shown_kubectl_output_is_what_the_offline_cluster_prints(lesson, question) -> None:
    assert [str(p) for p in quiz_output_problems(lesson.path, question)] == []


def test_each_language_asks_to_predict_real_output_at_least_three_times() -> None:
    for lang, course in COURSES.items():
        asked = [q for lesson in course.lessons for q in lesson.quiz if q.kubectl is not None]
        assert len(asked) >= 3, lang
