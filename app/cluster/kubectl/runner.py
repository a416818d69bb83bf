"""Running one command line: split it, dispatch it, turn what went wrong into kubectl's words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubelearn.cluster.errors import ApiError
from kubelearn.cluster.kubectl.core import MAX_OUTPUT, Context, Failure, Result
from kubelearn.cluster.kubectl.parser import split
from kubelearn.safe_text import visible

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

#: The longest command line read (longer ones are refused before any work).
MAX_LINE = 10_000


def run(cluster: Cluster, line: str, *, files: dict[str, str] | None = None,
        cwd: str | None = None, stdin: str | None = None) -> Result:
    """Run ``line`` (``kubectl`` optional, ``#`` comments allowed, one ``|`` into a kubectl
    command reading ``-f -``: :mod:`~kubelearn.cluster.kubectl.pipes`) against ``cluster``."""
    from kubelearn.cluster.kubectl.commands import dispatch
    from kubelearn.cluster.kubectl.pipes import run_pipeline, segments

    command = line.strip()
    if len(line) <= MAX_LINE:
        parts = segments(line)
        if len(parts) > 1:
            return run_pipeline(cluster, command, parts, files=files, cwd=cwd, stdin=stdin)
    ctx = Context(cluster, files=dict(files or {}), cwd=cwd, stdin=stdin)
    try:
        if len(line) > MAX_LINE:
            raise Failure(f"error: the command line is longer than {MAX_LINE} characters")
        words = split(line)
        if words and words[0] == "kubectl":
            words = words[1:]
        if not words:
            return Result(command)
        dispatch(ctx, words)
    except Failure as failure:
        ctx.fail(failure.message)
    except ApiError as error:
        ctx.api_error(error)
    except RecursionError:
        ctx.fail("error: the input is nested too deeply")
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not end the learner's session
        cluster.problems.append(f"kubectl {command[:200]!r}: {type(exc).__name__}: {exc}")
        ctx.fail(f"error: internal error in the offline cluster ({type(exc).__name__}); "
                 "the command did nothing more")
    chunks = tuple((stream, visible(text.replace("\r\n", "\n"))) for stream, text in ctx.chunks)
    output = "".join(t for s, t in chunks if s == "out")
    error = "".join(t for s, t in chunks if s == "err")
    return Result(command, output[: MAX_OUTPUT + 200], error[: MAX_OUTPUT + 200],
                  1 if ctx.failed else 0, tuple(ctx.notes), chunks)


def complete(cluster: Cluster, line: str) -> list[str]:
    from kubelearn.cluster.kubectl.completion import complete as _complete

    try:
        return _complete(cluster, line)
    except Exception:  # noqa: BLE001 - completion offers nothing rather than failing
        return []
