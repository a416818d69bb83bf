"""Lesson packs from strangers: whatever a lesson file or a course folder holds, the loader
answers with ``path:line: message`` problems, quickly, and never raises (issue 7)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kubelearn.cli import main
from kubelearn.course import load_course, parse_lesson
from kubelearn.course.loader import ID_RE
from kubelearn.course.validate import validate_course
from kubelearn.safe_text import has_control

HEAD = """\
---
format: 1
id: demo
title: Demo
order: 1
---
"""

STEP = "\n## A step\n\nSome text.\n"

QUIZ = """
```quiz
question: Which?
choices:
  a: one
  b: two
answer: b
explain:
  a: no
  b: yes
```
"""

EXERCISE = """
```exercise
id: demo-one
title: One
prompt: Write a Namespace.
starter: |
  kind: Namespace
solution: |
  apiVersion: v1
  kind: Namespace
  metadata:
    name: demo
expect:
  - object: Namespace
    message: Write a Namespace.
```
"""

GOOD = HEAD + STEP + QUIZ + EXERCISE
PROBLEM = re.compile(r"^en/01-demo\.md:[1-9][0-9]*: \S")


def _problems(text: str) -> list[str]:
    lesson = parse_lesson(text, "en/01-demo.md")
    found = [str(p) for p in lesson.problems]
    for problem in found:
        assert PROBLEM.match(problem) and not has_control(problem), problem
    return found


# Values whose YAML *construction* failed outside the loader's error handling.
BAD_VALUES = [
    ("python tag", "!!python/object:os.system x", "unknown tag"),
    ("local tag", "!foo x", "unknown tag '!foo'"),
    ("impossible date", "!!timestamp 2024-13-45", "month must be in 1..12"),
    ("merge of a scalar", "{<<: 5}", "for merging"),
    ("complex key", "{? [a, b] : 1}", "unhashable key"),
    ("4,301-digit integer", "1" * 4301, "too long to be a number"),
    ("tagged long integer", "!!int " + "9" * 5000, "too long to be a number"),
    ("binary", "!!binary 'not base64!'", "YAML error"),
]

# (where, template with {v}, line the value is on)
PLACES = [
    ("front matter", HEAD.replace("title: Demo", "title: {v}") + STEP, 4),
    ("quiz", HEAD + STEP + QUIZ.replace("answer: b", "answer: {v}"), 17),
    ("exercise", HEAD + STEP + EXERCISE.replace("title: One", "title: {v}"), 14),
    ("expectation", HEAD + STEP + EXERCISE.replace("message: Write a Namespace.",
                                                   "message: {v}"), 25),
]


@pytest.mark.parametrize(("place", "template", "line"), PLACES, ids=[p[0] for p in PLACES])
@pytest.mark.parametrize(("value", "words"), [b[1:] for b in BAD_VALUES],
                         ids=[b[0] for b in BAD_VALUES])
def test_yaml_construction_errors_are_problems_at_their_line(place, template, line, value,
                                                             words) -> None:
    found = _problems(template.replace("{v}", value))
    assert any(p.startswith(f"en/01-demo.md:{line}: ") and words in p for p in found), found


def test_a_date_is_text_not_an_error() -> None:
    lesson = parse_lesson(HEAD.replace("title: Demo", "title: 2024-13-45") + STEP, "x.md")
    assert (lesson.title, lesson.problems) == ("2024-13-45", ())


@pytest.mark.parametrize("command", [["lessons", "validate", "{root}"],
                                     ["lessons", "list", "--lessons", "{root}"],
                                     ["lessons", "show", "demo", "--lessons", "{root}"]],
                         ids=lambda c: " ".join(c[:2]))
def test_bad_yaml_does_not_crash_the_commands(tmp_path: Path, capsys, command) -> None:
    (tmp_path / "en").mkdir()
    for n, (_, value, _) in enumerate(BAD_VALUES):
        text = HEAD.replace("title: Demo", f"title: {value}").replace("id: demo", f"id: l{n}")
        (tmp_path / "en" / f"{n:02d}-l.md").write_text(text + STEP)
    (tmp_path / "en" / "99-demo.md").write_text(GOOD.replace("order: 1", "order: 99"))
    argv = [arg.format(root=tmp_path) for arg in command]
    assert main(argv) in (0, 1)
    out, err = capsys.readouterr()
    assert "Traceback" not in err and not has_control(out + err)


# --------------------------------------------------------------------------- bounds


def _bomb(levels: int = 9) -> str:
    lines = ["x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"x{level}: &a{level} [{refs}]")
    return "\n".join(lines)


def test_billion_laughs_title_is_refused_quickly(tmp_path: Path, capsys) -> None:
    text = HEAD.replace("title: Demo", _bomb() + "\ntitle: *a9")
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "01-demo.md").write_text(text + STEP)
    started = time.monotonic()
    assert main(["lessons", "validate", str(tmp_path)]) == 1
    assert main(["lessons", "list", "--lessons", str(tmp_path)]) == 0
    assert time.monotonic() - started < 10  # minutes before
    out = capsys.readouterr().out
    assert f"{tmp_path}/en/01-demo.md:8: the YAML block is too large with its aliases expanded" \
        in out


@pytest.mark.parametrize(("block", "line", "words"), [
    ("a: &a [*a]", 13, "inside the value it names"),
    ("a: " + "[" * 60 + "]" * 60, 13, "nested more than 50 levels"),
    ("a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]", 14, "more than 100 aliases"),
    ("a: &a '" + "x" * 30_000 + "'\nb: [" + ", ".join(["*a"] * 99) + "]", 14, "too large"),
], ids=["recursive alias", "deep nesting", "many aliases", "big alias"])
def test_yaml_blocks_are_bounded(block: str, line: int, words: str) -> None:
    found = _problems(HEAD + STEP + "\n```quiz\n" + block + "\n```\n")
    assert any(p.startswith(f"en/01-demo.md:{line}: ") and words in p for p in found), found


def test_long_title_is_a_problem_and_is_cut(tmp_path: Path) -> None:
    lesson = parse_lesson(HEAD.replace("title: Demo", "title: " + "Long " * 100) + STEP, "x.md")
    assert [str(p) for p in lesson.problems] == [
        "x.md:4: title is 499 characters long; the limit is 200"]
    assert len(lesson.title) == 200


def test_huge_lesson_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    big = tmp_path / "en" / "01-big.md"
    big.write_bytes((GOOD + "x" * 100 + "\n").encode() * 20_000)  # about 9 MB
    (lesson,) = load_course(tmp_path).lessons
    assert [str(p) for p in lesson.problems] == [
        f"{big}:1: the file is {big.stat().st_size:,} bytes; a lesson may have at most 1,048,576"]


def test_a_huge_line_is_read(tmp_path: Path) -> None:
    lesson = parse_lesson(HEAD + STEP + "word " * 150_000 + "\n", "x.md")
    assert not lesson.problems and len(lesson.steps[0].markdown) > 750_000


def test_many_problems_are_cut_short() -> None:
    quizzes = "".join(QUIZ.replace("answer: b", f"answer: z{n}") for n in range(500))
    found = _problems(HEAD + STEP + quizzes)
    assert len(found) == 51 and found[-1].endswith(": and 450 more problems in this file")


# --------------------------------------------------------------------------- ids


def test_lessons_without_an_id_get_unique_valid_ids(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    for name in ("01 Pods.md", "02-Pods.md", "03-\x1b.md"):
        (tmp_path / "en" / name).write_text(HEAD.replace("id: demo\n", "") + STEP)
    course = load_course(tmp_path)
    ids = [lesson.id for lesson in course.lessons]
    assert ids == ["lesson-01-pods", "lesson-02-pods", "lesson-03"]
    assert all(ID_RE.match(i) for i in ids)


@pytest.mark.parametrize("bad_id", ["Demo_1", "''", "[a, b]", "x" * 5000],
                         ids=["uppercase", "empty", "a list", "5000 characters"])
def test_invalid_ids_are_replaced(tmp_path: Path, bad_id: str) -> None:
    (tmp_path / "en").mkdir()
    for n in (1, 2):
        (tmp_path / "en" / f"0{n}-x.md").write_text(
            HEAD.replace("id: demo", f"id: {bad_id}") + STEP)
    ids = [lesson.id for lesson in load_course(tmp_path).lessons]
    assert len(set(ids)) == 2 and all(ID_RE.match(i) for i in ids), ids


def test_duplicate_ids_are_reported_and_made_unique(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    for n in (1, 2, 3):
        (tmp_path / "en" / f"0{n}-x.md").write_text(
            GOOD.replace("order: 1", f"order: {n}"))
    course = load_course(tmp_path)
    assert [lesson.id for lesson in course.lessons] == ["demo", "demo-2", "demo-3"]
    exercise_ids = [e.id for lesson in course.lessons for e in lesson.exercises]
    assert exercise_ids == ["demo-one", "demo-one-2", "demo-one-3"]
    assert [e.lesson_id for e in course.lessons[1].exercises] == ["demo-2"]
    first = tmp_path / "en" / "01-x.md"
    assert f"{tmp_path}/en/03-x.md:3: lesson id 'demo' is already used by {first}" in [
        str(p) for p in course.all_problems]


# --------------------------------------------------------------------------- characters


def test_control_characters_are_reported_at_their_line() -> None:
    text = HEAD + STEP + "Look \x1b]52;c;aGk=\x07 here.\n\nAnd \u202e, \x9b and \x00.\n"
    found = _problems(text)
    assert found == [
        "en/01-demo.md:11: control character \\x1b (U+001B): a terminal could act on it; "
        "delete it",
        "en/01-demo.md:11: control character \\x07 (U+0007): a terminal could act on it; "
        "delete it",
        "en/01-demo.md:13: control character \\u202e (U+202E): a terminal could act on it; "
        "delete it",
        "en/01-demo.md:13: control character \\x9b (U+009B): a terminal could act on it; "
        "delete it",
        "en/01-demo.md:13: control character \\x00 (U+0000): a terminal could act on it; "
        "delete it",
    ]


@pytest.mark.parametrize(("template", "line"), [
    (HEAD.replace("title: Demo", 'title: "Demo {v}"') + STEP, 4),
    (HEAD + STEP + QUIZ.replace("  a: one", '  a: "one {v}"'), 15),
    (HEAD + STEP + EXERCISE.replace("prompt: Write a Namespace.", 'prompt: "{v}"'), 15),
], ids=["title", "quiz choice", "exercise prompt"])
def test_control_characters_written_as_yaml_escapes_are_reported(tmp_path, template,
                                                                  line) -> None:
    """Noted by `lessons validate`; the lesson still works (its strings are shown escaped)."""
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "01-demo.md").write_text(template.replace("{v}", "\\e]52;c;aGk=\\a"))
    (lesson,) = load_course(tmp_path).lessons
    assert not lesson.broken
    found = [str(p) for p in validate_course(tmp_path, run_checker=False)]
    assert found == [f"{tmp_path}/en/01-demo.md:{line}: control characters \\x07\\x1b written "
                     "as YAML escapes: a terminal could act on them; delete them"]


def test_many_control_characters_are_counted_not_listed() -> None:
    found = _problems(HEAD + STEP + "\x1b" * 100_000 + "\n")
    assert len(found) == 11 and found[-1].endswith("and 99,990 more control characters")


def test_windows_line_endings_are_not_control_characters() -> None:
    assert _problems(GOOD.replace("\n", "\r\n")) == []


def test_nul_bytes_and_other_encodings_are_problems_at_their_line(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "01-nul.md").write_bytes(GOOD.encode().replace(b"Some text", b"So\0me"))
    (tmp_path / "en" / "02-latin1.md").write_bytes(
        GOOD.replace("order: 1", "order: 2").replace("Some text", "Caf\xe9").encode("latin-1"))
    found = [str(p) for p in validate_course(tmp_path, run_checker=False)]
    assert f"{tmp_path}/en/01-nul.md:10: control character \\x00 (U+0000): a terminal could act " \
           "on it; delete it" in found
    assert any(p.startswith(f"{tmp_path}/en/02-latin1.md:10: not UTF-8 text") for p in found)


def test_file_name_with_escapes_is_shown_escaped(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "01-\x1b]0;x\x07.md").write_text("no front matter\n")
    (problem,) = validate_course(tmp_path, run_checker=False)
    assert str(problem).startswith(f"{tmp_path}/en/01-\\x1b]0;x\\x07.md:1: ")


# --------------------------------------------------------------------------- course folders


def test_odd_entries_in_a_course_are_reported_not_skipped(tmp_path: Path) -> None:
    en = tmp_path / "en"
    en.mkdir()
    (en / "01-good.md").write_text(GOOD)
    (en / "02-loop.md").symlink_to(en / "02-loop.md")
    os.mkfifo(en / "03-fifo.md")
    (en / "04-dir.md").mkdir()
    (en / "05-dangling.md").symlink_to(en / "nowhere")
    code = ("import sys; from kubelearn.course.validate import validate_course; "
            "[print(p) for p in validate_course(sys.argv[1], run_checker=False)]")
    result = subprocess.run([sys.executable, "-c", code.replace("sys.argv[1]",
                                                                f"__import__('pathlib').Path({str(tmp_path)!r})")],
                            capture_output=True, text=True, timeout=60)  # a FIFO must not block
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{en}/02-loop.md:1: not a lesson file: a symlink loop",
        f"{en}/03-fifo.md:1: not a lesson file: it is a FIFO (named pipe), not a regular file",
        f"{en}/04-dir.md:1: not a lesson file: it is a directory, not a regular file",
        f"{en}/05-dangling.md:1: not a lesson file: cannot be read: No such file or directory",
    ]
    # The tutor's course keeps them too, and still has the good lesson.
    course = load_course(tmp_path)
    assert [lesson.id for lesson in course.lessons] == ["demo"] and len(course.problems) == 4


def test_a_course_with_only_chinese_is_not_ok(tmp_path: Path, capsys) -> None:
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "01-demo.md").write_text(GOOD)
    assert main(["lessons", "validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{tmp_path}:1: no English lessons: a course needs its default language in en/*.md;" \
           " other languages translate it" in out
    assert f"{tmp_path}/zh/01-demo.md:1: no English lesson of the same file name: every " \
           "translation needs its original" in out


def test_a_course_of_only_fifos_has_no_lessons(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    os.mkfifo(tmp_path / "en" / "01-a.md")
    found = [str(p) for p in validate_course(tmp_path, run_checker=False)]
    assert found[-1] == f"{tmp_path}:1: no lessons here: expected en/*.md (and zh/*.md)"
    assert "FIFO" in found[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_language_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "01-demo.md").write_text(GOOD)
    (tmp_path / "zh").mkdir(mode=0)
    try:
        found = [str(p) for p in validate_course(tmp_path, run_checker=False)]
    finally:
        (tmp_path / "zh").chmod(0o755)
    assert found == [f"{tmp_path}/zh:1: cannot read the folder: Permission denied"]
