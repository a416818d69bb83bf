"""Checks on the values an author writes, shared by the front matter and every block kind.

Each check reports what is wrong as a :class:`Problem` at the value's line and returns a
value the lesson can still use, so one mistake never hides the rest of the file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from kubelearn.course.model import Problem
from kubelearn.course.yamlblock import YamlBlock

__all__ = ["ID_RE", "MAX_TITLE", "check_keys", "check_title", "quoted", "text"]

ID_RE = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")
#: Longest lesson, exercise or step title: it has to fit a button and a heading.
MAX_TITLE = 200


def quoted(value: object, limit: int = 60) -> str:
    """A value from the file, short enough to quote in a problem."""
    shown = value if isinstance(value, str) else str(value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def text(value: Any) -> str:
    """A YAML value as text; nothing (``~``) is empty text."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def check_keys(
    block: YamlBlock, spec: Mapping[str, bool], what: str, where: str, line: int,
    problems: list[Problem],
) -> bool:
    """Report unknown keys and missing required ones (``spec``: key -> required); False when
    the block is not a mapping at all."""
    if not isinstance(block.data, dict):
        problems.append(Problem(where, line, f"{what} must be a YAML mapping of keys to values"))
        return False
    for key in block.data:
        if str(key) not in spec:
            close = difflib.get_close_matches(quoted(key), list(spec), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            known = ", ".join(spec)
            problems.append(
                Problem(where, block.key_lines.get(str(key), line),
                        f"unknown key '{quoted(key)}' in {what}{hint}; known keys: {known}")
            )
    for key, required in spec.items():
        if required and key not in block.data:
            problems.append(Problem(where, line, f"{what} is missing the key '{key}'"))
    return True


def check_title(value: Any, what: str, where: str, line: int, problems: list[Problem]) -> str:
    """``value`` as a one-line title of at most MAX_TITLE characters, reporting what is not."""
    if value is None:
        return ""
    if isinstance(value, dict | list | set | tuple | bytes):
        problems.append(Problem(where, line, f"{what} must be text, not a YAML "
                                             f"{type(value).__name__}"))
        return ""
    title = text(value).strip()
    if "\n" in title:
        problems.append(Problem(where, line, f"{what} must be one line"))
        title = " ".join(title.split())
    if len(title) > MAX_TITLE:
        problems.append(Problem(where, line, f"{what} is {len(title):,} characters long; "
                                             f"the limit is {MAX_TITLE}"))
        title = title[: MAX_TITLE - 1] + "…"
    return title
