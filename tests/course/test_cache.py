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


def test_an_entry_stored_under_another_key_is_parsed_again(
    course: Path, tmp_path: Path, monkeypatch
) -> None:
    """The file name is only a checksum of the key: a file whose stored key differs (a
    checksum collision, or a file copied from elsewhere) is never taken for this course."""
    import dataclasses
    import pickle

    calls = _count_parses(monkeypatch)
    load_course_cached(course, "en", tmp_path / "cache")
    (entry,) = (tmp_path / "cache").glob("course-*.pickle")
    key, stored = pickle.loads(entry.read_bytes())
    other = dataclasses.replace(stored, lessons=(
        dataclasses.replace(stored.lessons[0], title="From another course"),))
    entry.write_bytes(pickle.dumps((key + "\nsomething else", other)))
    assert load_course_cached(course, "en", tmp_path / "cache").lessons[0].title == "Pods"
    assert len(calls) == 2


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


# --- load_course_soon: a cold cache parsed by a forked child while the tutor starts --------

SOON = """\
import os, sys
from pathlib import Path
from kubelearn.course import cache
from kubelearn.course.loader import load_course

root, cache_dir, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
forks = []
real_fork = os.fork
def fork():
    forks.append(1)
    return real_fork()
os.fork = fork
if mode == "blocked":  # a file where the cache folder should be: nothing can be cached
    cache_dir.write_text("not a folder")
course = cache.load_course_soon(root, "en", cache_dir)()
assert course == load_course(root, "en"), "the course differs from a plain parse"
print(len(forks), len(list(cache_dir.glob("course-en-*.pickle"))) if cache_dir.is_dir() else 0)
"""


def _soon(course: Path, cache_dir: Path, mode: str = "plain") -> tuple[int, int]:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", SOON, str(course), str(cache_dir), mode],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    forks, pickles = done.stdout.split()
    return int(forks), int(pickles)


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                    reason="the child parser needs fork and a second core")
def test_cold_cache_is_filled_by_a_child_and_read_back(course: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    assert _soon(course, cache_dir) == (1, 1)  # a child parsed and cached it
    assert _soon(course, cache_dir) == (0, 1)  # warm: no child


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                    reason="the child parser needs fork and a second core")
def test_a_child_that_cannot_write_the_cache_leaves_the_parsing_to_the_parent(
        course: Path, tmp_path: Path) -> None:
    # The child forks, fails to cache, and the parent parses: the course still comes whole.
    assert _soon(course, tmp_path / "cache", "blocked") == (1, 0)


def test_a_process_with_threads_never_forks(course: Path, tmp_path: Path, monkeypatch) -> None:
    import threading

    from kubelearn.course import cache

    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked with threads running"))
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        soon = cache.load_course_soon(course, "en", tmp_path / "cache")
    finally:
        stop.set()
        worker.join()
    assert soon() == loader.load_course(course, "en")
