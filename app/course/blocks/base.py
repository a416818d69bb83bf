"""What a lesson block kind is: the fence the loader found, and the kind's parse function.

The loader knows no block kind by name: it finds a fenced block, looks its kind up in
:data:`kubelearn.course.blocks.BLOCKS` and hands the :class:`Fence` to the kind's parse
function, which reports its own problems and returns what it built (or None).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from kubelearn.course.model import Problem
from kubelearn.course.yamlblock import YamlBlock, load_block


@dataclass
class Fence:
    """One fenced block of a lesson file, as the loader found it."""

    kind: str
    #: The words after the kind on the fence line (a diagram's title).
    info: str
    content: str
    #: 1-based line of the opening fence in the file.
    line: int
    where: str
    lesson_id: str
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    #: 0-based index of the step the block is in.
    step: int = 0

    @property
    def content_line(self) -> int:
        """1-based line of the block's first content line."""
        return self.line + 1

    def yaml(self) -> YamlBlock | None:
        """The content read as YAML, or None (and a problem) when it cannot be read."""
        return load_block(self.content, self.content_line, self.where, self.problems,
                          self.notes)


@dataclass(frozen=True)
class Block:
    """A kind of fenced block a lesson may hold.

    Attributes:
        name: the word after the fence (```` ```quiz ````).
        keys: the YAML keys the block accepts, each True when required; empty for a block
            whose content is text.
        parse: builds the block's value from a fence, reporting problems into
            ``fence.problems``; None when the block is unusable.
        collect: where the value goes: ``"step"`` for a part of the step the block is in,
            else the name of the :class:`~kubelearn.course.model.Lesson` field that lists
            this kind (``"quiz"``, ``"exercises"``).
    """

    name: str
    keys: Mapping[str, bool]
    parse: Callable[[Fence], object | None]
    collect: Literal["step"] | str
