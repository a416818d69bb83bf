"""```` ```term Name ````: a word of the course's glossary and what it means.

The block is not shown where it is written: the glossary (reachable from every screen) lists
each term with its definition and opens the step whose text holds the block, the step that
teaches the term.
"""

from __future__ import annotations

from kubelearn.course.blocks.base import Block, Fence
from kubelearn.course.fields import check_title, quoted
from kubelearn.course.markdown import unwrap_cjk
from kubelearn.course.model import Problem, Term

#: Longest definition: a glossary entry is a sentence or two, not a lesson.
MAX_DEFINITION = 600


def parse(fence: Fence) -> Term | None:
    name = check_title(fence.info, "term", fence.where, fence.line, fence.problems)
    if not name:
        fence.problems.append(Problem(fence.where, fence.line,
                                      "a term block names its term after the fence: "
                                      "```term Pod"))
        return None
    definition = " ".join(unwrap_cjk(fence.content).split())
    if not definition:
        fence.problems.append(Problem(fence.where, fence.line,
                                      f"term '{quoted(name)}' has no definition: write it "
                                      "inside the block"))
        return None
    if len(definition) > MAX_DEFINITION:
        fence.problems.append(Problem(fence.where, fence.content_line,
                                      f"the definition is {len(definition)} characters long; "
                                      f"the limit is {MAX_DEFINITION}"))
        return None
    return Term(name, definition, fence.step, fence.line)


BLOCK = Block(name="term", keys={}, parse=parse, collect="terms")
