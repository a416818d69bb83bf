"""One ``|`` between two commands, as a shell runs it: the left command's stdout becomes the
right one's stdin, the left one's stderr shows as it goes, and the pipeline's status is the
right one's (bash without ``pipefail``).

What the offline cluster runs in a pipeline: kubectl on both sides (``kubectl create
deployment web --image=nginx --dry-run=client -o yaml | kubectl apply -f -``), and ``cat``
on the left (``cat web.yaml | kubectl apply -f -``, or ``cat <<EOF | kubectl apply -f -``
in a script). Anything else (``| grep``, ``| jq``, two pipes) gets a clear error instead of
being read as kubectl flags.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubelearn.cluster.kubectl.core import Context, Failure, Result
from kubelearn.cluster.kubectl.parser import split

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster


def segments(line: str) -> list[str]:
    """``line`` cut at each ``|`` that is not quoted, escaped or in a ``#`` comment (a
    ``||`` stays one piece: it is not a pipe)."""
    parts: list[str] = []
    quote = ""
    start = 0
    i = 0
    while i < len(line):
        char = line[i]
        if quote:
            if char == "\\" and quote == '"':
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "\\":
            i += 1
        elif char == "#" and (i == 0 or line[i - 1].isspace()):
            break
        elif char == "|":
            if line[i + 1:i + 2] == "|":
                i += 2
                continue
            parts.append(line[start:i])
            start = i + 1
        i += 1
    parts.append(line[start:])
    return parts


def run_pipeline(cluster: Cluster, command: str, parts: list[str], *,
                 files: dict[str, str] | None, cwd: str | None, stdin: str | None) -> Result:
    from kubelearn.cluster.kubectl.commands import VERBS
    from kubelearn.cluster.kubectl.runner import run

    ctx = Context(cluster, files=dict(files or {}), cwd=cwd, stdin=stdin)
    left, right = (parts + [""])[:2]
    try:
        left_words, right_words = _words(left), _words(right)
        if len(parts) > 2 or not left_words or not right_words:
            raise _refused(ctx, command, "pipe-one")
        if right_words[0] not in VERBS:
            raise _refused(ctx, right_words[0], "pipe-right")
        if left_words[0] == "cat":
            first = _cat(ctx, left_words[1:])
        elif left_words[0] in VERBS:
            first = run(cluster, left, files=files, cwd=cwd, stdin=stdin)
        else:
            raise _refused(ctx, left_words[0], "pipe-left")
    except Failure as failure:
        ctx.fail(failure.message)
        return Result(command, "", "".join(t for _, t in ctx.chunks), 1, tuple(ctx.notes),
                      tuple(ctx.chunks))
    second = run(cluster, right, files=files, cwd=cwd, stdin=first.output)
    chunks = tuple(c for c in first.chunks if c[0] == "err") + second.chunks
    notes = tuple(dict.fromkeys(first.notes + second.notes))
    return Result(command, second.output, "".join(t for s, t in chunks if s == "err"),
                  second.status, notes, chunks)


def _words(segment: str) -> list[str]:
    words = split(segment)
    return words[1:] if words and words[0] == "kubectl" else words


def _refused(ctx: Context, what: str, key: str) -> Failure:
    ctx.note(ctx.words(key))
    return Failure(f'error: the offline cluster runs a pipe only as "kubectl ... | kubectl ... '
                   f'-f -" or "cat FILE | kubectl ... -f -": it cannot run "{what}" here')


def _cat(ctx: Context, names: list[str]) -> Result:
    """``cat`` with no file (stdin, as from a here-document) or with files (read as ``-f``
    reads them: the caller's files first, then the disk)."""
    from kubelearn.cluster.kubectl import sources

    if not names or names == ["-"] or names[0].startswith("<<"):  # a here-document is stdin
        return Result("cat", ctx.stdin or "")
    out: list[str] = []
    err: list[str] = []
    for name in names:
        try:
            out.extend(t for _, t in sources.read(ctx, [name]))
        except Failure:
            err.append(f"cat: {name}: No such file or directory\n")
    chunks = tuple(("err", e) for e in err) + ((("out", "".join(out)),) if out else ())
    return Result("cat", "".join(out), "".join(err), 1 if err else 0, chunks=chunks)
