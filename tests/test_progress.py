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

from kubelearn.cli import main
from kubelearn.progress import MAX_DRAFT_BYTES, MAX_FILE_BYTES, Progress, ProgressStore


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
    assert store.progress.lesson("pods").quiz_attempt == 0
    store.clear_quiz_answers("pods")
    again = ProgressStore(tmp_path / "p.json").progress.lesson("pods")
    assert (again.quiz_answers, again.quiz_best, again.quiz_attempt) == ({}, 5, 1)


def test_pass_and_reset(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.json")
    store.save_draft("x", "draft")
    store.reset_exercise("x")
    assert (store.progress.exercise("x").status, store.progress.exercise("x").draft) == ("new", None)
    store.mark_exercise_passed("x", "answer")
    store.reset_exercise("x")
    assert store.progress.exercise("x").status == "passed"  # a pass stays recorded


V1 = b'{"version": 1, '
CORRUPT = {
    "broken json": b"{not json",
    "empty": b"",
    "not utf-8": b"\xff\xfe\x00",
    "a list": b"[1, 2]",
    "wrong shape": V1 + b'"lessons": {"a": 3}}',
    "unknown status": V1 + b'"exercises": {"x": {"status": "won"}}}',
    # Each of these raised past the handler (OverflowError, RecursionError, TypeError...).
    "1e400 as a count": V1 + b'"lessons": {"a": {"quiz_total": 1e400}}}',
    "1e400 as a step": V1 + b'"lessons": {"a": {"steps_seen": [1e400]}}}',
    "NaN as a step": V1 + b'"lessons": {"a": {"steps_seen": [NaN]}}}',
    "deep nesting": V1 + b'"lessons": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "5000-digit number": V1 + b'"lessons": {"a": {"quiz_best": ' + b"9" * 5000 + b"}}}",
    "huge step": V1 + b'"lessons": {"a": {"steps_seen": [123456789012345]}}}',
    "negative step": V1 + b'"lessons": {"a": {"steps_seen": [-1]}}}',
    "float step": V1 + b'"lessons": {"a": {"steps_seen": [1.5]}}}',
    "true as a count": V1 + b'"exercises": {"x": {"hints_shown": true}}}',
    "string as a count": V1 + b'"lessons": {"a": {"quiz_total": "3"}}}',
    "negative quiz attempt": V1 + b'"lessons": {"a": {"quiz_attempt": -1}}}',
    "steps as a string": V1 + b'"lessons": {"a": {"steps_seen": "012"}}}',
    "quiz key not a number": V1 + b'"lessons": {"a": {"quiz_answers": {"x": "a"}}}}',
    "quiz answer a list": V1 + b'"lessons": {"a": {"quiz_answers": {"0": ["a"]}}}}',
    "draft a number": V1 + b'"exercises": {"x": {"draft": 42}}}',
    "draft a lone surrogate": V1 + b'"exercises": {"x": {"draft": "\\ud800"}}}',
    "revealed a string": V1 + b'"exercises": {"x": {"solution_revealed": "yes"}}}',
    "last a string": V1 + b'"last": "pods"}',
    "last without a lesson": V1 + b'"last": {"screen": "quiz"}}',
    "last on an unknown screen": V1 + b'"last": {"lesson_id": "a", "screen": "map"}}',
    "last lesson a number": V1 + b'"last": {"lesson_id": 7}}',
    "lessons a list": V1 + b'"lessons": []}',
    "version a string": b'{"version": "1"}',
    "version true": b'{"version": true}',
    "version zero": b'{"version": 0}',
}


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
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


def test_a_file_too_large_is_damage_and_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    big = b'{"version": 1, "exercises": {"x": {"draft": "' + b"a" * MAX_FILE_BYTES + b'"}}}'
    path.write_bytes(big)
    store = ProgressStore(path)
    assert store.warning and "larger than 16 MiB" in store.warning
    assert [p.stat().st_size for p in tmp_path.glob("progress.json.corrupt-*")] == [len(big)]


def test_a_draft_over_the_limit_is_damage(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"version": 1, "exercises": {"x": {"draft": "a" * (2 << 20)}}}))
    assert "larger than" in (ProgressStore(path).warning or "")


def test_a_draft_over_the_limit_is_not_saved_so_the_file_stays_readable(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.save_draft("x", "small")
    store.save_draft("x", "a" * (MAX_DRAFT_BYTES + 1))
    assert "not saved" in (store.warning or "")
    again = ProgressStore(path)
    assert again.warning is None and again.progress.exercise("x").draft == "small"


def test_out_of_range_values_from_the_ui_never_make_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.mark_step_seen("a", 10**9)
    store.mark_step_seen("a", -1)
    store.set_position("a", "lesson", 10**9)
    store.record_quiz_score("a", 10**9, -5)
    store.set_hints_shown("x", 10**9)
    store.record_quiz_answer("a", 10**9, "b")
    store.save_draft("x\ud800", "text with a lone \ud800 surrogate")
    again = ProgressStore(path)
    assert again.warning is None, again.warning
    assert again.progress.lesson("a").steps_seen == set()


def test_a_byte_order_mark_is_not_damage(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    ProgressStore(path).mark_step_seen("pods", 2)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # as Notepad saves it
    store = ProgressStore(path)
    assert store.warning is None
    assert store.progress.lesson("pods").steps_seen == {2}
    assert list(tmp_path.glob("progress.json.corrupt-*")) == []


@pytest.mark.parametrize("name", ["1e400 as a count", "deep nesting", "5000-digit number"])
def test_progress_show_survives_a_malformed_file(tmp_path: Path, capsys, name: str) -> None:
    (tmp_path / "progress.json").write_bytes(CORRUPT[name])
    code = main(["progress", "show", "--json", "--data-dir", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 0 and "damaged" in err and json.loads(out)["lessons"] == {}


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
    assert len(list(tmp_path.glob(".progress.json.*.tmp"))) == 1
    store = ProgressStore(path)
    assert store.warning is None
    assert store.progress.lesson("pods").steps_seen == {0}
    assert list(tmp_path.glob(".progress.json.*.tmp")) == []  # the killed save's is gone


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
