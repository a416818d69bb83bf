"""In Chinese, no screen and no command shows an English phrase from our catalogues.

Every screen is driven with Pilot on the shipped Chinese course (the course map, a step, the
recap, the quiz with feedback and its score, an exercise with findings, the help, the
glossary, the command palette listing and searching, a yes/no dialog), and every command runs
with ``--lang zh``. What each shows is searched for the English phrases of the catalogues
(each English text cut at its ``{fields}``, the pieces of two words or more that Chinese
translates differently) and for the English of Textual's own palette. Kubernetes' words
(kinds, field names, kubectl) stay English and are not phrases of this kind.
"""

from __future__ import annotations

import re

import pytest
from pilot_wait import settle, wait_until
from textual.widgets import TextArea

from kubelearn.cli import main
from kubelearn.course import load_course
from kubelearn.progress import ProgressStore
from kubelearn.ui.app import KubelearnApp
from kubelearn.ui.screens.confirm import ConfirmDialog
from kubelearn.words import load

#: Textual's own English, which kubelearn replaces (the palette and its system commands).
TEXTUAL = ["Search for commands", "No matches found", "Change the current theme",
           "Quit the application", "Show help for the focused widget", "Search for themes",
           "Save an SVG"]


def english_phrases() -> list[str]:
    """Pieces of English catalogue texts, between their fields, of two or more words (a
    Chinese text that is still the English one shows them)."""
    english = load("en")
    found = set(TEXTUAL)
    for key, text in english.items():
        if key.startswith("purposes."):
            continue
        for piece in re.split(r"\{[^}]*\}", text):
            piece = piece.strip(" .,:;()“”\"'·…–-→←")
            words = re.findall(r"[A-Za-z]{2,}", piece)
            if len(words) >= 2 and len(piece) >= 8 and not re.search(r"[`$/]", piece):
                found.add(piece)
    return sorted(found)


PHRASES = english_phrases()
#: One-word labels (keys in the footer, the palette's commands: Theme, Keys, Quit), found as
#: whole words. Kubernetes' words and kubelearn's name are the same in every language.
LABELS = sorted({text for key, text in load("en").items()
                 if key.startswith(("ui.key.", "ui.palette.", "ui.help.", "ui.glossary."))
                 and re.fullmatch(r"[A-Z][a-z]{2,}", text) and text != load("zh")[key]} | {
                "Theme", "Keys", "Quit", "Maximize", "Screenshot"})


def untranslated(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [phrase for phrase in PHRASES if phrase in flat] + [
        label for label in LABELS if re.search(rf"(?<![\w-]){label}(?![\w-])", flat)]


def screen_text(app) -> str:
    """What the terminal shows, line by line, with the notifications."""
    lines = ["".join(seg.text for seg in strip)
             for strip in app.screen._compositor.render_strips()]
    lines.extend(str(n.message) for n in app._notifications)
    return "\n".join(lines)


def test_the_phrases_are_many_and_would_be_found():
    assert len(PHRASES) > 80
    assert {"Theme", "Keys", "Quit", "Glossary", "Help"} <= set(LABELS)
    assert untranslated("^p Theme") == ["Theme"]
    sample = "x Make the terminal larger: kubelearn needs at least 60×20 y"
    assert untranslated(sample) == ["Make the terminal larger: kubelearn needs at least"]
    assert "Press Enter or n to see your score" in PHRASES


async def test_every_screen_in_chinese_shows_no_english_phrase(tmp_path, monkeypatch):
    monkeypatch.setattr("kubelearn.ui.screens.exercise.CHECK_DELAY_S", 0.01)
    course = load_course(None, lang="zh")
    lesson = course.lesson("pods")
    assert lesson is not None
    app = KubelearnApp(course=course, store=ProgressStore(tmp_path / "p.json"), lang="zh")
    seen: dict[str, str] = {}

    def look(name: str) -> None:
        seen[name] = screen_text(app)

    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        look("map")
        app.show_lesson(lesson, 1)
        await pilot.pause()
        look("step")
        await pilot.press("end")
        app.show_lesson(lesson, len(lesson.steps) - 1, how="replace")
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        look("recap")
        await pilot.press("right")  # the quiz
        await pilot.pause()
        def letter(right: bool) -> str:
            """The letter on screen of the right choice, or of a wrong one."""
            session = app.screen.session
            shown = session.shown()
            return "abcdef"[next(i for i, c in enumerate(shown)
                                 if (c.key == session.question.answer) == right)]

        await pilot.press(letter(right=False))
        await pilot.pause()
        look("quiz feedback")
        for _ in range(len(lesson.quiz) * 2):
            await pilot.press("enter")
            await pilot.pause()
            if app.screen.session.finished:
                break
            await pilot.press(letter(right=True))
            await pilot.pause()
        look("quiz score")
        exercise = lesson.exercises[0]
        app.show_exercise(lesson, exercise, how="jump")
        await settle(pilot)
        look("exercise")
        editor = app.screen.query_one("#editor", TextArea)
        editor.replace("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n", *editor.selection)
        await settle(pilot)
        look("exercise, text that does not parse")
        app.push_screen(ConfirmDialog(app.strings("exercise.confirm_reset")))
        await pilot.pause()
        look("dialog")
        await pilot.press("n")
        await pilot.press("ctrl+g")
        await pilot.pause()
        look("glossary")
        await pilot.press("f1")
        await pilot.pause()
        look("help")
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: "主题" in screen_text(app))
        look("palette")
        await pilot.press(*"标签")
        await wait_until(pilot, lambda: "第" in screen_text(app))
        look("palette search")
        await pilot.press(*"zzqq")
        await wait_until(pilot, lambda: "没有找到" in screen_text(app), timeout=3)
        look("palette, nothing found")
        await pilot.press("escape")
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        look("too small")
    assert {name: untranslated(text) for name, text in seen.items()} == {
        name: [] for name in seen}
    assert "没有找到匹配项" in seen["palette, nothing found"]


@pytest.mark.parametrize(
    "argv",
    [
        ["lessons", "list"],
        ["progress", "show"],
        ["check", "BAD"],
        ["check", "--exercise", "pods-fix-typo", "BAD"],
    ],
    ids=" ".join,
)
def test_every_command_in_chinese_shows_no_english_phrase(argv, capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n"
                   "  - name: web\n    image: nginx\n    ports:\n    - containerPort: '80'\n")
    store = ProgressStore(tmp_path / "data" / "progress.json")
    store.mark_step_seen("pods", 0)
    store.set_position("pods", "lesson", step=0)
    argv = [str(bad) if a == "BAD" else a for a in argv]
    main(["--lang", "zh", "--data-dir", str(tmp_path / "data"), *argv])
    out, err = capsys.readouterr()
    assert out
    assert untranslated(out + err) == []
