"""Read YAML the way Kubernetes reads it, keeping the position of every key and value.

Kubernetes types unquoted values by YAML 1.1-era rules that PyYAML's resolver does not follow
(see scalars.py), so this module builds the data itself from the parser's events (libyaml's C
parser when available) and never constructs objects from tags.

Reading from events with an explicit stack also makes the reader safe on untrusted text: nesting
depth is bounded without recursion, and alias expansion is counted as it is composed, so a
"billion laughs" document is refused after a few thousand nodes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from kubelearn.checker import messages
from kubelearn.checker.findings import Budget, Finding
from kubelearn.checker.messages import finding, unworded
from kubelearn.checker.yaml.limits import MAX_ALIAS_NODES, MAX_DEPTH, decode, line_col
from kubelearn.checker.yaml.scalars import TAG, key_text, resolve_plain, tagged_scalar
from kubelearn.kube.document import DocPath, Document, Pos, format_path

try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None


@dataclass
class ReadResult:
    documents: list[Document] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    #: The text, decoded (empty when it could not be decoded).
    text: str = ""


class _Stop(Exception):
    """Reading cannot go on; the finding explaining why is already recorded."""


class _Frame:
    __slots__ = ("node", "path", "key", "keys", "anchor", "size", "merges", "skip")

    def __init__(self, node: Any, path: DocPath, anchor: str | None, skip: bool) -> None:
        self.node = node
        self.path = path
        #: For a mapping: the key waiting for its value (``_NO_KEY`` when a key comes next).
        self.key: Any = _NO_KEY
        self.keys: dict[str, int] = {}
        self.anchor = anchor
        self.size = 1
        self.merges: list[Any] = []
        #: Parsed only to stay in step with the events; the value is thrown away.
        self.skip = skip


#: ``Pos`` made from a (line, column) tuple without a Python call: one per key and value.
_pos = functools.partial(tuple.__new__, Pos)

_NO_KEY = object()
_BAD_KEY = object()


class _Reader:
    def __init__(self, text: str, lang: str, budget: Budget) -> None:
        self.text = text
        self.lang = lang
        self.budget = budget
        self.findings: list[Finding] = []
        self.documents: list[Document] = []
        self.alias_nodes = 0
        #: A second apiVersion or kind in a complete object: where the next object starts.
        self.split: tuple[Pos, str] | None = None

    def add(self, code: str, mark: Any | Pos, path: DocPath = (), **fields: Any) -> None:
        if isinstance(mark, Pos):
            line, column = mark.line, mark.column
        else:
            line, column = mark.line + 1, mark.column + 1
        if not self.budget.word(code):
            self.findings.append(unworded(code, line, column, path=format_path(path)))
            return
        self.findings.append(
            finding(code, line, column, lang=self.lang, path=format_path(path), **fields)
        )

    # One document at a time: the stack holds the open mappings and lists.
    def run(self, events: Any) -> None:
        doc: Document | None = None
        stack: list[_Frame] = []
        anchors: dict[str, tuple[Any, int]] = {}
        root: list[Any] = []
        index = -1
        scalar_or_alias, start = self.scalar_or_alias, self.start  # looked up once
        for event in events:
            cls = event.__class__
            if cls is ScalarEvent or cls is AliasEvent:
                scalar_or_alias(event, cls, doc, stack, anchors, root)
                if self.split is not None:
                    index += 1
                    doc, root = self.split_document(doc, stack, root, index)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                start(event, cls is MappingStartEvent, doc, stack, root)
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                frame = stack.pop()
                if frame.merges:
                    self.merge(frame)
                if frame.anchor is not None:
                    anchors[frame.anchor] = (frame.node, frame.size)
                if stack:
                    stack[-1].size += frame.size
            elif cls is DocumentStartEvent:
                index += 1
                doc = Document(index=index, data=None)
                anchors = {}
                root = []
            elif cls is DocumentEndEvent and doc is not None:
                self.finish(doc, root)
                doc = None

    def split_document(self, doc: Document, stack: list[_Frame], root: list[Any],
                       index: int) -> tuple[Document, list[Any]]:
        """End the object read so far and start the next one at its second apiVersion or
        kind: a missing ``---`` is one finding, at the line it belongs above, and both objects
        are then checked as the learner meant them."""
        assert self.split is not None
        pos, key = self.split
        self.split = None
        self.add("missing-separator", Pos(pos.line, 1), key=key, above=pos.line)
        frame = stack[0]
        self.finish(doc, root)
        new = Document(index=index, data=None)
        frame.node, frame.keys, frame.key, frame.size = {}, {key: pos.line}, key, 1
        new.value_pos[()] = pos
        new.key_pos[(key,)] = pos
        return new, [frame.node]

    def finish(self, doc: Document, root: list[Any]) -> None:
        if not root or root[0] is None:
            return  # an empty document: Kubernetes skips it too
        doc.data = root[0]
        doc.start = doc.value_pos.get((), Pos(1, 1))
        if isinstance(doc.data, dict):
            self.documents.append(doc)
            return
        given = "_doc-list" if isinstance(doc.data, list) else "_doc-scalar"
        self.add("not-an-object", doc.start, given=messages.text(given, self.lang))

    def node_path(self, stack: list[_Frame], pos: Pos, doc: Document) -> tuple[DocPath, bool]:
        """Where a new node goes; False when it is a key that is not a simple value."""
        if not stack:
            return (), True
        parent = stack[-1]
        if isinstance(parent.node, list):
            return (*parent.path, len(parent.node)), True
        if parent.key is _NO_KEY:
            return parent.path, False
        if parent.key is _BAD_KEY:
            return parent.path, True
        return (*parent.path, parent.key), True

    def attach(self, stack: list[_Frame], value: Any, root: list[Any]) -> None:
        if not stack:
            root.append(value)
            return
        parent = stack[-1]
        if parent.skip:
            return
        if isinstance(parent.node, list):
            parent.node.append(value)
            return
        key, parent.key = parent.key, _NO_KEY
        if key is _BAD_KEY:
            return
        if key == "<<" and key not in parent.node and isinstance(value, dict | list):
            parent.merges.append(value)
            return
        parent.node[key] = value

    def merge(self, frame: _Frame) -> None:
        for source in frame.merges:
            for item in source if isinstance(source, list) else [source]:
                if isinstance(item, dict):
                    for key, value in item.items():
                        frame.node.setdefault(key, value)

    def start(
        self, event: Any, mapping: bool, doc: Any, stack: list[_Frame], root: list[Any]
    ) -> None:
        mark = event.start_mark
        pos = _pos((mark.line + 1, mark.column + 1))
        if len(stack) >= MAX_DEPTH:
            self.add("too-deep", pos, limit=MAX_DEPTH)
            raise _Stop
        tag = event.tag
        if tag is not None and tag != "!" and tag != TAG + ("map" if mapping else "seq"):
            self.add("unknown-tag", pos, _next_path(stack), tag=_short_tag(tag))
        path, is_value = self.node_path(stack, pos, doc)
        skip = bool(stack and stack[-1].skip)
        if not is_value and not skip:
            self.add("complex-key", pos, path)
            stack[-1].key = _BAD_KEY
            skip = True
        node: Any = {} if mapping else []
        if not skip:
            doc.value_pos[path] = pos
            self.attach(stack, node, root)
        stack.append(_Frame(node, path, event.anchor, skip))

    def scalar_or_alias(
        self,
        event: Any,
        cls: type,
        doc: Any,
        stack: list[_Frame],
        anchors: dict[str, tuple[Any, int]],
        root: list[Any],
    ) -> None:
        mark = event.start_mark
        pos = _pos((mark.line + 1, mark.column + 1))
        plain_text = None
        size = 1
        if cls is AliasEvent:
            name = event.anchor
            if name not in anchors:
                self.add("unknown-alias", pos, name=name)
                value: Any = None
            else:
                value, size = anchors[name]
                self.alias_nodes += size
                if self.alias_nodes > MAX_ALIAS_NODES:
                    self.add("too-many-aliases", pos, limit=MAX_ALIAS_NODES)
                    raise _Stop
        else:
            text = event.value
            tag = event.tag
            plain = not event.style
            if tag is None:
                if plain:
                    value = resolve_plain(text)
                    if value.__class__ is not str:
                        plain_text = text
                else:
                    value = text
            else:
                ok, value = tagged_scalar(tag, text, plain)
                if not ok:
                    if tag.startswith(TAG) and tag[len(TAG) :] in (
                        "null",
                        "bool",
                        "int",
                        "float",
                    ):
                        self.add(
                            "bad-tagged-value",
                            pos,
                            _next_path(stack),
                            text=text,
                            tag=_short_tag(tag),
                        )
                    else:
                        self.add("unknown-tag", pos, _next_path(stack), tag=_short_tag(tag))
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
        if not stack:
            doc.value_pos[()] = pos
            root.append(value)
            return
        parent = stack[-1]
        parent.size += size
        if parent.skip:
            return
        if parent.node.__class__ is dict and parent.key is _NO_KEY:
            self.key(parent, value, pos, doc, plain_text)
            return
        if parent.node.__class__ is list:
            path = (*parent.path, len(parent.node))
            parent.node.append(value)
        else:
            key, parent.key = parent.key, _NO_KEY
            if key is _BAD_KEY:
                return
            path = (*parent.path, key)
            if key == "<<" and isinstance(value, dict | list) and key not in parent.node:
                parent.merges.append(value)
                return
            parent.node[key] = value
        doc.value_pos[path] = pos
        if plain_text is not None:
            doc.plain_text[path] = plain_text

    def key(
        self, parent: _Frame, value: Any, pos: Pos, doc: Document, source: str | None = None
    ) -> None:
        key = key_text(value)
        if key is None:
            self.add("null-key", pos, parent.path)
            parent.key = _BAD_KEY
            return
        changed = source is not None and key != source
        if key in parent.keys and _starts_an_object(parent, key):
            self.split = (pos, key)
            return
        if key in parent.keys:
            path = (*parent.path, key)
            self.add(
                "duplicate-key",
                pos,
                path,
                entry="duplicate-key-changed" if changed else None,
                key=key,
                text=source,
                first=parent.keys[key],
                second=pos.line,
            )
            changed = False  # said here already
        else:
            parent.keys[key] = pos.line
        parent.key = key
        doc.key_pos[(*parent.path, key)] = pos
        if changed:
            doc.key_text[(*parent.path, key)] = (source, pos)


def _starts_an_object(frame: _Frame, key: str) -> bool:
    """A second ``apiVersion`` or ``kind`` at the top of an object that already has both and
    more: the learner forgot the ``---`` before the next object (an object that repeats one of
    them before it is complete is a plain duplicate key)."""
    return (not frame.path and key in ("apiVersion", "kind") and "apiVersion" in frame.keys
            and "kind" in frame.keys and len(frame.keys) >= 3 and isinstance(frame.node, dict))


def _next_path(stack: list[_Frame]) -> DocPath:
    """The path of the node about to be read (its parent's, when it is a key)."""
    if not stack:
        return ()
    parent = stack[-1]
    if isinstance(parent.node, list):
        return (*parent.path, len(parent.node))
    if parent.key is _NO_KEY or parent.key is _BAD_KEY:
        return parent.path
    return (*parent.path, parent.key)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(TAG) :] if tag.startswith(TAG) else tag


def _events(text: str) -> Any:
    if _CParser is not None:
        return iter(_CParser(text).get_event, None)  # no Python frame per event
    return yaml.parse(text, Loader=yaml.SafeLoader)  # pragma: no cover


def read(data: str | bytes, lang: str = "en", budget: Budget | None = None) -> ReadResult:
    """Every document in ``data`` that YAML can read, and findings for what it cannot."""
    text, problems = decode(data, lang)
    if text is None:
        return ReadResult(findings=problems)
    reader = _Reader(text, lang, budget or Budget())
    try:
        reader.run(_events(text))
    except _Stop:
        pass
    except yaml.MarkedYAMLError as exc:
        from kubelearn.checker.yaml.syntax import syntax_finding  # the error path only

        reader.findings.append(syntax_finding(text, exc, lang))
    except yaml.reader.ReaderError as exc:
        pos = line_col(text, min(exc.position, len(text)))
        reader.findings.append(finding("control-char", pos.line, pos.column, lang=lang))
    except yaml.YAMLError as exc:
        reader.findings.append(finding("yaml-syntax", 1, 1, lang=lang, problem=str(exc)))
    return ReadResult(reader.documents, reader.findings, text)
