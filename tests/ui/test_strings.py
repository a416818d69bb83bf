"""The interface's words come from the catalogues (``app/words/<lang>/ui.toml``) through
``Strings``: every key the code asks for exists, text values are shown safely, and a language
added as data alone speaks in the interface and in the tutor's status line.

That every language has every key with the same fields is ``tests/test_words.py``'s part.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from kubelearn import words as words_module
from kubelearn.checker import check
from kubelearn.tutor import status_line
from kubelearn.ui.strings import Strings
from kubelearn.words import DEFAULT_LANG, load

UI = Path(__file__).resolve().parents[2] / "app" / "ui"
MARK = "«xx» "


def test_strings_fall_back_to_english_for_an_unknown_language():
    assert Strings("fr").lang == "en"
    assert Strings("fr")("quiz.right") == "Right!"
    assert Strings("zh")("quiz.score", score=1, total=2) == "你的得分：1/2"


def test_counts_and_lists_read_as_running_text():
    en, zh = Strings("en"), Strings("zh")
    assert en.join([en.count("exercise.errors", 1), en.count("exercise.warnings", 2)]) == (
        "1 error, 2 warnings"
    )
    assert zh.join([zh.count("exercise.errors", 1), zh.count("exercise.warnings", 2)]) == (
        "1 个错误，2 个警告"
    )


def test_text_values_have_their_control_characters_made_visible():
    assert Strings("en")("cmd.lesson", title="a\x1b]0;x\x07b") == "Lesson: a\\x1b]0;x\\x07b"


def test_every_key_the_interface_asks_for_exists():
    asked = set()
    for path in UI.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        asked.update(re.findall(r"""\bs\(\s*["']([a-z_]+(?:\.[a-z_]+)+)["']""", source))
        asked.update(re.findall(r"""Binding\([^)]*?["'](key\.[a-z_]+)["']""", source))
    assert len(asked) > 40
    strings = Strings("en")
    assert sorted(key for key in asked if not strings.has(key)) == []


def test_a_language_added_as_data_speaks_in_the_interface_and_the_tutor(tmp_path, monkeypatch):
    folder = tmp_path / "xx"
    folder.mkdir()
    for area in ("ui", "checker"):
        table = {k.split(".", 1)[1]: v for k, v in load(DEFAULT_LANG).items()
                 if k.startswith(area + ".")}
        lines = [f"{json.dumps(k)} = {json.dumps(MARK + v, ensure_ascii=False)}"
                 for k, v in sorted(table.items())]
        (folder / f"{area}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(words_module, "_ROOTS", [*words_module._ROOTS, tmp_path])
    words_module.words.cache_clear()
    try:
        strings = Strings("xx")
        assert strings.lang == "xx"
        assert strings("quiz.score", score=1, total=2) == MARK + "Your score: 1/2"
        report = check("apiVersion: v1\nkind: Pod\n", lang="xx")
        assert status_line(report, "xx").startswith(MARK)
    finally:
        words_module.words.cache_clear()
