"""Schema errors put into a learner's terms: where a field is, what type a value has and which
type was expected, and the name a misspelt one was probably meant to be.
"""

from __future__ import annotations

import difflib
import math
from typing import Any

from kubelearn.checker.messages import PATH_LIMIT, Words, quote, text
from kubelearn.kube.document import DocPath, format_path


def field_name(path: DocPath) -> str:
    for i in range(len(path) - 1, -1, -1):
        if isinstance(path[i], str):
            return format_path(path[i:])
    return format_path(path) or "."


def parent_name(path: DocPath, kind: str, type_name: str | None, lang: str) -> str:
    if not path:
        return text("_root", lang, kind=kind)
    shown = f"`{quote(format_path(path))}`"
    return Words(f"{shown} ({type_name})" if type_name and not isinstance(path[-1], str) else shown)


def expected_types(types: list[str], lang: str) -> Words:
    names = [text(f"_type-{t}", lang) for t in types if t != "null"] or [text("_type-null", lang)]
    return Words(text("_and", lang).join(names))


def given_value(value: Any, lang: str) -> str:
    if value is None:
        return text("_given-null", lang)
    if isinstance(value, bool):
        return text("_given-bool", lang, value="true" if value else "false")
    if isinstance(value, int | float):
        return text("_given-number", lang, value=shown_number(value))
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return text("_given-string", lang, value=shown)
    if isinstance(value, dict):
        return text("_given-object", lang)
    return text("_given-array", lang)


def shown_number(value: int | float) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("+Inf" if value > 0 else "-Inf")
    return repr(value)


def suggest(name: str, choices: list[str]) -> str | None:
    if len(name) > SUGGEST_LENGTH:  # no field name is this long: nothing is close
        return None
    lowered = {c.lower(): c for c in choices}
    if name.lower() in lowered:
        return lowered[name.lower()]
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if close:
        return close[0]
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def shown_path(path: DocPath) -> str:
    """``path`` as a finding shows it (see :func:`finding`), to compare with ``Finding.path``."""
    return quote(format_path(path), PATH_LIMIT)


#: The longest name a "did you mean" is looked for (the schema's names are far shorter).
SUGGEST_LENGTH = 100


