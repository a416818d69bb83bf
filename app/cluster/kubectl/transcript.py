"""A script of kubectl lines run as a transcript: each command shown as ``$ kubectl ...``,
then exactly what kubectl printed (stdout and stderr in the order written), then our notes as
``# `` lines. ``kubelearn play --script`` prints it and the golden transcript tests compare it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kubelearn.cluster.kubectl.commands import SIMULATOR
from kubelearn.cluster.kubectl.parser import split
from kubelearn.cluster.kubectl.runner import run
from kubelearn.safe_text import visible

#: The most lines a script may hold.
MAX_LINES = 5_000
#: ``<<EOF`` or ``<<'EOF'`` at the end of a line, or before a pipe (``cat <<EOF | kubectl
#: apply -f -``).
HEREDOC = re.compile(r"\s*<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1\s*(\|.*)?$")


@dataclass(frozen=True)
class Transcript:
    text: str
    #: 1 when a command failed as kubectl would fail, else 0.
    status: int


def shown_command(line: str) -> str:
    """``$ kubectl get pods`` for ``get pods`` or ``kubectl get pods``; the simulator's own
    verbs (``sleep``, ``curl``) without the kubectl word, as a terminal would show them."""
    text = line.strip()
    try:
        words = split(text)
    except Exception:  # noqa: BLE001 - an unreadable line is shown as typed
        words = []
    if words and words[0] == "kubectl":
        return "$ " + visible(text, keep_newlines=False)
    if words and (words[0] in SIMULATOR or words[0] == "cat"):  # cat feeds a pipe
        return "$ " + visible(text, keep_newlines=False)
    return "$ kubectl " + visible(text, keep_newlines=False)


def run_script(cluster: object, lines: Iterable[str], *, files: dict[str, str] | None = None,
               cwd: str | None = None) -> Transcript:
    """Run each non-blank, non-comment line of ``lines`` against ``cluster``. A line ending
    in a here-document (``kubectl apply -f - <<EOF``, or ``cat <<EOF | kubectl apply -f -``)
    takes the lines up to the delimiter as its stdin, as a shell would."""
    out: list[str] = []
    status = 0
    pending = list(lines)
    if len(pending) > MAX_LINES:
        out.append(f"# the script stops at line {MAX_LINES}: it is longer than that\n")
        pending = pending[:MAX_LINES]
        status = 1
    i = 0
    while i < len(pending):
        line = pending[i].rstrip("\n")
        i += 1
        if not line.strip() or line.strip().startswith("#"):
            continue
        stdin = None
        heredoc = HEREDOC.search(line)
        shown = shown_command(line)
        if heredoc is not None:
            delimiter = heredoc.group(2)
            body: list[str] = []
            while i < len(pending) and pending[i].rstrip("\n") != delimiter:
                body.append(pending[i].rstrip("\n"))
                i += 1
            i += 1
            stdin = "".join(b + "\n" for b in body)
            line = line[:heredoc.start()] + (" " + heredoc.group(3) if heredoc.group(3) else "")
            shown += "".join("\n" + visible(b, keep_newlines=False) for b in body) + "\n" + delimiter
        result = run(cluster, line, files=files, cwd=cwd, stdin=stdin)  # type: ignore[arg-type]
        out.append(shown + "\n")
        for _, text in result.chunks:
            out.append(text)
        if out and not out[-1].endswith("\n"):
            out.append("\n")
        for note in result.notes:
            out.extend(f"# {part}\n" for part in note.split("\n"))
        status = max(status, result.status)
    return Transcript("".join(out), status)
