"""Reads lesson files into the course model and explains every problem it meets.

A lesson file is Markdown with YAML front matter (see ``lessons/README.md``). The file is cut
into steps at its top-level ``##`` headings, found with markdown-it-py's block tokens, and the
fenced ``diagram``, ``quiz`` and ``exercise`` blocks are taken out of the steps. The Markdown
between blocks is kept exactly as the author wrote it.

Nothing here raises on a bad lesson: each problem becomes a :class:`Problem` with the file and
line, and the lesson is still returned (marked broken) so the rest of the course works.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from kubelearn.course.files import course_files, read_lesson, scan_course
from kubelearn.course.model import (
    FORMAT_VERSION,
    Choice,
    Course,
    Exercise,
    Lesson,
    Problem,
    QuizQuestion,
    Step,
    StepPart,
)
from kubelearn.course.yamlblock import YamlBlock, load_block
from kubelearn.safe_text import CONTROL_CHARS, visible

__all__ = ["assemble", "course_files", "display_width", "load_course", "parse_lesson",
           "scan_course", "unwrap_cjk"]

DIAGRAM_MAX_WIDTH = 76
BLOCK_KINDS = ("diagram", "quiz", "exercise")
ID_RE = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")

FRONT_MATTER_KEYS = {"format": True, "id": True, "title": True, "order": True,
                     "minutes": False, "prerequisites": False}
QUIZ_KEYS = {"question": True, "choices": True, "answer": True, "explain": True}
EXERCISE_KEYS = {"id": True, "title": True, "prompt": True, "starter": True, "solution": True,
                 "hints": False, "expect": False}


@cache
def _parser() -> MarkdownIt:
    """Block structure only: steps and fences need no inline parsing."""
    return MarkdownIt("commonmark").use(front_matter_plugin).disable("inline")


def _q(value: object, limit: int = 60) -> str:
    """A value from the file, short enough to quote in a problem."""
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_keys(
    block: YamlBlock, spec: dict[str, bool], what: str, where: str, line: int, problems: list[Problem]
) -> bool:
    """Report unknown and missing keys; False when the block is not a mapping at all."""
    if not isinstance(block.data, dict):
        problems.append(Problem(where, line, f"{what} must be a YAML mapping of keys to values"))
        return False
    for key in block.data:
        if str(key) not in spec:
            close = difflib.get_close_matches(_q(key), list(spec), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            known = ", ".join(spec)
            problems.append(
                Problem(where, block.key_lines.get(str(key), line),
                        f"unknown key '{_q(key)}' in {what}{hint}; known keys: {known}")
            )
    for key, required in spec.items():
        if required and key not in block.data:
            problems.append(Problem(where, line, f"{what} is missing the key '{key}'"))
    return True


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def unwrap_cjk(markdown: str) -> str:
    """Join the hard-wrapped lines of Chinese paragraphs.

    Markdown turns a line break inside a paragraph into a space, which is right between
    English words and wrong between Chinese characters ("把 自己的设置"). Lines are joined
    only inside paragraphs, and only where a Chinese character (or full-width punctuation)
    meets another, so code, lists' structure and tables are untouched.
    """
    if not _CJK.search(markdown):
        return markdown
    lines = markdown.split("\n")
    joins: set[int] = set()
    for token in _parser().parse(markdown):
        if token.type == "paragraph_open" and token.map:
            start, end = token.map
            for i in range(start + 1, min(end, len(lines))):
                before, after = lines[i - 1].rstrip(), lines[i].lstrip()
                if before and after and _CJK.match(before[-1]) and _CJK.match(after[0]):
                    joins.add(i)
    if not joins:
        return markdown
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in joins and out:
            out[-1] = out[-1].rstrip() + line.lstrip()
        else:
            out.append(line)
    return "\n".join(out)


def display_width(text: str) -> int:
    """Terminal columns taken by ``text`` (wide East Asian characters count as two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --------------------------------------------------------------------------- blocks


def _parse_quiz(block: YamlBlock, where: str, line: int, problems: list[Problem]) -> QuizQuestion | None:
    before = len(problems)
    if not _check_keys(block, QUIZ_KEYS, "quiz question", where, line, problems):
        return None
    data = block.data
    choices_raw = data.get("choices")
    explain_raw = data.get("explain")
    answer = _text(data.get("answer")).strip()
    choices_line = block.key_lines.get("choices", line)
    if "choices" in data and (not isinstance(choices_raw, dict) or len(choices_raw) < 2):
        problems.append(Problem(where, choices_line,
                                "choices must be a mapping of two or more keys (a, b, ...) to text"))
        choices_raw = None
    if "explain" in data and not isinstance(explain_raw, dict):
        problems.append(Problem(where, block.key_lines.get("explain", line),
                                "explain must be a mapping from each choice key to its explanation"))
        explain_raw = None
    choices: list[Choice] = []
    if isinstance(choices_raw, dict):
        keys = [str(k) for k in choices_raw]
        if "answer" in data and answer not in keys:
            problems.append(Problem(where, block.key_lines.get("answer", line),
                                    f"answer '{_q(answer)}' is not among the choices "
                                    f"({_q(', '.join(keys), 200)})"))
        explain = {str(k): v for k, v in (explain_raw or {}).items()}
        for key in keys:
            if explain_raw is not None and not _text(explain.get(key)).strip():
                problems.append(Problem(where, block.key_lines.get("explain", line),
                                        f"choice '{_q(key)}' has no explanation under explain"))
        for key in explain:
            if key not in keys:
                problems.append(Problem(where, block.key_lines.get("explain", line),
                                        f"explain has '{_q(key)}', which is not a choice"))
        for key, text in choices_raw.items():
            choices.append(Choice(str(key), unwrap_cjk(_text(text).strip()),
                                  unwrap_cjk(_text(explain.get(str(key))).strip())))
    if len(problems) > before:
        return None
    return QuizQuestion(unwrap_cjk(_text(data["question"]).strip()), tuple(choices), answer, line)


def _parse_exercise(
    block: YamlBlock, lesson_id: str, where: str, line: int, problems: list[Problem]
) -> Exercise | None:
    before = len(problems)
    ex_id = _text(block.data.get("id")) if isinstance(block.data, dict) else ""
    label = f"exercise '{_q(ex_id)}'" if ex_id else "exercise"
    if not _check_keys(block, EXERCISE_KEYS, label, where, line, problems):
        return None
    data = block.data
    if "id" in data and not ID_RE.match(ex_id):
        problems.append(Problem(where, block.key_lines.get("id", line),
                                f"exercise id '{_q(ex_id)}' must be lowercase letters, digits and '-'"))
    for key in ("starter", "solution"):
        if key in data and not isinstance(data[key], str):
            problems.append(Problem(where, block.key_lines.get(key, line),
                                    f"{key} must be YAML text (write it as a block: '{key}: |')"))
    hints = data.get("hints", [])
    if hints is None or not isinstance(hints, list) or not all(isinstance(h, str) for h in hints):
        problems.append(Problem(where, block.key_lines.get("hints", line),
                                "hints must be a list of text, gentlest first"))
        hints = []
    expect = data.get("expect", []) or []
    if not isinstance(expect, list):
        problems.append(Problem(where, block.key_lines.get("expect", line),
                                "expect must be a list of expectations"))
        expect = []
    else:
        _check_expectations(expect, block.item_lines.get("expect", []),
                            block.key_lines.get("expect", line), where, problems)
    title = _check_title(data["title"], "exercise title", where,
                         block.key_lines.get("title", line), problems)
    if len(problems) > before:
        return None
    return Exercise(
        id=ex_id,
        title=title,
        prompt=unwrap_cjk(_text(data["prompt"]).strip()),
        starter=data["starter"],
        solution=data["solution"],
        hints=tuple(unwrap_cjk(h.strip()) for h in hints),
        expectations=tuple(expect),
        lesson_id=lesson_id,
        line=line,
    )


def _check_expectations(
    expect: list, item_lines: list[int], key_line: int, where: str, problems: list[Problem]
) -> None:
    try:
        from kubelearn.checker.expectations import ExpectationError, parse_expectations
    except ImportError:  # the checker is optional for reading a course
        return
    try:
        parse_expectations(expect)
    except ExpectationError as exc:
        index = getattr(exc, "index", None)
        line = item_lines[index] if isinstance(index, int) and index < len(item_lines) else key_line
        message = getattr(exc, "message", None) or str(exc)
        problems.append(Problem(where, line, f"expectation: {message}"))
    except Exception as exc:  # noqa: BLE001 - a strange expectation must not crash the course
        problems.append(Problem(where, key_line, f"expectation: cannot be read ({exc!r})"))


def _check_diagram(text: str, first_line: int, where: str, problems: list[Problem]) -> None:
    for offset, row in enumerate(text.splitlines()):
        width = display_width(row.rstrip())
        if width > DIAGRAM_MAX_WIDTH:
            problems.append(Problem(
                where, first_line + offset,
                f"diagram line is {width} columns wide; the limit is {DIAGRAM_MAX_WIDTH}"
                " (a Chinese character counts as two)"))


# --------------------------------------------------------------------------- lesson files

#: Longest lesson, exercise or step title: it has to fit a button and a heading.
MAX_TITLE = 200
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


def _check_title(value: Any, what: str, where: str, line: int, problems: list[Problem]) -> str:
    """``value`` as a one-line title of at most MAX_TITLE characters, reporting what is not."""
    if value is None:
        return ""
    if isinstance(value, dict | list | set | tuple | bytes):
        problems.append(Problem(where, line, f"{what} must be text, not a YAML "
                                             f"{type(value).__name__}"))
        return ""
    text = _text(value).strip()
    if "\n" in text:
        problems.append(Problem(where, line, f"{what} must be one line"))
        text = " ".join(text.split())
    if len(text) > MAX_TITLE:
        problems.append(Problem(where, line, f"{what} is {len(text):,} characters long; "
                                             f"the limit is {MAX_TITLE}"))
        text = text[: MAX_TITLE - 1] + "…"
    return text


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
            if _check_keys(block, FRONT_MATTER_KEYS, "the front matter", where, 1, problems):
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
                                f"format {_q(fmt)} is newer than this kubelearn reads "
                                f"({FORMAT_VERSION}); upgrade kubelearn"))
    raw_id = meta.get("id")
    head.id = _text(raw_id) if isinstance(raw_id, str | int) else ""
    if "id" in meta and not ID_RE.match(head.id):
        problems.append(Problem(where, key_line("id"),
                                f"id '{_q(_text(raw_id))}' must be lowercase letters, digits "
                                "and '-'"))
        head.id = ""  # the course gives it one from the file name
    head.title = _check_title(meta.get("title"), "title", where, key_line("title"), problems)
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
    and takes out the fenced ``diagram``, ``quiz`` and ``exercise`` blocks."""

    def __init__(self, source: str, where: str, head: _Head, problems: list[Problem],
                 notes: list[Problem]) -> None:
        self.lines = source.splitlines()
        self.where = where
        self.lesson_id = head.id
        self.problems = problems
        self.notes = notes
        self.steps: list[Step] = []
        self.quiz: list[QuizQuestion] = []
        self.exercises: list[Exercise] = []
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
            self.title = _check_title(inline.content, "step title", self.where, start + 1,
                                      self.problems)
            self.title_line = start + 1
        self.cursor = end  # a lesson-level "# Title" is not shown inside a step

    def _fence(self, token: Any) -> None:
        start, end = token.map
        kind, _, rest = token.info.strip().partition(" ")
        if kind not in BLOCK_KINDS:
            guess = difflib.get_close_matches(kind[:40], BLOCK_KINDS, n=1, cutoff=0.75)
            if kind and guess:
                self.problems.append(Problem(self.where, start + 1, f"unknown block '{_q(kind)}' "
                                                                    f"(did you mean '{guess[0]}'?)"))
            return
        self._flush_markdown(start)
        self.cursor = end
        content_line = start + 2  # 1-based line of the block's first content line
        if kind == "diagram":
            text = token.content.rstrip("\n")
            _check_diagram(text, content_line, self.where, self.problems)
            self.parts.append(StepPart("diagram", text, rest.strip()))
            return
        try:
            self._block(kind, token.content, start + 1)
        except Exception as exc:  # noqa: BLE001 - one strange block must not lose the lesson
            self.problems.append(Problem(self.where, start + 1, f"cannot read this {kind} block "
                                                                f"({type(exc).__name__}: {exc})"))

    def _block(self, kind: str, content: str, line: int) -> None:
        block = load_block(content, line + 1, self.where, self.problems, self.notes)
        if block is None:
            return
        if kind == "quiz":
            question = _parse_quiz(block, self.where, line, self.problems)
            if question:
                self.quiz.append(question)
        else:
            exercise = _parse_exercise(block, self.lesson_id, self.where, line, self.problems)
            if exercise:
                self.exercises.append(exercise)


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
    tokens = _parser().parse(source)
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
        quiz=tuple(body.quiz),
        exercises=tuple(body.exercises),
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
                                 f"lesson id '{_q(lesson_id)}' is already used by "
                                 f"{owners[lesson_id].path}"))
            lesson_id = _unique(lesson_id, set(owners))
        owners[lesson_id] = lesson
        exercises = []
        for exercise in lesson.exercises:
            ex_id = exercise.id
            if ex_id in exercise_owners:
                path, line = exercise_owners[ex_id]
                found.append(Problem(lesson.path, exercise.line,
                                     f"exercise id '{_q(ex_id)}' is already used by {path}:{line}"))
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
                           f"prerequisite '{_q(prereq)}' names no lesson")
                   for prereq in lesson.prerequisites if prereq not in owners]
        yield replace(lesson, problems=lesson.problems + tuple(missing)) if missing else lesson
