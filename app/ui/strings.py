"""The interface's words, as the screens ask for them: ``strings("quiz.score", score=3, total=4)``.

The words themselves are data, in ``app/words/<lang>/ui.toml`` (English, Chinese, and any
language added there); this module is the thin API the screens use: the ``ui.`` prefix, text
values made safe to show, and the two helpers running text needs (a count in the right plural
form, a short list joined the way the language joins lists).
"""

from __future__ import annotations

from kubelearn.safe_text import visible
from kubelearn.words import words

#: Where the interface's keys live in the catalogues (``ui.toml``).
PREFIX = "ui."


class Strings:
    """The interface text in one language; a language without a catalogue falls back to English."""

    def __init__(self, lang: str = "en") -> None:
        self._words = words(lang)
        self.lang = self._words.lang

    def has(self, key: str) -> bool:
        """Whether ``key`` is an interface text (binding labels that are keys are translated)."""
        return self._words.has(PREFIX + key)

    def __call__(self, key: str, /, **values: object) -> str:
        """The text for ``key`` with ``values`` filled in. Text values (titles, hints, error
        messages: often from a lesson pack or the system) have control characters made
        visible, so whatever shows the result never sends them to the terminal."""
        return self._words(
            PREFIX + key, **{k: visible(v) if isinstance(v, str) else v for k, v in values.items()}
        )

    def count(self, key: str, n: int) -> str:
        """``n`` things, in the right form: ``count("exercise.errors", 1)`` is "1 error"."""
        return self(f"{key}.one" if n == 1 else f"{key}.other", n=n)

    def join(self, parts: list[str]) -> str:
        """A short list in running text: "1 error, 2 warnings" / "1 个错误，2 个警告"."""
        return self("list.separator").join(parts)
