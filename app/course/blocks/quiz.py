"""```` ```quiz ````: one multiple-choice question with an explanation for every choice."""

from __future__ import annotations

from kubelearn.course.blocks.base import Block, Fence
from kubelearn.course.fields import check_keys, quoted, text
from kubelearn.course.markdown import unwrap_cjk
from kubelearn.course.model import Choice, Problem, QuizQuestion

KEYS = {"question": True, "choices": True, "answer": True, "explain": True, "kubectl": False}


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
    return QuizQuestion(unwrap_cjk(text(data["question"]).strip()), tuple(choices), answer, line)


BLOCK = Block(name="quiz", keys=KEYS, parse=parse, collect="quiz")
