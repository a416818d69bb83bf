"""The parsed-course cache: used when nothing changed, never stale, never a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kubelearn.course import loader
from kubelearn.course.cache import load_course_cached

LESSON = """\
---
format: 1
id: pods
title: {title}
order: 1
---

## Step

Text.
"""


@pytest.fixture
def course(tmp_path: Path) -> Path:
    (tmp_path / "course" / "en").mkdir(parents=True)
    (tmp_path / "course" / "en" / "01-pods.md").write_text(LESSON.format(title="Pods"))
    return tmp_path / "course"


def _count_parses(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = loader.load_course

    def counting(root=None, lang="en"):
        calls.append(1)
        return real(root, lang)

    monkeypatch.setattr(loader, "load_course", counting)
    return calls


def test_second_load_comes_from_the_cache(course: Path, tmp_path: Path, monkeypatch) -> None:
    calls = _count_parses(monkeypatch)
    first = load_course_cached(course, "en", tmp_path / "cache")
    second = load_course_cached(course, "en", tmp_path / "cache")
    assert first == second and len(calls) == 1


def test_an_edited_lesson_is_parsed_again(course: Path, tmp_path: Path, monkeypatch) -> None:
    calls = _count_parses(monkeypatch)
    load_course_cached(course, "en", tmp_path / "cache")
    lesson = course / "en" / "01-pods.md"
    lesson.write_text(LESSON.format(title="Pods, edited"))
    stat = lesson.stat()
    os.utime(lesson, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_course_cached(course, "en", tmp_path / "cache").lessons[0].title == "Pods, edited"
    assert len(calls) == 2
    assert len(list((tmp_path / "cache").glob("course-*.pickle"))) == 1  # old entries go


def test_a_damaged_cache_is_ignored(course: Path, tmp_path: Path) -> None:
    load_course_cached(course, "en", tmp_path / "cache")
    for entry in (tmp_path / "cache").glob("course-*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert load_course_cached(course, "en", tmp_path / "cache").lessons[0].title == "Pods"


def test_an_unwritable_cache_still_loads(course: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert load_course_cached(course, "en", blocker / "cache").lessons[0].id == "pods"


def test_languages_are_cached_apart(course: Path, tmp_path: Path) -> None:
    (course / "zh").mkdir()
    (course / "zh" / "01-pods.md").write_text(LESSON.format(title="Pod 入门"))
    assert load_course_cached(course, "en", tmp_path / "c").lessons[0].title == "Pods"
    assert load_course_cached(course, "zh", tmp_path / "c").lessons[0].title == "Pod 入门"


def test_a_cached_start_imports_no_goal_form_until_an_exercise_is_checked(tmp_path):
    """The shipped course from the cache: the course map needs no checker; the goals come
    back parsed, equal to a fresh load's, the first time an exercise asks for them."""
    import subprocess
    import sys

    load_course_cached(None, "en", tmp_path)  # writes the cache
    script = f"""
import sys
from pathlib import Path
from kubelearn.course.cache import load_course_cached
course = load_course_cached(None, "en", Path({str(tmp_path)!r}))
assert not [m for m in sys.modules if m.startswith("kubelearn.checker")], "eager"
exercise = course.lessons[1].exercises[0]
from kubelearn.course import load_course
fresh = load_course(lang="en").lessons[1].exercises[0]
assert len(exercise.goals) == len(fresh.goals) > 0
assert exercise.goals == fresh.goals
from kubelearn.checker import check
assert check(exercise.solution, exercise.goals).passed
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr
