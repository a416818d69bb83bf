"""``kubelearn check``: the checker on the command line, for files, stdin and exercises.

Exit status: 0 when no file has an error (warnings allowed), 1 when any has, 2 for a usage
mistake or a file that cannot be read (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """\
Check Kubernetes manifests the way Kubernetes reads them, offline: YAML syntax (tabs,
indentation, duplicate keys, yes/no/on/off read as booleans), then the real API schema of
Kubernetes 1.33 (unknown fields, missing fields, wrong types, wrong apiVersion), then common
mistakes in meaning. Every problem comes with its line and column, an explanation and a hint.
"""

EPILOG = """\
examples:
  kubelearn check pod.yaml                   check one file
  kubelearn check k8s/*.yaml --format json   machine-readable findings
  cat pod.yaml | kubelearn check -           read from stdin
  kubelearn check my.yaml --exercise ID      also check an exercise's goals

exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error or unreadable file
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``check`` subcommand."""
    parser = subparsers.add_parser(
        "check",
        help="check Kubernetes YAML files",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files", metavar="FILE", nargs="+", help="YAML files to check; - reads stdin"
    )
    parser.add_argument(
        "--exercise",
        metavar="ID",
        help="also check the goals of this exercise (ids: `kubelearn lessons list`)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default), json for tools",
    )
    parser.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=argparse.SUPPRESS,  # keeps a --lang given before the command
        help="language of the messages (default: from the locale, else en)",
    )
    parser.add_argument(
        "--lessons",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="with --exercise: look the exercise up in the course in DIR",
    )
    return parser


class _Usage(Exception):
    pass


def _lang(args: argparse.Namespace) -> str:
    lang = getattr(args, "lang", None)
    if lang:
        return lang
    from kubelearn.paths import default_lang

    return default_lang()


def _expectations(args: argparse.Namespace, lang: str) -> list | None:
    exercise_id = getattr(args, "exercise", None)
    if not exercise_id:
        return None
    from kubelearn.cli import UsageError, course_folder, one_line
    from kubelearn.course import load_course

    root = getattr(args, "lessons", None)
    try:
        folder = course_folder(root, "--lessons: ") if root else None
    except UsageError as exc:
        raise _Usage(str(exc)) from None
    course = load_course(folder, lang=lang)
    exercise = course.exercise(exercise_id)
    if exercise is None:
        raise _Usage(
            f"no exercise with id '{one_line(exercise_id)}'; `kubelearn lessons list` and "
            "`kubelearn lessons show LESSON` show the exercise ids"
        )
    return list(exercise.expectations)


def _read(name: str) -> tuple[bytes, int | None]:
    """At most the checker's limit plus one byte of ``name`` (``-`` is stdin), and the size
    when it is known. Directories, FIFOs, devices and sockets are refused before opening."""
    from kubelearn.checker.yamlread import MAX_BYTES
    from kubelearn.cli import shown_path
    from kubelearn.readfile import NotRegularFile, read_limited, read_stream

    if name == "-":
        if sys.stdin is None:
            raise _Usage("-: standard input is closed")
        return read_stream(sys.stdin.buffer, MAX_BYTES), None
    try:
        return read_limited(name, MAX_BYTES)
    except FileNotFoundError:
        raise _Usage(f"{shown_path(name)}: no such file") from None
    except NotRegularFile as exc:
        what = "is a directory, not a file" if exc.kind == "a directory" else (
            f"is {exc.kind}, not a regular file; to check a stream, pipe it to `kubelearn check -`")
        raise _Usage(f"{shown_path(name)}: {what}") from None
    except OSError as exc:
        raise _Usage(f"{shown_path(name)}: cannot read it ({exc.strerror or exc})") from None


def _check(data: bytes, size: int | None, expectations: list | None, lang: str):
    """The checker's report; past the limit, say so with the real size (or "limit+")."""
    from kubelearn.checker import Report, check
    from kubelearn.checker.messages import finding
    from kubelearn.checker.yamlread import MAX_BYTES

    if len(data) <= MAX_BYTES:
        return check(data, expectations, lang=lang)
    shown = f"{MAX_BYTES}+" if size is None or size <= MAX_BYTES else str(size)
    too_large = finding("too-large", 1, 1, lang=lang, size=shown, limit=MAX_BYTES)
    return Report(findings=(too_large,), expectations_total=len(expectations or ()))


def _summary(errors: int, warnings: int, files: int) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"


def run(args: argparse.Namespace) -> int:
    """Check every file named in ``args``; returns the exit status."""
    from kubelearn.checker import Severity
    from kubelearn.cli import emit, one_line, shown_path

    lang = _lang(args)
    try:
        expectations = _expectations(args, lang)
        inputs = [(("<stdin>" if name == "-" else shown_path(name)), *_read(name))
                  for name in args.files]
    except _Usage as exc:
        print(f"kubelearn check: {exc}", file=sys.stderr)
        return EXIT_USAGE

    records: list[dict[str, Any]] = []
    errors = warnings = 0
    goals: list[tuple[str, int, int]] = []
    for name, data, size in inputs:
        report = _check(data, size, expectations, lang)
        if expectations is not None:
            goals.append((name, report.expectations_met, report.expectations_total))
        for f in report.findings:
            errors += f.severity is Severity.ERROR
            warnings += f.severity is Severity.WARNING
            records.append({"file": name, **f.to_dict()})
    failed = errors > 0 or any(met < total for _, met, total in goals)
    status = EXIT_PROBLEMS if failed else EXIT_OK
    exercise = one_line(args.exercise) if expectations is not None else None

    def write_json(out: TextIO) -> None:
        from kubelearn.cli import json_text

        doc: dict[str, Any] = {"findings": records}
        if exercise is not None:
            doc["exercise"] = {
                "id": exercise,
                "files": [{"file": n, "met": m, "total": t} for n, m, t in goals],
            }
        out.write(json_text(doc) + "\n")

    def write_text(out: TextIO) -> None:
        for r in records:
            out.write(
                f"{r['file']}:{r['line']}:{r['column']}: {r['severity']}[{r['code']}] "
                f"{one_line(r['message'])}\n"
            )
            if r["explanation"]:
                out.write(f"    {one_line(r['explanation'])}\n")
            if r["hint"]:
                out.write(f"    hint: {one_line(r['hint'])}\n")
        for name, met, total in goals:
            out.write(f"{name}: exercise {exercise}: {met} of {total} goals met\n")
        out.write(_summary(errors, warnings, len(inputs)) + "\n")

    return emit(status, write_json if args.format == "json" else write_text)
