"""```` ```diagram Title ````: a text diagram, shown unwrapped in a monospace box."""

from __future__ import annotations

from kubelearn.course.blocks.base import Block, Fence
from kubelearn.course.markdown import display_width
from kubelearn.course.model import Problem, StepPart

#: Widest diagram line, in terminal columns: it must fit an 80-column terminal with a border.
MAX_WIDTH = 76


def parse(fence: Fence) -> StepPart:
    text = fence.content.rstrip("\n")
    for offset, row in enumerate(text.splitlines()):
        width = display_width(row.rstrip())
        if width > MAX_WIDTH:
            fence.problems.append(Problem(
                fence.where, fence.content_line + offset,
                f"diagram line is {width} columns wide; the limit is {MAX_WIDTH}"
                " (a Chinese character counts as two)"))
    return StepPart("diagram", text, fence.info.strip())


BLOCK = Block(name="diagram", keys={}, parse=parse, collect="step")
