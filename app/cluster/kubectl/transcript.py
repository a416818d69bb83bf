"""A script of kubectl lines run as a transcript: each command shown as ``$ kubectl ...``,
then exactly what kubectl printed (stdout and stderr in the order written), then our notes as
``# `` lines. ``kubelearn play --script`` prints it and the golden transcript tests compare it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kubelearn.cluster.kubectl.commands import SIMULATOR
from kubelearn.cluster.kubectl.parser import split
from kubelearn.cluster.kubectl.runner import run
from kubelearn.safe_text import visible

#: The most lines a script may hold.
MAX_LINES = 5_000


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
    if words and words[0] in SIMULATOR:
        return "$ " + visible(text, keep_newlines=False)
    return "$ kubectl " + visible(text, keep_newlines=False)


def run_script(cluster: object, lines: Iterable[str], *, files: dict[str, str] | None = None,
               cwd: str | None = None) -> Transcript:
    """Run each non-blank, non-comment line of ``lines`` against ``cluster``."""
    out: list[str] = []
    status = 0
    for count, raw in enumerate(lines):
        if count >= MAX_LINES:
            out.append(f"# the script stops here: more than {MAX_LINES} lines\n")
            status = 1
            break
        line = raw.rstrip("\n")
        if not line.strip() or line.strip().startswith("#"):
            continue
        result = run(cluster, line, files=files, cwd=cwd)  # type: ignore[arg-type]
        out.append(shown_command(line) + "\n")
        for _, text in result.chunks:
            out.append(text)
        if out and not out[-1].endswith("\n"):
            out.append("\n")
        for note in result.notes:
            out.extend(f"# {part}\n" for part in note.split("\n"))
        status = max(status, result.status)
    return Transcript("".join(out), status)
