"""Lesson blocks: one module per kind in a registry, the loader dispatching by kind, and
exercises that carry their goals parsed once, at load."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from kubelearn.checker import check
from kubelearn.checker.goals import FORMS
from kubelearn.course import blocks as blocks_module
from kubelearn.course import load_course, parse_lesson
from kubelearn.course.blocks import BLOCKS, Block, Fence
from kubelearn.course.model import StepPart

HEAD = "---\nformat: 1\nid: demo\ntitle: Demo\norder: 1\n---\n\n## Step\n\nText.\n\n"

EXERCISE = """\
```exercise
id: demo-ns
title: Namespace
prompt: Write a Namespace named demo.
starter: |
  apiVersion: v1
  kind: Namespace
solution: |
  apiVersion: v1
  kind: Namespace
  metadata:
    name: demo
expect:
  - in: Namespace
    path: metadata.name
    equals: demo
    message: Name it demo.
  - object: Namespace/demo
    message: Write the Namespace demo.
```
"""


def test_the_registry_names_every_kind_the_lessons_use() -> None:
    assert list(BLOCKS) == ["diagram", "quiz", "exercise", "playground", "term"]
    for name, block in BLOCKS.items():
        assert block.name == name and callable(block.parse)
    assert BLOCKS["diagram"].keys == {} and BLOCKS["diagram"].collect == "step"
    assert BLOCKS["quiz"].collect == "quiz" and BLOCKS["exercise"].collect == "exercises"
    assert BLOCKS["term"].collect == "terms"
    assert {k for k, required in BLOCKS["exercise"].keys.items() if not required} == {
        "hints", "expect", "cluster"}


@pytest.mark.parametrize("kind", ["quiz", "exercise"])
def test_a_kind_reports_unknown_keys_from_its_own_list(kind: str) -> None:
    lesson = parse_lesson(HEAD + f"```{kind}\nid: x\nsurprise: 1\n```\n", "l.md")
    problem = next(p for p in lesson.problems if "surprise" in p.message)
    assert problem.line == 14
    assert problem.message.endswith("known keys: " + ", ".join(BLOCKS[kind].keys))


def _note(fence: Fence) -> StepPart:
    return StepPart("markdown", f"> {fence.info}: {fence.content.strip()}")


def test_a_new_kind_is_one_registry_entry(monkeypatch) -> None:
    """A block kind the loader has never heard of works once it is registered."""
    monkeypatch.setitem(BLOCKS, "note", Block(name="note", keys={}, parse=_note,
                                              collect="step"))
    lesson = parse_lesson(HEAD + "```note Careful\nPods are cattle.\n```\n\nAfter.\n", "l.md")
    assert not lesson.problems
    assert [p.text for p in lesson.steps[0].parts] == ["Text.", "> Careful: Pods are cattle.",
                                                       "After."]
    assert blocks_module.BLOCKS is BLOCKS


def test_an_unknown_kind_close_to_a_registered_one_is_named() -> None:
    lesson = parse_lesson(HEAD + "```exercize\nid: x\n```\n", "l.md")
    assert [p.message for p in lesson.problems] == [
        "unknown block 'exercize' (did you mean 'exercise'?)"]


def test_a_block_that_raises_costs_only_itself(monkeypatch) -> None:
    def broken(fence: Fence) -> None:
        raise RuntimeError("boom")

    monkeypatch.setitem(BLOCKS, "quiz", Block(name="quiz", keys={}, parse=broken, collect="quiz"))
    lesson = parse_lesson(HEAD + "```quiz\nquestion: q\n```\n\n" + EXERCISE, "l.md")
    assert [str(p) for p in lesson.problems] == [
        "l.md:12: cannot read this quiz block (RuntimeError: boom)"]
    assert [e.id for e in lesson.exercises] == ["demo-ns"]


def test_an_exercise_holds_its_goals_parsed() -> None:
    exercise = parse_lesson(HEAD + EXERCISE, "l.md").exercises[0]
    goal_types = tuple(form.goal for form in FORMS)
    assert len(exercise.goals) == len(exercise.expectations) == 2
    assert all(isinstance(goal, goal_types) for goal in exercise.goals)
    assert isinstance(exercise.expectations[0], dict)  # as written, for `lessons show --json`
    assert check(exercise.solution, exercise.goals).passed
    starter = check(exercise.starter, exercise.goals)
    assert not starter.passed and starter.expectations_total == 2


def test_parsed_goals_check_as_the_raw_ones() -> None:
    exercise = parse_lesson(HEAD + EXERCISE, "l.md").exercises[0]
    for text in (exercise.starter, exercise.solution):
        assert (check(text, exercise.goals, lang="zh")
                == check(text, list(exercise.expectations), lang="zh"))


def test_every_shipped_exercise_holds_as_many_goals_as_it_wrote() -> None:
    for lang in ("en", "zh"):
        for lesson in load_course(None, lang).lessons:
            for exercise in lesson.exercises:
                assert len(exercise.goals) == len(exercise.expectations) > 0, exercise.id


def test_an_unreadable_goal_is_a_problem_at_its_line() -> None:
    text = HEAD + EXERCISE.replace("    equals: demo\n", "    equals: demo\n    frobs: 1\n")
    lesson = parse_lesson(text, "l.md")
    assert lesson.exercises == ()
    [problem] = lesson.problems
    assert problem.line == 25 and problem.message == "expectation: unknown key 'frobs'"


def test_parsed_goals_survive_pickling() -> None:
    """The course cache pickles courses: the goals go with them, equal after the trip."""
    course = load_course(None, "en")
    again = pickle.loads(pickle.dumps(course, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == course
    assert [e.goals for lesson in again.lessons for e in lesson.exercises] == [
        e.goals for lesson in course.lessons for e in lesson.exercises]


def test_the_cache_key_covers_the_goal_modules() -> None:
    from kubelearn.course import cache

    app = Path(cache.__file__).parents[1]
    code = {path.relative_to(app).as_posix() for path in cache._CODE}
    goal_modules = {p.relative_to(app).as_posix() for p in (app / "checker" / "goals").glob("*.py")}
    assert goal_modules and goal_modules <= code
    assert {"course/blocks/exercise.py", "course/loader.py", "course/model.py"} <= code


TERMS = HEAD + """```term Pod
The smallest unit
Kubernetes runs.
```

## Second step

More text.

```term Selector
Picks objects by their labels.
```
"""


def test_terms_belong_to_the_step_they_are_written_in() -> None:
    lesson = parse_lesson(TERMS, "l.md")
    assert not lesson.problems
    assert [(t.name, t.definition, t.step) for t in lesson.terms] == [
        ("Pod", "The smallest unit Kubernetes runs.", 0),
        ("Selector", "Picks objects by their labels.", 1),
    ]
    assert [p.text for p in lesson.steps[0].parts] == ["Text."], "the block is not shown in place"


@pytest.mark.parametrize(
    ("block", "problem"),
    [
        ("```term\nNo name.\n```\n", "l.md:12: a term block names its term after the fence"),
        ("```term Pod\n\n```\n", "l.md:12: term 'Pod' has no definition"),
        ("```term Pod\n" + "x" * 601 + "\n```\n", "l.md:13: the definition is 601 characters"),
    ],
    ids=["no name", "no definition", "too long"],
)
def test_a_term_block_an_author_got_wrong_is_a_problem(block: str, problem: str) -> None:
    lesson = parse_lesson(HEAD + block, "l.md")
    assert [str(p) for p in lesson.problems if str(p).startswith(problem)], lesson.problems
    assert lesson.terms == ()
