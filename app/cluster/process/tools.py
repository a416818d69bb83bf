"""The tools a script or ``kubectl exec`` runs, as busybox words them: ``cat``/``head``/``tail``/
``grep``/``wc``, the file-system commands, ``test``, ``ls``, ``date``, ``wget``/``curl`` through
the network model and ``nslookup`` against the cluster DNS."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from kubelearn.cluster import clock
from kubelearn.cluster.process.program import REASONS, Context, Program


def busybox_date(ms: int) -> str:
    """``date`` as busybox prints it: ``Mon Jun  2 09:00:05 UTC 2025``."""
    moment = clock.EPOCH + timedelta(milliseconds=ms)
    return moment.strftime("%a %b ") + f"{moment.day:2d}" + moment.strftime(" %H:%M:%S UTC %Y")


def flag_value(args: list[str], flag: str, default: str) -> str:
    for i, arg in enumerate(args):
        if arg == flag and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(flag) and len(arg) > len(flag):
            return arg[len(flag):]
    return default


def text_tool(name: str, args: list[str], ctx: Context) -> Program:
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
    follow = name == "tail" and bool({"-f", "-F"} & set(options)) and paths[:1] != ["-"] and paths
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
            elif not (follow and "-F" in options):  # -F waits quietly for the file to appear
                yield ("out", f"{name}: can't open '{path}': {_missing_why(ctx, path)}\n")
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
    if follow and (status == 0 or "-F" in options):
        return (yield from _follow(paths[0], ctx))
    return status


def _follow(path: str, ctx: Context) -> Program:
    """``tail -f``/``-F``: what is added to the file, checked once a second as busybox does
    (``-F`` also waits for a missing file and starts again when it is truncated)."""
    yield ("forever",)  # it never exits by itself: nothing reads ahead of the clock
    seen = len(ctx.files.read(path) or "")
    while True:
        yield ("sleep", 1000)
        content = ctx.files.read(path)
        if content is None or len(content) < seen:
            seen = 0
            continue
        if len(content) > seen:
            yield ("out", content[seen:])
            seen = len(content)


def fs_tool(name: str, args: list[str], ctx: Context) -> Program:
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


def evaluate_test(args: list[str], ctx: Context) -> int:
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


def _missing_why(ctx: Context, path: str) -> str:
    """Why ``path`` cannot be opened: a file on its way (a ``subPath`` mount made ``/etc/foo``
    a file, so ``/etc/foo/mode`` is under no directory) gives ENOTDIR, as open(2) does."""
    parts = [p for p in path.split("/") if p]
    for end in range(1, len(parts)):
        if ctx.files.read("/" + "/".join(parts[:end])) is not None:
            return "Not a directory"
    return "No such file or directory"


#: busybox wget's short options that take an argument (``getopt32``'s "cqSO:o:P:Y:U:T:+t:n::").
_WGET_SHORT_ARG = "OoPYUTt"
#: Its long options that take one (``wget_longopts``).
_WGET_LONG_ARG = ("output-document", "output-file", "directory-prefix", "proxy", "user-agent",
                  "timeout", "tries", "header", "post-data", "post-file", "body-data", "method")
#: curl's options that take an argument (the ones a learner may write; tool_getparam.c).
_CURL_ARG = ("-H", "--header", "-o", "--output", "-X", "--request", "-d", "--data",
             "--data-raw", "--data-binary", "-u", "--user", "-A", "--user-agent", "-e",
             "--referer", "-m", "--max-time", "--connect-timeout", "-w", "--write-out", "-x",
             "--proxy", "--resolve", "-b", "--cookie", "-c", "--cookie-jar", "-F", "--form",
             "-T", "--upload-file", "-r", "--range", "--cacert", "--cert", "--key")


def _wget_args(args: list[str]) -> tuple[list[str], dict[str, str], str | None, bool]:
    """busybox wget's command line read as ``getopt32`` reads it: the URLs (every operand,
    with or without a scheme), the ``--header`` values, the ``-O`` file and ``-q``."""
    urls: list[str] = []
    headers: dict[str, str] = {}
    output: str | None = None
    quiet = False
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            urls.extend(args[i:])
            break
        if arg.startswith("--") and len(arg) > 2:
            name, eq, value = arg[2:].partition("=")
            if name in _WGET_LONG_ARG and not eq and i < len(args):
                value, i = args[i], i + 1
            if name == "header" and ":" in value:
                key, _, field = value.partition(":")
                headers[key.strip()] = field.strip()
            elif name == "output-document":
                output = value
            quiet = quiet or name == "quiet"
            continue
        if arg.startswith("-") and len(arg) > 1:
            for j, letter in enumerate(arg[1:], start=1):
                if letter in _WGET_SHORT_ARG:
                    value = arg[j + 1:]
                    if not value and i < len(args):
                        value, i = args[i], i + 1
                    if letter == "O":
                        output = value
                    break
                if letter == "n":  # n:: (an optional argument, attached)
                    break
                quiet = quiet or letter == "q"
            continue
        urls.append(arg)
    return urls, headers, output, quiet


def _curl_args(args: list[str]) -> tuple[list[str], dict[str, str]]:
    """curl's operands (URLs, with or without a scheme) and ``-H`` headers."""
    urls: list[str] = []
    headers: dict[str, str] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg in _CURL_ARG and i < len(args):
            if arg in ("-H", "--header") and ":" in args[i]:
                key, _, value = args[i].partition(":")
                headers[key.strip()] = value.strip()
            i += 1
        elif not arg.startswith("-") or arg == "-":
            urls.append(arg)
    return urls, headers


def web_client(name: str, args: list[str], ctx: Context) -> tuple[str, int]:
    """busybox ``wget`` and ``curl`` from inside the Pod, through the network model. A URL
    without a scheme is http:// (busybox wget.c ``parse_url``: "GNU wget is user-friendly and
    falls back to http://"; curl guesses http too), so ``wget -qO- api`` asks the Service
    ``api`` through the cluster DNS, and a name that does not resolve is a bad address."""
    if name == "curl":
        urls, headers = _curl_args(args)
        output, quiet = None, False
    else:
        urls, headers, output, quiet = _wget_args(args)
    if not urls:
        if name == "curl":
            return "curl: try 'curl --help' or 'curl --manual' for more information\n", 2
        return "BusyBox v1.37.0 multi-call binary.\n\nUsage: wget [-cqS] [-O FILE] URL...\n", 1
    url = urls[-1] if "://" in urls[-1] else "http://" + urls[-1]
    if ctx.request is None:
        return f"{name}: bad address '{urlsplit(url).hostname}'\n", 1
    trace = ctx.request(url, headers)
    why = str(getattr(trace, "why", "") or "")
    if why and why not in ctx.notes:
        ctx.notes.append(why)
    if name == "curl":
        return _curl_result(str(getattr(trace, "curl_output", "")), bool(getattr(trace, "ok", False)),
                            args)
    status = getattr(trace, "status", None)
    host = urlsplit(url).hostname or ""
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
    if output == "-":
        return (body if quiet else f"Connecting to {host}\nwriting to stdout\n{body}written to stdout\n"), 0
    target = output or (urlsplit(url).path.rsplit("/", 1)[-1] or "index.html")
    ctx.files.write(target if target.startswith("/") else "/" + target, body)
    return ("" if quiet else f"Connecting to {host}\nsaving to '{target}'\n'{target}' saved\n"), 0


def _curl_result(output: str, ok: bool, args: list[str]) -> tuple[str, int]:
    """curl's exit code is the number of its error line (``curl: (6) Could not resolve
    host``: 6); ``-s`` hides that line unless ``-S`` shows it again (curl's man page)."""
    if ok:
        return output, 0
    short = "".join(a[1:] for a in args if a.startswith("-") and not a.startswith("--"))
    silent = "s" in short or "--silent" in args
    shown = "S" in short or "--show-error" in args
    code = 7
    kept = []
    for line in output.splitlines(keepends=True):
        if line.startswith("curl: ("):
            number = line[len("curl: ("):].split(")", 1)[0]
            code = int(number) if number.isdigit() else code
            if silent and not shown:
                continue
        kept.append(line)
    return "".join(kept), code


def nslookup(args: list[str], ctx: Context) -> tuple[str, int]:
    """busybox ``nslookup NAME`` against the cluster DNS (10.96.0.10)."""
    names = [a for a in args if not a.startswith("-")]
    head = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
    if not names:
        return "BusyBox v1.37.0 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n", 1
    name = names[0]
    if ctx.lookup is not None:
        return _nslookup_answer(head, name, ctx.lookup(name))
    found = ctx.resolve(name) if ctx.resolve is not None else None
    if not found:
        return head + f"** server can't find {name}: NXDOMAIN\n\n", 1
    fqdn = name if name.endswith(".cluster.local") else (
        f"{name}.{ctx.namespace}.svc.cluster.local" if "." not in name else f"{name}.svc.cluster.local"
        if name.count(".") == 1 else name)
    return head + "".join(f"Name:\t{fqdn}\nAddress: {ip}\n" for ip in found) + "\n", 0


def _nslookup_answer(head: str, name: str,
                     found: tuple[str, str | None, list[str]] | None) -> tuple[str, int]:
    """busybox nslookup's ``parse_reply`` over CoreDNS's answer: a CNAME record as
    ``NAME<tab>canonical name = TARGET``, then each A record as ``Name:``/``Address:``
    (the target's, for a CNAME: CoreDNS resolves it; offline an outside name has none, so
    only the CNAME line remains, as in a cluster without a way out)."""
    if found is None:
        return head + f"** server can't find {name}: NXDOMAIN\n\n", 1
    fqdn, cname, addresses = found
    lines = [f"{fqdn}\tcanonical name = {cname}\n"] if cname else []
    lines += [f"Name:\t{cname or fqdn}\nAddress: {ip}\n" for ip in addresses]
    if not lines:
        return head + f"*** Can't find {name}: No answer\n\n", 1
    return head + "".join(lines) + "\n", 0
