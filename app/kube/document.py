"""One parsed YAML document with the source position of every key and value.

The checker's stages share this shape: the YAML reader builds it, schema validation, the
meaning checks and the exercise expectations read it. Positions are 1-based and counted from
the start of the whole text, also in the second and later documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

#: A path into a document: mapping keys and list indexes, e.g. ("spec", "containers", 0, "image").
DocPath = tuple[str | int, ...]


class Pos(NamedTuple):
    """A 1-based line and column. A named tuple: the reader makes one per key and value, and
    a tuple is made several times faster than a frozen dataclass."""

    line: int
    column: int


@dataclass
class Document:
    index: int
    data: Any
    #: Where the value at each path starts. ``()`` is the document's root.
    value_pos: dict[DocPath, Pos] = field(default_factory=dict)
    #: Where the key naming each mapping entry starts.
    key_pos: dict[DocPath, Pos] = field(default_factory=dict)
    #: Where the document starts (its first line of content, or its ``---``).
    start: Pos = Pos(1, 1)
    #: The source text of each unquoted value that Kubernetes reads as a boolean, number or null
    #: (``{("spec", "replicas"): "03"}``), to explain what YAML made of it.
    plain_text: dict[DocPath, str] = field(default_factory=dict)
    #: The source text and position of each unquoted key that YAML read as something else and
    #: Kubernetes then turned into other text (``on:`` becomes the key ``true``), by its path.
    key_text: dict[DocPath, tuple[str, Pos]] = field(default_factory=dict)

    def pos(self, path: DocPath, *, prefer_key: bool = True) -> Pos:
        """The position of ``path``, or of its nearest ancestor that exists."""
        path = tuple(path)
        while True:
            if prefer_key and path in self.key_pos:
                return self.key_pos[path]
            if path in self.value_pos:
                return self.value_pos[path]
            if path in self.key_pos:
                return self.key_pos[path]
            if not path:
                return self.start
            path = path[:-1]

    def value_at(self, path: DocPath, default: Any = None) -> Any:
        node = self.data
        for step in path:
            if isinstance(step, int) and isinstance(node, list) and -len(node) <= step < len(node):
                node = node[step]
            elif isinstance(step, str) and isinstance(node, dict) and step in node:
                node = node[step]
            else:
                return default
        return node

    @property
    def kind(self) -> str | None:
        # Asked many times per object by the rules: kept with the data it was read from.
        data = self.data
        known = self.__dict__.get("_kind")
        if known is not None and known[0] is data:
            return known[1]
        kind = data.get("kind") if isinstance(data, dict) else None
        kind = kind if isinstance(kind, str) else None
        self.__dict__["_kind"] = (data, kind)
        return kind

    @property
    def name(self) -> str | None:
        name = self.value_at(("metadata", "name"))
        return name if isinstance(name, str) else None


def format_path(path: DocPath) -> str:
    """``("spec", "containers", 0, "image")`` -> ``spec.containers[0].image``."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        elif out and ("." in step or "/" in step):
            out += f'["{step}"]'
        else:
            out += f".{step}" if out else step
    return out
