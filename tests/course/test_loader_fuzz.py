"""Fuzzing the lesson loader with generated and mutated lesson files (issue 7).

Mutations start from the shipped lessons and the UI test course, and bend them the ways a
careless or hostile author would: YAML tags, aliases, dates, merges and complex keys,
control characters, broken fences, bytes that are not UTF-8, repeated ids. Whatever comes
out, loading a course must not raise, must finish in well under 2 s, and must report every
problem as ``path:line: message`` with nothing a terminal would act on.

``KUBELEARN_FUZZ_SCALE`` raises the number of examples (default 1,500).
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from fuzzing import examples, fuzz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubelearn.course import load_course
from kubelearn.course.loader import ID_RE
from kubelearn.course.validate import validate_course
from kubelearn.safe_text import has_control

pytestmark = fuzz

EXAMPLES = examples(300)
REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted([*(REPO / "lessons" / "en").glob("*.md"),
                *(REPO / "tests" / "fixtures" / "ui_course").glob("*/*.md")])
SEED_TEXTS = [path.read_bytes() for path in SEEDS]

PROBLEM = re.compile(r"^[^\n]+:[1-9][0-9]*: \S")

NASTY_LINES = [
    "title: !!python/object:os.system x", "title: !foo x", "title: 2024-13-45",
    "title: !!timestamp 2024-13-45", "<<: 5", "<<: [1, 2]", "? [a, b]\n: 1", "? {a: 1}",
    "order: " + "9" * 4301, "minutes: 1e400", "order: -.inf", "id: " + "x" * 3000,
    "a: &a [*a]", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a]"
    "\nc: &c [*b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c]\ntitle: *d",
    "x: " + "[" * 80 + "]" * 80, "title: \"\\e]52;c;aGk=\\a\\e]0;t\\a\\e[2J\\u202e\\x9b\"",
    "\x1b]0;title\x07", "\x9b2J", "\u202e", "\x00", "\r", "\ufeff", "---", "```", "```quiz",
    "```exercise", "```diagram", "```quizz", "## ", "# ", "id:", "id: Demo_1", "id: [a]",
    "expect: [*x]", "expect: !!set {a}", "expect: [{in: Pod, path: " + "a." * 500 + "b}]",
    "choices: !!omap [a: 1, b: 2]", "hints: !!binary aGk=", "starter: !!binary 'not'",
    "prerequisites: [[a]]", "prerequisites: *nope", "format: 99", "format: true",
    "explain: {a: *a}", "answer: [a]", "question:", "- - - - - - - - - - - - x",
    "> " * 200 + "deep quote", "- " * 200 + "deep list", "    indented code",
    "容器" * 60, "|" + "-|" * 300,
]

TOKENS = st.sampled_from(["\n", " ", ":", "-", "[", "]", "{", "}", "&a", "*a", "!", "!!str",
                          "|", ">", "#", "'", '"', "`", "```", "---", "<<", "?", ",", "\t",
                          "\x1b", "\x00", "\x7f", "\x85", "\u2028", "\u202e", "é", "容"])
TEXT = st.lists(st.one_of(TOKENS, st.text(max_size=8)), max_size=30).map("".join)


@st.composite
def mutated(draw) -> bytes:
    """A shipped or fixture lesson with a few edits."""
    data = bytearray(draw(st.sampled_from(SEED_TEXTS)))
    for _ in range(draw(st.integers(1, 6))):
        lines = bytes(data).split(b"\n")
        where = draw(st.integers(0, max(len(lines) - 1, 0)))
        edit = draw(st.sampled_from(["line", "insert", "delete", "duplicate", "byte", "swap"]))
        if edit == "line":
            lines[where] = draw(st.sampled_from(NASTY_LINES)).encode("utf-8", "surrogatepass")
        elif edit == "insert":
            lines.insert(where, draw(TEXT).encode("utf-8", "surrogatepass"))
        elif edit == "delete":
            del lines[where: where + draw(st.integers(1, 20))]
        elif edit == "duplicate":
            lines[where:where] = lines[where: where + draw(st.integers(1, 40))]
        elif edit == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[where], lines[other] = lines[other], lines[where]
        data = bytearray(b"\n".join(lines))
        if edit == "byte" and data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@st.composite
def generated(draw) -> bytes:
    """A lesson put together from pieces, right and wrong."""
    front = [f"{key}: {draw(st.one_of(st.sampled_from(['1', 'demo', 'x y', '[a]', '']), TEXT))}"
             for key in draw(st.lists(st.sampled_from(
                 ["format", "id", "title", "order", "minutes", "prerequisites", "titel"]),
                 max_size=8))]
    body = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["step", "quiz", "exercise", "diagram", "text", "nasty"]))
        if kind == "step":
            body.append(f"## {draw(TEXT)}")
        elif kind in ("quiz", "exercise", "diagram"):
            inner = "\n".join(draw(st.lists(st.one_of(TEXT, st.sampled_from(NASTY_LINES)),
                                            max_size=8)))
            body.append(f"```{kind}\n{inner}\n```")
        elif kind == "nasty":
            body.append(draw(st.sampled_from(NASTY_LINES)))
        else:
            body.append(draw(TEXT))
    text = "---\n" + "\n".join(front) + "\n---\n\n" + "\n\n".join(body) + "\n"
    return text.encode("utf-8", "surrogatepass")


LESSON_FILES = st.one_of(mutated(), generated())


@pytest.fixture(scope="module")
def course_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-course")
    load_course(root)  # imports and parser set-up happen before anything is timed
    return root


def _write_course(root: Path, files: list[tuple[str, bytes]]) -> None:
    for sub in ("en", "zh"):
        shutil.rmtree(root / sub, ignore_errors=True)
        (root / sub).mkdir()
    for name, data in files:
        (root / name).write_bytes(data)


def _timed(load, *args, **kwargs):
    """``load(...)``, which must take under 2 s of CPU (wall time has a loose bound only: the
    machine is shared, and a stall of a few seconds is not the loader's)."""
    wall, cpu = time.monotonic(), time.process_time()
    result = load(*args, **kwargs)
    wall, cpu = time.monotonic() - wall, time.process_time() - cpu
    assert cpu < 2 and wall < 20, f"{load.__name__} took {cpu:.1f} s of CPU, {wall:.1f} s"
    return result


def _assert_sound(course_problems: list, courses: list) -> None:
    for problem in course_problems:
        text = str(problem)
        assert PROBLEM.match(text), text
        assert not has_control(text, allow_newlines=False), text
        assert len(problem.message) <= 500
    for course in courses:
        ids = [lesson.id for lesson in course.lessons]
        assert len(ids) == len(set(ids)) and all(ID_RE.match(i) for i in ids), ids
        exercise_ids = [e.id for lesson in course.lessons for e in lesson.exercises]
        assert len(exercise_ids) == len(set(exercise_ids)), exercise_ids
        for lesson in course.lessons:
            assert len(lesson.problems) <= 60


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(first=LESSON_FILES, second=st.none() | LESSON_FILES, chinese=st.booleans())
def test_loader_survives_any_lesson_file(course_dir: Path, first: bytes, second: bytes | None,
                                         chinese: bool) -> None:
    files = [("en/01-first.md", first)]
    if second is not None:
        files.append(("en/02-second.md", second))
    if chinese:
        files.append(("zh/01-first.md", second or first))
    _write_course(course_dir, files)

    english = _timed(load_course, course_dir, lang="en")
    chinese_course = _timed(load_course, course_dir, lang="zh")
    problems = _timed(validate_course, course_dir, run_checker=False)

    _assert_sound([*problems, *english.all_problems, *chinese_course.all_problems,
                   *english.all_notes],
                  [english, chinese_course])
