"""The shell model running a syntax tree: expansion (``$VAR``, ``${VAR}``, ``$?``, ``$((...))``,
``$(cmd)``, quotes, field splitting), sequences, ``&&``/``||``, pipelines, loops, ``if``,
redirections, and the command lookup (:func:`run_argv`): a shell builtin, a tool of
:mod:`.tools`, or ``sh: foo: not found`` (exit 127)."""

from __future__ import annotations

import re
from typing import Any

from kubelearn.cluster.process.program import (
    COMMAND_MS,
    BreakLoop,
    Context,
    Program,
    SystemExitShell,
    run_now,
)
from kubelearn.cluster.process.servers import nginx_cli
from kubelearn.cluster.process.syntax import (
    AndOr,
    Cmd,
    For,
    If,
    Loop,
    Pipeline,
    Seq,
    ShellError,
    parse,
)
from kubelearn.cluster.process.tools import (
    busybox_date,
    evaluate_test,
    flag_value,
    fs_tool,
    list_dir,
    nslookup,
    text_tool,
    web_client,
)

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
            except BreakLoop:
                return 0
            yield ("sleep", 0)
    if isinstance(node, For):
        words = [f for w in node.words for f in expand(w, ctx)]
        status = 0
        for word in words:
            ctx.env[node.var] = word
            try:
                status = yield from run_seq(node.body, ctx)
            except BreakLoop:
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
        raise BreakLoop()
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
        return (yield from text_tool(name, args, ctx))
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
        return (yield from fs_tool(name, args, ctx))
    if name == "trap":
        if args and any(s in ("TERM", "SIGTERM", "15") for s in args[1:]):
            ctx.traps_term = True
        return 0
    if name in ("test", "["):
        return evaluate_test(args[:-1] if name == "[" and args[-1:] == ["]"] else args, ctx)
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
        port = flag_value(args, "-p", "80")
        home = flag_value(args, "-h", "/var/www")
        yield ("listen", int(port.rsplit(":", 1)[-1]) if port.rsplit(":", 1)[-1].isdigit() else 80,
               ("busybox-httpd", home))
        yield ("block",)
    if name == "nc" and "-l" in args:
        port = flag_value(args, "-p", "")
        if port.isdigit():
            yield ("listen", int(port), ("tcp", ""))
        yield ("block",)
    if name == "tail" and "-f" in args:
        yield ("block",)
    if name in ("wget", "curl"):
        output, status = web_client(name, args, ctx)
        yield ("out", output)
        return status
    if name == "nginx" and "nginx" in ctx.tools:
        return (yield from nginx_cli(args, ctx))
    if name == "nslookup":
        output, status = nslookup(args, ctx)
        yield ("out", output)
        return status
    yield ("out", f"sh: {argv[0]}: not found\n")
    return 127
