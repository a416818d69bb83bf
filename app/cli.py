"""The command line: ``kubelearn`` opens the tutor; subcommands work without a terminal UI.

User mistakes end with one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from kubelearn import __version__
from kubelearn.paths import default_lang
from kubelearn.safe_text import CONTROL_CHARS, visible

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

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
  kubelearn lessons list             list the lessons
  kubelearn lessons validate DIR     check an instructor's own course
"""


class UsageError(Exception):
    """A mistake by the user: printed as one line, exit code 2."""


def _common(
    parser: argparse.ArgumentParser, *, lang: bool = True, lessons: bool = True, top: bool = False
) -> None:
    """Options accepted both before and after a command (``kubelearn --lang zh lessons list``
    and ``kubelearn lessons list --lang zh``). On commands they default to SUPPRESS so they do
    not overwrite a value given before the command."""
    default = None if top else argparse.SUPPRESS
    if lessons:
        parser.add_argument(
            "--lessons",
            metavar="DIR",
            default=default,
            help="use the course in DIR instead of the one that ships with kubelearn",
        )
    if lang:
        parser.add_argument(
            "--lang",
            choices=("en", "zh"),
            default=default,
            help="language of the course and the interface (default: from the locale, else en)",
        )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="where progress is kept (default: $KUBELEARN_HOME, else the user data directory)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kubelearn",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kubelearn {__version__}")
    _common(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    lessons = commands.add_parser(
        "lessons", help="list, show or validate lessons", description="Work with the course."
    )
    lesson_commands = lessons.add_subparsers(dest="lessons_command", metavar="ACTION")
    lesson_commands.required = True

    p = lesson_commands.add_parser("list", help="list the lessons", description="List the lessons.")
    _common(p)
    p.add_argument("--json", action="store_true", help="print a JSON list, one object per lesson")

    p = lesson_commands.add_parser(
        "show", help="print one lesson", description="Print one parsed lesson."
    )
    _common(p)
    p.add_argument("id", metavar="ID", help="the lesson id (see `kubelearn lessons list`)")
    p.add_argument("--json", action="store_true", help="print the whole parsed lesson as JSON")

    p = lesson_commands.add_parser(
        "validate",
        help="report every problem in a course",
        description=(
            "Report every problem in a course as path:line: message, and check that every "
            "exercise's starter fails and its solution passes. Exit 0 when clean, 1 when there "
            "are problems, 2 when DIR does not exist."
        ),
    )
    p.add_argument(
        "dir", metavar="DIR", nargs="?", help="the course folder (default: the shipped course)"
    )

    progress = commands.add_parser(
        "progress", help="show or reset your progress", description="Your saved progress."
    )
    progress_commands = progress.add_subparsers(dest="progress_command", metavar="ACTION")
    progress_commands.required = True
    p = progress_commands.add_parser(
        "show", help="print your progress", description="Print your progress."
    )
    _common(p)
    p.add_argument("--json", action="store_true", help="print the raw progress file")
    p = progress_commands.add_parser(
        "reset", help="forget all progress", description="Forget all progress."
    )
    _common(p, lang=False, lessons=False)
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")

    from kubelearn.checker import cli as check_cli

    check_cli.add_parser(commands)
    return parser


def _lang(args: argparse.Namespace) -> str:
    return getattr(args, "lang", None) or default_lang()


def one_line(value: object) -> str:
    """Untrusted text for one line of output: control characters and newlines escaped."""
    return visible(value, keep_newlines=False)


def shown_path(name: str | os.PathLike[str]) -> str:
    """A path as the user can read it: bytes that are not UTF-8 as ``\\xff``, controls escaped."""
    return one_line(os.fsencode(name).decode("utf-8", "backslashreplace"))


def course_folder(name: str, what: str) -> Path:
    """``name`` as a course folder, or a UsageError saying in one line why it is not one."""
    from kubelearn.readfile import describe_mode

    try:
        mode = os.stat(name).st_mode
        if not stat.S_ISDIR(mode):
            raise UsageError(f"{what}{shown_path(name)}: is {describe_mode(mode)}, "
                             "not a course folder")
        with os.scandir(name):
            pass
    except FileNotFoundError:
        raise UsageError(f"{what}{shown_path(name)}: no such directory") from None
    except OSError as exc:
        raise UsageError(f"{what}{shown_path(name)}: cannot read it "
                         f"({one_line(exc.strerror or exc)})") from None
    return Path(name)


def _lessons_root(args: argparse.Namespace) -> Path | None:
    """The ``--lessons`` folder, or None for the shipped course."""
    root = getattr(args, "lessons", None)
    return course_folder(root, "--lessons: ") if root else None


def _load(args: argparse.Namespace):
    from kubelearn.course import load_course

    return load_course(_lessons_root(args), lang=_lang(args))


def main(argv: Sequence[str] | None = None) -> int:
    status: int | None = None  # known once the command has run
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit:
            sys.stdout.flush()  # --help into a closed pipe: fail here, not at exit
            raise
        status = _dispatch(parser, args)
        sys.stdout.flush()
    except UsageError as exc:
        print(f"kubelearn: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`kubelearn check x | head -1`). A command that knows its
        # exit status catches this itself (see `emit`); this is the last resort.
        silence_stdout()
        return EXIT_OK if status is None else status
    return status


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command is None:
        return _run_tui(args)
    if args.command == "lessons":
        from kubelearn import cli_lessons

        return cli_lessons.run(args, _load)
    if args.command == "progress":
        from kubelearn import cli_progress

        return cli_progress.run(args, _load)
    if args.command == "check":
        from kubelearn.checker import cli as check_cli

        return check_cli.run(args)
    parser.error(f"unknown command {args.command!r}")
    return EXIT_USAGE


def _run_tui(args: argparse.Namespace) -> int:
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        raise UsageError(
            "the tutor needs an interactive terminal; see `kubelearn --help` for the commands"
        )
    root = _lessons_root(args)
    from kubelearn.course.cache import load_course_cached
    from kubelearn.paths import cache_dir, progress_path
    from kubelearn.progress import ProgressStore
    from kubelearn.ui.run import run_tutor

    course = load_course_cached(root, _lang(args), cache_dir(args.data_dir))
    store = ProgressStore(progress_path(args.data_dir))
    return run_tutor(course, store, _lang(args))


# json.dumps escapes C0 controls inside strings but, with ensure_ascii=False, keeps DEL, C1
# controls and bidi overrides raw, and lone surrogates (from file names that are not UTF-8),
# which stdout cannot even encode. Outside strings JSON has only ASCII, so this is safe.
_JSON_ESCAPES = {code: f"\\u{code:04x}"
                 for code in (*CONTROL_CHARS, *range(0xD800, 0xE000)) if code >= 0x7F}


def json_text(data: object) -> str:
    """``data`` as indented JSON that is safe to print: no raw control character at all."""
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_JSON_ESCAPES)


def dump_json(data: object) -> None:
    sys.stdout.write(json_text(data) + "\n")


def silence_stdout() -> None:
    """After EPIPE: point stdout at /dev/null so the flush at exit cannot fail again
    (the way the Python docs recommend for SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture it)
        pass


def emit(status: int, write: Callable[[TextIO], None]) -> int:
    """Run ``write(sys.stdout)``, then return ``status`` even if the reader has gone away:
    ``kubelearn check bad.yaml | head -1`` must still exit 1."""
    try:
        write(sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    return status


if __name__ == "__main__":
    raise SystemExit(main())
