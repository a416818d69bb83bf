"""Damaging a correct answer one part at a time, for the robustness tests of rules and goals."""

from __future__ import annotations


def paths(node: object, path: tuple = ()) -> list[tuple]:
    """Every path into ``node``: the root, each mapping value and each list item."""
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += paths(value, (*path, i))
    return found


def replaced(data: object, path: tuple, junk: object) -> object:
    """A copy of ``data`` with the value at ``path`` replaced by ``junk``."""
    if not path:
        return junk
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: replaced(v, rest, junk) if k == head else v for k, v in data.items()}
    return [replaced(v, rest, junk) if i == head else v for i, v in enumerate(data)]
