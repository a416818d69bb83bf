"""``kubelearn play``: the offline cluster, driven with kubectl.

``kubelearn play --script demo.kubectl`` (or ``-`` for stdin) runs kubectl lines without a
terminal UI and prints a transcript: each command as ``$ kubectl ...``, then exactly what
kubectl prints, then our explanations as ``# `` lines; the exit status is 1 when a command
failed as kubectl would. Files named before are applied first (``kubectl apply -f``).
Without ``--script`` the playground screen opens with those files applied.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from kubelearn.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    add_common,
    emit,
    lang,
    shown_path,
)

COMMAND = "play"
#: The most bytes a file or a script may hold.
MAX_BYTES = 2_000_000

DESCRIPTION = """\
Run the offline cluster: a deterministic model of a small Kubernetes cluster (3 nodes,
Deployments, ReplicaSets, Pods, Services, Ingress, ConfigMaps) driven with real kubectl
commands, with a virtual clock (`sleep 30s`) and `curl` from outside the cluster.
"""

EPILOG = """\
examples:
  kubelearn play                          open the playground
  kubelearn play web.yaml                 open it with web.yaml applied
  kubelearn play --script demo.kubectl    print the transcript of a script of kubectl lines
  echo 'get nodes' | kubelearn play --script -

exit status: 0 every command succeeded, 1 a command failed as kubectl would, 2 usage error
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``play`` command."""
    parser = subparsers.add_parser(
        COMMAND, help="drive an offline Kubernetes cluster with kubectl",
        description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", metavar="FILE", nargs="*", help="manifests to apply first")
    parser.add_argument("--script", metavar="FILE",
                        help="run the kubectl lines of FILE (- for stdin) and print a transcript")
    parser.add_argument("--seed", type=int, default=0,
                        help="the cluster's seed: names, IPs and choices (default 0)")
    add_common(parser, lessons=False, data_dir=False)
    return parser


def _read(name: str) -> str:
    from kubelearn.readfile import read_limited, read_stream

    try:
        if name == "-":
            data = read_stream(sys.stdin.buffer, MAX_BYTES)
        else:
            data, _ = read_limited(name, MAX_BYTES)
    except OSError as exc:
        raise UsageError(f"cannot read {shown_path(name)}: {exc.strerror or exc}", COMMAND) from None
    if len(data) > MAX_BYTES:
        raise UsageError(f"{shown_path(name)} is larger than {MAX_BYTES} bytes", COMMAND)
    return data.decode("utf-8", errors="replace")


def run(args: argparse.Namespace) -> int:
    files = {name: _read(name) for name in args.files}
    if args.script is None:
        from kubelearn.ui.screens.play import run_playground

        return run_playground(files, args.seed, lang(args))
    from kubelearn.cluster import Cluster
    from kubelearn.cluster.kubectl.transcript import run_script

    script = _read(args.script)
    cwd = None if args.script == "-" else os.path.dirname(os.path.abspath(args.script))
    cluster = Cluster(seed=args.seed, lang=lang(args))
    setup = [f"kubectl apply -f {_quote(name)}" for name in args.files]
    first = run_script(cluster, setup, files=files) if setup else None
    result = run_script(cluster, script.splitlines(), files=files, cwd=cwd)
    text = (first.text if first else "") + result.text
    status = EXIT_PROBLEMS if result.status or (first and first.status) else EXIT_OK
    return emit(status, lambda out: out.write(text))


def _quote(name: str) -> str:
    import shlex

    return shlex.quote(name)
