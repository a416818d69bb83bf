"""$EDITOR (F5) with editors that misbehave: nothing the learner wrote is lost, no traceback.

Each fake editor is a small shell script; the app's suspend is a no-op here (no terminal).
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from pathlib import Path

import pytest
from pilot_wait import settle
from textual.widgets import TextArea

from kubelearn.progress import ProgressStore

SIZE = (80, 24)
EXERCISE = "pods-fix-typo"
# "café" in Latin-1: \351 is a byte that UTF-8 never has alone.
WRITE_LATIN1 = "printf 'kind: Pod\\n# caf\\351\\n' > \"$1\""


def fake_editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-editor.sh"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


async def run_editor(make_app, monkeypatch, tmp_path, body: str):
    """Open the exercise, type a line, run the fake editor; the app, the editor's text
    before F5 and the notices."""
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, body))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    app = make_app()
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise(EXERCISE)
        await settle(pilot)
        await pilot.press(*"# mine", "enter")
        editor = app.screen.query_one("#editor", TextArea)
        before = editor.text
        await pilot.press("f5")
        await pilot.pause()
        after = editor.text
        messages = [n.message for n in app._notifications]
    return app, before, after, messages


def named_file(messages: list[str]) -> Path:
    match = re.search(r"(/\S+\.yaml)", messages[-1])
    assert match, messages
    return Path(match.group(1))


async def test_editor_writing_bytes_that_are_not_utf8(make_app, monkeypatch, tmp_path, data_dir):
    app, before, after, messages = await run_editor(
        make_app, monkeypatch, tmp_path, WRITE_LATIN1
    )
    assert after == before, "the editor keeps its text"
    assert "not UTF-8" in messages[-1]
    kept = named_file(messages)
    assert kept.read_bytes() == b"kind: Pod\n# caf\xe9\n", "the editor's bytes are kept"
    draft = ProgressStore(data_dir / "progress.json").progress.exercise(EXERCISE).draft
    assert draft == before, "the draft was saved before the editor ran"


async def test_editor_deleting_its_file(make_app, monkeypatch, tmp_path):
    _, before, after, messages = await run_editor(make_app, monkeypatch, tmp_path, 'rm -f "$1"')
    assert after == before
    assert "gone" in messages[-1]


async def test_editor_replacing_its_file_is_read_by_name(make_app, monkeypatch, tmp_path, data_dir):
    body = 'sed s/container:/containers:/ "$1" > "$1.new" && mv "$1.new" "$1"'
    _, _, after, messages = await run_editor(make_app, monkeypatch, tmp_path, body)
    assert "containers:" in after
    # The fixed text passes, so "Exercise passed" may come before or after the editor's notice.
    assert any("loaded" in m for m in messages), messages
    assert not list(tmp_path.glob("pods-fix-typo-*.yaml")), "the temp file is cleaned up"
    draft = ProgressStore(data_dir / "progress.json").progress.exercise(EXERCISE).draft
    assert draft == after, "the text from the editor is saved at once"


async def test_editor_exiting_with_an_error_changes_nothing(make_app, monkeypatch, tmp_path):
    body = 'echo "changed" > "$1"; exit 1'  # like vim's :cq after :w
    _, before, after, messages = await run_editor(make_app, monkeypatch, tmp_path, body)
    assert after == before
    assert "status 1" in messages[-1]
    assert named_file(messages).read_text() == "changed\n", "what it saved is still there"


async def test_editor_leaving_a_directory_in_place_of_its_file(make_app, monkeypatch, tmp_path):
    _, before, after, messages = await run_editor(
        make_app, monkeypatch, tmp_path, 'rm -f "$1" && mkdir "$1"'
    )
    assert after == before
    assert "not a file" in messages[-1]


@pytest.mark.parametrize("exercise_id", ["../../escape", "a/b"])
def test_temp_file_name_stays_in_the_temp_folder(exercise_id, tmp_path, monkeypatch):
    from kubelearn.ui.screens.exercise import temp_file_stem

    assert "/" not in temp_file_stem(exercise_id)
    assert not temp_file_stem(exercise_id).startswith(".")
