"""Byte for byte, what the real tutor writes to a terminal holds no control sequence from a
lesson pack or a draft: OSC 52 (clipboard), OSC 0 (window title) and ESC[2J stay text."""

from __future__ import annotations

from hostile_course import CLEAR, OSC0, OSC52, write_hostile_course
from pty_terminal import Terminal, left_terminal_clean

from kubelearn.progress import ProgressStore

RAW = [s.encode() for s in (OSC52, OSC0, CLEAR, "\x1b]52", "\x1b]0;")]


def test_titles_prompt_and_draft_with_control_sequences_reach_the_terminal_as_text(tmp_path):
    course = write_hostile_course(tmp_path / "course")
    home = tmp_path / "home"
    store = ProgressStore(home / "progress.json")
    store.set_position("same", "exercise", exercise_id="ex-1")
    store.save_draft("ex-1", f"# {OSC52} {OSC0} {CLEAR}\napiVersion: v1\n")
    term = Terminal(["--lessons", str(course), "--lang", "en"], home)
    try:
        term.wait_for("Continue")
        term.write("c")
        term.wait_for("Findings")
        term.write("\x11")  # Ctrl+Q
        status = term.finish()
    finally:
        term.kill()
    output = bytes(term.output)
    assert status == 0 and left_terminal_clean(output)
    for sequence in RAW:
        assert sequence not in output, sequence
    assert b"\\x1b]52;c;aGk=\\x07" in output  # the draft's OSC 52, shown as text
