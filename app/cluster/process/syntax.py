"""The shell model's words and syntax tree: :func:`tokenize` and :func:`parse` read a
busybox ``sh -c`` script (``;``, ``&&``, ``||``, pipelines, ``while``/``until``/``for``/``if``,
subshells, redirections) into the nodes :mod:`.shell` runs; bounded by :data:`MAX_SCRIPT`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The longest script the shell model reads.
MAX_SCRIPT = 20_000


# --- the shell: words ----------------------------------------------------------------------


class ShellError(Exception):
    """A script the model cannot read (``sh: syntax error``)."""


_OPERATORS = ("&&", "||", ";;", ">>", "2>&1", "2>", ";", "|", "&", ">", "<", "\n", "(", ")")
_KEYWORDS = {"while", "until", "for", "do", "done", "if", "then", "else", "elif", "fi", "in"}


def tokenize(script: str) -> list[tuple[str, str]]:
    """(kind, text) tokens: "word" keeps its quotes for expansion, "op" an operator."""
    tokens: list[tuple[str, str]] = []
    i, n = 0, len(script)
    while i < n:
        ch = script[i]
        if ch in " \t\r":
            i += 1
            continue
        if ch == "\\" and i + 1 < n and script[i + 1] == "\n":
            i += 2
            continue
        if ch == "#" and (not tokens or tokens[-1][0] == "op" or script[i - 1] in " \t"):
            while i < n and script[i] != "\n":
                i += 1
            continue
        for op in _OPERATORS:
            if script.startswith(op, i):
                tokens.append(("op", op))
                i += len(op)
                break
        else:
            start = i
            depth = 0
            while i < n:
                ch = script[i]
                if ch == "\\" and i + 1 < n:
                    i += 2
                    continue
                if ch in "'\"":
                    end = script.find(ch, i + 1)
                    while ch == '"' and end > 0 and script[end - 1] == "\\":
                        end = script.find(ch, end + 1)
                    if end < 0:
                        raise ShellError("syntax error: unterminated quoted string")
                    i = end + 1
                    continue
                if script.startswith("$(", i):
                    depth += 1
                    i += 2
                    continue
                if ch == "(" and depth:
                    depth += 1
                    i += 1
                    continue
                if ch == ")" and depth:
                    depth -= 1
                    i += 1
                    continue
                if depth == 0 and (ch in " \t\r\n;&|<>()"):
                    break
                i += 1
            tokens.append(("word", script[start:i]))
    return tokens


# --- the shell: syntax tree ----------------------------------------------------------------


@dataclass
class Cmd:
    words: list[str]
    redirects: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Pipeline:
    commands: list[Any]
    negate: bool = False


@dataclass
class AndOr:
    first: Any
    rest: list[tuple[str, Any]]


@dataclass
class Seq:
    items: list[Any]


@dataclass
class Loop:
    cond: Seq
    body: Seq
    until: bool = False


@dataclass
class For:
    var: str
    words: list[str]
    body: Seq


@dataclass
class If:
    branches: list[tuple[Seq, Seq]]
    otherwise: Seq | None


class Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def at_word(self, *words: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "word" and token[1] in words

    def expect(self, word: str) -> None:
        self.skip_newlines()
        if not self.at_word(word):
            found = self.peek()
            raise ShellError(f"syntax error: unexpected {found[1] if found else 'end of file'!r}"
                             .replace("'", '"'))
        self.take()

    def skip_newlines(self) -> None:
        while self.peek() in (("op", "\n"), ("op", ";")):
            self.take()

    def sequence(self, *stops: str) -> Seq:
        items = []
        while True:
            self.skip_newlines()
            token = self.peek()
            if token is None or (token[0] == "word" and token[1] in stops) or token == ("op", ")"):
                return Seq(items)
            items.append(self.and_or())
            token = self.peek()
            if token is not None and token[0] == "op" and token[1] in (";", "\n", "&"):
                self.take()

    def and_or(self) -> AndOr:
        first = self.pipeline()
        rest = []
        while self.peek() in (("op", "&&"), ("op", "||")):
            op = self.take()[1]
            self.skip_newlines()
            rest.append((op, self.pipeline()))
        return AndOr(first, rest)

    def pipeline(self) -> Pipeline:
        negate = False
        if self.at_word("!"):
            self.take()
            negate = True
        commands = [self.command()]
        while self.peek() == ("op", "|"):
            self.take()
            self.skip_newlines()
            commands.append(self.command())
        return Pipeline(commands, negate)

    def command(self) -> Any:
        if self.at_word("while", "until"):
            until = self.take()[1] == "until"
            cond = self.sequence("do")
            self.expect("do")
            body = self.sequence("done")
            self.expect("done")
            return Loop(cond, body, until)
        if self.at_word("for"):
            self.take()
            var = self.take()[1]
            words: list[str] = []
            self.skip_newlines()
            if self.at_word("in"):
                self.take()
                while self.peek() and self.peek()[0] == "word":  # type: ignore[index]
                    words.append(self.take()[1])
            self.expect("do")
            body = self.sequence("done")
            self.expect("done")
            return For(var, words, body)
        if self.at_word("if"):
            self.take()
            branches = []
            cond = self.sequence("then")
            self.expect("then")
            then = self.sequence("elif", "else", "fi")
            branches.append((cond, then))
            otherwise = None
            while True:
                self.skip_newlines()
                if self.at_word("elif"):
                    self.take()
                    cond = self.sequence("then")
                    self.expect("then")
                    branches.append((cond, self.sequence("elif", "else", "fi")))
                    continue
                if self.at_word("else"):
                    self.take()
                    otherwise = self.sequence("fi")
                self.expect("fi")
                return If(branches, otherwise)
        if self.peek() == ("op", "("):
            self.take()
            inner = self.sequence()
            if self.peek() != ("op", ")"):
                raise ShellError('syntax error: unexpected end of file (expecting ")")')
            self.take()
            return inner
        words: list[str] = []
        redirects: list[tuple[str, str]] = []
        while True:
            token = self.peek()
            if token is None:
                break
            kind, text = token
            if kind == "word":
                if text in _KEYWORDS and not words and text not in ("in",):
                    raise ShellError(f'syntax error: unexpected "{text}"')
                words.append(self.take()[1])
            elif text in (">", ">>", "<", "2>"):
                self.take()
                target = self.peek()
                if target is None or target[0] != "word":
                    raise ShellError("syntax error: unexpected newline")
                redirects.append((text, self.take()[1]))
            elif text == "2>&1":
                self.take()
            else:
                break
        if not words and not redirects:
            token = self.peek()
            raise ShellError(f'syntax error: unexpected "{token[1].strip() or "newline"}"'
                             if token else "syntax error: unexpected end of file")
        return Cmd(words, redirects)


def parse(script: str) -> Seq:
    if len(script) > MAX_SCRIPT:
        raise ShellError("script too long")
    parser = Parser(tokenize(script))
    seq = parser.sequence()
    if parser.peek() is not None:
        raise ShellError(f'syntax error: unexpected "{parser.peek()[1]}"')  # type: ignore[index]
    return seq
