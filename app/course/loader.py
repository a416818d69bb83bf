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
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from kubelearn.course.assemble import assemble
from kubelearn.course.blocks import BLOCKS, Fence
from kubelearn.course.fields import ID_RE, check_title, quoted
from kubelearn.course.files import course_files, read_lesson, scan_course
from kubelearn.course.front_matter import MAX_ORDER, FrontMatter, read_front_matter
from kubelearn.course.markdown import display_width, markdown_parser, unwrap_cjk
from kubelearn.course.model import Course, Lesson, Problem, Step, StepPart
from kubelearn.safe_text import CONTROL_CHARS, visible

__all__ = ["ID_RE", "assemble", "course_files", "display_width", "load_course", "load_file",
           "parse_lesson", "scan_course", "unwrap_cjk"]

#: Problems reported for one file; past this, one more line says how many were left out.
MAX_PROBLEMS = 50
#: Control characters reported one by one in a file before the rest are counted.
MAX_CONTROL_REPORTS = 10

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


class _Body:
    """Cuts the Markdown after the front matter into steps at its top-level ``##`` headings
    and hands each fenced block of a known kind to that kind's parser."""

    def __init__(self, source: str, where: str, head: FrontMatter, problems: list[Problem],
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
                      self.problems, self.notes, step=len(self.steps))
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
    head = read_front_matter(tokens, where, problems, notes)
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


def load_file(lang: str, item: Traversable) -> Lesson:
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
    lessons = [load_file(file_lang, item) for _, (file_lang, item) in sorted(chosen.items())]
    return assemble(lang, lessons, found.problems)
