"""Languages come from the words catalogues: a language added as data is one the course and
the command line accept, and its missing lessons fall back to English, file by file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelearn import words as words_module
from kubelearn.cli import main
from kubelearn.course import load_course
from kubelearn.paths import default_lang

LESSON = "---\nformat: 1\nid: {id}\ntitle: {title}\norder: {order}\n---\n\n## Step\n\nText.\n"


@pytest.fixture
def third_language(tmp_path: Path, monkeypatch) -> str:
    """A language ``xx`` with a (empty) words folder: every text falls back to English."""
    (tmp_path / "words" / "xx").mkdir(parents=True)
    monkeypatch.setattr(words_module, "_ROOTS", [*words_module._ROOTS, tmp_path / "words"])
    words_module.words.cache_clear()
    yield "xx"
    words_module.words.cache_clear()


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    for name, order, title in (("01-pods.md", 1, "Pods"), ("02-services.md", 2, "Services")):
        (root / "en").mkdir(parents=True, exist_ok=True)
        (root / "en" / name).write_text(LESSON.format(id=name[3:-3], title=title, order=order))
    return root


def test_a_language_without_lesson_files_reads_the_english_ones(course: Path) -> None:
    loaded = load_course(course, lang="zh")
    assert loaded.lang == "zh"
    assert [(lesson.title, lesson.lang) for lesson in loaded.lessons] == [
        ("Pods", "en"), ("Services", "en")]
    assert not loaded.all_problems


def test_a_third_language_takes_its_files_and_falls_back_for_the_rest(
    course: Path, third_language: str
) -> None:
    (course / "xx").mkdir()
    (course / "xx" / "02-services.md").write_text(
        LESSON.format(id="services", title="Servicios", order=2))
    loaded = load_course(course, lang=third_language)
    assert [(lesson.title, lesson.lang) for lesson in loaded.lessons] == [
        ("Pods", "en"), ("Servicios", "xx")]


def test_the_command_line_offers_every_language_with_words(
    course: Path, third_language: str, capsys
) -> None:
    assert main(["--lang", third_language, "lessons", "list", "--lessons", str(course)]) == 0
    assert "Pods" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["lessons", "list", "--lang", "qq"])
    assert exit_.value.code == 2
    assert "invalid choice: 'qq'" in capsys.readouterr().err


def test_the_help_lists_the_languages_from_the_catalogues(third_language: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "--lang {en,xx,zh}" in capsys.readouterr().out


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
    ({"LANGUAGE": "zh_TW:en"}, "zh"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),  # no words in French: English
    ({"LANG": "C"}, "en"),
])
def test_the_locale_picks_a_language_with_words(environ: dict, expected: str) -> None:
    assert default_lang(environ) == expected


def test_the_locale_picks_a_third_language_added_as_data(third_language: str) -> None:
    assert default_lang({"LANG": "xx_XX.UTF-8"}) == third_language
