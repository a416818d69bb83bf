"""What Enter, Tab, shift+Tab and Backspace do to a line of YAML (the editor applies these)."""

from __future__ import annotations

import pytest

from kubelearn.ui.widgets.yaml_keys import (
    Insert,
    backspace_width,
    dedent_width,
    indented,
    on_enter,
)


@pytest.mark.parametrize(
    ("before", "insert"),
    [
        # Keep the indentation of the line.
        ("apiVersion: v1", Insert(14, "\n")),
        ("    image: nginx:1.27", Insert(21, "\n    ")),
        # One level more after a line that opens a block.
        ("spec:", Insert(5, "\n  ")),
        ("  ports:   ", Insert(11, "\n    ")),
        ("  ports:  # the container's", Insert(27, "\n    ")),
        ("  data: |", Insert(9, "\n    ")),
        ("  command: >-", Insert(13, "\n    ")),
        # A list item: its next key, one level into a "- key:", another item after a plain one.
        ("  - name: web", Insert(13, "\n    ")),
        ("  - containerPort: 80  # http", Insert(29, "\n    ")),
        ("  - volumeMounts:", Insert(17, "\n      ")),
        ("  - - a", Insert(7, "\n  - ")),
        ("    - nginx", Insert(11, "\n    - ")),
        ("  - 'a: b'", Insert(10, "\n  - ")),
        ("  - http://example.com", Insert(22, "\n  - ")),
        # Enter on an empty item ends the list, keeping the item's indentation.
        ("    - ", Insert(0, "    ")),
        ("    -", Insert(0, "    ")),
        # A blank indented line: the next line keeps the indentation, this one none.
        ("    ", Insert(0, "\n    ")),
        ("", Insert(0, "\n")),
        # Not a list item, not a block: a document marker, a "#" inside quotes.
        ("---", Insert(3, "\n")),
        ("  -x: 1", Insert(7, "\n  ")),
        ("  a: 'x # y:'", Insert(13, "\n  ")),
        ('  a: "#:"', Insert(9, "\n  ")),
    ],
)
def test_enter(before, insert):
    assert on_enter(before) == insert


@pytest.mark.parametrize(
    ("line", "deeper", "dedent"),
    [
        ("name: web", "  name: web", 0),
        ("  name: web", "    name: web", 2),
        ("   odd", "     odd", 2),
        (" one", "   one", 1),
        ("", "", 0),
        ("   ", "   ", 2),  # a blank line in a selection stays as it is
    ],
)
def test_tab_and_shift_tab_move_a_line_one_level(line, deeper, dedent):
    assert indented(line) == deeper
    assert dedent_width(line) == dedent


@pytest.mark.parametrize(
    ("before", "width"),
    [
        ("    ", 2),
        ("   ", 1),  # back to the level below: column 2
        ("  ", 2),
        (" ", 1),
        ("", 1),
        ("  a", 1),
        ("  - ", 1),
    ],
)
def test_backspace_in_the_indentation_takes_a_level_back(before, width):
    assert backspace_width(before) == width
