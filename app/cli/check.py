"""``kubelearn check``: the checker on the command line, for files, stdin and exercises.

The checker itself knows nothing of courses: an exercise named with ``--exercise`` is looked
up here, in the course that ``--lessons`` and ``--lang`` name (resolved in
:mod:`kubelearn.cli.common` as for every command), and its goals handed to ``check()``.

Exit status: 0 when no file has an error (warnings allowed), 1 when any has, 2 for a usage
mistake or a file that cannot be read (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from kubelearn.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    UsageError,
    add_common,
    emit,
    json_text,
    lang,
    lessons_root,
    one_line,
    shown_path,
)

COMMAND = "check"

DESCRIPTION = """\
Check Kubernetes manifests the way Kubernetes reads them, offline: YAML syntax (tabs,
indentation, duplicate keys, yes/no/on/off read as booleans), then the real API schema of
Kubernetes 1.33 (unknown fields, missing fields, wrong types, wrong apiVersion), then common
mistakes in meaning. Every problem comes with its line and column, an explanation and a hint.
"""

EPILOG = """\
examples:
  kubelearn check pod.yaml                   check one file
  kubelearn check k8s/                       every .yaml, .yml and .json file under k8s/
  kubelearn check k8s/*.yaml --format json   machine-readable findings
  kubelearn check k8s/ --verbose             also the notes (info findings)
  cat pod.yaml | kubelearn check -           read from stdin
  kubelearn check my.yaml --exercise ID      also check an exercise's goals

exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error or unreadable file
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``check`` command."""
    parser = subparsers.add_parser(
        COMMAND,
        help="check Kubernetes YAML files",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files", metavar="FILE", nargs="+",
        help="YAML files or directories (every .yaml, .yml and .json file under them) to "
             "check; - reads stdin",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true",
        help="also print notes (info findings: likely slips that are often deliberate)",
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
    add_common(parser, data_dir=False,
               lang_help="language of the messages (default: from the locale, else en)",
               lessons_help="with --exercise: look the exercise up in the course in DIR")
    return parser


def _exercise(args: argparse.Namespace) -> tuple[tuple | None, str]:
    """The goals of the ``--exercise`` (None without one) and the objects its task says are
    in the cluster already (YAML, so that nothing is said to be missing that the task gives)."""
    exercise_id = getattr(args, "exercise", None)
    if not exercise_id:
        return None, ""
    from kubelearn.course import load_course

    course = load_course(lessons_root(args), lang=lang(args))
    exercise = course.exercise(exercise_id)
    if exercise is None:
        raise UsageError(
            f"no exercise with id '{one_line(exercise_id)}'; `kubelearn lessons list` and "
            "`kubelearn lessons show LESSON` show the exercise ids"
        )
    return exercise.goals, exercise.cluster


#: The files a directory is searched for, as kubeconform does.
MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")


def _expand(names: list[str]) -> tuple[list[str], bool]:
    """The files to check: each name, or every manifest under a directory (sorted, hidden
    folders and files skipped, symbolic links to folders not followed); and whether any name
    was a directory."""
    import os

    out: list[str] = []
    directories = False
    for name in names:
        if name == "-" or not os.path.isdir(name):
            out.append(name)
            continue
        directories = True
        found = []
        for root, dirs, files in os.walk(name):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found.extend(os.path.join(root, f) for f in sorted(files)
                         if f.endswith(MANIFEST_SUFFIXES) and not f.startswith("."))
        if not found:
            raise UsageError(f"{shown_path(name)}: no .yaml, .yml or .json file in this directory")
        out.extend(found)
    return out, directories


def _read(name: str) -> tuple[bytes, int | None]:
    """At most the checker's limit plus one byte of ``name`` (``-`` is stdin), and the size
    when it is known. Directories, FIFOs, devices and sockets are refused before opening."""
    from kubelearn.checker.yaml import MAX_BYTES
    from kubelearn.readfile import NotRegularFile, read_limited, read_stream

    if name == "-":
        if sys.stdin is None:
            raise UsageError("-: standard input is closed")
        return read_stream(sys.stdin.buffer, MAX_BYTES), None
    try:
        return read_limited(name, MAX_BYTES)
    except FileNotFoundError:
        raise UsageError(f"{shown_path(name)}: no such file") from None
    except NotRegularFile as exc:
        what = "is a directory, not a file" if exc.kind == "a directory" else (
            f"is {exc.kind}, not a regular file; to check a stream, pipe it to `kubelearn check -`")
        raise UsageError(f"{shown_path(name)}: {what}") from None
    except OSError as exc:
        raise UsageError(f"{shown_path(name)}: cannot read it ({exc.strerror or exc})") from None


def _check(data: bytes, size: int | None, goals: tuple | None, language: str,
           partial: bool = False, cluster: str = ""):
    """The checker's report; past the limit, say so with the real size (or "limit+")."""
    from kubelearn.checker import Report, check
    from kubelearn.checker.messages import finding
    from kubelearn.checker.yaml import MAX_BYTES

    if len(data) <= MAX_BYTES:
        return check(data, goals, lang=language, partial=partial, cluster=cluster)
    shown = f"{MAX_BYTES}+" if size is None or size <= MAX_BYTES else str(size)
    too_large = finding("too-large", 1, 1, lang=language, size=shown, limit=MAX_BYTES)
    return Report(findings=(too_large,), expectations_total=len(goals or ()))


#: From this many files on, ``check`` spreads them over the CPUs (below, starting the workers
#: costs more than it saves).
PARALLEL_FROM = 64


def _idle_cpus() -> int:
    """The CPUs this process may use that other work is not already using (by the load
    average): on a busy shared machine, workers would only take turns on the same CPUs and
    add their start-up to the time."""
    import os

    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cpus = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average (Windows)
        return cpus
    return max(1, min(cpus, int(cpus - load + 0.5)))


def _reports(inputs: list[tuple[str, bytes, int | None]], goals: tuple | None, language: str,
             partial: bool, cluster: str = "") -> list:
    """Each input's report, in order. Many files are checked by forked workers, one per idle
    CPU: the first file is checked here first, so every worker starts with the schema loaded."""
    jobs = [(data, size, goals, language, partial, cluster) for _, data, size in inputs]
    workers = min(_idle_cpus(), len(jobs) // (PARALLEL_FROM // 2))
    if len(jobs) < PARALLEL_FROM or workers < 2:
        return [_check(*job) for job in jobs]
    import multiprocessing  # only for many files: importing it costs a few ms

    if "fork" not in multiprocessing.get_all_start_methods():
        return [_check(*job) for job in jobs]
    first = _check(*jobs[0])
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        rest = pool.starmap(_check, jobs[1:], chunksize=max(1, len(jobs) // (workers * 8)))
    return [first, *rest]


def _summary(errors: int, warnings: int, files: int, language: str, hidden: int = 0) -> str:
    """"1 error, 2 warnings in 1 file", in ``language`` (and how many notes --verbose shows)."""
    from kubelearn.words import words

    word = words(language)

    def count(key: str, n: int) -> str:
        return word(f"{key}.{'one' if n == 1 else 'other'}", n=n)

    summary = word("ui.cli.summary", errors=count("ui.exercise.errors", errors),
                   warnings=count("ui.exercise.warnings", warnings),
                   files=count("ui.cli.files", files))
    if hidden:
        summary += " " + word("ui.cli.hidden_notes", notes=count("ui.cli.notes", hidden))
    return summary


def run(args: argparse.Namespace) -> int:
    """Check every file named in ``args``; returns the exit status."""
    from kubelearn.checker import Severity

    language = lang(args)
    try:
        goals, cluster = _exercise(args)
        names, directories = _expand(args.files)
        inputs = [(("<stdin>" if name == "-" else shown_path(name)), *_read(name))
                  for name in names]
    except UsageError as exc:
        exc.command = COMMAND
        raise
    # One file of several: an object it refers to may be in another, so saying it is missing
    # is only a note.
    partial = directories or len(inputs) > 1
    verbose = getattr(args, "verbose", False)

    records: list[dict[str, Any]] = []
    errors = warnings = 0
    met_per_file: list[tuple[str, int, int, int]] = []
    for (name, _, _), report in zip(inputs, _reports(inputs, goals, language, partial, cluster),
                                    strict=True):
        if goals is not None:
            met_per_file.append((name, report.expectations_met, report.expectations_total,
                                 len(report.goals_pending)))
        for f in report.findings:
            errors += f.severity is Severity.ERROR
            warnings += f.severity is Severity.WARNING
            records.append({"file": name, **f.to_dict()})
    failed = errors > 0 or any(met < total for _, met, total, _ in met_per_file)
    status = EXIT_PROBLEMS if failed else EXIT_OK
    exercise = one_line(args.exercise) if goals is not None else None

    def write_json(out: TextIO) -> None:
        doc: dict[str, Any] = {"findings": records}
        if exercise is not None:
            doc["exercise"] = {
                "id": exercise,
                # "pending": goals that run in the cluster, waiting for a file Kubernetes
                # would accept (only when there are some).
                "files": [{"file": n, "met": m, "total": t, **({"pending": p} if p else {})}
                          for n, m, t, p in met_per_file],
            }
        out.write(json_text(doc) + "\n")

    def write_text(out: TextIO) -> None:
        from kubelearn.words import words

        word = words(language)
        hidden = 0
        for r in records:
            if r["severity"] == Severity.INFO.value and not verbose:
                hidden += 1
                continue
            out.write(
                f"{r['file']}:{r['line']}:{r['column']}: {r['severity']}[{r['code']}] "
                f"{one_line(r['message'])}\n"
            )
            if r["explanation"]:
                out.write(f"    {one_line(r['explanation'])}\n")
            if r["hint"]:
                out.write(f"    {word('ui.cli.hint', text=one_line(r['hint']))}\n")
        for name, met, total, pending in met_per_file:
            key = "ui.cli.goals_pending" if pending else "ui.cli.goals"
            out.write(word(key, file=name, exercise=exercise, met=met, total=total,
                           pending=pending) + "\n")
        out.write(_summary(errors, warnings, len(inputs), language, hidden) + "\n")

    return emit(status, write_json if args.format == "json" else write_text)
