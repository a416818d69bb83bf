"""The YAML inside lesson files (front matter, quiz and exercise blocks), read safely.

Lesson packs come from strangers, so reading one block must end quickly with either plain
Python values or one ``path:line: message`` problem, whatever the text: every error PyYAML
can raise while parsing *or constructing* (unknown tags, impossible dates, ``<<: 5``,
unhashable keys, 5,000-digit integers) becomes a problem at its line, and the work is
bounded before anything is built: nesting depth, number of aliases, and the size of the
block with every alias expanded (a "billion laughs" title is refused, not printed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from kubelearn.course.model import Problem
from kubelearn.safe_text import CONTROL_CHARS, visible

#: Nesting of lists and mappings in one block (lessons need three or four).
MAX_DEPTH = 50
#: ``*alias`` uses in one block.
MAX_ALIASES = 100
#: Values in one block, counting every alias as the whole subtree it stands for.
MAX_NODES = 20_000
#: Characters of text in one block, counting aliases expanded (twice the file limit).
MAX_CHARS = 2 << 20
#: Digits in a whole number: Python refuses more than 4,300; no lesson needs 30.
MAX_INT_CHARS = 100

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built


class LessonYamlLoader(_BaseLoader):
    """YAML for lesson text: only ``true``/``false`` are booleans and dates stay text, so a
    quiz choice ``no`` or a title ``2024-13-45`` is read as the author wrote it (YAML 1.1's
    yes/no/on/off and timestamps surprise authors)."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """As PyYAML's, but an error from a value's constructor (``ValueError`` from
        ``!!timestamp 2024-13-45``...) carries the line of that value."""
        try:
            return super().construct_object(node, deep)
        except yaml.MarkedYAMLError:
            raise
        except (ValueError, TypeError, OverflowError) as exc:
            raise ConstructorError(None, None, f"cannot read this value ({exc})",
                                   node.start_mark) from None

    def construct_undefined(self, node: yaml.Node) -> Any:
        raise ConstructorError(None, None, f"unknown tag '{_short(node.tag, 60)}': lesson YAML "
                                           "uses only YAML's own tags (such as !!str)",
                               node.start_mark)


_DROPPED = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
LessonYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
LessonYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_int(loader: SafeConstructor, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    if len(text) > MAX_INT_CHARS:
        raise ConstructorError(None, None,
                               f"a number of {len(text)} characters is too long to be a number;"
                               " put it in quotes if it is text", node.start_mark)
    return SafeConstructor.construct_yaml_int(loader, node)


LessonYamlLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
LessonYamlLoader.add_constructor(None, LessonYamlLoader.construct_undefined)


@dataclass
class YamlBlock:
    """A YAML mapping block with the line of each top-level key and list item."""

    data: Any
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)


def _over_limits(text: str) -> tuple[int, str] | None:
    """The 0-based line and words of the first limit ``text`` goes past, from its events
    alone (linear, nothing built). Syntax errors are left to the composer."""
    sizes: dict[str, tuple[int, int]] = {}  # anchor -> (nodes, chars) of what it stands for
    open_: list[tuple[str | None, int, int]] = []  # (anchor, nodes, chars) at each start
    nodes = chars = aliases = 0
    for event in yaml.parse(text, Loader=LessonYamlLoader):
        line = event.start_mark.line if event.start_mark else 0
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                return line, f"the YAML block has more than {MAX_ALIASES} aliases (*name)"
            if any(anchor == event.anchor for anchor, _, _ in open_):
                return line, (f"the alias *{_short(event.anchor)} is inside the value it names;"
                              " a YAML value cannot contain itself")
            more_nodes, more_chars = sizes.get(event.anchor, (1, 0))
            nodes += more_nodes
            chars += more_chars
        elif isinstance(event, yaml.ScalarEvent):
            nodes += 1
            chars += len(event.value)
            if event.anchor:
                sizes[event.anchor] = (1, len(event.value))
        elif isinstance(event, yaml.CollectionStartEvent):
            nodes += 1
            open_.append((event.anchor, nodes, chars))
            if len(open_) > MAX_DEPTH:
                return line, f"the YAML block is nested more than {MAX_DEPTH} levels deep"
        elif isinstance(event, yaml.CollectionEndEvent) and open_:
            anchor, start_nodes, start_chars = open_.pop()
            if anchor:
                sizes[anchor] = (nodes - start_nodes + 1, chars - start_chars)
        if nodes > MAX_NODES or chars > MAX_CHARS:
            return line, ("the YAML block is too large with its aliases expanded: more than "
                          f"{MAX_NODES:,} values or {MAX_CHARS:,} characters")
    return None


def _short(value: object, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _yaml_error(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> tuple[int, str]:
    mark = exc.problem_mark or exc.context_mark
    if mark and exc.context_mark and mark.line >= len(text.splitlines()):
        mark = exc.context_mark  # at the end of the block: where the open bracket was
    return first_line + (mark.line if mark else 0), str(exc.problem or exc.context or exc)


def load_block(
    text: str, first_line: int, where: str, problems: list[Problem],
    notes: list[Problem] | None = None,
) -> YamlBlock | None:
    """Parse a YAML block whose first line is ``first_line`` in the file; None (and a
    problem) when it cannot be read. Control characters its values hold only as YAML
    escapes go to ``notes``: worth a word from ``lessons validate``, but the lesson works
    (every string is shown escaped)."""
    try:
        over = _over_limits(text)
        if over is not None:
            problems.append(Problem(where, first_line + over[0], over[1]))
            return None
        node = yaml.compose(text, Loader=LessonYamlLoader)
        data = _construct(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        line, words = _yaml_error(exc, text, first_line)
        problems.append(Problem(where, line, f"YAML error: {words}"))
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        position = max(exc.position, 0)
        if _BaseLoader is yaml.SafeLoader:  # PyYAML counts characters, libyaml bytes
            line = first_line + text.count("\n", 0, position)
        else:
            line = first_line + text.encode("utf-8", "surrogatepass")[:position].count(b"\n")
        problems.append(Problem(where, line, f"YAML error: {exc.reason} "
                                             f"(U+{exc.character:04X})"))
        return None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError, OverflowError) as exc:
        problems.append(Problem(where, first_line, f"YAML error: {exc}"))
        return None
    block = YamlBlock(data)
    if isinstance(node, yaml.MappingNode):
        _record_lines(node, block, first_line, where, problems)
    if node is not None and notes is not None:
        notes.extend(_escaped_controls(node, text, first_line, where))
    return block


#: Reports of control characters written as escapes ("\e") in one block.
MAX_ESCAPED_CONTROLS = 5
_LINE_CHARS = {ord("\n"), ord("\t")}


def _escaped_controls(root: yaml.Node, text: str, first_line: int, where: str) -> list[Problem]:
    """Control characters that exist only in a value, written as a YAML escape (``"\\e]0;"``):
    the file holds none to see (the lesson's own scan reports those), the value does."""
    found: list[Problem] = []
    seen: set[int] = set()
    stack = [root]
    while stack and len(found) < MAX_ESCAPED_CONTROLS:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.style != '"' or node.value.isprintable():
                continue
            codes = {ord(ch) for ch in node.value} & CONTROL_CHARS - _LINE_CHARS
            escaped = sorted(code for code in codes if chr(code) not in text)
            if escaped:
                shown = visible("".join(map(chr, escaped)))
                what = "control characters" if len(escaped) > 1 else "control character"
                found.append(Problem(where, first_line + node.start_mark.line,
                                     f"{what} {shown} written as YAML escapes: a terminal could "
                                     "act on them; delete them"))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in node.value for item in pair)
    return found


def _construct(node: yaml.Node) -> Any:
    """A composed node as plain Python values (safe: only the standard tags)."""
    loader = LessonYamlLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _record_lines(
    node: yaml.MappingNode, block: YamlBlock, first_line: int, where: str, problems: list[Problem]
) -> None:
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue  # a complex key: the block's own checks say it is unknown
        key = key_node.value
        line = first_line + key_node.start_mark.line
        if key in seen:
            problems.append(
                Problem(where, line, f"duplicate key '{_short(key)}' (first on line {seen[key]})")
            )
        seen[key] = line
        block.key_lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            block.item_lines[key] = [first_line + v.start_mark.line for v in value_node.value]
        elif isinstance(value_node, yaml.MappingNode):
            block.item_lines[key] = [first_line + k.start_mark.line for k, _ in value_node.value]
