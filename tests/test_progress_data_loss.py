"""Issue 7, data loss: the progress file is never written over, and no change is dropped.

Each test sets up the file system as a learner might meet it (an unreadable file, a full
disk, a symlink, a newer kubelearn, a killed save) and drives the store or the real CLI.
"""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from kubelearn.cli import main
from kubelearn.progress import ProgressStore
from kubelearn.progress import store as progress_store
from kubelearn.safe_text import has_control


def _python(script: str, *, timeout: float = 60, preexec_fn=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True,
                          text=True, timeout=timeout, preexec_fn=preexec_fn)


def _without_root_file_access() -> None:
    """In the child before exec: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so even root
    obeys file modes (the suite may run as root, for whom chmod 000 changes nothing)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _saved(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _names(directory: Path) -> list[str]:
    """The files in ``directory`` but the lock files (which hold no data) and the event
    history (kubelearn.progress.history, a record beside the progress, not part of it)."""
    return sorted(p.name for p in directory.iterdir()
                  if p.suffix != ".lock" and not p.name.endswith(".events.jsonl"))


def _valid_file(path: Path) -> bytes:
    store = ProgressStore(path)
    store.mark_step_seen("pods", 0)
    store.save_draft("pods-fix", "kind: Pod\n")
    return path.read_bytes()


# ----------------------------------------------------------------- an unreadable file


def test_unreadable_file_is_moved_aside_before_the_first_save(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    before = _valid_file(path)
    path.chmod(0)
    result = _python(f"""
        from kubelearn.progress import ProgressStore
        store = ProgressStore({str(path)!r})
        print(store.warning)
        store.mark_step_seen("services", 2)
        print(store.warning)
    """, preexec_fn=_without_root_file_access if os.geteuid() == 0 else None)
    path.chmod(0o600)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    assert "Could not read" in first and "kept under another name" in first
    kept = list(tmp_path.glob("progress.json.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == before
    assert str(kept[0]) in second
    assert _saved(path)["lessons"]["services"]["steps_seen"] == [2]


def test_show_leaves_an_unreadable_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    before = _valid_file(path)
    path.chmod(0)
    result = _python(f"""
        from kubelearn.cli import main
        raise SystemExit(main(["progress", "show", "--json", "--data-dir", {str(tmp_path)!r}]))
    """, preexec_fn=_without_root_file_access if os.geteuid() == 0 else None)
    path.chmod(0o600)
    assert result.returncode == 0 and "Could not read" in result.stderr
    assert path.read_bytes() == before
    assert _names(tmp_path) == ["progress.json"]


# ----------------------------------------------------------------- a failed save


def test_change_kept_after_a_failed_save_is_saved_by_the_next_one(tmp_path: Path) -> None:
    """A full disk (here: a file size limit, the same EFBIG a quota gives) fails one save;
    the next save must carry that change too, not re-read the disk and drop it."""
    path = tmp_path / "progress.json"
    result = _python(f"""
        import resource
        from kubelearn.progress import ProgressStore
        store = ProgressStore({str(path)!r})
        store.mark_step_seen("pods", 0)
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))
        store.save_draft("pods-fix", "x" * 10000)
        assert "Could not save" in store.warning, store.warning
        assert store.progress.exercise("pods-fix").draft == "x" * 10000
        print(store.unsaved_changes)
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        store.mark_step_seen("pods", 1)
        print(store.unsaved_changes, store.warning)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "0", "None"]
    saved = _saved(path)
    assert saved["exercises"]["pods-fix"]["draft"] == "x" * 10000
    assert saved["lessons"]["pods"]["steps_seen"] == [0, 1]


def test_a_save_after_failures_keeps_their_order(tmp_path: Path) -> None:
    """Pending changes replay in order: a reset after a draft wins over the draft."""
    path = tmp_path / "progress.json"
    result = _python(f"""
        import resource
        from kubelearn.progress import ProgressStore
        store = ProgressStore({str(path)!r})
        store.save_draft("ex", "first")
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))
        store.save_draft("ex", "second")
        store.reset_exercise("ex")
        store.save_draft("other", "kept")
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        print(store.flush())
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
    saved = _saved(path)["exercises"]
    assert saved["ex"]["draft"] is None and saved["ex"]["status"] == "new"
    assert saved["other"]["draft"] == "kept"


def test_reset_that_could_not_be_saved_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    before = _valid_file(path)
    result = _python(f"""
        import resource
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
        from kubelearn.cli import main
        raise SystemExit(main(["progress", "reset", "--yes", "--data-dir", {str(tmp_path)!r}]))
    """)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Progress reset" not in result.stdout
    assert "not reset" in result.stderr
    assert path.read_bytes() == before


# ----------------------------------------------------------------- a newer kubelearn

NEWER = b'{"version": 2, "lessons": {"pods": {"steps_seen": [0, 1], "new_field": true}}}'


def test_show_keeps_a_file_from_a_newer_kubelearn(tmp_path: Path, capsys) -> None:
    path = tmp_path / "progress.json"
    path.write_bytes(NEWER)
    code = main(["progress", "show", "--json", "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 0 and "newer kubelearn" in err
    assert path.read_bytes() == NEWER
    assert _names(tmp_path) == ["progress.json"]


def test_changes_never_write_over_a_newer_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_bytes(NEWER)
    store = ProgressStore(path)
    assert store.read_only and "newer kubelearn" in (store.warning or "")
    store.mark_step_seen("pods", 3)
    store.save_draft("pods-fix", "kind: Pod\n")
    assert store.progress.lesson("pods").steps_seen == {3}  # kept for the session
    assert store.progress.exercise("pods-fix").draft == "kind: Pod\n"
    assert store.unsaved_changes == 2 and "newer kubelearn" in (store.warning or "")
    assert path.read_bytes() == NEWER
    assert _names(tmp_path) == ["progress.json"]


def test_a_newer_file_written_during_the_session_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.mark_step_seen("pods", 0)
    path.write_bytes(NEWER)  # a newer kubelearn ran meanwhile
    store.mark_step_seen("pods", 1)
    assert path.read_bytes() == NEWER and store.read_only


def test_reset_refuses_a_newer_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "progress.json"
    path.write_bytes(NEWER)
    code = main(["progress", "reset", "--yes", "--data-dir", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1 and "Progress reset" not in out and "newer kubelearn" in err
    assert path.read_bytes() == NEWER


# ----------------------------------------------------------------- what the path is


def test_a_symlinked_file_is_written_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "kubelearn-progress.json"
    real.parent.mkdir()
    link = tmp_path / "data" / "progress.json"
    link.parent.mkdir()
    link.symlink_to(real)
    store = ProgressStore(link)
    store.mark_step_seen("pods", 0)
    store.mark_step_seen("pods", 1)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert _saved(real)["lessons"]["pods"]["steps_seen"] == [0, 1]
    assert ProgressStore(link).progress.lesson("pods").steps_seen == {0, 1}


def test_a_damaged_file_behind_a_symlink_is_kept_and_the_link_stays(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "progress.json"
    real.parent.mkdir()
    real.write_bytes(b"{broken")
    link = tmp_path / "progress.json"
    link.symlink_to(real)
    store = ProgressStore(link)
    store.mark_step_seen("pods", 0)
    assert link.is_symlink()
    kept = list(real.parent.glob("progress.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"{broken"
    assert _saved(real)["lessons"]["pods"]["steps_seen"] == [0]


def test_a_fifo_is_neither_waited_on_nor_replaced(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    os.mkfifo(path)
    result = _python(f"""
        from kubelearn.progress import ProgressStore
        store = ProgressStore({str(path)!r})
        store.mark_step_seen("pods", 0)
        print(store.read_only, store.warning)
    """, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True ") and "not a regular file" in result.stdout
    assert path.is_fifo()


def test_a_symlink_to_a_device_is_not_replaced(tmp_path: Path) -> None:
    """Writing through a link must not replace what it points to unless that is a file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "progress.json"
    link.symlink_to(fifo)
    result = _python(f"""
        from kubelearn.progress import ProgressStore
        store = ProgressStore({str(link)!r})
        store.mark_step_seen("pods", 0)
        print(store.read_only)
    """, timeout=30)
    assert result.stdout.strip() == "True", result.stderr
    assert fifo.is_fifo() and link.is_symlink()


# ----------------------------------------------------------------- killed saves


def test_temp_files_of_killed_saves_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    _valid_file(path)
    stale = [tmp_path / ".progress.json.k1ll3d.tmp", tmp_path / ".progress.json.x_9.tmp"]
    for tmp in stale:
        tmp.write_text('{"version": 1, "less')
    other = tmp_path / ".other.json.abc.tmp"
    other.write_text("not ours")
    ProgressStore(path)  # loading cleans up when no save is under way
    assert [p for p in stale if p.exists()] == [] and other.exists()
    stale[0].write_text("again")
    ProgressStore(path).mark_step_seen("pods", 4)
    assert not stale[0].exists()


def test_a_save_in_progress_keeps_its_temp_file(tmp_path: Path) -> None:
    """The clean-up never takes a live save's temp file: it only runs under the lock."""
    path = tmp_path / "progress.json"
    _valid_file(path)
    script = f"""
        import os, time
        from kubelearn.progress import ProgressStore
        store = ProgressStore({str(path)!r})
        real_fsync = os.fsync
        def slow(fd):
            print("writing", flush=True)
            time.sleep(3)
            real_fsync(fd)
        os.fsync = slow
        store.mark_step_seen("pods", 7)
    """
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)],
                             stdout=subprocess.PIPE)
    assert child.stdout is not None and child.stdout.readline().strip() == b"writing"
    assert len(list(tmp_path.glob(".progress.json.*.tmp"))) == 1
    ProgressStore(path)
    assert len(list(tmp_path.glob(".progress.json.*.tmp"))) == 1
    assert child.wait(60) == 0
    assert 7 in ProgressStore(path).progress.lesson("pods").steps_seen


# ----------------------------------------------------------------- the lock


def test_a_stuck_peer_does_not_freeze_every_change(tmp_path: Path, monkeypatch) -> None:
    """Another kubelearn holding the lock costs one full wait, not one per change; the changes
    are saved once the lock is free."""
    monkeypatch.setattr(progress_store, "LOCK_TIMEOUT_S", 2.0)
    path = tmp_path / "progress.json"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from kubelearn.progress.lock import FileLock
        lock = FileLock({str(path) + ".lock"!r})
        with lock.acquire(timeout=0):
            print("held", flush=True)
            sys.stdin.readline()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        store = ProgressStore(path)
        start = time.monotonic()
        for step in range(8):
            store.mark_step_seen("pods", step)
        elapsed = time.monotonic() - start
        assert store.unsaved_changes == 8 and "did not finish" in (store.warning or "")
    finally:
        holder.communicate(b"\n", timeout=30)
    assert elapsed < 12  # 8 waits of 2 s each before the fix
    store.mark_step_seen("pods", 8)
    assert store.unsaved_changes == 0
    assert _saved(path)["lessons"]["pods"]["steps_seen"] == list(range(9))


def test_save_draft_from_a_signal_handler_during_a_save(tmp_path: Path) -> None:
    """The UI saves the draft from its SIGTERM handler, which may interrupt a save of the same
    store: no deadlock, no error, and the handler's draft ends up on disk with every change."""
    path = tmp_path / "progress.json"
    result = _python(f"""
        import signal
        from kubelearn.progress import ProgressStore
        store = ProgressStore({str(path)!r})
        drafts, busy = [], []
        def on_alarm(signum, frame):
            if busy:  # the timer is faster than a save; a real SIGTERM comes once
                return
            busy.append(1)
            drafts.append(f"draft {{len(drafts)}}")
            store.save_draft("ex", drafts[-1])
            busy.clear()
        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, 0.003, 0.003)
        for step in range(300):
            store.mark_step_seen("pods", step)
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        store.flush()
        print(len(drafts), drafts[-1] if drafts else "", store.unsaved_changes, sep="|")
    """, timeout=120)
    assert result.returncode == 0, result.stderr
    count, last, unsaved = result.stdout.strip().split("|")
    assert int(count) > 0 and unsaved == "0"
    saved = _saved(path)
    assert saved["exercises"]["ex"]["draft"] == last
    assert saved["lessons"]["pods"]["steps_seen"] == list(range(300))


# ----------------------------------------------------------------- what is printed


def test_warnings_are_safe_to_print(tmp_path: Path, capsys) -> None:
    home = tmp_path / "home\x1b]0;owned\x07\u202e"
    home.mkdir()
    (home / "progress.json").write_bytes(b"{broken")
    code = main(["progress", "show", "--json", "--data-dir", str(home)])
    err = capsys.readouterr().err
    assert code == 0 and "damaged" in err
    assert not has_control(err)
    assert "\\x1b]0;owned\\x07" in err


def test_progress_show_prints_titles_and_ids_literally(tmp_path: Path, capsys) -> None:
    course = tmp_path / "course" / "en"
    course.mkdir(parents=True)
    (course / "01-a.md").write_text(textwrap.dedent("""\
        ---
        format: 1
        id: alpha
        title: "Alpha\\e[2J\\u202eB"
        order: 1
        ---

        ## Step one

        Text.
        """), encoding="utf-8")
    data = tmp_path / "data"
    store = ProgressStore(data / "progress.json")
    store.mark_step_seen("alpha", 0)
    store.set_position("alpha\x1b]52;c;aGk=\x07", "exercise", 0, "ex\x1b[2J\nforged line")
    code = main(["progress", "show", "--data-dir", str(data), "--lessons",
                 str(tmp_path / "course")])
    out = capsys.readouterr().out
    assert code == 0
    assert not has_control(out.replace("\n", ""))
    assert "forged line" not in out, "the progress file's ids are never shown, only titles"
    assert "Alpha\\x1b[2J\\u202eB" in out


def test_a_read_only_data_dir_fails_fast_and_keeps_changes(tmp_path: Path) -> None:
    """No lock file can be made there: each change is kept in memory at once, not after a wait,
    and the file is left as it was."""
    path = tmp_path / "progress.json"
    before = _valid_file(path)
    (tmp_path / "progress.json.lock").unlink()
    tmp_path.chmod(0o555)
    try:
        result = _python(f"""
            import time
            from kubelearn.progress import ProgressStore
            store = ProgressStore({str(path)!r})
            start = time.monotonic()
            for step in range(5):
                store.mark_step_seen("pods", 10 + step)
            print(round(time.monotonic() - start), store.unsaved_changes, store.warning)
        """, preexec_fn=_without_root_file_access if os.geteuid() == 0 else None)
    finally:
        tmp_path.chmod(0o755)
    assert result.returncode == 0, result.stderr
    seconds, unsaved, warning = result.stdout.split(" ", 2)
    assert int(seconds) < 5 and unsaved == "5" and "Could not save" in warning
    assert path.read_bytes() == before


def test_progress_show_json_is_safe_to_print(tmp_path: Path, capsys) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    store.save_draft("ex\u202e", "kind: Pod\x1b]52;c;aGk=\x07\n\u0085")
    code = main(["progress", "show", "--json", "--data-dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0 and not has_control(out)
    assert json.loads(out)["exercises"]["ex\u202e"]["draft"].startswith("kind: Pod\x1b]52")
