"""Progress survives corruption, kills mid-write, and two processes writing at once."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kubelearn.progress import Progress, ProgressStore


def test_changes_are_saved_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.mark_step_seen("pods", 0)
    store.mark_step_seen("pods", 2)
    store.record_quiz_answer("pods", 1, "b")
    store.record_quiz_score("pods", 4, 6)
    store.record_quiz_score("pods", 3, 6)
    store.save_draft("pods-fix", "kind: Pod\n")
    store.set_hints_shown("pods-fix", 2)
    store.set_position("pods", "exercise", 0, "pods-fix")
    again = ProgressStore(path).progress
    assert again.lesson("pods").steps_seen == {0, 2}
    assert again.lesson("pods").quiz_answers == {1: "b"}
    assert (again.lesson("pods").quiz_best, again.lesson("pods").quiz_total) == (4, 6)
    ex = again.exercise("pods-fix")
    assert (ex.status, ex.draft, ex.hints_shown) == ("started", "kind: Pod\n", 2)
    assert again.last is not None and again.last.exercise_id == "pods-fix"


def test_quiz_retry_forgets_answers_keeps_best(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.json")
    store.record_quiz_answer("pods", 0, "a")
    store.record_quiz_score("pods", 5, 6)
    store.clear_quiz_answers("pods")
    again = ProgressStore(tmp_path / "p.json").progress.lesson("pods")
    assert (again.quiz_answers, again.quiz_best) == ({}, 5)


def test_pass_and_reset(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.json")
    store.save_draft("x", "draft")
    store.reset_exercise("x")
    assert (store.progress.exercise("x").status, store.progress.exercise("x").draft) == ("new", None)
    store.mark_exercise_passed("x", "answer")
    store.reset_exercise("x")
    assert store.progress.exercise("x").status == "passed"  # a pass stays recorded


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"", b"\xff\xfe\x00", b"[1, 2]", b'{"version": 1, "lessons": {"a": 3}}',
     b'{"version": 99}', b'{"version": 1, "exercises": {"x": {"status": "won"}}}'],
    ids=["broken json", "empty", "not utf-8", "a list", "wrong shape", "newer format",
         "unknown status"],
)
def test_corrupt_file_is_moved_aside_with_a_warning(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "progress.json"
    path.write_bytes(content)
    store = ProgressStore(path)
    assert store.progress == Progress()
    assert store.warning and "kept as" in store.warning
    kept = list(tmp_path.glob("progress.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == content  # never silently lost
    store.mark_step_seen("pods", 0)
    assert json.loads(path.read_text())["lessons"]["pods"]["steps_seen"] == [0]


def test_kill_mid_write_leaves_the_previous_file(tmp_path: Path) -> None:
    """A process killed while writing leaves only a stray temp file, never a torn progress file."""
    path = tmp_path / "progress.json"
    ProgressStore(path).mark_step_seen("pods", 0)
    before = path.read_bytes()
    script = textwrap.dedent(f"""
        import os, sys, time
        from kubelearn.progress import ProgressStore
        store = ProgressStore({str(path)!r})
        real_fsync = os.fsync
        def stall(fd):
            print("writing", flush=True)
            time.sleep(60)
        os.fsync = stall
        store.mark_step_seen("pods", 5)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == b"writing"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert path.read_bytes() == before
    store = ProgressStore(path)
    assert store.warning is None
    assert store.progress.lesson("pods").steps_seen == {0}


def _writer(path: str, worker: int, count: int) -> None:
    store = ProgressStore(path)
    for step in range(count):
        store.mark_step_seen(f"lesson-{worker}", step)
        store.save_draft(f"ex-{worker}-{step}", "x" * 2000)


def test_two_writers_keep_each_others_changes(tmp_path: Path) -> None:
    path = str(tmp_path / "progress.json")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, worker, 25)) for worker in range(2)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    final = ProgressStore(path)
    assert final.warning is None
    for worker in range(2):
        assert final.progress.lesson(f"lesson-{worker}").steps_seen == set(range(25))
        assert len([k for k in final.progress.exercises if k.startswith(f"ex-{worker}-")]) == 25


def test_unwritable_directory_keeps_progress_in_memory(tmp_path: Path) -> None:
    target = tmp_path / "file-not-dir"
    target.write_text("x")
    store = ProgressStore(target / "progress.json")
    store.mark_step_seen("pods", 1)
    assert store.progress.lesson("pods").steps_seen == {1}
    assert store.warning and "Could not save" in store.warning
