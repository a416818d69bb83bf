"""The command palette (Ctrl+P) with keys typed before it has drawn its list."""

from __future__ import annotations

from pty_terminal import FIXTURE_COURSE, Terminal, left_terminal_clean

PAGE_DOWN, PAGE_UP, CTRL_P, CTRL_Q = "\x1b[6~", "\x1b[5~", "\x10", "\x11"


def test_page_down_at_once_after_ctrl_p(tmp_path):
    """Textual 8.2.8 raised KeyError in OptionList._move_page: the palette's list had its
    options and a highlight, but no size yet. Both keys arrive in one read, as when typed
    quickly."""
    term = Terminal(["--lessons", str(FIXTURE_COURSE), "--lang", "en"], tmp_path / "home")
    try:
        term.wait_for("Continue")
        start = len(term.output)
        term.write(CTRL_P + PAGE_DOWN)
        term.wait_for("Lesson: ", since=start)
        term.write(PAGE_UP + PAGE_DOWN)
        term.wait_for("Exercise: ", since=start)
        term.write(CTRL_Q)
        status = term.finish()
    finally:
        term.kill()
    output = bytes(term.output)
    assert b"KeyError" not in output and b"Traceback" not in output
    assert status == 0
    assert left_terminal_clean(output)
