"""Reading well-formed lessons: steps, parts, quiz, exercises, languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelearn.course import load_course, parse_lesson

LESSON = """\
---
format: 1
id: pods
title: Pods
order: 1
minutes: 7
---

# Pods

Before the first step.

## What a Pod is

A *Pod* holds containers.

```diagram One Pod
┌─────┐
│ Pod │
└─────┘
```

Text after the diagram.

```yaml
kind: Pod   # an ordinary code block stays in the Markdown
```

## Quiz

```quiz
question: What is a Pod?
choices:
  a: A container
  b: One or more containers
answer: b
explain:
  a: Not quite.
  b: Right.
```

## Exercises

```exercise
id: pods-write
title: Write a Pod
prompt: Write a Pod.
starter: |
  kind: Pod
solution: |
  apiVersion: v1
  kind: Pod
hints:
  - First hint
  - Second hint
```
"""


def test_steps_are_cut_at_h2_and_blocks_taken_out() -> None:
    lesson = parse_lesson(LESSON, "en/01-pods.md")
    assert lesson.problems == ()
    assert (lesson.id, lesson.title, lesson.order, lesson.minutes) == ("pods", "Pods", 1, 7)
    assert [s.title for s in lesson.steps] == ["Pods", "What a Pod is"]
    assert [s.line for s in lesson.steps] == [8, 13]
    second = lesson.steps[1]
    assert [(p.kind, p.title) for p in second.parts] == [
        ("markdown", ""), ("diagram", "One Pod"), ("markdown", "")]
    assert second.parts[1].text == "┌─────┐\n│ Pod │\n└─────┘"
    assert "kind: Pod   # an ordinary code block" in second.parts[2].text
    assert lesson.diagram_count == 1


def test_quiz_and_exercise_fields() -> None:
    lesson = parse_lesson(LESSON, "en/01-pods.md")
    (question,) = lesson.quiz
    assert question.answer == "b"
    assert [(c.key, c.text, c.explanation) for c in question.choices] == [
        ("a", "A container", "Not quite."), ("b", "One or more containers", "Right.")]
    (exercise,) = lesson.exercises
    assert exercise.id == "pods-write" and exercise.lesson_id == "pods"
    assert exercise.starter == "kind: Pod\n"
    assert exercise.hints == ("First hint", "Second hint")
    assert exercise.line == 44


def test_step_markdown_round_trips_diagrams_as_code() -> None:
    step = parse_lesson(LESSON, "x.md").steps[1]
    assert step.markdown.startswith("## What a Pod is\n\nA *Pod* holds containers.")
    assert "```text\n┌─────┐" in step.markdown


def test_chinese_falls_back_to_english_per_lesson(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "zh").mkdir()
    (tmp_path / "en" / "01-pods.md").write_text(LESSON, encoding="utf-8")
    second = LESSON.replace("id: pods", "id: svc").replace("order: 1", "order: 2").replace(
        "pods-write", "svc-write")
    (tmp_path / "en" / "02-svc.md").write_text(second, encoding="utf-8")
    (tmp_path / "zh" / "01-pods.md").write_text(LESSON.replace("title: Pods", "title: Pod 入门"),
                                                encoding="utf-8")
    course = load_course(tmp_path, lang="zh")
    assert [(lesson.id, lesson.lang, lesson.title) for lesson in course.lessons] == [
        ("pods", "zh", "Pod 入门"), ("svc", "en", "Pods")]
    assert course.exercise("svc-write") is not None


def test_bare_folder_of_markdown_is_english(tmp_path: Path) -> None:
    (tmp_path / "01-pods.md").write_text(LESSON, encoding="utf-8")
    course = load_course(tmp_path, lang="zh")
    assert [lesson.id for lesson in course.lessons] == ["pods"]


def test_yes_and_no_stay_text_in_lesson_yaml() -> None:
    text = LESSON.replace("  a: A container\n  b: One or more containers",
                          "  a: yes\n  b: no").replace("  a: Not quite.\n  b: Right.",
                                                       "  a: on\n  b: off")
    (question,) = parse_lesson(text, "x.md").quiz
    assert [(c.text, c.explanation) for c in question.choices] == [("yes", "on"), ("no", "off")]


UNWRAP_CASES = [
    ("chinese paragraph", "把配置\n保存在这里。", "把配置保存在这里。"),
    ("punctuation ends the line", "第一句，\n第二句。", "第一句，第二句。"),
    ("chinese then english keeps the space", "使用\nPod 时", "使用\nPod 时"),
    ("english untouched", "one\ntwo", "one\ntwo"),
    ("code block untouched", "```\n中文\n文字\n```", "```\n中文\n文字\n```"),
    ("list item paragraph", "- 第一项\n  继续写\n- 第二项", "- 第一项继续写\n- 第二项"),
    ("paragraphs stay apart", "第一段。\n\n第二段。", "第一段。\n\n第二段。"),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in UNWRAP_CASES],
                         ids=[c[0] for c in UNWRAP_CASES])
def test_chinese_lines_are_unwrapped(text: str, expected: str) -> None:
    from kubelearn.course.loader import unwrap_cjk

    assert unwrap_cjk(text) == expected


def test_a_course_folder_given_as_text_loads(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "01-a.md").write_text("---\nformat: 1\nid: a\ntitle: A\n---\n## One\nText.\n")
    course = load_course(str(tmp_path))
    assert [lesson.id for lesson in course.lessons] == ["a"]
