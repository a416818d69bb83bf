"""```` ```exercise ````: YAML to write, with a starter, a solution, hints and goals.

The goals (``expect``) are parsed here, once, when the lesson is read: the exercise holds
them ready for every check of the learner's draft, and a goal the checker cannot read is a
problem at its line in the lesson file.
"""

from __future__ import annotations

from kubelearn.checker.goals import GoalError, parse_goals
from kubelearn.course.blocks.base import Block, Fence
from kubelearn.course.fields import ID_RE, check_keys, check_title, quoted, text
from kubelearn.course.markdown import unwrap_cjk
from kubelearn.course.model import Exercise, Goals, Problem

KEYS = {"id": True, "title": True, "prompt": True, "starter": True, "solution": True,
        "hints": False, "expect": False, "cluster": False}


def parse(fence: Fence) -> Exercise | None:
    block = fence.yaml()
    if block is None:
        return None
    where, line, problems = fence.where, fence.line, fence.problems
    before = len(problems)
    ex_id = text(block.data.get("id")) if isinstance(block.data, dict) else ""
    label = f"exercise '{quoted(ex_id)}'" if ex_id else "exercise"
    if not check_keys(block, KEYS, label, where, line, problems):
        return None
    data = block.data
    if "id" in data and not ID_RE.match(ex_id):
        problems.append(Problem(where, block.key_lines.get("id", line),
                                f"exercise id '{quoted(ex_id)}' must be lowercase letters, "
                                "digits and '-'"))
    for key in ("starter", "solution", "cluster"):
        if key in data and not isinstance(data[key], str):
            problems.append(Problem(where, block.key_lines.get(key, line),
                                    f"{key} must be YAML text (write it as a block: '{key}: |')"))
    hints = data.get("hints", [])
    if hints is None or not isinstance(hints, list) or not all(isinstance(h, str) for h in hints):
        problems.append(Problem(where, block.key_lines.get("hints", line),
                                "hints must be a list of text, gentlest first"))
        hints = []
    expect = data.get("expect", []) or []
    goals: tuple = ()
    if not isinstance(expect, list):
        problems.append(Problem(where, block.key_lines.get("expect", line),
                                "expect must be a list of expectations"))
        expect = []
    else:
        goals = _goals(expect, block.item_lines.get("expect", []),
                       block.key_lines.get("expect", line), where, problems)
    title = check_title(data["title"], "exercise title", where,
                        block.key_lines.get("title", line), problems)
    if len(problems) > before:
        return None
    return Exercise(
        id=ex_id,
        title=title,
        prompt=unwrap_cjk(text(data["prompt"]).strip()),
        starter=data["starter"],
        solution=data["solution"],
        hints=tuple(unwrap_cjk(h.strip()) for h in hints),
        expectations=tuple(expect),
        lesson_id=fence.lesson_id,
        line=line,
        goals=Goals(expect, goals),
        cluster=data.get("cluster") or "",
    )


def _goals(expect: list, item_lines: list[int], key_line: int, where: str,
           problems: list[Problem]) -> tuple:
    """The parsed goals; () and a problem at the bad goal's line when one cannot be read."""
    try:
        return tuple(parse_goals(expect))
    except GoalError as exc:
        index = getattr(exc, "index", None)
        line = item_lines[index] if isinstance(index, int) and index < len(item_lines) else key_line
        message = getattr(exc, "message", None) or str(exc)
        problems.append(Problem(where, line, f"expectation: {message}"))
    except Exception as exc:  # noqa: BLE001 - a strange expectation must not crash the course
        problems.append(Problem(where, key_line, f"expectation: cannot be read ({exc!r})"))
    return ()


BLOCK = Block(name="exercise", keys=KEYS, parse=parse, collect="exercises")
