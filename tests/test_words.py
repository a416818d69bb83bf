"""Words as data: every language has every message, with the same fields, and a new language
is a folder of catalogues and nothing else."""

from __future__ import annotations

import pytest

from kubelearn import words as words_module
from kubelearn.words import DEFAULT_LANG, Words, fields_of, languages, load

MARK = "«xx» "


def test_english_and_chinese_ship():
    assert languages()[:1] == (DEFAULT_LANG,)
    assert "zh" in languages()


@pytest.mark.parametrize("lang", [lang for lang in languages() if lang != DEFAULT_LANG])
def test_every_language_has_every_message_with_the_same_fields(lang):
    english, other = load(DEFAULT_LANG), load(lang)
    assert sorted(set(english) - set(other)) == [], f"missing in {lang}"
    assert sorted(set(other) - set(english)) == [], f"only in {lang}"
    wrong = {k: (fields_of(english[k]), fields_of(other[k])) for k in english
             if not k.startswith(SENTENCES) and fields_of(english[k]) != fields_of(other[k])}
    assert wrong == {}


#: Areas of plain sentences, shown as written and never formatted: a field's purpose in
#: English is the Kubernetes schema's own sentence, braces and all ("{key,value} pairs").
SENTENCES = "purposes."


def test_sentences_are_never_formatted():
    from kubelearn.checker.schema.purposes import purpose

    assert purpose("LabelSelector", "matchLabels", "en") == "matchLabels is a map of {key,value} pairs."


@pytest.mark.parametrize("lang", languages())
def test_every_template_formats(lang):
    for key, template in load(lang).items():
        if key.startswith(SENTENCES):
            continue
        assert template.format_map({name: "x" for name in fields_of(template)}), key


def test_a_third_language_is_data_alone(tmp_path, monkeypatch):
    """A fake catalogue (every English text marked «xx») added as files is a language."""
    english_files = {}
    for key, text in load(DEFAULT_LANG).items():
        area, rest = key.split(".", 1)
        english_files.setdefault(area, {})[rest] = text
    folder = tmp_path / "xx"
    folder.mkdir()
    for area, table in english_files.items():
        lines = [f'"{k}" = {_toml_string(MARK + v)}' for k, v in sorted(table.items())]
        (folder / f"{area}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(words_module, "_ROOTS", [*words_module._ROOTS, tmp_path])
    words_module.words.cache_clear()
    try:
        assert "xx" in languages()
        xx = Words("xx")
        key = next(iter(load(DEFAULT_LANG)))
        assert xx.template(key) == MARK + load(DEFAULT_LANG)[key]
        _every_area_speaks(xx)
    finally:
        words_module.words.cache_clear()


def _every_area_speaks(w: Words) -> None:
    from kubelearn.checker import check

    report = check("apiVersion: v1\nkind: Pod\nmetadata:\n  name: Web\n", lang=w.lang)
    assert report.findings and all(f.message.startswith(MARK) for f in report.findings)


def _toml_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)
