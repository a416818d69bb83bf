"""```` ```quiz ````: one multiple-choice question with an explanation for every choice.

Besides what makes a question unusable (problems), the parser notes what lets a learner
game it, for ``lessons validate`` to report while the question still works:

- an explanation that opens with a verdict ("Right.", "Not quite", "对。"): the quiz screen
  says right or wrong itself, above the explanation, and shows the right choice's
  explanation after a wrong answer too, where "Right." would read as praise for the mistake;
- a right choice that is the longest by a wide margin (:func:`gives_itself_away`): the
  learner who picks the longest choice should not score.

The optional ``kubectl`` key makes a "predict the output" question: ``files`` and ``script``
as in a playground step, and the ``command`` whose output the question shows. The output
is rebuilt from the offline cluster by ``lessons validate`` and the course's tests.
"""

from __future__ import annotations

import re
from typing import Any

from kubelearn.course.blocks.base import Block, Fence
from kubelearn.course.blocks.playground import _files, _lines
from kubelearn.course.fields import check_keys, quoted, text
from kubelearn.course.markdown import display_width, unwrap_cjk
from kubelearn.course.model import Choice, Problem, QuizKubectl, QuizQuestion

KEYS = {"question": True, "choices": True, "answer": True, "explain": True, "kubectl": False}
KUBECTL_KEYS = ("files", "script", "command")

#: An explanation that opens with one of these gives a verdict (compared without case,
#: after Markdown emphasis). The words that also start ordinary sentences ("No Pod ...",
#: "对于", "不是所有") count only when a punctuation mark follows them.
_VERDICT_ALWAYS = ("not quite", "not really", "incorrect", "wrong", "不太对", "不对", "不完全对",
                   "不正确", "答对", "答错")
_VERDICT_PUNCTUATED = ("right", "correct", "yes", "no", "nope", "exactly", "true", "false",
                       "indeed", "precisely", "正确", "对", "错", "错误", "没错", "是的", "不是",
                       "不", "不会", "不能", "完全正确", "对的", "错的")
_VERDICT = re.compile(
    "^(?:" + "|".join(re.escape(w) for w in _VERDICT_ALWAYS) + r")(?![a-z])"
    "|^(?:" + "|".join(re.escape(w) for w in _VERDICT_PUNCTUATED)
    + r")\s*[.!,:;。！，：；、—–-]",
    re.IGNORECASE,
)
#: A right choice gives itself away when it is longer than every other choice by more than
#: this share of the longest other and by more than this many columns (a Chinese character
#: counts as two).
GIVEAWAY_RATIO = 1.3
GIVEAWAY_COLUMNS = 15


def opens_with_verdict(explanation: str) -> bool:
    """Whether ``explanation`` starts by saying right or wrong."""
    return bool(_VERDICT.match(explanation.lstrip(" *_>\"'“「")))


def gives_itself_away(right: str, others: list[str]) -> bool:
    """Whether the right choice ``right`` is longer than each of ``others`` by more than
    :data:`GIVEAWAY_RATIO` and :data:`GIVEAWAY_COLUMNS` columns."""
    if not others:
        return False
    longest = max(display_width(o) for o in others)
    width = display_width(right)
    return width > longest * GIVEAWAY_RATIO and width - longest > GIVEAWAY_COLUMNS


def parse(fence: Fence) -> QuizQuestion | None:
    block = fence.yaml()
    if block is None:
        return None
    where, line, problems = fence.where, fence.line, fence.problems
    before = len(problems)
    if not check_keys(block, KEYS, "quiz question", where, line, problems):
        return None
    data = block.data
    choices_raw = data.get("choices")
    explain_raw = data.get("explain")
    answer = text(data.get("answer")).strip()
    choices_line = block.key_lines.get("choices", line)
    if "choices" in data and (not isinstance(choices_raw, dict) or len(choices_raw) < 2):
        problems.append(Problem(where, choices_line,
                                "choices must be a mapping of two or more keys (a, b, ...) to text"))
        choices_raw = None
    if "explain" in data and not isinstance(explain_raw, dict):
        problems.append(Problem(where, block.key_lines.get("explain", line),
                                "explain must be a mapping from each choice key to its explanation"))
        explain_raw = None
    kubectl = _kubectl(data.get("kubectl"), where, block.key_lines.get("kubectl", line),
                       problems) if "kubectl" in data else None
    choices: list[Choice] = []
    if isinstance(choices_raw, dict):
        keys = [str(k) for k in choices_raw]
        if "answer" in data and answer not in keys:
            problems.append(Problem(where, block.key_lines.get("answer", line),
                                    f"answer '{quoted(answer)}' is not among the choices "
                                    f"({quoted(', '.join(keys), 200)})"))
        explain = {str(k): v for k, v in (explain_raw or {}).items()}
        for key in keys:
            if explain_raw is not None and not text(explain.get(key)).strip():
                problems.append(Problem(where, block.key_lines.get("explain", line),
                                        f"choice '{quoted(key)}' has no explanation under explain"))
        for key in explain:
            if key not in keys:
                problems.append(Problem(where, block.key_lines.get("explain", line),
                                        f"explain has '{quoted(key)}', which is not a choice"))
        for key, choice in choices_raw.items():
            choices.append(Choice(str(key), unwrap_cjk(text(choice).strip()),
                                  unwrap_cjk(text(explain.get(str(key))).strip())))
    if len(problems) > before:
        return None
    explain_lines = dict(zip([str(k) for k in explain_raw or {}],
                             block.item_lines.get("explain", []), strict=False))
    _note_giveaways(fence, block.key_lines, explain_lines, choices, answer)
    return QuizQuestion(unwrap_cjk(text(data["question"]).strip()), tuple(choices), answer, line,
                        kubectl)


def _note_giveaways(fence: Fence, key_lines: dict[str, int], explain_lines: dict[str, int],
                    choices: list[Choice], answer: str) -> None:
    """Note what lets a learner answer without knowing: a verdict in an explanation, a right
    choice longer than the others by far."""
    for choice in choices:
        if opens_with_verdict(choice.explanation):
            fence.notes.append(Problem(
                fence.where, explain_lines.get(choice.key, key_lines.get("explain", fence.line)),
                f"the explanation of choice '{quoted(choice.key)}' opens with a verdict "
                f"('{quoted(choice.explanation[:20])}'): the quiz screen says right or wrong "
                "itself; start with the reason"))
    right = next((c for c in choices if c.key == answer), None)
    others = [c.text for c in choices if c.key != answer]
    if right is not None and gives_itself_away(right.text, others):
        fence.notes.append(Problem(
            fence.where, key_lines.get("choices", fence.line),
            f"the right choice '{quoted(answer)}' is much longer than every other "
            f"(over {round((GIVEAWAY_RATIO - 1) * 100)}% and {GIVEAWAY_COLUMNS} columns more): "
            "the longest choice should not give the answer away; shorten it or lengthen "
            "the others"))


def _kubectl(raw: Any, where: str, line: int, problems: list[Problem]) -> QuizKubectl | None:
    """The ``kubectl`` key: ``files`` and ``script`` as in a playground, and ``command``."""
    if not isinstance(raw, dict) or "command" not in raw:
        problems.append(Problem(where, line, "kubectl must be a mapping with a command (and "
                                             "optional files and script)"))
        return None
    unknown = [str(k) for k in raw if k not in KUBECTL_KEYS]
    if unknown:
        problems.append(Problem(where, line, f"kubectl has no key '{quoted(unknown[0])}'; its "
                                             f"keys: {', '.join(KUBECTL_KEYS)}"))
        return None
    command = raw.get("command")
    if not isinstance(command, str) or "\n" in command.strip() or not command.strip():
        problems.append(Problem(where, line, "kubectl command must be one kubectl line"))
        return None
    files = _files(raw.get("files"), where, line, problems)
    script = _lines(raw.get("script"), "kubectl script", where, line, problems)
    return QuizKubectl(files, script, command.strip())


BLOCK = Block(name="quiz", keys=KEYS, parse=parse, collect="quiz")
