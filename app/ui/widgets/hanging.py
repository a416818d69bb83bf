"""A marker followed by text whose wrapped lines line up under the text, not under the marker.

Options in an ``OptionList`` wrap to the left edge; for a quiz choice ("✓ b) One or more
containers ...") or a finding ("✗ 10:17 No volume named ...") the continuation lines should
hang under the text so each choice still reads as one block.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


class Hanging(Visual):
    """``marker`` on the first line; ``text`` wrapped in the width that is left beside it."""

    def __init__(self, marker: Content, text: Content) -> None:
        self.marker = marker
        self.text = text
        self.indent = marker.cell_length

    @property
    def plain(self) -> str:
        return self.marker.plain + self.text.plain

    def __str__(self) -> str:
        return self.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.indent + self.text.get_optimal_width(rules, container_width - self.indent)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.text.get_height(rules, max(width - self.indent, 1))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        text_width = max(width - self.indent, 1)
        lines = self.text.render_strips(text_width, height, style, options)
        if not lines:
            return []
        marker = self.marker.render_strips(self.indent, 1, style, options)
        rich_style = style.rich_style
        blank = Strip.blank(self.indent, rich_style)
        first = marker[0] if marker else blank
        return [
            Strip.join(
                [first if index == 0 else blank, line.extend_cell_length(text_width, rich_style)]
            )
            for index, line in enumerate(lines)
        ]


class HangingList(Visual):
    """Several :class:`Hanging` items, one under the other, in one widget."""

    def __init__(self, items: list[Hanging]) -> None:
        self.items = items

    @property
    def plain(self) -> str:
        return "\n".join(item.plain for item in self.items)

    def __str__(self) -> str:
        return self.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((i.get_optimal_width(rules, container_width) for i in self.items), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return sum(item.get_height(rules, width) for item in self.items)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips = [
            strip
            for item in self.items
            for strip in item.render_strips(width, None, style, options)
        ]
        return strips if height is None else strips[:height]
