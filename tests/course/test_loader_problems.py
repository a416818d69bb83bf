"""Malformed lesson files and the exact ``path:line: message`` each must report."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kubelearn.course import load_course, parse_lesson

HEAD = """\
---
format: 1
id: demo
title: Demo
order: 1
---
"""

STEP = """
## A step

Some text.
"""

QUIZ_OK = """
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

EXERCISE_OK = """
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

# (name, file text, expected line, words the message must contain)
CASES = [
    ("no front matter", "## Step\n\ntext\n", 1, "front matter"),
    ("front matter yaml error", "---\nformat: 1\nid: [demo\n---\n## S\n\nx\n", 3, "YAML error"),
    ("unknown front matter key", HEAD.replace("order: 1", "order: 1\ntitel: x") + STEP, 6,
     "unknown key 'titel' in the front matter (did you mean 'title'?)"),
    ("missing title", HEAD.replace("title: Demo\n", "") + STEP, 1,
     "the front matter is missing the key 'title'"),
    ("format too new", HEAD.replace("format: 1", "format: 9") + STEP, 2,
     "format 9 is newer than this kubelearn reads"),
    ("bad id", HEAD.replace("id: demo", "id: Demo_1") + STEP, 3, "id 'Demo_1' must be lowercase"),
    ("order not a number", HEAD.replace("order: 1", "order: first") + STEP, 5,
     "order must be a whole number"),
    ("no steps", HEAD, 7, "the lesson has no steps"),
    ("answer not among choices", HEAD + STEP + QUIZ_OK.replace("answer: b", "answer: c"), 17,
     "answer 'c' is not among the choices (a, b)"),
    ("choice without explanation", HEAD + STEP + QUIZ_OK.replace("  b: yes\n", ""), 18,
     "choice 'b' has no explanation"),
    ("explanation for no choice", HEAD + STEP + QUIZ_OK.replace("  b: yes", "  b: yes\n  d: hm"),
     18, "explain has 'd', which is not a choice"),
    ("one choice only", HEAD + STEP + QUIZ_OK.replace("  b: two\n", ""), 14,
     "choices must be a mapping of two or more"),
    ("unknown quiz key", HEAD + STEP + QUIZ_OK.replace("question:", "questoin:"), 13,
     "unknown key 'questoin' in quiz question (did you mean 'question'?)"),
    ("quiz yaml error", HEAD + STEP + QUIZ_OK.replace("answer: b", "answer: [b"), 18, "YAML error"),
    ("exercise without solution",
     HEAD + STEP + EXERCISE_OK.replace("solution: |\n  apiVersion: v1\n  kind: Namespace\n"
                                       "  metadata:\n    name: demo\n", ""),
     12, "exercise 'demo-one' is missing the key 'solution'"),
    ("unknown exercise key", HEAD + STEP + EXERCISE_OK.replace("prompt:", "promt:"), 15,
     "unknown key 'promt' in exercise 'demo-one' (did you mean 'prompt'?)"),
    ("hints not a list", HEAD + STEP + EXERCISE_OK.replace("expect:", "hints: 3\nexpect:"), 23,
     "hints must be a list of text"),
    ("starter not text", HEAD + STEP + EXERCISE_OK.replace("starter: |\n  kind: Namespace",
                                                           "starter: 3"), 16,
     "starter must be YAML text"),
    ("bad exercise id", HEAD + STEP + EXERCISE_OK.replace("id: demo-one", "id: Demo One"), 13,
     "exercise id 'Demo One' must be lowercase"),
    ("diagram too wide", HEAD + STEP + "\n```diagram Wide\n┌" + "─" * 80 + "┐\n```\n", 13,
     "diagram line is 82 columns wide; the limit is 76"),
    ("CJK diagram too wide", HEAD + STEP + "\n```diagram\n" + "容器" * 20 + "\n```\n", 13,
     "diagram line is 80 columns wide"),
    ("misspelled block", HEAD + STEP + "\n```quizz\nquestion: x\n```\n", 12,
     "unknown block 'quizz' (did you mean 'quiz'?)"),
    ("duplicate key in quiz", HEAD + STEP + QUIZ_OK.replace("answer: b", "answer: b\nanswer: a"),
     18, "duplicate key 'answer' (first on line 17)"),
]


@pytest.mark.parametrize(("text", "line", "words"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_problem_is_reported_at_its_line(text: str, line: int, words: str) -> None:
    lesson = parse_lesson(text, "en/01-demo.md")
    reported = [str(p) for p in lesson.problems]
    assert any(p.startswith(f"en/01-demo.md:{line}: ") and words in p for p in reported), reported
    assert lesson.broken


def _course(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def test_duplicate_lesson_and_exercise_ids_name_both_places(tmp_path: Path) -> None:
    body = HEAD + STEP + EXERCISE_OK
    root = _course(tmp_path, {"en/01-a.md": body, "en/02-b.md": body.replace("order: 1", "order: 2")})
    problems = [str(p) for p in load_course(root).all_problems]
    b = str(root / "en/02-b.md")
    a = str(root / "en/01-a.md")
    assert f"{b}:3: lesson id 'demo' is already used by {a}" in problems
    assert f"{b}:12: exercise id 'demo-one' is already used by {a}:12" in problems


def test_prerequisite_naming_no_lesson(tmp_path: Path) -> None:
    text = HEAD.replace("order: 1", "order: 1\nprerequisites: [basics]") + STEP
    root = _course(tmp_path, {"en/01-a.md": text})
    assert [str(p) for p in load_course(root).all_problems] == [
        f"{root / 'en/01-a.md'}:6: prerequisite 'basics' names no lesson"
    ]


def test_malformed_expectation_is_reported_at_its_item(tmp_path: Path) -> None:
    text = HEAD + STEP + EXERCISE_OK.replace("  - object: Namespace\n    message: Write a Namespace.",
                                             "  - object: Namespace\n    message: ok\n"
                                             "  - in: Namespace\n    path: metadata.name\n"
                                             "    equal: demo\n    message: name it demo")
    lesson = parse_lesson(text, "en/01-demo.md")
    assert any(str(p).startswith("en/01-demo.md:26: expectation: unknown key 'equal' (did you mean 'equals'?)") for p in lesson.problems), [
        str(p) for p in lesson.problems]


def test_unreadable_file_is_a_broken_lesson_not_a_crash(tmp_path: Path) -> None:
    root = _course(tmp_path, {"en/01-good.md": HEAD + STEP})
    (root / "en" / "02-bad.md").write_bytes(b"---\nid: \xff\xfe\n---\n")
    course = load_course(root)
    assert [lesson.broken for lesson in course.lessons] == [False, True]
    assert "not UTF-8 text" in str(course.lessons[1].problems[0])
