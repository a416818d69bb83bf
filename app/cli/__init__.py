"""The command line: ``kubelearn`` opens the tutor; the commands work without a terminal UI.

One module per command (:mod:`~kubelearn.cli.check`, :mod:`~kubelearn.cli.lessons`,
:mod:`~kubelearn.cli.progress`, :mod:`~kubelearn.cli.tutor`), each registering its own
parser; what they share is in :mod:`~kubelearn.cli.common`. Commands import ``common`` and
nothing else of the package, so there is no cycle. User mistakes end with one clear line on
stderr and exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kubelearn import __version__
from kubelearn.cli import check, classroom, grade, lessons, play, progress, serve, tutor
from kubelearn.cli.common import EXIT_OK, EXIT_USAGE, UsageError, add_common, silence_stdout

__all__ = ["build_parser", "main"]

DESCRIPTION = """\
kubelearn: an interactive terminal tutor for Kubernetes.

Run without a command to open the tutor: read short lessons with diagrams, answer quizzes,
and write real Kubernetes YAML that is checked as you type, offline.
"""

EPILOG = """\
examples:
  kubelearn                          open the tutor
  kubelearn --lang zh                open it in Simplified Chinese
  kubelearn check pod.yaml           check a manifest the way Kubernetes would
  kubelearn play web.yaml            try it in the offline cluster with kubectl
  kubelearn lessons list             list the lessons
  kubelearn lessons validate DIR     check an instructor's own course
  kubelearn serve --host 0.0.0.0     serve the tutor to a classroom of browsers
  kubelearn grade answers/           grade a repository of answer files (for CI)
"""

#: Each command's module: ``add_parser(subparsers)`` and ``run(args) -> exit status``.
COMMANDS = {"lessons": lessons, "progress": progress, "check": check, "play": play,
            "serve": serve, "class": classroom, "grade": grade}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with ``command`` only that command's part of it (what
    ``kubelearn check ...`` needs, without building every other command's options)."""
    parser = argparse.ArgumentParser(
        prog="kubelearn",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kubelearn {__version__}")
    add_common(parser, top=True)
    tutor.add_class_option(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        if command is None or name == command:
            module.add_parser(subparsers)
    return parser


def _tutor_args(given: list[str]) -> argparse.Namespace | None:
    """The options of a plain ``kubelearn [--lang L] [--lessons DIR] [--data-dir DIR]``,
    parsed without building every command's parser (which took a tenth of the tutor's
    start), or ``None`` for any other command line, mistakes included: those are parsed
    in full, so help and errors read the same as ever."""
    if any(word in COMMANDS or word.startswith(("-h", "--h", "--v")) for word in given):
        return None
    parser = build_parser(command="")  # the top-level options, no command
    parser.exit_on_error = False
    try:
        args, extra = parser.parse_known_args(given)
    except argparse.ArgumentError:
        return None
    return None if extra else args


def main(argv: Sequence[str] | None = None) -> int:
    status: int | None = None  # known once the command has run
    try:
        given = list(sys.argv[1:] if argv is None else argv)
        args = _tutor_args(given)
        if args is None:
            parser = build_parser(given[0] if given and given[0] in COMMANDS else None)
            try:
                args = parser.parse_args(given)
            except SystemExit:
                sys.stdout.flush()  # --help into a closed pipe: fail here, not at exit
                raise
        status = tutor.run(args) if args.command is None else COMMANDS[args.command].run(args)
        sys.stdout.flush()
    except UsageError as exc:
        print(f"{exc.prefix}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`kubelearn check x | head -1`). A command that knows its
        # exit status catches this itself (see `common.emit`); this is the last resort.
        silence_stdout()
        return EXIT_OK if status is None else status
    return status
