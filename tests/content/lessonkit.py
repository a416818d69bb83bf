"""Helpers the content tests share: the shipped course, and judging an answer as a learner would.

Every lesson test file loads its exercises from the shipped lesson files, in English and in
Chinese, so a change to a starter, a solution or an expectation is caught there. Each of its
table rows is one answer a learner might type: correct answers written differently must pass;
common mistakes must fail with a finding that names the problem. What holds for every exercise
and lesson (starter fails, solution passes, both languages agree, the lesson's shape) is
checked once, over the whole course, in test_course_content.py.

The lesson test files import this module by name (``from lessonkit import ...``): pytest's
default import mode puts ``tests/content`` on ``sys.path`` for the test files in it. A plain
module rather than conftest fixtures, because the course-wide tests need the course at
collection time to parametrize over every lesson and exercise, and plain functions read the
same inside a parametrize list as inside a test.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from kubelearn.checker import check
from kubelearn.checker.findings import Report
from kubelearn.course import load_course
from kubelearn.course.model import Exercise

LANGS = ("en", "zh")
#: The shipped course in each language, as the learner meets it.
COURSES = {lang: load_course(None, lang=lang) for lang in LANGS}


def has_chinese(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


def describe(report: Report) -> str:
    """Every finding and the expectation count, for an assertion message."""
    lines = [
        f"{f.severity.value} {f.line}:{f.column} [{f.code}] {f.message}" for f in report.findings
    ]
    lines.append(f"expectations met: {report.expectations_met}/{report.expectations_total}")
    return "\n".join(lines)


@dataclass(frozen=True)
class ShippedLesson:
    """One lesson of the shipped course; its exercises are looked up by id in either language."""

    id: str

    def exercise(self, exercise_id: str, lang: str) -> Exercise:
        found = COURSES[lang].exercise(exercise_id)
        assert found is not None, f"exercise {exercise_id} missing in {lang}"
        assert found.lesson_id == self.id
        return found

    def judge(self, exercise_id: str, text: str, lang: str) -> Report:
        """Check ``text`` (written indented inside a test file) against the exercise."""
        ex = self.exercise(exercise_id, lang)
        return check(textwrap.dedent(text).lstrip("\n"), ex.goals, lang=lang, cluster=ex.cluster)


def assert_passes(report: Report) -> None:
    assert report.ok, describe(report)
    assert report.passed, describe(report)


WordPlace = Literal["its message", "its message or hint", "any message"]


def assert_fails_helpfully(
    report: Report,
    codes: str | Iterable[str] | None,
    word: str | None,
    lang: str,
    *,
    word_in: WordPlace = "its message",
) -> None:
    """A common mistake fails with a finding of each of ``codes``.

    In English the learner must also read ``word`` (case matters): in the message of a finding
    with one of ``codes`` ("its message"), in its message or its hint ("its message or hint"),
    or in the message of any finding ("any message").
    """
    assert not report.passed, describe(report)
    wanted = {codes} if isinstance(codes, str) else set(codes or ())
    assert wanted <= {f.code for f in report.findings}, describe(report)
    if lang != "en" or word is None:
        return
    if word_in == "any message":
        said = [f.message for f in report.findings]
    elif word_in == "its message or hint":
        said = [f"{f.message}\n{f.hint}" for f in report.findings if f.code in wanted]
    else:
        said = [f.message for f in report.findings if f.code in wanted]
    assert any(word in text for text in said), describe(report)
