"""How the checker turns a code and the values it found into a finding a learner reads.

The sentences themselves are data, one catalogue per language (``app/words/<lang>/checker.toml``,
read through :func:`kubelearn.words.words`): each code has a one-line ``message``, a plain-words
``explanation`` and, where there is one, a ``hint``. What lives here is what keeps them safe to
print: values from the manifest are quoted (one line, control characters visible, clipped), and
every finding is bounded before it reaches a terminal.
"""

from __future__ import annotations

import reprlib
from dataclasses import replace
from typing import Any

from kubelearn.checker.findings import SEVERITY, Finding, Severity
from kubelearn.safe_text import visible
from kubelearn.words import words

#: A value from the manifest is shown at most this long in a sentence.
VALUE_LIMIT = 80
#: The longest message, hint, path and explanation a finding may have (a last safeguard).
MESSAGE_LIMIT, HINT_LIMIT, PATH_LIMIT, EXPLANATION_LIMIT = 500, 500, 200, 1500


def unworded(code: str, line: int, column: int, *, path: str = "",
             severity: Severity | None = None) -> Finding:
    """A finding that is counted but never shown: it has a place and a code, no words."""
    return Finding(severity or SEVERITY.get(code, Severity.ERROR), line, column, code, "",
                   quote(path, PATH_LIMIT))


class Words(str):
    """Text safe to show as it is: a sentence of ours, or a value already :func:`quote`-d.

    Every other string given to a sentence is a value from the input: it is quoted.
    """

    __slots__ = ()


_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxstring = _SHORT_REPR.maxother = VALUE_LIMIT


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the cut marked with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(value: Any, limit: int = VALUE_LIMIT) -> Any:
    """A value from the input as a sentence may show it: on one line, control characters
    visible, at most ``limit`` characters. Numbers, None and :class:`Words` pass unchanged."""
    if isinstance(value, Words) or value is None or isinstance(value, bool | float):
        return value
    if isinstance(value, int):
        return value if value.bit_length() < 256 else Words(clip(_SHORT_REPR.repr(value), limit))
    if not isinstance(value, str):
        value = _SHORT_REPR.repr(value)
    return Words(clip(visible(value[: limit + 1], keep_newlines=False), limit))


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def text(code: str, lang: str = "en", part: str = "message", **fields: Any) -> Words:
    """One rendered sentence of ``lang``'s catalogue; unknown ``{fields}`` are left as written.

    The template is ``checker.<code>.<part>`` (``checker.tab-indent.hint``); a part the code
    does not have is empty. Values from the input are quoted (:func:`quote`); pieces made by
    ``text`` are kept whole.
    """
    catalogue = words(lang)
    key = f"checker.{code}.{part}"
    template = catalogue.template(key) if catalogue.has(key) else ""
    if not template:
        return Words("")
    return Words(template.format_map(_Blank({k: quote(v) for k, v in fields.items()})))


def finding(
    code: str,
    line: int,
    column: int,
    *,
    lang: str = "en",
    path: str = "",
    severity: Severity | None = None,
    entry: str | None = None,
    **fields: Any,
) -> Finding:
    """A Finding whose message, explanation and hint come from the catalogue.

    ``entry`` picks a variant wording from the catalogue (default: the entry named ``code``).
    """
    key = entry or code
    return Finding(
        severity=severity or SEVERITY.get(code, Severity.ERROR),
        line=line,
        column=column,
        code=code,
        message=text(key, lang, "message", **fields),
        path=quote(path, PATH_LIMIT),
        explanation=text(key, lang, "explanation", **fields),
        hint=text(key, lang, "hint", **fields),
    )


def internal_error(exc: BaseException, stage: str, pos: Any, lang: str, part: str = "") -> Finding:
    """The finding for a failure inside the checker: which stage (and ``part`` of it, such as
    the name of a check), at which object, and what went wrong."""
    try:
        detail = f"{type(exc).__name__}: {exc}"
    except Exception:  # an exception whose str() fails too
        detail = type(exc).__name__
    if part:
        detail = f"{part}: {detail}"
    return finding("internal-error", pos.line, pos.column, lang=lang,
                   where=text(f"_stage-{stage}", lang), detail=quote(detail, 200))


def bounded(f: Finding) -> Finding:
    """``f`` with no control character and no string over its limit: the last safeguard
    before a finding reaches a terminal."""
    message = clip(visible(f.message, keep_newlines=False), MESSAGE_LIMIT)
    path = clip(visible(f.path, keep_newlines=False), PATH_LIMIT)
    explanation = clip(visible(f.explanation, keep_newlines=False), EXPLANATION_LIMIT)
    hint = clip(visible(f.hint, keep_newlines=False), HINT_LIMIT)
    if (message, path, explanation, hint) == (f.message, f.path, f.explanation, f.hint):
        return f
    return replace(f, message=message, path=path, explanation=explanation, hint=hint)
