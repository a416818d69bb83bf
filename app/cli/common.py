"""What every command shares: the common options and how they resolve, exit codes, output.

``--lessons``, ``--lang`` and ``--data-dir`` are accepted before and after a command
(``kubelearn --lang zh lessons list`` and ``kubelearn lessons list --lang zh``) and are
resolved here, once: a command asks :func:`lang`, :func:`lessons_root` or :func:`load` and
never reads them itself. Output goes through :func:`emit`, which keeps the exit status when
the reader of stdout has gone away, and untrusted text through :func:`one_line` or
:func:`json_text`, which leave no character a terminal would act on.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kubelearn.safe_text import CONTROL_CHARS, visible

if TYPE_CHECKING:
    from kubelearn.course.model import Course

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake by the user: one line on stderr (``kubelearn COMMAND: ...``), exit 2."""

    def __init__(self, message: str, command: str | None = None) -> None:
        super().__init__(message)
        self.command = command

    @property
    def prefix(self) -> str:
        return f"kubelearn {self.command}" if self.command else "kubelearn"


def add_common(
    parser: argparse.ArgumentParser, *, lang: bool = True, lessons: bool = True,
    data_dir: bool = True, top: bool = False, lang_help: str | None = None,
    lessons_help: str | None = None,
) -> None:
    """Add the common options to ``parser``. On a command they default to SUPPRESS, so a
    value given before the command is kept."""
    default = None if top else argparse.SUPPRESS
    if lessons:
        parser.add_argument(
            "--lessons", metavar="DIR", default=default,
            help=lessons_help or "use the course in DIR instead of the one that ships with "
                                 "kubelearn",
        )
    if lang:
        from kubelearn.words import languages

        parser.add_argument(
            "--lang", choices=languages(), default=default,
            help=lang_help or "language of the course and the interface (default: from the "
                              "locale, else en)",
        )
    if data_dir:
        parser.add_argument(
            "--data-dir", metavar="DIR", default=default,
            help="where progress is kept (default: $KUBELEARN_HOME, else the user data "
                 "directory)",
        )


def lang(args: argparse.Namespace) -> str:
    """The ``--lang`` given, else the locale's language."""
    from kubelearn.paths import default_lang

    return getattr(args, "lang", None) or default_lang()


def data_dir(args: argparse.Namespace) -> str | None:
    return getattr(args, "data_dir", None)


def lessons_root(args: argparse.Namespace) -> Path | None:
    """The ``--lessons`` folder, or None for the shipped course; a UsageError when it is not
    a folder kubelearn can read."""
    root = getattr(args, "lessons", None)
    return course_folder(root, "--lessons: ") if root else None


def load(args: argparse.Namespace) -> Course:
    """The course that ``--lessons`` and ``--lang`` name, from the course cache the tutor
    keeps too (unchanged lesson files are not parsed again)."""
    from kubelearn.course.cache import load_course_cached
    from kubelearn.paths import cache_dir

    return load_course_cached(lessons_root(args), lang(args), cache_dir(data_dir(args)))


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


def say(args: argparse.Namespace):  # -> kubelearn.words.Words
    """The catalogue of the language ``--lang`` names: ``say(args)("ui.cli.steps", ...)``."""
    from kubelearn.words import words

    return words(lang(args))


def fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` terminal columns: cut with ``…`` or padded with spaces,
    counting a Chinese character as two columns (so columns line up in every language)."""
    from kubelearn.course.markdown import char_width, display_width

    if display_width(text) > width:
        kept, used = [], 0
        for ch in text:
            if used + char_width(ch) > width - 1:
                break
            kept.append(ch)
            used += char_width(ch)
        text = "".join(kept) + "…"
    return text + " " * (width - display_width(text))


def columns(rows: list[list[str]], limits: tuple[int, ...] = ()) -> list[str]:
    """Rows of cells as aligned lines: each column as wide as its widest cell (at most its
    limit, when given), cells separated by two spaces, trailing spaces dropped."""
    from kubelearn.course.markdown import display_width

    if not rows:
        return []
    count = max(map(len, rows))
    widths = [max((display_width(row[i]) for row in rows if i < len(row)), default=0)
              for i in range(count)]
    for i, limit in enumerate(limits[:count]):
        widths[i] = min(widths[i], limit)
    return ["  ".join(fit(cell, widths[i]) for i, cell in enumerate(row)).rstrip()
            for row in rows]


def one_line(value: object) -> str:
    """Untrusted text for one line of output: control characters and newlines escaped."""
    return visible(value, keep_newlines=False)


def shown_path(name: str | os.PathLike[str]) -> str:
    """A path as the user can read it: bytes that are not UTF-8 as ``\\xff``, controls escaped."""
    return one_line(os.fsencode(name).decode("utf-8", "backslashreplace"))


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
