"""Read YAML the way Kubernetes reads it, keeping the position of every key and value.

Kubernetes (sigs.k8s.io/yaml over go-yaml v2) types unquoted values by YAML 1.1-era rules:
``yes``/``on``/``y`` are booleans, ``010`` is 8, ``1e3`` is a number, while ``12:30`` and
``2024-01-01`` stay text. PyYAML's own resolver differs on several of these, so this module
builds the data itself from the parser's events (libyaml's C parser when available) and never
constructs objects from tags.

Reading from events with an explicit stack also makes the reader safe on untrusted text: nesting
depth is bounded without recursion, and alias expansion is counted as it is composed, so a
"billion laughs" document is refused after a few thousand nodes.
"""

from __future__ import annotations

import math
import re
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

from kubelearn.checker.document import DocPath, Document, Pos, format_path
from kubelearn.checker.findings import Finding
from kubelearn.checker.messages import Budget, finding, unworded

try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None

#: Texts larger than this (in UTF-8 bytes) are refused.
MAX_BYTES = 1 << 20
#: Mappings and lists may nest this deep.
MAX_DEPTH = 100
#: Aliases may add at most this many nodes to the data, over the whole text.
MAX_ALIAS_NODES = 10_000

# --- scalars, as go-yaml v2's resolve.go types them ------------------------------------------

_NAN, _INF = math.nan, math.inf
_RESOLVE_MAP: dict[str, Any] = {}
for _value, _words in (
    (True, ("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")),
    (False, ("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")),
    (None, ("", "~", "null", "Null", "NULL")),
    (_NAN, (".nan", ".NaN", ".NAN")),
    (_INF, (".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF")),
    (-_INF, ("-.inf", "-.Inf", "-.INF")),
):
    for _word in _words:
        _RESOLVE_MAP[_word] = _value

#: First characters after which a plain scalar may be something other than text.
_HINTS = frozenset("+-0123456789.yYnNtTfFoO~")
_GO_INT = re.compile(r"([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)")
_YAML_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_GO_FLOAT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_INT64 = 1 << 63
#: A decimal integer of more digits never fits 64 bits. Longer ones never reach ``int()``,
#: which is quadratic on huge text and refuses more than 4,300 decimal digits (hexadecimal,
#: octal and binary text is read in linear time, with no such limit).
_DECIMAL_DIGITS = 20


def _go_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64), falling back to ParseUint as go-yaml does."""
    m = _GO_INT.fullmatch(text)
    if not m:
        return None
    sign, digits = m.groups()
    if digits[0] != "0" and len(digits) > _DECIMAL_DIGITS:
        return None
    prefix = digits[:2].lower()
    if prefix == "0x":
        value = int(digits[2:], 16)
    elif prefix == "0o":
        value = int(digits[2:], 8)
    elif prefix == "0b":
        value = int(digits[2:], 2)
    elif digits.startswith("0"):
        value = int(digits, 8)
    else:
        value = int(digits)
    if sign == "-":
        value = -value
    if -_INT64 <= value < _INT64:
        return value
    if not sign and 0 <= value < (1 << 64):
        return value
    return None


def _go_float(text: str) -> float | None:
    """strconv.ParseFloat(text, 64): None when out of range, where go-yaml keeps the text."""
    value = float(text)
    return None if math.isinf(value) else value


def _json_number(value: float) -> int | float:
    """A float as the JSON that Kubernetes receives: ``1e3`` arrives as ``1000``."""
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e21:
        return int(value)
    return value


def resolve_plain(text: str) -> Any:
    """The value go-yaml v2 gives an unquoted, untagged scalar, as Kubernetes then sees it."""
    if not text:
        return None
    first = text[0]
    if first not in _HINTS:
        return text
    if text in _RESOLVE_MAP:
        return _RESOLVE_MAP[text]
    if first == ".":
        value = _go_float(text) if _GO_FLOAT.fullmatch(text) else None
        return text if value is None else _json_number(value)
    if first in "yYnNtTfFoO~":
        return text
    plain = text.replace("_", "")
    value = _go_int(plain)
    if value is not None:
        return value
    if _YAML_FLOAT.fullmatch(plain):
        number = _go_float(plain)
        if number is not None:
            return _json_number(number)
    if plain.startswith("-0b"):
        value = _go_int("-" + plain[1:])
        if value is not None:
            return value
    return text


def key_text(value: Any) -> str | None:
    """A resolved key as the text sigs.k8s.io/yaml turns it into (None: not allowed)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value).removesuffix(".0")
    return None


_TAG = "tag:yaml.org,2002:"


def _tagged_scalar(tag: str, text: str, plain: bool) -> tuple[bool, Any]:
    """(ok, value) for a scalar with an explicit standard tag."""
    name = tag[len(_TAG) :] if tag.startswith(_TAG) else None
    if tag == "!" or name in ("str", "binary", "timestamp"):
        return True, text
    value = resolve_plain(text)
    if name == "null":
        return value is None, None
    if name == "bool":
        return isinstance(value, bool), value
    if name == "int":
        return isinstance(value, int) and not isinstance(value, bool), value
    if name == "float":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return ok, value
    return False, text


# --- positions -----------------------------------------------------------------------------

_BREAK = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def line_col(text: str, index: int) -> Pos:
    """The 1-based line and column of character ``index``, with str.splitlines()'s breaks."""
    starts = [m.end() for m in _BREAK.finditer(text, 0, index)]
    line_start = starts[-1] if starts else 0
    return Pos(len(starts) + 1, index - line_start + 1)


# Anything YAML does not allow in a stream (it allows tab, line breaks and printable text).
_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# --- the reader ----------------------------------------------------------------------------


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
        for event in events:
            cls = event.__class__
            if cls is ScalarEvent or cls is AliasEvent:
                self.scalar_or_alias(event, cls, doc, stack, anchors, root)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                self.start(event, cls is MappingStartEvent, doc, stack, root)
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

    def finish(self, doc: Document, root: list[Any]) -> None:
        if not root or root[0] is None:
            return  # an empty document: Kubernetes skips it too
        doc.data = root[0]
        doc.start = doc.value_pos.get((), Pos(1, 1))
        if isinstance(doc.data, dict):
            self.documents.append(doc)
            return
        given = "_doc-list" if isinstance(doc.data, list) else "_doc-scalar"
        from kubelearn.checker.messages import text

        self.add("not-an-object", doc.start, given=text(given, self.lang))

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
        pos = Pos(mark.line + 1, mark.column + 1)
        if len(stack) >= MAX_DEPTH:
            self.add("too-deep", pos, limit=MAX_DEPTH)
            raise _Stop
        tag = event.tag
        if tag is not None and tag != "!" and tag != _TAG + ("map" if mapping else "seq"):
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
        pos = Pos(mark.line + 1, mark.column + 1)
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
                ok, value = _tagged_scalar(tag, text, plain)
                if not ok:
                    if tag.startswith(_TAG) and tag[len(_TAG) :] in (
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
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _events(text: str) -> Any:
    if _CParser is not None:
        parser = _CParser(text)
        get = parser.get_event
        while (event := get()) is not None:
            yield event
    else:  # pragma: no cover
        yield from yaml.parse(text, Loader=yaml.SafeLoader)


def decode(data: str | bytes, lang: str = "en") -> tuple[str | None, list[Finding]]:
    """The text to read, or None and the finding that says why it cannot be read."""
    if isinstance(data, bytes | bytearray):
        if len(data) > MAX_BYTES:
            return None, [finding("too-large", 1, 1, lang=lang, size=len(data), limit=MAX_BYTES)]
        raw = bytes(data)
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = raw[: exc.start].decode("utf-8", "replace")
            pos = line_col(before, len(before))
            what = f"byte 0x{raw[exc.start]:02x}"
            return None, [finding("invalid-utf8", pos.line, pos.column, lang=lang, what=what)]
    else:
        text = data
        if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            size = len(text.encode("utf-8", "surrogatepass"))
            return None, [finding("too-large", 1, 1, lang=lang, size=size, limit=MAX_BYTES)]
    bad = _FORBIDDEN.search(text)
    if bad is None:
        return text, []
    findings = []
    for m in _FORBIDDEN.finditer(text):
        pos = line_col(text, m.start())
        char = m.group()
        if char == "\0":
            findings.append(finding("nul-byte", pos.line, pos.column, lang=lang))
        elif "\ud800" <= char <= "\udfff":
            what = f"lone surrogate U+{ord(char):04X}"
            findings.append(finding("invalid-utf8", pos.line, pos.column, lang=lang, what=what))
        else:
            findings.append(finding("control-char", pos.line, pos.column, lang=lang))
        if len(findings) >= 20:
            break
    return None, findings


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
        reader.findings.append(syntax_finding(text, exc, lang))
    except yaml.reader.ReaderError as exc:
        pos = line_col(text, min(exc.position, len(text)))
        reader.findings.append(finding("control-char", pos.line, pos.column, lang=lang))
    except yaml.YAMLError as exc:
        reader.findings.append(finding("yaml-syntax", 1, 1, lang=lang, problem=str(exc)))
    return ReadResult(reader.documents, reader.findings, text)


# --- syntax errors in plain words ----------------------------------------------------------

_KEY_START = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"][^:#]*:")
_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([\w.\-/]+):([^\s:/][^\s]*)")


def syntax_finding(text: str, exc: yaml.MarkedYAMLError, lang: str) -> Finding:
    lines = text.splitlines()
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line, mark.column) if mark else (0, 0)

    def line_text(n: int) -> str:
        return lines[n] if 0 <= n < len(lines) else ""

    def at(code: str, n: int, c: int, **fields: Any) -> Finding:
        return finding(code, n + 1, c + 1, lang=lang, **fields)

    # A tab in the indentation of the problem line (or of the line before it).
    for n in (line, line - 1):
        current = line_text(n)
        indent = current[: len(current) - len(current.lstrip(" \t"))]
        if "\t" in indent and (
            "tab" in problem or "cannot start any token" in problem or n == line
        ):
            return at("tab-indent", n, indent.index("\t"))
    if "tab" in problem:
        return at("tab-indent", line, column)
    if "nesting depth" in problem:
        return at("too-deep", line, column, limit=MAX_DEPTH)
    cm = exc.context_mark
    if "quoted scalar" in context and cm is not None:
        return at("unclosed-quote", cm.line, cm.column)
    if context.startswith("while parsing a flow") and cm is not None:
        return at("unclosed-bracket", cm.line, cm.column)
    if "expected ':'" in problem and cm is not None:
        m = _NO_SPACE.match(line_text(cm.line))
        if m:
            fixed = f"{m.group(2)}: {m.group(3)}"
            text = m.group(0).strip(" -")
            return at("missing-space", cm.line, m.end(2), text=text, fixed=fixed)
        return at("missing-colon", cm.line, cm.column)
    if "mapping values are not allowed" in problem:
        for n in range(line - 1, max(line - 4, -1), -1):
            m = _NO_SPACE.match(line_text(n))
            if m:
                fixed = f"{m.group(2)}: {m.group(3)}"
                return at("missing-space", n, m.end(2), text=m.group(0).strip(" -"), fixed=fixed)
            if line_text(n).strip() and not line_text(n).lstrip().startswith("#"):
                break
        current = line_text(line)
        key = _KEY_START.match(current)
        if key and key.end() - 1 == column:  # the line's own key: it is indented too deep
            return at("nested-mapping", line, len(current) - len(current.lstrip()))
        return at("nested-mapping", line, column)
    if "expected key" in problem or "block end" in problem or "'-' indicator" in problem:
        return at("bad-indent", line, column)
    return at("yaml-syntax", line, column, problem=problem or context or str(exc))
