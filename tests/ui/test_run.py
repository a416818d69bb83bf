"""Starting the tutor (``run_tutor``, what the CLI calls): a terminal that cannot draw it is
refused with one line instead of a screen of escape sequences."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kubelearn.course import load_course
from kubelearn.progress import ProgressStore
from kubelearn.ui.run import EXIT_TERMINAL, run_tutor, terminal_problem


@pytest.mark.parametrize("term", ["dumb", "unknown"])
def test_a_dumb_terminal_is_refused_with_one_line(monkeypatch, data_dir, term):
    monkeypatch.setenv("TERM", term)
    stderr = io.StringIO()
    course = load_course(Path("tests/fixtures/ui_course"), lang="en")
    status = run_tutor(course, ProgressStore(data_dir / "progress.json"), stderr=stderr)
    assert status == EXIT_TERMINAL
    message = stderr.getvalue()
    assert message.count("\n") == 1 and f"(TERM={term})" in message
    assert "\x1b" not in message
    assert not (data_dir / "progress.json").exists(), "nothing started, nothing written"


@pytest.mark.parametrize("term", ["xterm-256color", "screen", "tmux-256color", "linux"])
def test_ordinary_terminals_are_fine(term):
    assert terminal_problem({"TERM": term}) is None
