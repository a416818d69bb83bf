"""Ending the tutor from outside (SIGTERM, SIGHUP, SIGINT) saves the draft and restores the
terminal; Ctrl+C typed in the app is a key and loses nothing. Real processes on a pty."""

from __future__ import annotations

import signal

import pytest
from pty_terminal import FIXTURE_COURSE, Terminal, left_terminal_clean

from kubelearn.progress import ProgressStore

EXERCISE = "pods-fix-typo"
TYPED = "# typed-just-before-the-end"


def start_in_exercise(tmp_path) -> tuple[Terminal, object]:
    home = tmp_path / "home"
    store = ProgressStore(home / "progress.json")
    store.set_position("pods", "exercise", exercise_id=EXERCISE)
    term = Terminal(["--lessons", str(FIXTURE_COURSE), "--lang", "en"], home)
    term.wait_for("Continue")
    term.write("c")  # "Continue" opens the exercise the learner was in
    start = term.wait_for("Findings")
    term.write(TYPED)
    term.wait_for(TYPED[-8:], since=start)  # on screen: the app has the keys
    return term, home


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_saves_the_draft_and_restores_the_terminal(tmp_path, signum):
    term, home = start_in_exercise(tmp_path)
    try:
        term.process.send_signal(signum)
        status = term.finish()
    finally:
        term.kill()
    output = bytes(term.output)
    assert b"Traceback" not in output
    assert left_terminal_clean(output), output[-300:]
    assert status == 128 + signum
    draft = ProgressStore(home / "progress.json").progress.exercise(EXERCISE).draft
    assert draft is not None and draft.startswith(TYPED)


def test_ctrl_c_is_a_key_and_the_draft_survives_it(tmp_path):
    term, home = start_in_exercise(tmp_path)
    try:
        term.write("\x03")  # Ctrl+C in the editor (copy), not SIGINT: the app goes on
        term.write("!")
        term.wait_for(TYPED[-6:] + "!")
        term.write("\x11")  # Ctrl+Q
        status = term.finish()
    finally:
        term.kill()
    assert status == 0
    assert left_terminal_clean(bytes(term.output))
    draft = ProgressStore(home / "progress.json").progress.exercise(EXERCISE).draft
    assert draft is not None and draft.startswith(TYPED + "!")
