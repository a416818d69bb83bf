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

The modules, one concern each: :mod:`.program` (steps, context, unwinding, running at once),
:mod:`.syntax` (words and syntax tree), :mod:`.shell` (expansion, running, command lookup),
:mod:`.tools` (what scripts and ``kubectl exec`` run), :mod:`.servers` (the catalogue's servers
and HTTP), :mod:`.entrypoint` (which program a container runs) and :mod:`.running`
(:class:`Process`). This package exports what the kubelet, the network model and tests use.
"""

from __future__ import annotations

from kubelearn.cluster.process.entrypoint import Spec, program_for, trapping
from kubelearn.cluster.process.program import (
    MAX_LOG_LINES,
    ConnectionRefused,
    Context,
    EmptyReply,
    HttpAnswer,
    run_now,
)
from kubelearn.cluster.process.running import Process
from kubelearn.cluster.process.servers import IMAGE_FILES, serve
from kubelearn.cluster.process.shell import run_argv, script_program

__all__ = [
    "IMAGE_FILES",
    "MAX_LOG_LINES",
    "ConnectionRefused",
    "Context",
    "EmptyReply",
    "HttpAnswer",
    "Process",
    "Spec",
    "program_for",
    "run_argv",
    "run_now",
    "script_program",
    "serve",
    "trapping",
]
