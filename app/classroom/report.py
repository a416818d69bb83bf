"""What a class did, for the instructor: one summary (:func:`build_report`) read from the class
database, written four ways.

- :func:`to_html`: one self-contained page (inline CSS, inline SVG bars, no script, a
  Content-Security-Policy that forbids every fetch): completion per lesson, time per
  exercise, the hardest exercises, the commonest findings with an example, a row per student.
- :func:`to_csv`: a gradebook, one row per student (columns: :func:`csv_columns`).
- :func:`to_junit`: JUnit XML, a testcase per exercise per student (classname = student,
  name = exercise id), validated in the tests against the schema pytest's tests use.
- :func:`to_autograding`: the result GitHub Classroom's autograding reporter reads
  (classroom-resources/autograding-grading-reporter, ``src/aggregate-results.js`` and
  ``src/notify-classroom.js``: ``{status, max_score, tests: [{name, status, score,
  message}]}``; ``version: 1`` as education/autograding-command-grader writes it).

Names, lesson titles, finding messages: all of it is untrusted. The HTML escapes every such
string (after :func:`~kubelearn.safe_text.visible` shows control characters), the XML
writer escapes markup and drops what XML 1.0 cannot hold, and a CSV cell that a spreadsheet
would run as a formula is prefixed with ``'``.
"""

from __future__ import annotations

import csv
import html
import io
import statistics
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kubelearn.progress.store import lesson_completion
from kubelearn.safe_text import visible

if TYPE_CHECKING:
    from kubelearn.classroom.db import ClassDB, Student
    from kubelearn.course.model import Course

#: How many hardest exercises and commonest findings a report lists.
TOP = 10


@dataclass(frozen=True)
class ExerciseResult:
    """One student's work on one exercise."""

    status: str = "new"  # new, started or passed (the progress file's word)
    checks: int = 0
    failed_checks: int = 0
    seconds: int = 0
    #: The finding codes of the student's last check.
    last_codes: tuple[str, ...] = ()
    hints: int = 0
    solution_revealed: bool = False

    @property
    def passed(self) -> bool:
        return self.status == "passed"


@dataclass(frozen=True)
class StudentReport:
    student: Student
    #: Lesson id -> how much of it is done, 0..1.
    completion: dict[str, float]
    #: Exercise id -> the student's work on it (every exercise of the course).
    exercises: dict[str, ExerciseResult]
    #: Lesson id -> (best quiz score or None, questions).
    quiz: dict[str, tuple[int | None, int]]
    #: Time spent on every screen, in seconds.
    seconds: int
    last_active_ms: int | None
    #: Completion of the whole course, 0..1: every step, quiz and exercise one part.
    overall: float = 0.0

    @property
    def passed(self) -> int:
        return sum(1 for r in self.exercises.values() if r.passed)


@dataclass(frozen=True)
class Hard:
    """An exercise the class finds hard."""

    exercise_id: str
    failed_checks: int
    students_tried: int
    students_passed: int


@dataclass(frozen=True)
class Mistake:
    """A finding code the class met: in how many checks and by how many students, with one
    finding's message as an example and the exercise it came from."""

    code: str
    checks: int
    students: int
    example: str
    exercise_id: str


@dataclass(frozen=True)
class ClassReport:
    name: str
    generated_ms: int
    course: Course
    students: tuple[StudentReport, ...]
    hardest: tuple[Hard, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    exercise_ids: tuple[str, ...] = field(default=())

    def lesson_completion(self, lesson_id: str) -> float:
        """The class's mean completion of a lesson, 0..1."""
        if not self.students:
            return 0.0
        return statistics.fmean(s.completion.get(lesson_id, 0.0) for s in self.students)

    def exercise_seconds(self, exercise_id: str) -> int:
        """The median time the students who opened an exercise spent on it, in seconds."""
        times = [s.exercises[exercise_id].seconds for s in self.students
                 if s.exercises[exercise_id].seconds > 0]
        return round(statistics.median(times)) if times else 0


class _Work:
    """What the events say about one student's exercise, while reading them."""

    __slots__ = ("checks", "failed", "seconds", "last_codes")

    def __init__(self) -> None:
        self.checks = self.failed = self.seconds = 0
        self.last_codes: tuple[str, ...] = ()


def build_report(db: ClassDB, course: Course, name: str | None = None,
                 now_ms: int | None = None) -> ClassReport:
    """Everything the report shows, read once from ``db`` (one pass over the events)."""
    exercise_ids = tuple(e.id for lesson in course.lessons for e in lesson.exercises)
    known = set(exercise_ids)
    roster = db.roster()
    work: dict[tuple[int, str], _Work] = {}
    seconds: Counter[int] = Counter()
    last_active: dict[int, int] = {}
    code_checks: Counter[str] = Counter()
    code_students: dict[str, set[int]] = {}
    examples: dict[str, tuple[str, str]] = {}
    for event in db.events():
        sid = event.student_id
        last_active[sid] = max(last_active.get(sid, 0), event.at_ms)
        item = event.item or ""
        if event.kind == "time_spent":
            spent = event.detail.get("seconds")
            if type(spent) is int and spent > 0:
                seconds[sid] += spent
                if item in known:
                    work.setdefault((sid, item), _Work()).seconds += spent
        elif event.kind == "exercise_checked" and item in known:
            codes = tuple(c for c in event.detail.get("codes", ()) if isinstance(c, str))
            w = work.setdefault((sid, item), _Work())
            w.checks += 1
            w.last_codes = codes
            if not event.ok:
                w.failed += 1
            shown = event.detail.get("examples")
            for code in codes:
                code_checks[code] += 1
                code_students.setdefault(code, set()).add(sid)
                if code not in examples and isinstance(shown, dict) and isinstance(
                        shown.get(code), str):
                    examples[code] = (shown[code], item)
    parts = {lesson.id: len(lesson.steps) + (1 if lesson.quiz else 0) + len(lesson.exercises)
             for lesson in course.lessons}
    students = []
    for student in roster:
        progress = db.progress_of(student.id)
        results = {}
        for exercise_id in exercise_ids:
            state = progress.exercise(exercise_id)
            w = work.get((student.id, exercise_id)) or _Work()
            results[exercise_id] = ExerciseResult(
                state.status, w.checks, w.failed, w.seconds, w.last_codes,
                state.hints_shown, state.solution_revealed)
        completion = {lesson.id: lesson_completion(progress, lesson)
                      for lesson in course.lessons}
        done = sum(completion[lesson_id] * n for lesson_id, n in parts.items())
        students.append(StudentReport(
            student,
            completion,
            results,
            {lesson.id: (progress.lesson(lesson.id).quiz_best, len(lesson.quiz))
             for lesson in course.lessons if lesson.quiz},
            seconds[student.id],
            last_active.get(student.id),
            done / sum(parts.values()) if sum(parts.values()) else 0.0,
        ))
    hardest = []
    for exercise_id in exercise_ids:
        mine = [s.exercises[exercise_id] for s in students]
        tried = [r for r in mine if r.checks or r.status != "new"]
        failed = sum(r.failed_checks for r in mine)
        if failed:
            hardest.append(Hard(exercise_id, failed, len(tried),
                                sum(1 for r in tried if r.passed)))
    hardest.sort(key=lambda h: (-h.failed_checks, h.students_passed - h.students_tried,
                                exercise_ids.index(h.exercise_id)))
    mistakes = [Mistake(code, n, len(code_students[code]), *examples.get(code, ("", "")))
                for code, n in sorted(code_checks.items(), key=lambda kv: (-kv[1], kv[0]))]
    return ClassReport(
        name=name or db.folder.resolve().name,
        generated_ms=now_ms if now_ms is not None else time.time_ns() // 1_000_000,
        course=course,
        students=tuple(students),
        hardest=tuple(hardest[:TOP]),
        mistakes=tuple(mistakes[:TOP]),
        exercise_ids=exercise_ids,
    )


def _when(ms: int | None) -> str:
    """A time as the report shows it (UTC, so two instructors' reports agree)."""
    if ms is None:
        return ""
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(ms / 1000))


def _minutes(seconds: int) -> str:
    return f"{seconds / 60:.1f}"


# --------------------------------------------------------------------- CSV


def csv_columns(course: Course) -> list[str]:
    """The gradebook's columns, in order (the README documents each)."""
    columns = ["student_id", "name", "joined", "last_active", "completion_percent",
               "exercises_passed", "exercises_total", "quiz_points", "quiz_total",
               "minutes"]
    columns += [f"lesson:{lesson.id}" for lesson in course.lessons]
    columns += [f"exercise:{e.id}" for lesson in course.lessons for e in lesson.exercises]
    return columns


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Untrusted text for a spreadsheet cell: never read as a formula (OWASP's advice for
    CSV injection: prefix ``'``); control characters as visible escapes."""
    text = visible(text, keep_newlines=False)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(report: ClassReport) -> str:
    """One row per student: the columns of :func:`csv_columns` (a lesson's column is its
    completion in percent, an exercise's is 1 when passed, else 0)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_columns(report.course))
    for s in report.students:
        quiz_points = sum(best or 0 for best, _ in s.quiz.values())
        quiz_total = sum(total for _, total in s.quiz.values())
        row: list[Any] = [
            s.student.id, _cell(s.student.name), _when(s.student.joined_ms),
            _when(s.last_active_ms), round(100 * s.overall), s.passed,
            len(report.exercise_ids), quiz_points, quiz_total, _minutes(s.seconds)]
        row += [round(100 * c) for c in s.completion.values()]
        row += [1 if s.exercises[e].passed else 0 for e in report.exercise_ids]
        writer.writerow(row)
    return out.getvalue()


# --------------------------------------------------------------------- JUnit XML


def xml_text(text: str, *, one_line: bool = True) -> str:
    """Untrusted text as XML 1.0 can hold it: controls as visible escapes, and the code
    points XML forbids (lone surrogates, U+FFFE, U+FFFF) as U+FFFD."""
    shown = visible(text, keep_newlines=not one_line)
    return "".join(c if _xml_char(ord(c)) else "\ufffd" for c in shown)


def _xml_char(code: int) -> bool:
    # https://www.w3.org/TR/xml/#charsets (Char)
    return (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF)


def _failure_message(result: ExerciseResult) -> str:
    if not result.checks and result.status == "new":
        return "not attempted"
    if result.last_codes:
        return "not passed; last findings: " + ", ".join(result.last_codes)
    return "not passed"


def to_junit(report: ClassReport) -> bytes:
    """JUnit XML: a testsuite per student, a testcase per exercise (classname = the
    student's name, name = the exercise id, time = seconds spent on it); a failure for each
    exercise not passed, with the codes of the student's last check."""
    total = len(report.students) * len(report.exercise_ids)
    failures = sum(1 for s in report.students for r in s.exercises.values() if not r.passed)
    root = ET.Element("testsuites", name=xml_text(report.name), tests=str(total),
                      failures=str(failures), errors="0")
    for s in report.students:
        name = xml_text(s.student.name)
        failed = sum(1 for r in s.exercises.values() if not r.passed)
        suite = ET.SubElement(root, "testsuite", name=name,
                              tests=str(len(report.exercise_ids)), failures=str(failed),
                              errors="0", skipped="0",
                              time=f"{sum(r.seconds for r in s.exercises.values())}.000")
        for exercise_id, result in s.exercises.items():
            case = ET.SubElement(suite, "testcase", classname=name,
                                 name=xml_text(exercise_id), time=f"{result.seconds}.000")
            if not result.passed:
                message = _failure_message(result)
                failure = ET.SubElement(case, "failure", type="kubelearn.not_passed",
                                        message=xml_text(message))
                failure.text = xml_text(
                    f"{message}\nchecks: {result.checks} ({result.failed_checks} failed), "
                    f"hints: {result.hints}, solution shown: "
                    f"{'yes' if result.solution_revealed else 'no'}", one_line=False)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                   xml_declaration=False) + b"\n"


# --------------------------------------------------------------------- GitHub Classroom


def to_autograding(report: ClassReport) -> dict[str, Any]:
    """The class as one autograding result: a test per student per exercise
    (``"<student>: <exercise id>"``), one point each."""
    tests = []
    for s in report.students:
        for exercise_id, result in s.exercises.items():
            tests.append({
                "name": f"{s.student.name}: {exercise_id}",
                "status": "pass" if result.passed else "fail",
                "score": 1 if result.passed else 0,
                "message": "passed" if result.passed else _failure_message(result),
            })
    return {
        "version": 1,
        "status": "pass" if all(t["status"] == "pass" for t in tests) else "fail",
        "max_score": len(tests),
        "tests": tests,
    }


# --------------------------------------------------------------------- HTML


def _h(text: object) -> str:
    """Untrusted text for HTML: controls shown as escapes, then markup escaped."""
    return html.escape(visible(text, keep_newlines=False), quote=True)


_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;
color:#1b1f24;background:#fff}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #d0d7de;
padding:.25em .5em;text-align:left;vertical-align:top}th{background:#f6f8fa}
td.n{text-align:right;font-variant-numeric:tabular-nums}.muted{color:#59636e}
code{font-family:ui-monospace,monospace;background:#f6f8fa;padding:0 .2em}
td.t{white-space:nowrap}.done{background:#dafbe1}.some{background:#fff8c5}.none{background:#fff}
svg text{font:12px system-ui,sans-serif;fill:#1b1f24}
""".strip()

_BAR_LABEL = 290
#: Longest bar label, in characters (SVG text does not wrap): longer ones end with "…".
_LABEL_CHARS = 42
_BAR_WIDTH = 360


def _bars(rows: list[tuple[str, float, str]]) -> str:
    """Horizontal bars as inline SVG: (label, share 0..1, value shown)."""
    height = 22 * len(rows) + 4
    width = _BAR_LABEL + _BAR_WIDTH + 80
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img">']
    for i, (label, share, shown) in enumerate(rows):
        y = 22 * i + 2
        bar = round(_BAR_WIDTH * min(max(share, 0.0), 1.0))
        short = label if len(label) <= _LABEL_CHARS else label[:_LABEL_CHARS - 1] + "…"
        parts.append(f'<text x="0" y="{y + 15}">{_h(short)}</text>'
                     f'<rect x="{_BAR_LABEL}" y="{y}" width="{_BAR_WIDTH}" height="18" '
                     f'fill="#eaeef2"/><rect x="{_BAR_LABEL}" y="{y}" width="{bar}" '
                     f'height="18" fill="#2da44e"/><text x="{_BAR_LABEL + _BAR_WIDTH + 8}" '
                     f'y="{y + 15}">{_h(shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _shade(share: float) -> str:
    return "done" if share >= 1 else "some" if share > 0 else "none"


def to_html(report: ClassReport, lang: str = "en") -> str:
    """The report as one HTML page that needs nothing else: no script, no font, no image
    file, and a Content-Security-Policy that would block any fetch anyway. Worded in
    ``lang`` (``report.*`` in the words catalogues); what students wrote is escaped."""
    from kubelearn.words import words

    say = words(lang)

    def w(key: str, **fields: object) -> str:
        return say(f"report.{key}", **fields)

    def head(group: str, *names: str) -> str:
        return "".join(f"<th>{_h(w(f'{group}.{n}'))}</th>" for n in names)

    course = report.course
    titles = {e.id: e.title for lesson in course.lessons for e in lesson.exercises}
    count = (w("students.one") if len(report.students) == 1
             else w("students.other", n=len(report.students)))
    out = [f'<!DOCTYPE html>\n<html lang="{_h(lang)}"><head><meta charset="utf-8">',
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
           'style-src \'unsafe-inline\'">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_h(w('title', name=report.name))}</title>",
           f"<style>{_CSS}</style></head><body>",
           f"<h1>{_h(w('heading', name=report.name))}</h1>",
           f'<p class="muted">{_h(w("summary", when=_when(report.generated_ms), students=count, lessons=len(course.lessons), exercises=len(report.exercise_ids)))}</p>']
    if not report.students:
        # the catalogue's own <strong>: our words, not the class's
        out.append(f'<p id="empty">{w("empty")}</p></body></html>\n')
        return "\n".join(out)

    out.append(f"<h2>{_h(w('completion'))}</h2>")
    out.append(_bars([(lesson.title, report.lesson_completion(lesson.id),
                       f"{round(100 * report.lesson_completion(lesson.id))}%")
                      for lesson in course.lessons]))

    out.append(f"<h2>{_h(w('time'))}</h2><p class=\"muted\">{_h(w('time_note'))}</p>")
    times = {e: report.exercise_seconds(e) for e in report.exercise_ids}
    longest = max(times.values(), default=0) or 1
    out.append(_bars([(titles[e], t / longest, w("minutes", n=_minutes(t))) for e, t in times.items()]))

    out.append(f"<h2>{_h(w('hardest'))}</h2>")
    if report.hardest:
        out.append("<table><tr>" + head("hardest_head", "exercise", "failed", "tried",
                                        "passed") + "</tr>")
        for hard in report.hardest:
            out.append(f"<tr><td>{_h(titles.get(hard.exercise_id, hard.exercise_id))} "
                       f"<code>{_h(hard.exercise_id)}</code></td>"
                       f'<td class="n">{hard.failed_checks}</td>'
                       f'<td class="n">{hard.students_tried}</td>'
                       f'<td class="n">{hard.students_passed}</td></tr>')
        out.append("</table>")
    else:
        out.append(f"<p>{_h(w('hardest_none'))}</p>")

    out.append(f"<h2>{_h(w('mistakes'))}</h2>")
    if report.mistakes:
        out.append("<table><tr>" + head("mistakes_head", "finding", "checks", "students",
                                        "example") + "</tr>")
        for m in report.mistakes:
            where = f' <span class="muted">({_h(m.exercise_id)})</span>' if m.exercise_id else ""
            out.append(f"<tr><td><code>{_h(m.code)}</code></td><td class=\"n\">{m.checks}</td>"
                       f'<td class="n">{m.students}</td><td>{_h(m.example)}{where}</td></tr>')
        out.append("</table>")
    else:
        out.append(f"<p>{_h(w('mistakes_none'))}</p>")

    out.append(f"<h2>{_h(w('students_heading'))}</h2><table><tr>"
               + head("students_head", "student", "course"))
    out += [f"<th>{_h(lesson.title)}</th>" for lesson in course.lessons]
    out.append(head("students_tail", "passed", "minutes", "active") + "</tr>")
    for s in report.students:
        out.append(f"<tr><td>{_h(s.student.name)}</td>"
                   f'<td class="n">{round(100 * s.overall)}%</td>')
        out += [f'<td class="n {_shade(c)}">{round(100 * c)}%</td>'
                for c in s.completion.values()]
        out.append(f'<td class="n">{s.passed}/{len(report.exercise_ids)}</td>'
                   f'<td class="n">{_minutes(s.seconds)}</td>'
                   f'<td class="t">{_h(_when(s.last_active_ms))}</td></tr>')
    out.append("</table></body></html>\n")
    return "\n".join(out)
