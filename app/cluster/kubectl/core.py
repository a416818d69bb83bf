"""What every kubectl verb shares: the result of a command, kubectl's kinds of failure, and the
context a verb runs in (the cluster, the namespace, the files it may read).

A verb writes to ``out`` and ``err`` as kubectl writes to stdout and stderr; the order of the
two is kept (``Result.chunks``) so that a transcript shows them as a terminal would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubelearn.cluster.errors import ApiError

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

#: The most characters one command prints; past it the output is cut with a line saying so,
#: so that ``get pods`` on 20,000 Pods or a hostile name cannot flood the screen.
MAX_OUTPUT = 200_000


@dataclass(frozen=True)
class Result:
    """What one command printed: ``output`` is stdout exactly as kubectl prints it, ``error``
    stderr, ``status`` kubectl's exit status (0 or 1), ``notes`` our explanations in the
    cluster's language (never kubectl's words). ``chunks`` is stdout and stderr interleaved in
    the order they were written, as ``("out"|"err", text)``."""

    command: str
    output: str = ""
    error: str = ""
    status: int = 0
    notes: tuple[str, ...] = ()
    chunks: tuple[tuple[str, str], ...] = ()


class Failure(Exception):
    """A command that stops with kubectl's own words on stderr (``error: ...``) and status 1."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def usage(verb: str, message: str) -> Failure:
    """A usage mistake, worded as kubectl's cobra commands word it."""
    return Failure(f"error: {message}\nSee 'kubectl {verb} -h' for help and examples")


@dataclass
class Context:
    """One command's surroundings."""

    cluster: Cluster
    namespace: str = "default"
    all_namespaces: bool = False
    explicit_namespace: bool = False
    files: dict[str, str] = field(default_factory=dict)
    cwd: str | None = None
    stdin: str | None = None
    chunks: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed: bool = False
    size: int = 0

    def out(self, text: str) -> None:
        self._emit("out", text)

    def err(self, text: str) -> None:
        self._emit("err", text)

    def _emit(self, stream: str, text: str) -> None:
        if not text:
            return
        if self.size >= MAX_OUTPUT:
            return
        self.size += len(text)
        if self.size > MAX_OUTPUT:
            cut = len(text) - (self.size - MAX_OUTPUT)
            text = text[:cut] + f"\n... (output cut at {MAX_OUTPUT} characters)\n"
        self.chunks.append((stream, text))

    def fail(self, text: str) -> None:
        """An error kubectl prints and goes on from (exit status 1 at the end)."""
        self.failed = True
        self.err(text if text.endswith("\n") else text + "\n")

    def api_error(self, error: ApiError) -> None:
        """The API server's refusal as kubectl's ``CheckErr`` prints it
        (k8s.io/kubectl/pkg/cmd/util/helpers.go ``StandardErrorMessage``): an Invalid error
        from its details (``The Deployment "web" is invalid: ...``), any other as
        ``Error from server (Reason): message``."""
        self.fail(api_message(error))

    def note(self, text: str) -> None:
        if text and text not in self.notes:
            self.notes.append(text)

    def words(self, key: str, **fields: object) -> str:
        from kubelearn.words import words

        return words(self.cluster.lang)(f"kubectl.{key}", **fields)


def api_message(error: ApiError) -> str:
    if error.reason == "Invalid":
        head, sep, detail = error.message.partition(" is invalid: ")
        kind, _, name = head.partition(" ")
        if sep and name:
            return f"The {kind.split('.', 1)[0]} {name} is invalid: {detail}"
    return str(error)
