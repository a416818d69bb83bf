"""Reads lesson files into the course model and explains every problem it meets.

A lesson file is Markdown with YAML front matter (see ``lessons/README.md``). The file is cut
into steps at its top-level ``##`` headings, found with markdown-it-py's block tokens, and each
fenced block whose kind is in :data:`kubelearn.course.blocks.BLOCKS` (``diagram``, ``quiz``,
``exercise``) is handed to that kind's parser and taken out of the step. The Markdown between
blocks is kept exactly as the author wrote it.

Nothing here raises on a bad lesson: each problem becomes a :class:`Problem` with the file and
line, and the lesson is still returned (marked broken) so the rest of the course works.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from kubelearn.course.blocks import BLOCKS, Fence
from kubelearn.course.fields import ID_RE, check_keys, check_title, quoted, text
from kubelearn.course.files import course_files, read_lesson, scan_course
from kubelearn.course.markdown import display_width, markdown_parser, unwrap_cjk
from kubelearn.course.model import FORMAT_VERSION, Course, Lesson, Problem, Step, StepPart
from kubelearn.course.yamlblock import load_block
from kubelearn.safe_text import CONTROL_CHARS, visible

__all__ = ["ID_RE", "assemble", "course_files", "display_width", "load_course",
           "parse_lesson", "scan_course", "unwrap_cjk"]

FRONT_MATTER_KEYS = {"format": True, "id": True, "title": True, "order": True,
                     "minutes": False, "prerequisites": False}


# --------------------------------------------------------------------------- lesson files

#: Problems reported for one file; past this, one more line says how many were left out.
MAX_PROBLEMS = 50
#: Control characters reported one by one in a file before the rest are counted.
MAX_CONTROL_REPORTS = 10
MAX_ORDER = 10**6
MAX_MINUTES = 1000

_CONTROL = re.compile(
    "[" + "".join(re.escape(chr(code)) for code in sorted(CONTROL_CHARS) if code not in (9, 10))
    + "]"
)


def _control_problems(source: str, where: str) -> list[Problem]:
    """Each control character (bar tab and newline) at its line: a lesson shown in a terminal
    must not carry ESC, C1 controls or bidi overrides, even escaped."""
    found: list[Problem] = []
    line, counted_to = 1, 0
    for match in itertools.islice(_CONTROL.finditer(source), MAX_CONTROL_REPORTS):
        line += source.count("\n", counted_to, match.start())
        counted_to = match.start()
        char = match.group()
        found.append(Problem(where, line, f"control character {visible(char)} (U+{ord(char):04X})"
                                          ": a terminal could act on it; delete it"))
    if len(found) == MAX_CONTROL_REPORTS:
        more = len(_CONTROL.findall(source)) - MAX_CONTROL_REPORTS
        if more:
            found.append(Problem(where, line, f"and {more:,} more control characters"))
    return found


def _whole_number(meta: dict, key: str, low: int, high: int, where: str, line: int,
                  problems: list[Problem]) -> int:
    value = meta.get(key, 0)
    if not isinstance(value, int) or isinstance(value, bool):
        problems.append(Problem(where, line, f"{key} must be a whole number"))
        return 0
    if not low <= value <= high:
        problems.append(Problem(where, line, f"{key} must be a whole number from {low} to {high}"))
        return 0
    return value


@dataclass
class _Head:
    """What the front matter says about the lesson, checked."""

    id: str = ""
    title: str = ""
    order: int = 0
    minutes: int = 0
    prerequisites: tuple[str, ...] = ()
    key_lines: dict[str, int] = field(default_factory=dict)


def _front_matter(tokens: list, where: str, problems: list[Problem],
                  notes: list[Problem]) -> _Head:
    meta: dict[str, Any] = {}
    head = _Head()
    if tokens and tokens[0].type == "front_matter":
        block = load_block(tokens[0].content, 2, where, problems, notes)
        if block is not None:
            head.key_lines = dict(block.key_lines)
            if check_keys(block, FRONT_MATTER_KEYS, "the front matter", where, 1, problems):
                meta = block.data
    else:
        problems.append(Problem(where, 1, "the file must start with front matter: a '---' line, "
                                          "YAML with format, id, title and order, and another '---'"))

    def key_line(key: str) -> int:
        return head.key_lines.get(key, 1)

    fmt = meta.get("format")
    if "format" in meta and (not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1):
        problems.append(Problem(where, key_line("format"), "format must be a whole number, e.g. 1"))
    elif isinstance(fmt, int) and fmt > FORMAT_VERSION:
        problems.append(Problem(where, key_line("format"),
                                f"format {quoted(fmt)} is newer than this kubelearn reads "
                                f"({FORMAT_VERSION}); upgrade kubelearn"))
    raw_id = meta.get("id")
    head.id = text(raw_id) if isinstance(raw_id, str | int) else ""
    if "id" in meta and not ID_RE.match(head.id):
        problems.append(Problem(where, key_line("id"),
                                f"id '{quoted(text(raw_id))}' must be lowercase letters, digits "
                                "and '-'"))
        head.id = ""  # the course gives it one from the file name
    head.title = check_title(meta.get("title"), "title", where, key_line("title"), problems)
    head.order = _whole_number(meta, "order", -MAX_ORDER, MAX_ORDER, where, key_line("order"),
                               problems)
    head.minutes = _whole_number(meta, "minutes", 0, MAX_MINUTES, where, key_line("minutes"),
                                 problems)
    prereq = meta.get("prerequisites") or []
    if isinstance(prereq, str):
        prereq = [prereq]
    if not isinstance(prereq, list) or not all(isinstance(p, str | int) for p in prereq):
        problems.append(Problem(where, key_line("prerequisites"),
                                "prerequisites must be a list of lesson ids"))
        prereq = []
    head.prerequisites = tuple(str(p) for p in prereq)
    return head


class _Body:
    """Cuts the Markdown after the front matter into steps at its top-level ``##`` headings
    and hands each fenced block of a known kind to that kind's parser."""

    def __init__(self, source: str, where: str, head: _Head, problems: list[Problem],
                 notes: list[Problem]) -> None:
        self.lines = source.splitlines()
        self.where = where
        self.lesson_id = head.id
        self.problems = problems
        self.notes = notes
        self.steps: list[Step] = []
        #: What each lesson-level block kind built, by the Lesson field it fills.
        self.collected: dict[str, list[Any]] = {
            block.collect: [] for block in BLOCKS.values() if block.collect != "step"}
        self.parts: list[StepPart] = []
        self.title = head.title or head.id
        self.title_line = 1
        self.cursor = 0  # 0-based index of the next source line not yet placed in a part

    def read(self, tokens: list, body_start: int) -> None:
        self.cursor = body_start
        self.title_line = body_start + 1
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.level == 0 and token.map is not None:
                if token.type == "heading_open" and token.tag in ("h1", "h2"):
                    self._heading(token, tokens[index + 1])
                    index += 3
                    continue
                if token.type == "fence":
                    self._fence(token)
            index += 1
        self._flush_markdown(len(self.lines))
        self._close_step()

    def _flush_markdown(self, upto: int) -> None:
        chunk = "\n".join(self.lines[self.cursor:upto]).strip("\n")
        if chunk.strip():
            self.parts.append(StepPart("markdown", unwrap_cjk(chunk)))
        self.cursor = max(self.cursor, upto)

    def _close_step(self) -> None:
        if any(p.kind == "markdown" and p.text.strip() or p.kind == "diagram" for p in self.parts):
            self.steps.append(Step(self.title.strip(), tuple(self.parts), self.title_line))
        self.parts.clear()

    def _heading(self, token: Any, inline: Any) -> None:
        start, end = token.map
        self._flush_markdown(start)
        if token.tag == "h2":
            self._close_step()
            self.title = check_title(inline.content, "step title", self.where, start + 1,
                                     self.problems)
            self.title_line = start + 1
        self.cursor = end  # a lesson-level "# Title" is not shown inside a step

    def _fence(self, token: Any) -> None:
        start, end = token.map
        kind, _, rest = token.info.strip().partition(" ")
        block = BLOCKS.get(kind)
        if block is None:
            guess = difflib.get_close_matches(kind[:40], list(BLOCKS), n=1, cutoff=0.75)
            if kind and guess:
                self.problems.append(Problem(self.where, start + 1,
                                             f"unknown block '{quoted(kind)}' "
                                             f"(did you mean '{guess[0]}'?)"))
            return
        self._flush_markdown(start)
        self.cursor = end
        fence = Fence(kind, rest, token.content, start + 1, self.where, self.lesson_id,
                      self.problems, self.notes)
        try:
            value = block.parse(fence)
        except Exception as exc:  # noqa: BLE001 - one strange block must not lose the lesson
            self.problems.append(Problem(self.where, start + 1, f"cannot read this {kind} block "
                                                                f"({type(exc).__name__}: {exc})"))
            return
        if value is None:
            return
        if block.collect == "step":
            self.parts.append(value)
        else:
            self.collected[block.collect].append(value)


def parse_lesson(source: str, where: str, lang: str = "en") -> Lesson:
    """Parse one lesson file's text. ``where`` is the path shown in problems.

    Never raises: whatever the text, the result is a lesson, broken when it has problems.
    """
    try:
        return _parse_lesson(source.replace("\r\n", "\n"), where, lang)
    except Exception as exc:  # noqa: BLE001 - one broken lesson must never crash the course
        problem = Problem(where, 1, f"kubelearn could not read this lesson ({type(exc).__name__}:"
                                    f" {exc}); please report it")
        return broken_lesson(where, lang, problem)


def _parse_lesson(source: str, where: str, lang: str) -> Lesson:
    problems = _control_problems(source, where)
    notes: list[Problem] = []
    tokens = markdown_parser().parse(source)
    head = _front_matter(tokens, where, problems, notes)
    body = _Body(source, where, head, problems, notes)
    body_start = tokens[0].map[1] if tokens and tokens[0].type == "front_matter" else 0
    body.read(tokens, body_start)
    if not body.steps and not problems:
        problems.append(Problem(where, body_start + 1, "the lesson has no steps: "
                                                       "add text under '## ' headings"))
    if len(problems) > MAX_PROBLEMS:
        left_out = len(problems) - MAX_PROBLEMS
        problems[MAX_PROBLEMS:] = [Problem(where, problems[MAX_PROBLEMS].line,
                                           f"and {left_out:,} more problems in this file")]
    return Lesson(
        id=head.id,
        title=head.title or head.id or Path(where).stem,
        order=head.order,
        lang=lang,
        path=where,
        prerequisites=head.prerequisites,
        minutes=head.minutes,
        steps=tuple(body.steps),
        **{name: tuple(values) for name, values in body.collected.items()},
        problems=tuple(problems),
        notes=tuple(notes[:MAX_PROBLEMS]),
        key_lines=head.key_lines,
    )


def broken_lesson(where: str, lang: str, problem: Problem) -> Lesson:
    """A lesson that could not be read at all: shown in the course with its problem."""
    stem = Path(where).stem
    return Lesson(id="", title=stem, order=MAX_ORDER + 1, lang=lang, path=where,
                  problems=(problem,))


# --------------------------------------------------------------------------- courses


def _load_file(lang: str, item: Traversable) -> Lesson:
    where = str(item)
    text, problem = read_lesson(item, where)
    if text is None:
        return broken_lesson(where, lang, problem)
    return parse_lesson(text, where, lang)


def load_course(root: Traversable | Path | str | None = None, lang: str = "en") -> Course:
    """Load the course in ``lang``, falling back to English lesson by lesson.

    ``root`` is a course folder (``en/``, ``zh/``) or ``None`` for the shipped course. A
    Chinese file stands in for the English file of the same name. Never raises for what is
    in the folder: every problem is in the course's problems or its lessons'.
    """
    if root is None:
        from kubelearn.paths import shipped_lessons

        root = shipped_lessons()
    elif isinstance(root, str):
        root = Path(root)
    found = scan_course(root)
    chosen: dict[str, tuple[str, Traversable]] = {
        name: ("en", item) for name, item in found.files.get("en", {}).items()
    }
    if lang != "en":
        for name, item in found.files.get(lang, {}).items():
            chosen[name] = (lang, item)
    lessons = [_load_file(file_lang, item) for _, (file_lang, item) in sorted(chosen.items())]
    return assemble(lang, lessons, found.problems)


def fallback_id(where: str) -> str:
    """An id for a lesson without a valid one, from its file name: ``01 Pods.md`` ->
    ``lesson-01-pods``. Starts with a letter, so it is a valid widget id too."""
    stem = Path(where).stem.lower()
    words = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:40].strip("-")
    return f"lesson-{words}" if words else "lesson"


def _unique(wanted: str, taken: set[str]) -> str:
    if wanted not in taken:
        return wanted
    number = 2
    while f"{wanted}-{number}" in taken:
        number += 1
    return f"{wanted}-{number}"


def assemble(lang: str, lessons: Iterable[Lesson], problems: Iterable[Problem] = ()) -> Course:
    """Order lessons, make every lesson and exercise id unique, and report what only the
    whole course can see (ids used twice, prerequisites naming no lesson)."""
    lessons = sorted(lessons, key=lambda lesson: (lesson.order, lesson.path))
    owners: dict[str, Lesson] = {}
    exercise_owners: dict[str, tuple[str, int]] = {}
    fixed: list[Lesson] = []
    for lesson in lessons:
        found: list[Problem] = []
        lesson_id = lesson.id
        if not lesson_id:
            lesson_id = _unique(fallback_id(lesson.path), set(owners))
        elif lesson_id in owners:
            found.append(Problem(lesson.path, lesson.key_lines.get("id", 1),
                                 f"lesson id '{quoted(lesson_id)}' is already used by "
                                 f"{owners[lesson_id].path}"))
            lesson_id = _unique(lesson_id, set(owners))
        owners[lesson_id] = lesson
        exercises = []
        for exercise in lesson.exercises:
            ex_id = exercise.id
            if ex_id in exercise_owners:
                path, line = exercise_owners[ex_id]
                found.append(Problem(lesson.path, exercise.line,
                                     f"exercise id '{quoted(ex_id)}' is already used by {path}:{line}"))
                ex_id = _unique(ex_id, set(exercise_owners))
            exercise_owners[ex_id] = (lesson.path, exercise.line)
            exercises.append(replace(exercise, id=ex_id, lesson_id=lesson_id))
        fixed.append(replace(lesson, id=lesson_id, exercises=tuple(exercises),
                             problems=lesson.problems + tuple(found)))
    return Course(lang=lang, lessons=tuple(_check_prerequisites(fixed, owners)),
                  problems=tuple(problems))


def _check_prerequisites(lessons: list[Lesson], owners: dict[str, Lesson]) -> Iterable[Lesson]:
    for lesson in lessons:
        missing = [Problem(lesson.path, lesson.key_lines.get("prerequisites", 1),
                           f"prerequisite '{quoted(prereq)}' names no lesson")
                   for prereq in lesson.prerequisites if prereq not in owners]
        yield replace(lesson, problems=lesson.problems + tuple(missing)) if missing else lesson
