"""What a container's process does over virtual time: the lines it logs, the ports it listens
on, how it answers HTTP, when it exits and with which code, and what it does at SIGTERM.

Two kinds of program:

- the servers of the image catalogue (nginx, httpd, redis, hashicorp/http-echo, agnhost, and
  any unknown image, which listens on the Pod's declared containerPorts);
- a small, bounded model of a busybox shell for ``command``/``args``: ``sh -c`` scripts with
  ``;``, ``&&``, ``||``, ``while``/``until``/``for``/``if``, ``$VAR`` and ``$(cmd)``,
  redirections, and the commands learners use (echo, printf, sleep, exit, cat, env, printenv,
  date, hostname, ls, httpd -f -p, nc -l -p, wget, test, trap, tail -f). An unknown command
  fails as a shell does (``sh: foo: not found``, exit 127).

A program is a generator of steps run against a clock (:class:`Process`): output, sleep,
listen, block. Nothing runs ahead of the cluster clock, and every run is bounded: a loop
without ``sleep`` costs one millisecond per command, at most :data:`STEP_BUDGET` steps are
taken per catch-up (the time in between is skipped as log rotation would lose it), and logs
keep the last :data:`MAX_LOG_LINES` lines as the kubelet's log rotation keeps the newest.

Signals as PID 1 gets them: the kernel drops a signal PID 1 has no handler for, so ``sleep``
and shell scripts ignore SIGTERM (and are killed after the grace period, exit 137) unless a
``trap`` says otherwise, while nginx, httpd, redis and http-echo handle it and exit at once;
a Go program without a handler exits with code 2.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kubelearn.cluster import clock

#: Lines of a container's log kept (older lines are rotated away).
MAX_LOG_LINES = 2_000
#: The longest line kept (longer ones are cut, as a runtime splits long lines).
MAX_LINE = 4_096
#: Steps one catch-up of a process may take before it skips ahead.
STEP_BUDGET = 20_000
#: The virtual time a command without ``sleep`` costs, so that a busy loop moves the clock.
COMMAND_MS = 1
#: The longest script the shell model reads.
MAX_SCRIPT = 20_000


class ConnectionRefused(Exception):
    """Nothing listens on that port of the Pod (``connect: connection refused``)."""


class EmptyReply(Exception):
    """Something listens but does not speak HTTP: it closes the connection (curl's ``(52)
    Empty reply from server``, Go's ``EOF``)."""


@dataclass
class HttpAnswer:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)


REASONS = {200: "OK", 301: "Moved Permanently", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed", 500: "Internal Server Error", 503: "Service Unavailable"}

# --- steps ---------------------------------------------------------------------------------

# A program yields tuples: ("out", text), ("sleep", ms), ("listen", port, server),
# ("block",) to wait for ever, ("forever",) to say it will never exit by itself.
Step = tuple
Program = Generator[Step, None, int]


@dataclass
class Context:
    """What a process sees: its environment, files, identity and the cluster around it."""

    env: dict[str, str]
    files: Any  # volumes.ContainerFiles
    hostname: str
    pod_ip: str
    now: Callable[[], int]
    #: wget/curl from inside the Pod: (url, headers) -> a Trace of the network model, or None.
    request: Callable[[str, dict], Any] | None = None
    #: nslookup: name -> addresses, or None when DNS is not modelled.
    resolve: Callable[[str], list[str] | None] | None = None
    namespace: str = "default"
    tools: tuple[str, ...] = ()
    #: Set by ``trap ... TERM``: the shell exits at SIGTERM.
    traps_term: bool = False
    last_status: int = 0
    stdin: str = ""


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


# --- the shell: expansion ------------------------------------------------------------------

_VAR = re.compile(r"\$(\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?P<plain>[A-Za-z_][A-Za-z0-9_]*|\?|\$))")


def expand(word: str, ctx: Context) -> list[str]:
    """A word after quote removal, ``$VAR`` and ``$(cmd)`` expansion and field splitting of the
    unquoted parts (enough for the scripts learners write)."""
    fields: list[str] = [""]
    quoted_any = False
    i, n = 0, len(word)

    def sub(text: str) -> str:
        def var(m: re.Match) -> str:
            name = m.group("braced") or m.group("plain")
            if name == "?":
                return str(ctx.last_status)
            if name == "$":
                return "1"
            return ctx.env.get(name, "")

        out, j = [], 0
        while j < len(text):
            if text.startswith("$((", j):
                end = text.find("))", j)
                if end > 0:
                    out.append(_arith(text[j + 3:end], ctx))
                    j = end + 2
                    continue
            if text.startswith("$(", j):
                depth, k = 1, j + 2
                while k < len(text) and depth:
                    depth += {"(": 1, ")": -1}.get(text[k], 0)
                    k += 1
                out.append(substitute(text[j + 2:k - 1], ctx))
                j = k
                continue
            m = _VAR.match(text, j)
            if m:
                out.append(var(m))
                j = m.end()
                continue
            out.append(text[j])
            j += 1
        return "".join(out)

    while i < n:
        ch = word[i]
        if ch == "'":
            end = word.index("'", i + 1)
            fields[-1] += word[i + 1:end]
            quoted_any = True
            i = end + 1
        elif ch == '"':
            end = i + 1
            while word[end] != '"' or word[end - 1] == "\\":
                end += 1
            inner = word[i + 1:end].replace('\\"', '"').replace("\\$", "\x00")
            fields[-1] += sub(inner).replace("\x00", "$")
            quoted_any = True
            i = end + 1
        elif ch == "\\" and i + 1 < n:
            fields[-1] += word[i + 1]
            i += 2
        else:
            end = i
            while end < n and word[end] not in "'\"\\":
                if word.startswith("$(", end):
                    depth, end = 1, end + 2
                    while end < n and depth:
                        depth += {"(": 1, ")": -1}.get(word[end], 0)
                        end += 1
                    continue
                end += 1
            expanded = sub(word[i:end])
            parts = expanded.split()
            if parts:
                if expanded[:1].isspace() and fields[-1]:
                    fields.append("")
                fields[-1] += parts[0]
                fields.extend(parts[1:])
                if expanded[-1:].isspace():
                    fields.append("")
            i = end
    if fields and fields[-1] == "" and not quoted_any:
        fields.pop()
    return fields


def _arith(text: str, ctx: Context) -> str:
    expr = re.sub(r"\$?([A-Za-z_][A-Za-z0-9_]*)", lambda m: ctx.env.get(m.group(1), "0") or "0", text)
    if not re.fullmatch(r"[0-9+\-*/%() ]*", expr) or len(expr) > 200:
        return "0"
    try:
        value = eval(expr.replace("/", "//"), {"__builtins__": {}}, {})  # noqa: S307 - digits and operators only
    except (SyntaxError, ZeroDivisionError, ValueError):
        return "0"
    return str(value)


def substitute(script: str, ctx: Context) -> str:
    """``$(script)``: its output, run at once (sleeps in it take no time), newlines trimmed."""
    output, _ = run_now(script_program(script, ctx), ctx)
    return output.rstrip("\n")


def expand_kubernetes(text: str, env: dict[str, str]) -> str:
    """The kubelet's ``$(VAR)`` expansion of command, args and env values
    (third_party/forked/golang/expansion): ``$$`` escapes, an unknown name stays as written."""
    out, i = [], 0
    while i < len(text):
        if text.startswith("$$", i):
            out.append("$")
            i += 2
        elif text.startswith("$(", i):
            end = text.find(")", i)
            name = text[i + 2:end] if end > 0 else ""
            if end > 0 and name in env:
                out.append(env[name])
                i = end + 1
            else:
                out.append(text[i:end + 1] if end > 0 else text[i:])
                i = end + 1 if end > 0 else len(text)
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


# --- the shell: running ------------------------------------------------------------------


def script_program(script: str, ctx: Context) -> Program:
    try:
        tree = parse(script)
    except ShellError as e:
        return _fail(f"sh: {e}", 2)
    except (ValueError, IndexError):
        return _fail("sh: syntax error: unterminated quoted string", 2)
    return run_seq(tree, ctx)


def _fail(message: str, code: int) -> Program:
    yield ("out", message + "\n")
    return code


def run_seq(seq: Seq, ctx: Context) -> Program:
    status = 0
    for item in seq.items:
        status = yield from run_and_or(item, ctx)
        ctx.last_status = status
    return status


def run_and_or(node: AndOr, ctx: Context) -> Program:
    status = yield from run_pipeline(node.first, ctx)
    for op, pipeline in node.rest:
        if (op == "&&") == (status == 0):
            status = yield from run_pipeline(pipeline, ctx)
    return status


def run_pipeline(node: Pipeline, ctx: Context) -> Program:
    if len(node.commands) == 1:
        status = yield from run_command(node.commands[0], ctx)
    else:
        stdin = ctx.stdin
        for command in node.commands[:-1]:
            ctx.stdin = stdin
            stdin, _ = run_now(run_command(command, ctx), ctx)
        ctx.stdin = stdin
        status = yield from run_command(node.commands[-1], ctx)
        ctx.stdin = ""
    return (1 if status == 0 else 0) if node.negate else status


def _infinite(node: Loop) -> bool:
    """``while true``/``while :``/``until false`` with no ``exit`` or ``break`` inside."""
    words = [w for item in node.cond.items for c in item.first.commands
             if isinstance(c, Cmd) for w in c.words]
    endless = words in (["true"], [":"]) if not node.until else words == ["false"]
    return endless and not _has_exit(node.body)


def _has_exit(node: Any) -> bool:
    if isinstance(node, Cmd):
        return bool(node.words) and node.words[0] in ("exit", "break", "return", "kill")
    children: list = []
    if isinstance(node, Seq):
        children = node.items
    elif isinstance(node, AndOr):
        children = [node.first] + [p for _, p in node.rest]
    elif isinstance(node, Pipeline):
        children = node.commands
    elif isinstance(node, Loop):
        children = [node.cond, node.body]
    elif isinstance(node, For):
        children = [node.body]
    elif isinstance(node, If):
        children = [x for pair in node.branches for x in pair] + ([node.otherwise] if node.otherwise else [])
    return any(_has_exit(c) for c in children)


class _Break(Exception):
    pass


def run_command(node: Any, ctx: Context) -> Program:
    if isinstance(node, Seq):
        return (yield from run_seq(node, ctx))
    if isinstance(node, Loop):
        if _infinite(node):
            yield ("forever",)
        status = 0
        while True:
            cond = yield from run_seq(node.cond, ctx)
            if (cond == 0) == node.until:
                return status
            try:
                status = yield from run_seq(node.body, ctx)
            except _Break:
                return 0
            yield ("sleep", 0)
    if isinstance(node, For):
        words = [f for w in node.words for f in expand(w, ctx)]
        status = 0
        for word in words:
            ctx.env[node.var] = word
            try:
                status = yield from run_seq(node.body, ctx)
            except _Break:
                return 0
        return status
    if isinstance(node, If):
        for cond, then in node.branches:
            if (yield from run_seq(cond, ctx)) == 0:
                return (yield from run_seq(then, ctx))
        if node.otherwise is not None:
            return (yield from run_seq(node.otherwise, ctx))
        return 0
    assert isinstance(node, Cmd)
    words = [f for w in node.words for f in expand(w, ctx)]
    assignments = {}
    while words and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[0]):
        name, _, value = words.pop(0).partition("=")
        assignments[name] = value
    if not words:
        ctx.env.update(assignments)
        return 0
    out_target = None
    append = False
    for op, target in node.redirects:
        path = " ".join(expand(target, ctx))
        if op in (">", ">>"):
            out_target, append = path, op == ">>"
        elif op == "<":
            content = ctx.files.read(path)
            if content is None:
                yield ("out", f"sh: can't open '{path}': no such file\n")
                return 1
            ctx.stdin = content
    program = run_argv(words, ctx)
    if out_target is None:
        return (yield from program)
    if out_target != "/dev/null" and not append:
        error = ctx.files.write(out_target, "")
        if error:
            yield ("out", f"sh: can't create {out_target}: {error}\n")
            return 1
    try:
        step = next(program)
        while True:
            if step[0] == "out":
                ctx.files.write(out_target, step[1], append=True)
                step = program.send(None)
            else:
                yield step
                step = program.send(None)
    except StopIteration as stop:
        return stop.value or 0


def _duration_ms(text: str) -> int | None:
    if text == "infinity":
        return -1
    m = re.fullmatch(r"([0-9]*\.?[0-9]+)([smhd]?)", text)
    if not m:
        return None
    return round(float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)] * 1000)


def busybox_date(ms: int) -> str:
    """``date`` as busybox prints it: ``Mon Jun  2 09:00:05 UTC 2025``."""
    moment = clock.EPOCH + timedelta(milliseconds=ms)
    return moment.strftime("%a %b ") + f"{moment.day:2d}" + moment.strftime(" %H:%M:%S UTC %Y")


def run_argv(argv: list[str], ctx: Context) -> Program:
    """One command: a builtin of the model, or 'not found'."""
    name = argv[0].rsplit("/", 1)[-1] if argv[0].startswith("/") else argv[0]
    args = argv[1:]
    yield ("sleep", COMMAND_MS) if name not in ("sleep", "exit", "true", ":", "false") else ("sleep", 0)
    if name in ("true", ":"):
        return 0
    if name == "false":
        return 1
    if name == "exit":
        code = int(args[0]) if args and args[0].lstrip("-").isdigit() else ctx.last_status
        raise SystemExitShell(code & 0xFF)
    if name == "break":
        raise _Break()
    if name == "echo":
        newline = True
        if args[:1] == ["-n"]:
            newline, args = False, args[1:]
        if args[:1] == ["-e"]:
            args = [a.replace("\\n", "\n").replace("\\t", "\t") for a in args[1:]]
        yield ("out", " ".join(args) + ("\n" if newline else ""))
        return 0
    if name == "printf":
        if not args:
            yield ("out", "printf: usage: printf FORMAT [ARGUMENT...]\n")
            return 1
        fmt = args[0].replace("\\n", "\n").replace("\\t", "\t")
        values = args[1:]
        try:
            text = fmt.replace("%d", "%s") % tuple(values[:fmt.count("%s") + fmt.count("%d")]) \
                if "%" in fmt else fmt
        except (TypeError, ValueError):
            text = fmt
        yield ("out", text)
        return 0
    if name == "sleep":
        if not args:
            yield ("out", "sleep: missing operand\n" if "bash" in ctx.tools else
                   "BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: sleep [N]...\n")
            return 1
        total = 0
        for arg in args:
            ms = _duration_ms(arg)
            if ms is None:
                yield ("out", f"sleep: invalid number '{arg}'\n")
                return 1
            if ms < 0:
                yield ("block",)
            total += ms
        yield ("sleep", total)
        return 0
    if name in ("cat", "head", "tail", "grep", "wc"):
        return (yield from _text_tool(name, args, ctx))
    if name in ("env", "printenv"):
        if name == "printenv" and args:
            values = [ctx.env[a] for a in args if a in ctx.env]
            for value in values:
                yield ("out", value + "\n")
            return 0 if len(values) == len(args) else 1
        if name == "env" and args:
            inner = dict(ctx.env)
            while args and "=" in args[0]:
                k, _, v = args.pop(0).partition("=")
                inner[k] = v
            if args:
                saved, ctx.env = ctx.env, inner
                status = yield from run_argv(args, ctx)
                ctx.env = saved
                return status
        yield ("out", "".join(f"{k}={v}\n" for k, v in ctx.env.items()))
        return 0
    if name == "date":
        yield ("out", busybox_date(ctx.now()) + "\n")
        return 0
    if name == "hostname":
        yield ("out", ctx.hostname + "\n")
        return 0
    if name in ("pwd",):
        yield ("out", "/\n")
        return 0
    if name in ("id", "whoami"):
        yield ("out", "uid=0(root) gid=0(root) groups=0(root),10(wheel)\n" if name == "id" else "root\n")
        return 0
    if name == "uname":
        yield ("out", "Linux\n" if "-a" not in args else
               f"Linux {ctx.hostname} 6.8.0 #1 SMP x86_64 GNU/Linux\n")
        return 0
    if name == "ls":
        output, status = list_dir(args, ctx.files)
        yield ("out", output)
        return status
    if name in ("mkdir", "touch", "rm", "cd", "export", "set", "unset", "chmod", "cp", "mv", "ln"):
        return (yield from _fs_tool(name, args, ctx))
    if name == "trap":
        if args and any(s in ("TERM", "SIGTERM", "15") for s in args[1:]):
            ctx.traps_term = True
        return 0
    if name in ("test", "["):
        return _test(args[:-1] if name == "[" and args[-1:] == ["]"] else args, ctx)
    if name == "seq":
        numbers = [int(a) for a in args if a.lstrip("-").isdigit()][:2]
        first, last = (1, numbers[0]) if len(numbers) == 1 else (numbers + [1, 0])[:2]
        for value in range(first, min(last, first + 10_000) + 1):
            yield ("out", f"{value}\n")
        return 0
    if name in ("sh", "bash", "ash"):
        if len(args) >= 2 and args[0] == "-c":
            return (yield from script_program(args[1], ctx))
        return 0  # an interactive shell without a terminal reads EOF and exits
    if name == "httpd" and "-f" in args:
        port = _flag(args, "-p", "80")
        home = _flag(args, "-h", "/var/www")
        yield ("listen", int(port.rsplit(":", 1)[-1]) if port.rsplit(":", 1)[-1].isdigit() else 80,
               ("busybox-httpd", home))
        yield ("block",)
    if name == "nc" and "-l" in args:
        port = _flag(args, "-p", "")
        if port.isdigit():
            yield ("listen", int(port), ("tcp", ""))
        yield ("block",)
    if name == "tail" and "-f" in args:
        yield ("block",)
    if name in ("wget", "curl"):
        output, status = web_client(name, args, ctx)
        yield ("out", output)
        return status
    if name == "nslookup":
        output, status = nslookup(args, ctx)
        yield ("out", output)
        return status
    yield ("out", f"sh: {argv[0]}: not found\n")
    return 127


class SystemExitShell(Exception):
    """``exit N`` inside a script: unwinds to the program's top."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _flag(args: list[str], flag: str, default: str) -> str:
    for i, arg in enumerate(args):
        if arg == flag and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(flag) and len(arg) > len(flag):
            return arg[len(flag):]
    return default


def _text_tool(name: str, args: list[str], ctx: Context) -> Program:
    options = [a for a in args if a.startswith("-") and a != "-"]
    paths = [a for a in args if not a.startswith("-") or a == "-"]
    if name == "grep":
        if not paths:
            yield ("out", "BusyBox v1.37.0 multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] PATTERN [FILE]...\n")
            return 2
        pattern, paths = paths[0], paths[1:]
    count = 10
    for opt in options:
        if opt.startswith("-n") and opt[2:].isdigit():
            count = int(opt[2:])
        elif opt.lstrip("-").isdigit():
            count = int(opt.lstrip("-"))
    if name in ("head", "tail") and "-n" in args:
        value = args[args.index("-n") + 1] if args.index("-n") + 1 < len(args) else "10"
        count = int(value) if value.isdigit() else 10
        paths = [p for p in paths if p != value]
    texts = []
    status = 0
    for path in paths or ["-"]:
        if path == "-":
            texts.append(ctx.stdin)
            continue
        content = ctx.files.read(path)
        if content is None:
            if ctx.files.entries(path) is not None:
                yield ("out", f"{name}: read error: Is a directory\n")
            else:
                yield ("out", f"{name}: can't open '{path}': No such file or directory\n")
            status = 1
            continue
        texts.append(content)
    text = "".join(texts)
    lines = text.splitlines(keepends=True)
    if name == "head":
        text = "".join(lines[:count])
    elif name == "tail":
        text = "".join(lines[-count:]) if count else ""
    elif name == "grep":
        invert = "-v" in options
        fold = "-i" in options
        chosen = [line for line in lines
                  if ((pattern.lower() in line.lower()) if fold else (pattern in line)) != invert]
        text = "".join(chosen)
        status = status or (0 if chosen else 1)
        if "-q" in options:
            return status
    elif name == "wc":
        text = f"{len(lines)}\n" if "-l" in options else f"{len(lines)} {len(text.split())} {len(text)}\n"
    if text:
        yield ("out", text)
    return status


def _fs_tool(name: str, args: list[str], ctx: Context) -> Program:
    if name == "export" or name == "set":
        for arg in args:
            if "=" in arg:
                k, _, v = arg.partition("=")
                ctx.env[k] = v
        return 0
    if name == "unset":
        for arg in args:
            ctx.env.pop(arg, None)
        return 0
    if name == "touch":
        for path in (a for a in args if not a.startswith("-")):
            if ctx.files.read(path) is None:
                error = ctx.files.write(path, "")
                if error:
                    yield ("out", f"touch: {path}: {error}\n")
                    return 1
        return 0
    if name in ("cp",):
        paths = [a for a in args if not a.startswith("-")]
        if len(paths) == 2:
            content = ctx.files.read(paths[0])
            if content is None:
                yield ("out", f"cp: can't stat '{paths[0]}': No such file or directory\n")
                return 1
            target = paths[1] + "/" + paths[0].rsplit("/", 1)[-1] if ctx.files.is_dir(paths[1]) else paths[1]
            error = ctx.files.write(target, content)
            if error:
                yield ("out", f"cp: can't create '{target}': {error}\n")
                return 1
        return 0
    return 0


def _test(args: list[str], ctx: Context) -> int:
    negate = False
    if args[:1] == ["!"]:
        negate, args = True, args[1:]
    result = False
    if len(args) == 2 and args[0] in ("-f", "-e", "-d", "-s", "-n", "-z", "-r"):
        op, value = args
        if op == "-n":
            result = value != ""
        elif op == "-z":
            result = value == ""
        elif op == "-d":
            result = ctx.files.is_dir(value)
        else:
            content = ctx.files.read(value)
            result = content is not None and (op != "-s" or content != "") or (
                op == "-e" and ctx.files.entries(value) is not None)
    elif len(args) == 3:
        a, op, b = args
        if op in ("=", "=="):
            result = a == b
        elif op == "!=":
            result = a != b
        elif op in ("-eq", "-ne", "-lt", "-le", "-gt", "-ge") and a.lstrip("-").isdigit() and b.lstrip("-").isdigit():
            x, y = int(a), int(b)
            result = {"-eq": x == y, "-ne": x != y, "-lt": x < y, "-le": x <= y,
                      "-gt": x > y, "-ge": x >= y}[op]
    elif len(args) == 1:
        result = args[0] != ""
    return 0 if result != negate else 1


def list_dir(args: list[str], files: Any) -> tuple[str, int]:
    """``ls [-l] [-a] [PATH...]`` as busybox prints it (one name a line without a terminal)."""
    flags = "".join(a[1:] for a in args if a.startswith("-"))
    paths = [a for a in args if not a.startswith("-")] or ["/"]
    long, show_all = "l" in flags, "a" in flags or "A" in flags
    out, status = [], 0
    for path in paths:
        entries = files.entries(path)
        if entries is None:
            content = files.read(path)
            if content is None:
                out.append(f"ls: {path}: No such file or directory\n")
                status = 1
                continue
            name = path
            out.append(_long_line(name, "-", 0o644, len(content.encode()), "") + "\n" if long else name + "\n")
            continue
        if len(paths) > 1:
            out.append(f"{path}:\n")
        shown = [e for e in entries if show_all or not e.name.startswith(".")]
        if long:
            out.append(f"total {4 * len(shown)}\n")
            if show_all and "a" in flags:
                out.append(_long_line(".", "d", 0o777, 4096, "") + "\n")
                out.append(_long_line("..", "d", 0o755, 4096, "") + "\n")
            for e in shown:
                out.append(_long_line(e.name, e.kind, e.mode, e.size, e.target) + "\n")
        else:
            out.extend(f"{e.name}\n" for e in shown)
    return "".join(out), status


def _long_line(name: str, kind: str, mode: int, size: int, target: str) -> str:
    bits = "".join(c if mode & (1 << (8 - i)) else "-" for i, c in enumerate("rwxrwxrwx"))
    stamp = "Jun  2 09:00"
    line = f"{kind}{bits}    1 root     root     {size:>9} {stamp} {name}"
    return line + (f" -> {target}" if kind == "l" else "")


def web_client(name: str, args: list[str], ctx: Context) -> tuple[str, int]:
    """busybox ``wget`` and ``curl`` from inside the Pod, through the network model."""
    urls = [a for a in args if "://" in a or (not a.startswith("-") and "." in a)]
    headers: dict[str, str] = {}
    for i, arg in enumerate(args):
        if arg in ("-H", "--header") and i + 1 < len(args) and ":" in args[i + 1]:
            key, _, value = args[i + 1].partition(":")
            headers[key.strip()] = value.strip()
    if not urls:
        if name == "curl":
            return "curl: try 'curl --help' or 'curl --manual' for more information\n", 2
        return "BusyBox v1.37.0 multi-call binary.\n\nUsage: wget [-cqS] [-O FILE] URL...\n", 1
    url = urls[-1] if "://" in urls[-1] else "http://" + urls[-1]
    if ctx.request is None:
        return f"{name}: bad address '{urlsplit(url).hostname}'\n", 1
    trace = ctx.request(url, headers)
    if name == "curl":
        return str(getattr(trace, "curl_output", "")), 0 if getattr(trace, "ok", False) else 7
    status = getattr(trace, "status", None)
    host = urlsplit(url).hostname or ""
    quiet = any(a.startswith("-") and "q" in a and not a.startswith("--") for a in args)
    if status is None:
        why = str(getattr(trace, "curl_output", ""))
        if "resolve" in why.lower():
            return f"wget: bad address '{host}'\n", 1
        return (("" if quiet else f"Connecting to {host}\n")
                + "wget: can't connect to remote host: Connection refused\n"), 1
    if status >= 400:
        return (("" if quiet else f"Connecting to {host}\n")
                + f"wget: server returned error: HTTP/1.1 {status} {REASONS.get(status, '')}\n"), 1
    body = str(getattr(trace, "body", ""))
    to_stdout = any(a in ("-O-", "-O", "-qO-", "-O -") or a.endswith("O-") for a in args)
    if to_stdout:
        return (body if quiet else f"Connecting to {host}\nwriting to stdout\n{body}written to stdout\n"), 0
    target = (urlsplit(url).path.rsplit("/", 1)[-1] or "index.html")
    ctx.files.write("/" + target, body)
    return ("" if quiet else f"Connecting to {host}\nsaving to '{target}'\n'{target}' saved\n"), 0


def nslookup(args: list[str], ctx: Context) -> tuple[str, int]:
    """busybox ``nslookup NAME`` against the cluster DNS (10.96.0.10)."""
    names = [a for a in args if not a.startswith("-")]
    head = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
    if not names:
        return "BusyBox v1.37.0 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n", 1
    name = names[0]
    found = ctx.resolve(name) if ctx.resolve is not None else None
    if not found:
        return head + f"** server can't find {name}: NXDOMAIN\n\n", 1
    fqdn = name if name.endswith(".cluster.local") else (
        f"{name}.{ctx.namespace}.svc.cluster.local" if "." not in name else f"{name}.svc.cluster.local"
        if name.count(".") == 1 else name)
    return head + "".join(f"Name:\t{fqdn}\nAddress: {ip}\n" for ip in found) + "\n", 0


def run_now(program: Program, ctx: Context, budget: int = STEP_BUDGET) -> tuple[str, int]:
    """Run a program to its end at once (``kubectl exec``, ``$(...)``, a pipeline's left side):
    sleeps take no time, a block or a runaway loop ends the run."""
    out: list[str] = []
    size = 0
    try:
        for _ in range(budget):
            step = next(program)
            if step[0] == "out" and size < 1_000_000:
                out.append(step[1])
                size += len(step[1])
            elif step[0] == "block":
                break
    except StopIteration as stop:
        return "".join(out), int(stop.value or 0)
    except SystemExitShell as e:
        return "".join(out), e.code
    except _Break:
        return "".join(out), 0
    return "".join(out), 0


# --- the catalogue's servers ---------------------------------------------------------------

NGINX_VERSION = "1.27.5"

NGINX_INDEX = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""


def nginx_error(status: int) -> str:
    title = f"{status} {REASONS.get(status, '')}"
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1>"
            f"</center>\r\n<hr><center>nginx/{NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n")


HTTPD_INDEX = "<html><body><h1>It works!</h1></body></html>\n"
HTTPD_404 = ("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found"
             "</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this "
             "server.</p>\n</body></html>\n")

#: The files each catalogue image brings.
IMAGE_FILES: dict[str, dict[str, str]] = {
    "nginx": {
        "/usr/share/nginx/html/index.html": NGINX_INDEX,
        "/usr/share/nginx/html/50x.html": "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n"
        "</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n",
        "/etc/nginx/nginx.conf": "user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\n"
        "pid        /run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n"
        "    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n"
        "    sendfile        on;\n    keepalive_timeout  65;\n    include /etc/nginx/conf.d/*.conf;\n}\n",
        "/etc/nginx/conf.d/default.conf": "server {\n    listen       80;\n    listen  [::]:80;\n"
        "    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n"
        "        index  index.html index.htm;\n    }\n\n    error_page   500 502 503 504  /50x.html;\n"
        "    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n}\n",
    },
    "httpd": {"/usr/local/apache2/htdocs/index.html": HTTPD_INDEX},
}


def nginx_log_start(now_ms: int) -> list[str]:
    stamp = clock.rfc3339(now_ms)[:19].replace("-", "/").replace("T", " ")
    return [
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
        "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
        "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
        f'{stamp} [notice] 1#1: using the "epoll" event method',
        f"{stamp} [notice] 1#1: nginx/{NGINX_VERSION}",
        f"{stamp} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14+deb12u1) ",
        f"{stamp} [notice] 1#1: OS: Linux 6.8.0",
        f"{stamp} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
        f"{stamp} [notice] 1#1: start worker processes",
        f"{stamp} [notice] 1#1: start worker process 29",
    ]


def _server_program(lines: list[str], listens: list[tuple[int, tuple]]) -> Program:
    for line in lines:
        yield ("out", line + "\n")
    for port, server in listens:
        yield ("listen", port, server)
    yield ("forever",)
    yield ("block",)
    return 0


@dataclass
class Spec:
    """What to run: the image's kind and the container's resolved command line."""

    kind: str
    argv: list[str]
    #: The Pod's declared containerPorts (number, protocol), for a generic image.
    ports: list[int]
    exit_code: int | None = None
    exit_after_ms: int = 0
    exit_message: str = ""


def program_for(spec: Spec, ctx: Context) -> tuple[Program, str]:
    """The program a container runs and what it does at SIGTERM: "exit" (0 at once), "go"
    (exit 2 at once), "ignore" (killed after the grace period) or "trap" (the shell decides)."""
    if spec.exit_code is not None:
        return _faulty(spec), "exit"
    argv = spec.argv
    kind = spec.kind
    if argv and kind not in ("shell",):
        program = argv[0].rsplit("/", 1)[-1]
        if program in ("sh", "bash", "ash", "sleep", "echo", "cat", "env", "printenv", "true",
                       "false", "date", "ls", "tail", "nc", "exit") or (
                kind != "agnhost" and program in ("httpd",) and "-f" in argv):
            kind = "shell"
    if kind == "nginx":
        return _server_program(nginx_log_start(ctx.now()), [(80, ("nginx", "/usr/share/nginx/html"))]), "exit"
    if kind == "httpd":
        stamp = busybox_date(ctx.now())
        return _server_program([
            f"AH00558: httpd: Could not reliably determine the server's fully qualified domain name, "
            f"using {ctx.pod_ip}. Set the 'ServerName' directive globally to suppress this message",
            f"[{stamp}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.63 (Unix) configured "
            f"-- resuming normal operations",
        ], [(80, ("httpd", "/usr/local/apache2/htdocs"))]), "exit"
    if kind == "redis":
        return _server_program([
            "1:C 02 Jun 2025 09:00:00.000 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
            "1:M 02 Jun 2025 09:00:00.000 * Server initialized",
            "1:M 02 Jun 2025 09:00:00.000 * Ready to accept connections tcp",
        ], [(6379, ("tcp", ""))]), "exit"
    if kind == "http-echo":
        return _http_echo(argv), "exit"
    if kind == "agnhost":
        return _agnhost(argv), "go"
    if kind == "shell":
        if not argv:
            return script_program("", ctx), "ignore"
        if argv[0].rsplit("/", 1)[-1] in ("sh", "bash", "ash") and len(argv) >= 3 and argv[1] == "-c":
            return _trapping(script_program(argv[2], ctx)), "trap"
        return _trapping(run_argv(list(argv), ctx)), "ignore"
    # generic: listens on the declared ports
    return _server_program([], [(p, ("generic", "")) for p in spec.ports]), "exit"


def _trapping(program: Program) -> Program:
    try:
        status = yield from program
    except SystemExitShell as e:
        return e.code
    except _Break:
        return 0
    return status


def _faulty(spec: Spec) -> Program:
    if spec.exit_message:
        yield ("out", spec.exit_message.rstrip("\n") + "\n")
    yield ("sleep", spec.exit_after_ms)
    return spec.exit_code or 0


def _http_echo(argv: list[str]) -> Program:
    text, listen = None, ":5678"
    args = list(argv)
    for i, arg in enumerate(args):
        for flag in ("-text", "--text"):
            if arg == flag and i + 1 < len(args):
                text = args[i + 1]
            elif arg.startswith(flag + "="):
                text = arg.split("=", 1)[1]
        for flag in ("-listen", "--listen"):
            if arg == flag and i + 1 < len(args):
                listen = args[i + 1]
            elif arg.startswith(flag + "="):
                listen = arg.split("=", 1)[1]
    if text is None:
        yield ("out", "Missing -text option!\n")
        return 127
    port_text = listen.rsplit(":", 1)[-1]
    port = int(port_text) if port_text.isdigit() else 5678
    return (yield from _server_program([f"2025/06/02 09:00:00 [INFO] server is listening on {listen}"],
                                       [(port, ("http-echo", text))]))


def _agnhost(argv: list[str]) -> Program:
    sub = next((a for a in argv if not a.startswith("-") and a not in ("/agnhost", "agnhost")), "")
    if sub == "serve-hostname":
        port = int(_flag(argv, "--port=", "9376")) if _flag(argv, "--port=", "9376").isdigit() else 9376
        return (yield from _server_program([], [(port, ("agnhost-hostname", ""))]))
    if sub == "netexec":
        value = _flag(argv, "--http-port=", "8080")
        port = int(value) if value.isdigit() else 8080
        return (yield from _server_program([f"I0602 09:00:00.000000       1 log.go:245] Started HTTP server on port {port}"],
                                           [(port, ("agnhost-netexec", ""))]))
    if sub == "pause":
        yield ("out", "Paused\n")
        yield ("forever",)
        yield ("block",)
        return 0
    yield ("out", "Usage:\n  agnhost [command]\n\nAvailable Commands:\n  netexec\n  pause\n  serve-hostname\n")
    return 1


# --- a running process -----------------------------------------------------------------------


class Process:
    """One run of a container's program, caught up with the clock only when asked."""

    def __init__(self, program: Program, start_ms: int, ctx: Context, on_term: str) -> None:
        self.program = program
        self.ctx = ctx
        self.on_term = on_term
        self.start_ms = start_ms
        #: The process's own time: every step before it has happened.
        self.clock_ms = start_ms
        #: A step taken from the program that happens later (its time, the step).
        self.pending: deque[tuple[int, Step]] = deque()
        self.log: deque[str] = deque(maxlen=MAX_LOG_LINES)
        self._partial = ""
        self.listening: dict[int, tuple] = {}
        self.exit_code: int | None = None
        self.exit_ms: int | None = None
        #: The program will never exit by itself (an endless loop, a server).
        self.endless = False
        self.blocked = False
        #: A lookahead time up to which the program is known not to exit.
        self._known_until = start_ms
        self._advancing = False

    # the program, step by step -------------------------------------------------------------

    def _pull(self) -> bool:
        """Take the program's next step into ``pending``; False when it has ended."""
        if self.exit_code is not None or self.blocked:
            return False
        at = self.pending[-1][0] if self.pending else self.clock_ms
        self.ctx.now = lambda: at
        try:
            step = next(self.program)
        except StopIteration as stop:
            self.pending.append((at, ("exit", int(stop.value or 0) & 0xFF)))
            return False
        except SystemExitShell as e:
            self.pending.append((at, ("exit", e.code)))
            return False
        except _Break:
            self.pending.append((at, ("exit", 0)))
            return False
        if step[0] == "sleep":
            self.pending.append((at + max(0, int(step[1])), ("tick",)))
        elif step[0] == "forever":
            self.endless = True
        elif step[0] == "block":
            self.blocked = True
            self.endless = True
        else:
            self.pending.append((at, step))
        return True

    def _apply(self, step: Step, at: int) -> None:
        kind = step[0]
        if kind == "out":
            self.write(step[1])
        elif kind == "listen":
            self.listening[int(step[1])] = step[2]
        elif kind == "exit":
            self.exit_code, self.exit_ms = step[1], at
            self.listening.clear()

    def write(self, text: str) -> None:
        text = self._partial + text
        lines = text.split("\n")
        self._partial = lines.pop()[:MAX_LINE]
        for line in lines[-MAX_LOG_LINES:]:
            self.log.append(line[:MAX_LINE])

    def advance(self, to_ms: int) -> None:
        """Catch up with the clock: every step due by ``to_ms`` happens.

        A step may reach this same process again (a script that requests its own Pod, as the
        docs' localhost sidecar does): the process is already catching up, so the inner call
        returns and the request sees it as it is at that step."""
        if self.exit_code is not None or self._advancing:
            return
        self._advancing = True
        try:
            self._advance(to_ms)
        finally:
            self._advancing = False

    def _advance(self, to_ms: int) -> None:
        budget = STEP_BUDGET
        skipped = False
        while True:
            while self.pending and self.pending[0][0] <= to_ms:
                at, step = self.pending.popleft()
                self.clock_ms = max(self.clock_ms, at)
                self._apply(step, at)
                if self.exit_code is not None:
                    self.pending.clear()
                    return
            if self.pending or self.blocked:
                self.clock_ms = max(self.clock_ms, min(to_ms, self.pending[0][0]) if self.pending else to_ms)
                return
            budget -= 1
            if budget <= 0:
                if skipped:
                    self.clock_ms = to_ms
                    return
                # A busy process: what it printed in between is lost, as log rotation loses it.
                skipped = True
                budget = STEP_BUDGET
                self.clock_ms = max(self.clock_ms, to_ms - 1_000)
            if not self._pull():
                if not self.pending:
                    return

    def exit_by(self, horizon_ms: int) -> int | None:
        """When the program exits, if it does by ``horizon_ms`` (a bounded lookahead): the kubelet
        sets its timer there. Steps looked at stay pending until the clock reaches them."""
        if self.exit_code is not None:
            return self.exit_ms
        budget = STEP_BUDGET
        while budget > 0 and not self.endless:
            last = self.pending[-1] if self.pending else None
            if last is not None and last[1][0] == "exit":
                return last[0]
            if last is not None and last[0] > horizon_ms:
                return None
            if not self._pull():
                last = self.pending[-1] if self.pending else None
                return last[0] if last is not None and last[1][0] == "exit" else None
            budget -= 1
        if self.pending and self.pending[-1][1][0] == "exit":
            return self.pending[-1][0]
        return None

    def lookahead_until(self) -> int:
        """How far :meth:`exit_by` looked (the kubelet looks again from there)."""
        return self.pending[-1][0] if self.pending else self.clock_ms

    def stop(self, at_ms: int, code: int) -> None:
        """The process ends now (SIGTERM it handles, SIGKILL)."""
        self.advance(at_ms)
        if self.exit_code is None:
            if self._partial:
                self.log.append(self._partial)
                self._partial = ""
            self.exit_code, self.exit_ms = code, at_ms
            self.listening.clear()
            self.pending.clear()

    def exits_at_sigterm(self) -> int | None:
        """The exit code if the process ends at SIGTERM, else None (it ignores it)."""
        if self.on_term == "exit":
            return 0
        if self.on_term == "go":
            return 2
        if self.on_term == "trap" and self.ctx.traps_term:
            return 143
        return None

    def text(self, tail: int | None = None) -> str:
        lines = list(self.log) + ([self._partial] if self._partial else [])
        if tail is not None and tail >= 0:
            lines = lines[-tail:] if tail else []
        if not lines:
            return ""
        return "\n".join(lines) + ("\n" if not (self._partial and lines[-1] == self._partial) else "")


# --- HTTP --------------------------------------------------------------------------------------


def serve(server: tuple, method: str, path: str, headers: dict[str, str], ctx: Context,
          log: Callable[[str], None], client: str) -> HttpAnswer:
    """How a listening server answers one HTTP request."""
    kind, arg = server
    url = urlsplit(path if path.startswith("/") else "/" + path)
    route = url.path or "/"
    agent = headers.get("User-Agent") or headers.get("user-agent") or "curl/8.5.0"
    if kind in ("tcp",):
        raise EmptyReply()
    if kind in ("nginx", "busybox-httpd", "httpd"):
        answer = _static(kind, arg, route, method, ctx)
        if kind == "nginx":
            stamp = (clock.EPOCH + timedelta(milliseconds=ctx.now())).strftime("%d/%b/%Y:%H:%M:%S +0000")
            log(f'{client} - - [{stamp}] "{method} {path} HTTP/1.1" {answer.status} '
                f'{len(answer.body.encode())} "-" "{agent}" "-"')
        return answer
    if kind == "http-echo":
        return HttpAnswer(200, arg + "\n", {"Content-Type": "text/plain; charset=utf-8",
                                              "X-App-Name": "http-echo", "X-App-Version": "1.0.0"})
    if kind == "agnhost-hostname":
        return HttpAnswer(200, ctx.hostname, {"Content-Type": "text/plain; charset=utf-8"})
    if kind == "agnhost-netexec":
        query = parse_qs(url.query)
        if route == "/hostname":
            return HttpAnswer(200, ctx.hostname, {"Content-Type": "text/plain; charset=utf-8"})
        if route == "/echo":
            return HttpAnswer(200, query.get("msg", [""])[0], {"Content-Type": "text/plain; charset=utf-8"})
        if route == "/clientip":
            return HttpAnswer(200, f"{client}:40000", {"Content-Type": "text/plain; charset=utf-8"})
        if route in ("/healthz", "/readyz"):
            return HttpAnswer(200, "ok", {"Content-Type": "text/plain; charset=utf-8"})
        if route == "/":
            return HttpAnswer(200, f"NOW: {clock.rfc3339(ctx.now())}",
                              {"Content-Type": "text/plain; charset=utf-8"})
        return HttpAnswer(404, "404 page not found\n", {"Content-Type": "text/plain; charset=utf-8"})
    return HttpAnswer(200, "", {"Content-Type": "text/plain"})


def _static(kind: str, root: str, route: str, method: str, ctx: Context) -> HttpAnswer:
    server_header = {"nginx": f"nginx/{NGINX_VERSION}", "httpd": "Apache/2.4.63 (Unix)",
                     "busybox-httpd": ""}[kind]
    headers = {"Content-Type": "text/html"}
    if server_header:
        headers["Server"] = server_header
    if method not in ("GET", "HEAD"):
        if kind == "nginx":
            return HttpAnswer(405, nginx_error(405), headers)
    target = root.rstrip("/") + route
    content = ctx.files.read(target + "index.html" if target.endswith("/") else target)
    if content is None and ctx.files.entries(target) is not None:
        content = ctx.files.read(target.rstrip("/") + "/index.html")
        if content is None:
            content = ctx.files.read(target.rstrip("/") + "/index.htm")
        if content is None and kind == "nginx":
            return HttpAnswer(403, nginx_error(403), headers)
    if content is None:
        if kind == "nginx":
            return HttpAnswer(404, nginx_error(404), headers)
        if kind == "httpd":
            return HttpAnswer(404, HTTPD_404, {**headers, "Content-Type": "text/html; charset=iso-8859-1"})
        return HttpAnswer(404, "<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\n"
                          "The requested URL was not found\n</BODY></HTML>\n", headers)
    if not route.endswith((".html", ".htm", "/")):
        headers["Content-Type"] = "text/plain" if "." in route.rsplit("/", 1)[-1] else "application/octet-stream"
    return HttpAnswer(200, content, headers)

