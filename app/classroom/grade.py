"""Grading a repository of answers: one YAML file per exercise, judged as the tutor judges it.

``kubelearn grade DIR`` finds each exercise's answer in DIR, by name (``<exercise id>.yaml``
or ``.yml``, anywhere under DIR) or through a mapping file (exercise id -> path), and checks
it with :func:`kubelearn.tutor.exercise.judge`, the call the tutor's exercise screen makes:
a file passes here exactly when it would pass in the tutor. One point per exercise passed.

A repository is a student's: untrusted. Answer files are read only when they are regular
files inside DIR (a symlink out of it is refused), at most MAX_DRAFT_BYTES each (what the
checker reads), and the walk over DIR stops after MAX_WALK entries.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kubelearn.progress.model import MAX_DRAFT_BYTES
from kubelearn.readfile import NotRegularFile, read_limited
from kubelearn.tutor.exercise import judge

if TYPE_CHECKING:
    from kubelearn.checker import Finding
    from kubelearn.course.model import Course, Exercise

#: Answer files are looked for among at most this many entries under DIR.
MAX_WALK = 20_000
#: A mapping file larger than this is not one.
MAX_MAP_BYTES = 256 * 1024
#: Folders never looked into.
_SKIPPED = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv"}
#: How many findings a failed exercise's message lists.
SHOWN_FINDINGS = 5


class GradeError(ValueError):
    """A mistake in how grading was asked for (a bad mapping file); one line."""


@dataclass(frozen=True)
class Graded:
    """One exercise's grade."""

    exercise: Exercise
    #: The answer file, relative to DIR (None when there is none).
    path: str | None
    passed: bool
    #: Why it did not pass, in one line ("" when it passed).
    message: str
    findings: tuple[Finding, ...] = ()

    @property
    def score(self) -> int:
        return 1 if self.passed else 0


def read_mapping(path: str | os.PathLike[str], course: Course) -> dict[str, str]:
    """The mapping file at ``path`` (YAML or JSON: ``exercise-id: path``); GradeError when
    it is not one, or names an exercise the course does not have."""
    import yaml

    try:
        raw = read_limited(path, MAX_MAP_BYTES)[0]
    except OSError as exc:
        raise GradeError(f"--map: cannot read it ({exc.strerror or exc})") from None
    if len(raw) > MAX_MAP_BYTES:
        raise GradeError(f"--map: larger than {MAX_MAP_BYTES // 1024} KiB")
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError) as exc:
        raise GradeError(f"--map: not YAML or JSON ({type(exc).__name__})") from None
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v for k, v in data.items()):
        raise GradeError("--map: not a mapping of exercise ids to file paths")
    unknown = sorted(k for k in data if course.exercise(k) is None)
    if unknown:
        raise GradeError(f"--map: no exercise {unknown[0]!r} in the course "
                         "(see `kubelearn lessons list`)")
    return dict(data)


def find_answers(root: Path, exercises: list[Exercise]) -> dict[str, list[str]]:
    """Exercise id -> the files under ``root`` named after it (relative, sorted)."""
    wanted = {f"{e.id}{suffix}": e.id for e in exercises for suffix in (".yaml", ".yml")}
    found: dict[str, list[str]] = {e.id: [] for e in exercises}
    seen = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED)
        seen += len(dirs) + len(files)
        for name in sorted(files):
            if name in wanted:
                found[wanted[name]].append(
                    os.path.relpath(os.path.join(folder, name), root))
        if seen > MAX_WALK:
            break
    return {exercise_id: sorted(paths) for exercise_id, paths in found.items()}


def _inside(root: Path, relative: str) -> Path | None:
    """``root / relative`` when it resolves inside ``root`` (no ``..`` or symlink out)."""
    path = (root / relative).resolve()
    base = root.resolve()
    return path if path == base or base in path.parents else None


def _grade_one(root: Path, exercise: Exercise, candidates: list[str], lang: str) -> Graded:
    if not candidates:
        return Graded(exercise, None, False,
                      f"no answer file ({exercise.id}.yaml)")
    if len(candidates) > 1:
        return Graded(exercise, candidates[0], False,
                      "more than one answer file: " + ", ".join(candidates))
    relative = candidates[0]
    path = _inside(root, relative)
    if path is None:
        return Graded(exercise, relative, False, "the answer file is outside the repository")
    try:
        raw = read_limited(path, MAX_DRAFT_BYTES)[0]
    except FileNotFoundError:
        return Graded(exercise, relative, False, "the answer file does not exist")
    except NotRegularFile as exc:
        return Graded(exercise, relative, False, f"the answer file {exc}")
    except OSError as exc:
        return Graded(exercise, relative, False,
                      f"the answer file cannot be read ({exc.strerror or exc})")
    if len(raw) > MAX_DRAFT_BYTES:
        return Graded(exercise, relative, False,
                      f"the answer file is larger than {MAX_DRAFT_BYTES // 1024} KiB")
    report = judge(exercise, raw, lang)
    if report.passed:
        return Graded(exercise, relative, True, "", report.findings)
    shown = [f for f in report.findings if f.message][:SHOWN_FINDINGS]
    message = "; ".join(f"line {f.line}: {f.message} [{f.code}]" for f in shown)
    return Graded(exercise, relative, False, message or "not passed", report.findings)


def grade(root: Path, course: Course, mapping: dict[str, str] | None = None,
          lang: str = "en") -> list[Graded]:
    """Grade the answers in ``root``: every exercise of ``course``, or with ``mapping``
    the exercises it names (in the course's order), each from its mapped file."""
    exercises = [e for lesson in course.lessons for e in lesson.exercises
                 if mapping is None or e.id in mapping]
    if mapping is not None:
        candidates = {e.id: [mapping[e.id]] for e in exercises}
    else:
        candidates = find_answers(root, exercises)
    return [_grade_one(root, e, candidates[e.id], lang) for e in exercises]


def to_autograding(results: list[Graded]) -> dict[str, Any]:
    """The result GitHub Classroom's autograding reporter reads (see
    :mod:`kubelearn.classroom.report`), one test per exercise, one point each."""
    tests = [{
        "name": g.exercise.id,
        "status": "pass" if g.passed else "fail",
        "score": g.score,
        "message": "passed" if g.passed else g.message,
        "filename": g.path or "",
        "line_no": next((f.line for f in g.findings if not g.passed and f.message), 0),
    } for g in results]
    return {
        "version": 1,
        "status": "pass" if all(g.passed for g in results) else "fail",
        "max_score": len(results),
        "tests": tests,
    }


def to_junit(results: list[Graded], name: str) -> bytes:
    """JUnit XML: one testsuite, a testcase per exercise (classname = its lesson id, name =
    the exercise id, file = the answer file), a failure with the findings when not passed."""
    import xml.etree.ElementTree as ET

    from kubelearn.classroom.report import xml_text

    failures = sum(1 for g in results if not g.passed)
    root = ET.Element("testsuites", name=xml_text(name), tests=str(len(results)),
                      failures=str(failures), errors="0")
    suite = ET.SubElement(root, "testsuite", name=xml_text(name), tests=str(len(results)),
                          failures=str(failures), errors="0", skipped="0")
    for g in results:
        case = ET.SubElement(suite, "testcase", classname=xml_text(g.exercise.lesson_id),
                             name=xml_text(g.exercise.id))
        if not g.passed:
            failure = ET.SubElement(case, "failure", type="kubelearn.not_passed",
                                    message=xml_text(g.message))
            lines = [f"{g.path or '(no file)'}"]
            lines += [f"{g.path}:{f.line}:{f.column}: {f.severity.value}: {f.message} "
                      f"[{f.code}]" for f in g.findings if f.message]
            failure.text = xml_text("\n".join(lines), one_line=False)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                   xml_declaration=False) + b"\n"
