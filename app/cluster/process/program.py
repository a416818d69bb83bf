"""What a program is to the process model: the steps it yields, the context it sees, how a
script unwinds (``exit``, ``break``), and running one to its end at once; with the HTTP
answer shapes the network model shares (:class:`HttpAnswer`, :class:`ConnectionRefused`)."""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

#: Lines of a container's log kept (older lines are rotated away).
MAX_LOG_LINES = 2_000
#: The longest line kept (longer ones are cut, as a runtime splits long lines).
MAX_LINE = 4_096
#: Steps one catch-up of a process may take before it skips ahead.
STEP_BUDGET = 20_000
#: The virtual time a command without ``sleep`` costs, so that a busy loop moves the clock.
COMMAND_MS = 1


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
# ("block",) to wait for ever, ("forever",) to say it will never exit by itself,
# ("memory", bytes) for the memory its processes now use (the cgroup's usage).
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
    #: nslookup: name -> (the name that answered, its CNAME or None, the addresses), or
    #: None for NXDOMAIN.
    lookup: Callable[[str], tuple[str, str | None, list[str]] | None] | None = None
    #: What our explanations say about what the tools did (a request that stopped: where
    #: and why), for ``kubectl exec`` to show as notes.
    notes: list[str] = field(default_factory=list)
    namespace: str = "default"
    tools: tuple[str, ...] = ()
    #: Set by ``trap ... TERM``: the shell exits at SIGTERM.
    traps_term: bool = False
    last_status: int = 0
    stdin: str = ""
    #: ``nginx -s stop|quit`` from exec: the signal reaches the container's main process
    #: (the kubelet's hook; None where there is no main process to signal).
    signal_main: Callable[[str], None] | None = None
    #: The container's memory limit in bytes (its cgroup's memory.max), None when unlimited.
    memory_limit: int | None = None


class BreakLoop(Exception):
    """``break`` inside a script: unwinds to the loop around it (or ends the program)."""


class SystemExitShell(Exception):
    """``exit N`` inside a script: unwinds to the program's top."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


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
    except BreakLoop:
        return "".join(out), 0
    return "".join(out), 0
