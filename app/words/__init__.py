"""Every learner-facing word, as data: one TOML catalogue per language and area.

``app/words/<lang>/<area>.toml`` holds the text of one area (``ui``, ``checker``, ``goals``,
``purposes``) in one language. Keys are flattened with dots: in ``checker.toml`` the table
``[selector-mismatch]`` with ``message = "..."`` is ``checker.selector-mismatch.message``.
Values are ``str.format`` templates with named ``{fields}``.

Why TOML and not gettext ``.po``: the keys are stable ids that the code already uses (finding
codes, UI keys), so a catalogue needs no compile step and no extraction tool, English is a
catalogue like any other (one format for every language), a translator edits a file that reads
like the English one beside it, and ``tomllib`` is in the standard library. A new language is a
new folder of the same files; ``tests/test_words.py`` checks every language has every key with
the same fields. Plural forms, the one thing gettext adds, are two keys (``.one``/``.other``).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_LANG", "Words", "fields_of", "languages", "load", "words"]

DEFAULT_LANG = "en"

#: Where catalogues are looked for: the package's own folder, then any a test or a course adds.
#: (A plain path, not importlib.resources: the package is always files on disk, and
#: importlib.resources alone costs more start-up time than reading the catalogues.)
_ROOTS: list[Path] = [Path(__file__).parent]


class _Blank(dict):
    """Fields a template names but the caller did not pass stay as written (``{name}``)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _flatten(prefix: str, table: Mapping[str, Any], out: dict[str, str], where: str) -> None:
    for key, value in table.items():
        name = f"{prefix}.{key}"
        if isinstance(value, Mapping):
            _flatten(name, value, out, where)
        elif isinstance(value, str):
            out[name] = value
        else:
            raise ValueError(f"{where}: {name} is not text")


def _catalogue_files(lang: str, area: str = "*") -> Iterable[Path]:
    for root in _ROOTS:
        yield from sorted((root / lang).glob(f"{area}.toml"))


def load(lang: str, area: str = "*") -> dict[str, str]:
    """Every key of ``lang``'s catalogues (or of one ``area``), flattened
    (``{"ui.map.continue": "..."}``)."""
    import tomllib  # only when a catalogue is read: a clean `kubelearn check` reads none

    out: dict[str, str] = {}
    for item in _catalogue_files(lang, area):
        _flatten(item.stem, tomllib.loads(item.read_text(encoding="utf-8")), out, item.name)
    return out


def languages() -> tuple[str, ...]:
    """The languages with a catalogue, the default first."""
    found = {DEFAULT_LANG}
    for root in _ROOTS:
        if root.is_dir():
            found.update(d.name for d in root.iterdir() if d.is_dir() and not d.name.startswith(("_", ".")))
    return (DEFAULT_LANG, *sorted(found - {DEFAULT_LANG}))


def fields_of(template: str) -> frozenset[str]:
    """The ``{fields}`` a template names."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


class Words:
    """The catalogue of one language; a key it lacks falls back to English.

    Each area's file is read the first time one of its keys is asked for, so the checker
    never parses the interface's words and the interface never parses the field purposes.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in languages() else DEFAULT_LANG
        self._areas: dict[tuple[str, str], dict[str, str]] = {}

    def _area(self, lang: str, key: str) -> dict[str, str]:
        area = key.split(".", 1)[0]
        table = self._areas.get((lang, area))
        if table is None:
            table = self._areas[(lang, area)] = load(lang, area) if area.isidentifier() else {}
        return table

    def template(self, key: str) -> str:
        found = self._area(self.lang, key).get(key)
        return found if found is not None else self._area(DEFAULT_LANG, key)[key]

    def has(self, key: str) -> bool:
        return key in self._area(self.lang, key) or key in self._area(DEFAULT_LANG, key)

    def __call__(self, key: str, /, **fields: Any) -> str:
        """``key``'s text with ``fields`` filled in; unknown fields stay as ``{name}``."""
        text = self.template(key)
        return text.format_map(_Blank(fields)) if fields else text

    def get(self, key: str, default: str = "", /, **fields: Any) -> str:
        """Like calling, but ``default`` for a key no catalogue has."""
        return self(key, **fields) if self.has(key) else default


@cache
def words(lang: str) -> Words:
    """The shared catalogue of ``lang`` (loaded once per process)."""
    return Words(lang)


def add_root(root: Path) -> None:
    """Look for catalogues in ``root`` too (a third language shipped as data, or a test's)."""
    _ROOTS.append(root)
    words.cache_clear()
