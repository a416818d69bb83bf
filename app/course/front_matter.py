"""A lesson's front matter: the YAML between the ``---`` lines that says what the lesson is.

Read into a :class:`FrontMatter` whose every value is usable (an id that is not valid is
empty, so the course gives one from the file name), with a problem for each mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kubelearn.course.fields import ID_RE, check_keys, check_title, quoted, text
from kubelearn.course.model import FORMAT_VERSION, Problem
from kubelearn.course.yamlblock import load_block

__all__ = ["KEYS", "MAX_ORDER", "FrontMatter", "read_front_matter"]

#: The keys front matter may have, each True when required.
KEYS = {"format": True, "id": True, "title": True, "order": True,
        "minutes": False, "prerequisites": False}
MAX_ORDER = 10**6
MAX_MINUTES = 1000


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
class FrontMatter:
    """What the front matter says about the lesson, checked."""

    id: str = ""
    title: str = ""
    order: int = 0
    minutes: int = 0
    prerequisites: tuple[str, ...] = ()
    key_lines: dict[str, int] = field(default_factory=dict)


def read_front_matter(tokens: list, where: str, problems: list[Problem],
                  notes: list[Problem]) -> FrontMatter:
    meta: dict[str, Any] = {}
    head = FrontMatter()
    if tokens and tokens[0].type == "front_matter":
        block = load_block(tokens[0].content, 2, where, problems, notes)
        if block is not None:
            head.key_lines = dict(block.key_lines)
            if check_keys(block, KEYS, "the front matter", where, 1, problems):
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
