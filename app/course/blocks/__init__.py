"""The kinds of fenced block a lesson may hold, one module each, in one registry.

A new kind is a new module here with a ``BLOCK = Block(...)`` and one entry in
:data:`BLOCKS`; a kind collected per lesson (not per step) also needs its field on
:class:`~kubelearn.course.model.Lesson`.
"""

from __future__ import annotations

from kubelearn.course.blocks import diagram, exercise, playground, quiz, term
from kubelearn.course.blocks.base import Block, Fence

__all__ = ["BLOCKS", "Block", "Fence"]

#: Every block kind by the word that opens its fence, in the order the docs list them.
BLOCKS: dict[str, Block] = {block.name: block for block in (diagram.BLOCK, quiz.BLOCK,
                                                             exercise.BLOCK, playground.BLOCK,
                                                             term.BLOCK)}
