"""The interface text exists in both languages, with the same placeholders."""

from __future__ import annotations

import string

from kubelearn.ui.strings import EN, ZH, Strings


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_string_has_a_chinese_translation_with_the_same_placeholders():
    assert EN.keys() == ZH.keys()
    for key in EN:
        assert placeholders(EN[key]) == placeholders(ZH[key]), key


def test_strings_fall_back_to_english_for_an_unknown_language():
    assert Strings("fr")("quiz.right") == "Right!"
    assert Strings("zh")("quiz.score", score=1, total=2) == "你的得分：1/2"
