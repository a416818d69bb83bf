"""Go's ``text/tabwriter``, which lays out every table kubectl prints.

kubectl's ``get`` tables use ``printers.GetNewTabWriter`` (minwidth 6, tabwidth 4, padding 3,
padding with spaces; k8s.io/cli-runtime/pkg/printers/tabwriter.go) and ``describe`` uses
``tabbedString`` (minwidth 0, tabwidth 8, padding 2; k8s.io/kubectl/pkg/describe).

The layout is Go's: a cell is text ended by a tab; the text after a line's last tab is not a
cell and is never padded. A column's width is decided per *block*, the run of consecutive lines
that have a cell in that column, so a line with fewer cells (a blank line, a heading) starts a
new alignment below it. Widths count characters (runes), as Go does.
"""

from __future__ import annotations


def layout(text: str, *, minwidth: int, padding: int) -> str:
    """``text`` (lines with tab-terminated cells) aligned as Go's tabwriter aligns it."""
    ending = text.endswith("\n")
    lines = [line.split("\t") for line in (text[:-1] if ending else text).split("\n")]
    out: list[str] = []
    _format(lines, 0, len(lines), [], out, minwidth, padding)
    return "\n".join(out) + ("\n" if ending else "")


def _format(lines: list[list[str]], line0: int, line1: int, widths: list[int],
            out: list[str], minwidth: int, padding: int) -> None:
    """``tabwriter.Writer.format``: find the blocks of the next column, recurse into each."""
    column = len(widths)
    this = line0
    while this < line1:
        if column >= len(lines[this]) - 1:
            this += 1
            continue
        _write(lines, line0, this, widths, out)
        line0 = this
        width = minwidth
        while this < line1 and column < len(lines[this]) - 1:
            width = max(width, len(lines[this][column]) + padding)
            this += 1
        _format(lines, line0, this, [*widths, width], out, minwidth, padding)
        line0 = this
    _write(lines, line0, line1, widths, out)


def _write(lines: list[list[str]], line0: int, line1: int, widths: list[int],
           out: list[str]) -> None:
    for cells in lines[line0:line1]:
        parts = []
        for j, cell in enumerate(cells):
            parts.append(cell)
            if j < len(widths) and j < len(cells) - 1:
                parts.append(" " * (widths[j] - len(cell)))
        out.append("".join(parts))


def table(rows: list[list[str]]) -> str:
    """Rows of cells laid out as kubectl's table printer does (the last cell is not padded)."""
    return layout("".join("\t".join(row) + "\n" for row in rows), minwidth=6, padding=3)


def tabbed(text: str) -> str:
    """``describe``'s layout (``tabbedString``)."""
    return layout(text, minwidth=0, padding=2)
