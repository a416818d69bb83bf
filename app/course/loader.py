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
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from kubelearn.course.model import (
    FORMAT_VERSION,
    LANGS,
    Choice,
    Course,
    Exercise,
    Lesson,
    Problem,
    QuizQuestion,
    Step,
    StepPart,
)

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


# --------------------------------------------------------------------------- YAML with lines


@dataclass
class _Yaml:
    """A YAML mapping block with the line of each top-level key and list item."""

    data: Any
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)


class _LessonLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when built
    """YAML for lesson text: only ``true``/``false`` are booleans, so a quiz choice ``no`` or an
    explanation ``yes`` stays text (YAML 1.1's yes/no/on/off surprise authors)."""


_LessonLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LessonLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _plain(node: yaml.Node) -> Any:
    """A composed node as plain Python values (safe: tags are resolved, never constructed)."""
    loader = _LessonLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _load_block(text: str, first_line: int, where: str, problems: list[Problem]) -> _Yaml | None:
    """Parse a YAML block whose first line is ``first_line`` in the file."""
    try:
        node = yaml.compose(text, Loader=_LessonLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark and exc.context_mark and mark.line >= len(text.splitlines()):
            mark = exc.context_mark  # at the end of the block: where the open bracket was
        line = first_line + (mark.line if mark else 0)
        problems.append(Problem(where, line, f"YAML error: {exc.problem or exc}"))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(where, first_line, f"YAML error: {exc}"))
        return None
    if node is None:
        return _Yaml(None)
    result = _Yaml(_plain(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = first_line + key_node.start_mark.line
            if key in seen:
                problems.append(
                    Problem(where, line, f"duplicate key '{key}' (first on line {seen[key]})")
                )
            seen[key] = line
            result.key_lines[key] = line
            if isinstance(value_node, yaml.SequenceNode):
                result.item_lines[key] = [first_line + v.start_mark.line for v in value_node.value]
            elif isinstance(value_node, yaml.MappingNode):
                result.item_lines[key] = [first_line + k.start_mark.line for k, _ in value_node.value]
    return result


def _check_keys(
    block: _Yaml, spec: dict[str, bool], what: str, where: str, line: int, problems: list[Problem]
) -> bool:
    """Report unknown and missing keys; False when the block is not a mapping at all."""
    if not isinstance(block.data, dict):
        problems.append(Problem(where, line, f"{what} must be a YAML mapping of keys to values"))
        return False
    for key in block.data:
        if str(key) not in spec:
            close = difflib.get_close_matches(str(key), list(spec), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            known = ", ".join(spec)
            problems.append(
                Problem(where, block.key_lines.get(str(key), line),
                        f"unknown key '{key}' in {what}{hint}; known keys: {known}")
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


def _parse_quiz(block: _Yaml, where: str, line: int, problems: list[Problem]) -> QuizQuestion | None:
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
                                    f"answer '{answer}' is not among the choices ({', '.join(keys)})"))
        explain = {str(k): v for k, v in (explain_raw or {}).items()}
        for key in keys:
            if explain_raw is not None and not _text(explain.get(key)).strip():
                problems.append(Problem(where, block.key_lines.get("explain", line),
                                        f"choice '{key}' has no explanation under explain"))
        for key in explain:
            if key not in keys:
                problems.append(Problem(where, block.key_lines.get("explain", line),
                                        f"explain has '{key}', which is not a choice"))
        for key, text in choices_raw.items():
            choices.append(Choice(str(key), unwrap_cjk(_text(text).strip()),
                                  unwrap_cjk(_text(explain.get(str(key))).strip())))
    if len(problems) > before:
        return None
    return QuizQuestion(unwrap_cjk(_text(data["question"]).strip()), tuple(choices), answer, line)


def _parse_exercise(
    block: _Yaml, lesson_id: str, where: str, line: int, problems: list[Problem]
) -> Exercise | None:
    before = len(problems)
    ex_id = _text(block.data.get("id")) if isinstance(block.data, dict) else ""
    label = f"exercise '{ex_id}'" if ex_id else "exercise"
    if not _check_keys(block, EXERCISE_KEYS, label, where, line, problems):
        return None
    data = block.data
    if "id" in data and not ID_RE.match(ex_id):
        problems.append(Problem(where, block.key_lines.get("id", line),
                                f"exercise id '{ex_id}' must be lowercase letters, digits and '-'"))
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
    if len(problems) > before:
        return None
    return Exercise(
        id=ex_id,
        title=_text(data["title"]).strip(),
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


def _check_diagram(text: str, first_line: int, where: str, problems: list[Problem]) -> None:
    for offset, row in enumerate(text.splitlines()):
        width = display_width(row.rstrip())
        if width > DIAGRAM_MAX_WIDTH:
            problems.append(Problem(
                where, first_line + offset,
                f"diagram line is {width} columns wide; the limit is {DIAGRAM_MAX_WIDTH}"
                " (a Chinese character counts as two)"))


# --------------------------------------------------------------------------- lesson files


def parse_lesson(source: str, where: str, lang: str = "en") -> Lesson:
    """Parse one lesson file's text. ``where`` is the path shown in problems."""
    problems: list[Problem] = []
    tokens = _parser().parse(source)
    lines = source.splitlines()

    meta: dict[str, Any] = {}
    meta_block: _Yaml | None = None
    if tokens and tokens[0].type == "front_matter":
        fm = tokens[0]
        meta_block = _load_block(fm.content, 2, where, problems)
        if meta_block is not None and _check_keys(
            meta_block, FRONT_MATTER_KEYS, "the front matter", where, 1, problems
        ):
            meta = meta_block.data
    else:
        problems.append(Problem(where, 1, "the file must start with front matter: a '---' line, "
                                          "YAML with format, id, title and order, and another '---'"))
    key_line = (lambda key: meta_block.key_lines.get(key, 1)) if meta_block else (lambda key: 1)

    fmt = meta.get("format")
    if "format" in meta and (not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1):
        problems.append(Problem(where, key_line("format"), "format must be a whole number, e.g. 1"))
    elif isinstance(fmt, int) and fmt > FORMAT_VERSION:
        problems.append(Problem(where, key_line("format"),
                                f"format {fmt} is newer than this kubelearn reads ({FORMAT_VERSION});"
                                " upgrade kubelearn"))
    lesson_id = _text(meta.get("id"))
    if "id" in meta and not ID_RE.match(lesson_id):
        problems.append(Problem(where, key_line("id"),
                                f"id '{lesson_id}' must be lowercase letters, digits and '-'"))
    order = meta.get("order", 0)
    if "order" in meta and (not isinstance(order, int) or isinstance(order, bool)):
        problems.append(Problem(where, key_line("order"), "order must be a whole number"))
        order = 0
    minutes = meta.get("minutes", 0)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0:
        problems.append(Problem(where, key_line("minutes"), "minutes must be a whole number"))
        minutes = 0
    prereq = meta.get("prerequisites") or []
    if isinstance(prereq, str):
        prereq = [prereq]
    if not isinstance(prereq, list):
        problems.append(Problem(where, key_line("prerequisites"),
                                "prerequisites must be a list of lesson ids"))
        prereq = []

    # Cut into steps at top-level h2 headings; take out our fenced blocks.
    body_start = (tokens[0].map[1] if tokens and tokens[0].type == "front_matter" else 0)
    steps: list[Step] = []
    quiz: list[QuizQuestion] = []
    exercises: list[Exercise] = []
    current_title = _text(meta.get("title")) or lesson_id
    current_line = body_start + 1
    cursor = body_start  # 0-based index of the next source line not yet placed in a part
    parts: list[StepPart] = []

    def flush_markdown(upto: int) -> None:
        nonlocal cursor
        chunk = "\n".join(lines[cursor:upto]).strip("\n")
        if chunk.strip():
            parts.append(StepPart("markdown", unwrap_cjk(chunk)))
        cursor = max(cursor, upto)

    def close_step() -> None:
        if any(p.kind == "markdown" and p.text.strip() or p.kind == "diagram" for p in parts):
            steps.append(Step(current_title.strip(), tuple(parts), current_line))
        parts.clear()

    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.level != 0 or token.map is None:
            index += 1
            continue
        start, end = token.map
        if token.type == "heading_open" and token.tag in ("h1", "h2"):
            inline = tokens[index + 1]
            flush_markdown(start)
            if token.tag == "h2":
                close_step()
                current_title = inline.content
                current_line = start + 1
            cursor = end  # a lesson-level "# Title" is not shown inside a step
            index += 3
            continue
        if token.type == "fence":
            info = token.info.strip()
            kind, _, rest = info.partition(" ")
            content_line = start + 2  # 1-based line of the block's first content line
            if kind in BLOCK_KINDS:
                flush_markdown(start)
                cursor = end
                if kind == "diagram":
                    text = token.content.rstrip("\n")
                    _check_diagram(text, content_line, where, problems)
                    parts.append(StepPart("diagram", text, rest.strip()))
                else:
                    block = _load_block(token.content, content_line, where, problems)
                    if block is not None and kind == "quiz":
                        question = _parse_quiz(block, where, start + 1, problems)
                        if question:
                            quiz.append(question)
                    elif block is not None:
                        exercise = _parse_exercise(block, lesson_id, where, start + 1, problems)
                        if exercise:
                            exercises.append(exercise)
            elif kind and difflib.get_close_matches(kind, BLOCK_KINDS, n=1, cutoff=0.75):
                guess = difflib.get_close_matches(kind, BLOCK_KINDS, n=1, cutoff=0.75)[0]
                problems.append(Problem(where, start + 1,
                                        f"unknown block '{kind}' (did you mean '{guess}'?)"))
        index += 1
    flush_markdown(len(lines))
    close_step()

    if not steps and not problems:
        problems.append(Problem(where, body_start + 1, "the lesson has no steps: "
                                                       "add text under '## ' headings"))
    return Lesson(
        id=lesson_id,
        title=_text(meta.get("title")).strip() or lesson_id or Path(where).stem,
        order=order,
        lang=lang,
        path=where,
        prerequisites=tuple(str(p) for p in prereq),
        minutes=minutes,
        steps=tuple(steps),
        quiz=tuple(quiz),
        exercises=tuple(exercises),
        problems=tuple(problems),
        key_lines=dict(meta_block.key_lines) if meta_block else {},
    )


# --------------------------------------------------------------------------- courses


def _display(root: Traversable | Path, item: Traversable, rel: str) -> str:
    if isinstance(root, Path):
        return str(Path(root) / rel)
    return str(item)


def _lesson_files(folder: Traversable) -> dict[str, Traversable]:
    if not folder.is_dir():
        return {}
    return {f.name: f for f in folder.iterdir() if f.name.endswith(".md") and f.is_file()
            and f.name.lower() != "readme.md"}


def course_files(root: Traversable | Path) -> dict[str, dict[str, Traversable]]:
    """``{lang: {file name: file}}``; a folder of bare ``.md`` files is English."""
    by_lang = {lang: _lesson_files(root / lang) for lang in LANGS}
    if not any(by_lang.values()):
        by_lang["en"] = _lesson_files(root)
    return by_lang


def _read(item: Traversable, where: str) -> tuple[str | None, Problem | None]:
    try:
        return item.read_bytes().decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, Problem(where, 1, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except OSError as exc:
        return None, Problem(where, 1, f"cannot read the file: {exc.strerror or exc}")


def _load_file(root: Traversable | Path, lang: str, name: str, item: Traversable) -> Lesson:
    rel = f"{lang}/{name}" if item.name == name and (root / lang).is_dir() else name
    where = _display(root, item, rel)
    text, problem = _read(item, where)
    if text is None:
        return Lesson(id=Path(name).stem, title=Path(name).stem, order=10**6, lang=lang,
                      path=where, problems=(problem,))
    return parse_lesson(text, where, lang)


def load_course(root: Traversable | Path | None = None, lang: str = "en") -> Course:
    """Load the course in ``lang``, falling back to English lesson by lesson.

    ``root`` is a course folder (``en/``, ``zh/``) or ``None`` for the shipped course. A
    Chinese file stands in for the English file of the same name.
    """
    if root is None:
        from kubelearn.paths import shipped_lessons

        root = shipped_lessons()
    files = course_files(root)
    chosen: dict[str, tuple[str, Traversable]] = {
        name: ("en", item) for name, item in files.get("en", {}).items()
    }
    if lang != "en":
        for name, item in files.get(lang, {}).items():
            chosen[name] = (lang, item)
    lessons = [_load_file(root, file_lang, name, item)
               for name, (file_lang, item) in sorted(chosen.items())]
    return _assemble(lang, lessons)


def _assemble(lang: str, lessons: Iterable[Lesson]) -> Course:
    """Order lessons and report what only the whole course can see."""
    lessons = sorted(lessons, key=lambda lesson: (lesson.order, lesson.path))
    extra: dict[int, list[Problem]] = {}
    seen_lessons: dict[str, Lesson] = {}
    seen_exercises: dict[str, tuple[Lesson, int]] = {}
    for i, lesson in enumerate(lessons):
        found = extra.setdefault(i, [])
        if lesson.id and lesson.id in seen_lessons:
            other = seen_lessons[lesson.id]
            found.append(Problem(lesson.path, lesson.key_lines.get("id", 1),
                                 f"duplicate lesson id '{lesson.id}' (also in {other.path})"))
        seen_lessons.setdefault(lesson.id, lesson)
        for exercise in lesson.exercises:
            if exercise.id in seen_exercises:
                other, line = seen_exercises[exercise.id]
                found.append(Problem(lesson.path, exercise.line,
                                     f"duplicate exercise id '{exercise.id}' "
                                     f"(also in {other.path}:{line})"))
            else:
                seen_exercises[exercise.id] = (lesson, exercise.line)
    for i, lesson in enumerate(lessons):
        for prereq in lesson.prerequisites:
            if prereq not in seen_lessons:
                extra[i].append(Problem(lesson.path, lesson.key_lines.get("prerequisites", 1),
                                        f"prerequisite '{prereq}' names no lesson"))
    fixed = []
    for i, lesson in enumerate(lessons):
        if extra.get(i):
            lesson = _with_problems(lesson, extra[i])
        fixed.append(lesson)
    return Course(lang=lang, lessons=tuple(fixed))


def _with_problems(lesson: Lesson, problems: list[Problem]) -> Lesson:
    from dataclasses import replace

    return replace(lesson, problems=lesson.problems + tuple(problems))

