"""The command line: ``kubelearn`` opens the tutor; subcommands work without a terminal UI.

User mistakes end with one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from kubelearn import __version__
from kubelearn.paths import default_lang

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


def _lessons_root(args: argparse.Namespace) -> Path | None:
    """The ``--lessons`` folder, or None for the shipped course."""
    root = getattr(args, "lessons", None)
    if root and not Path(root).is_dir():
        raise UsageError(f"--lessons: {root}: no such directory")
    return Path(root) if root else None


def _load(args: argparse.Namespace):
    from kubelearn.course import load_course

    return load_course(_lessons_root(args), lang=_lang(args))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
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
    except UsageError as exc:
        print(f"kubelearn: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
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
    from kubelearn.ui.app import KubelearnApp

    course = load_course_cached(root, _lang(args), cache_dir(args.data_dir))
    store = ProgressStore(progress_path(args.data_dir))
    app = KubelearnApp(course=course, store=store, lang=_lang(args))
    app.run()
    return app.return_code or EXIT_OK


def dump_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    raise SystemExit(main())
