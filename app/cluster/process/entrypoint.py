"""Which program a container runs (:func:`program_for`): a catalogue server, the shell model
for ``command``/``args``, or an image fault; and what it does at SIGTERM."""

from __future__ import annotations

from dataclasses import dataclass

from kubelearn.cluster.process.program import BreakLoop, Context, Program, SystemExitShell
from kubelearn.cluster.process.servers import (
    agnhost,
    coredns,
    generic,
    http_echo,
    httpd,
    ingress_nginx,
    nginx,
    redis,
)
from kubelearn.cluster.process.shell import run_argv, script_program
from kubelearn.cluster.process.stress import stress


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
        return nginx(ctx), "exit"
    if kind == "httpd":
        return httpd(ctx), "exit"
    if kind == "redis":
        return redis(), "exit"
    if kind == "http-echo":
        return http_echo(argv), "exit"
    if kind == "agnhost":
        return agnhost(argv), "go"
    if kind == "ingress-nginx":
        return ingress_nginx(), "exit"
    if kind == "coredns":
        return coredns(), "exit"
    if kind == "stress" and (not argv or argv[0].rsplit("/", 1)[-1] == "stress"):
        # stress as PID 1 installs no SIGTERM handler: killed after the grace period.
        return stress(argv or ["stress"]), "ignore"
    if kind == "shell":
        if not argv:
            return script_program("", ctx), "ignore"
        if argv[0].rsplit("/", 1)[-1] in ("sh", "bash", "ash") and len(argv) >= 3 and argv[1] == "-c":
            return trapping(script_program(argv[2], ctx)), "trap"
        return trapping(run_argv(list(argv), ctx)), "ignore"
    return generic(spec.ports), "exit"


def trapping(program: Program) -> Program:
    """A script as the container's program: ``exit N`` and a stray ``break`` end it."""
    try:
        status = yield from program
    except SystemExitShell as e:
        return e.code
    except BreakLoop:
        return 0
    return status


def _faulty(spec: Spec) -> Program:
    if spec.exit_message:
        yield ("out", spec.exit_message.rstrip("\n") + "\n")
    yield ("sleep", spec.exit_after_ms)
    return spec.exit_code or 0
