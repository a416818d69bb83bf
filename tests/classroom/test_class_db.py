"""The class database: names, the store's API as the tutor uses it, many writers at once,
and a writer killed mid-run."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kubelearn.classroom import ClassDB, ClassDBError, InvalidName, name_key, shown_name
from kubelearn.progress import ProgressStore


def _python(script: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# ----------------------------------------------------------------- names


@pytest.mark.parametrize("typed, shown", [
    ("Ana", "Ana"),
    ("  Ana Li \n", "Ana Li"),
    ("<b>Bo</b> [red]x[/red]", "<b>Bo</b> [red]x[/red]"),  # markup is kept, literally
    ("Zoë", "Zo\u00eb"),                                   # NFC
    ("Zoe\u0308", "Zo\u00eb"),
    ("لیلا\u200cجان", "لیلا\u200cجان"),                    # a ZWNJ belongs in Persian names
    ("a" * 40, "a" * 40),
    ("e\u0301" * 40, "\u00e9" * 40),
])
def test_names_kept_as_typed(typed: str, shown: str) -> None:
    assert shown_name(typed) == shown


@pytest.mark.parametrize("typed, reason", [
    ("", "empty"),
    ("   ", "empty"),
    ("\u200b", "empty"),
    ("a" * 41, "too_long"),
    ("Ana\x1b]52;c;aGk=\x07", "control"),
    ("Ana\nLi", "control"),
    ("Ana\tLi", "control"),
    ("\u202eiL anA", "control"),
    ("Ana\x00", "control"),
    ("An\x85a", "control"),
])
def test_names_refused_with_a_reason(tmp_path: Path, typed: str, reason: str) -> None:
    with pytest.raises(InvalidName) as caught:
        ClassDB(tmp_path).join(typed)
    assert caught.value.reason == reason
    message = str(caught.value)
    assert message.isprintable(), "the message itself shows no control character"


def test_one_student_per_normalised_name(tmp_path: Path) -> None:
    db = ClassDB(tmp_path)
    first = db.join("Ana  Li")
    for same in ("ana li", " ANA LI ", "Ana Li"):
        assert db.join(same) == first
    assert db.join("Zoe\u0308").id == db.join("ZOË").id
    assert name_key("Straße") == name_key("STRASSE")
    assert db.join("Straße") == db.join("strasse")
    assert [s.name for s in db.roster()] == ["Ana  Li", "Zo\u00eb", "Straße"]


# ----------------------------------------------------------------- the store


def _work(store) -> None:  # type: ignore[no-untyped-def]
    """What a learner does in the tutor, through the API both stores share."""
    store.mark_step_seen("pods", 0)
    store.mark_step_seen("pods", 1)
    store.mark_step_seen("pods", 1)  # again: no second event
    store.set_position("pods", "exercise", 0, "pods-fix")
    store.record_quiz_answer("pods", 0, "b", correct=True)
    store.record_quiz_answer("pods", 1, "a", correct=False)
    store.record_quiz_score("pods", 1, 2)
    store.save_draft("pods-fix", "kind: Pod\n")
    store.record_check("pods-fix", ["required", "required", "type"], False, lesson_id="pods")
    store.set_hints_shown("pods-fix", 1)
    store.mark_solution_revealed("pods-fix")
    store.mark_exercise_passed("pods-fix", "kind: Pod\nmetadata: {name: a}\n")
    store.record_check("pods-fix", [], True, lesson_id="pods")
    store.record_time("pods", "exercise", 65.7, exercise_id="pods-fix")
    store.record_time("pods", "lesson", 0.4)  # under a second: not kept


KINDS = ["step_seen", "step_seen", "quiz_answer", "quiz_answer", "exercise_checked",
         "hint_revealed", "solution_revealed", "exercise_passed", "exercise_checked",
         "time_spent"]


def test_class_store_keeps_what_the_json_store_keeps(tmp_path: Path) -> None:
    db = ClassDB(tmp_path / "class")
    store = db.store_for(db.join("Ana"))
    json_store = ProgressStore(tmp_path / "progress.json")
    _work(store)
    _work(json_store)
    assert store.warning is None and store.unsaved_changes == 0 and not store.read_only
    expected = json_store.progress
    assert [e.kind for e in json_store.history.read()] == KINDS
    assert store.progress == expected
    assert ClassDB(tmp_path / "class").store_for(db.join("ana")).progress == expected

    events = db.events()
    assert [e.kind for e in events] == KINDS
    check = events[4]
    assert (check.item, check.lesson_id, check.ok, check.detail) == (
        "pods-fix", "pods", False, {"codes": ["required", "type"]})
    assert [e.ok for e in events if e.kind == "quiz_answer"] == [True, False]
    assert events[-1].detail == {"seconds": 65, "screen": "exercise"}
    assert db.events(since_id=events[-2].id) == events[-1:]
    assert db.events(student_id=db.join("other").id) == []


def test_two_sessions_of_one_student_add_up(tmp_path: Path) -> None:
    """Two tabs of one student: each store adds its changes to what the other saved."""
    one = ClassDB(tmp_path).store_for(ClassDB(tmp_path).join("Ana"))
    two = ClassDB(tmp_path).store_for(ClassDB(tmp_path).join("ana"))
    one.mark_step_seen("pods", 0)
    two.mark_step_seen("pods", 1)
    one.save_draft("pods-fix", "kind: Pod\n")
    assert one.progress.lesson("pods").steps_seen == {0, 1}
    assert ClassDB(tmp_path).progress_of(1).exercise("pods-fix").draft == "kind: Pod\n"


def test_a_change_that_cannot_be_saved_stays_pending(tmp_path: Path, monkeypatch) -> None:
    db = ClassDB(tmp_path)
    store = db.store_for(db.join("Ana"))
    holder = sqlite3.connect(db.file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock, for long
    db._conn.execute("PRAGMA busy_timeout = 50")
    monkeypatch.setattr("kubelearn.classroom.db.WRITE_ATTEMPTS", 2)
    store.mark_step_seen("pods", 3)
    assert store.unsaved_changes == 1 and "locked" in (store.warning or "")
    assert store.progress.lesson("pods").steps_seen == {3}
    holder.execute("ROLLBACK")
    store.mark_step_seen("pods", 4)
    assert store.unsaved_changes == 0 and store.warning is None
    assert db.progress_of(store.student.id).lesson("pods").steps_seen == {3, 4}
    assert [e.item for e in db.events()] == ["3", "4"]


def test_not_a_class_database(tmp_path: Path) -> None:
    (tmp_path / "class.db").write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(ClassDBError, match="not a kubelearn class database"):
        ClassDB(tmp_path)


def test_a_newer_class_database_is_refused(tmp_path: Path) -> None:
    ClassDB(tmp_path).close()
    conn = sqlite3.connect(tmp_path / "class.db")
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(ClassDBError, match="newer kubelearn"):
        ClassDB(tmp_path)


# ----------------------------------------------------------------- many processes at once

WRITER = """
    import sys, time
    from pathlib import Path
    from kubelearn.classroom import ClassDB
    folder, name, first, count, go = sys.argv[1:6]
    while not Path(go).exists():
        time.sleep(0.005)
    db = ClassDB(folder)
    store = db.store_for(db.join(name))
    for step in range(int(first), int(first) + int(count)):
        store.mark_step_seen("pods", step)
        store.record_check("pods-fix", [f"code-{step}"], False)
        assert store.unsaved_changes == 0, store.warning
        print(step, flush=True)
"""


def test_twenty_processes_write_at_once(tmp_path: Path) -> None:
    folder, go = tmp_path / "class", tmp_path / "go"
    ClassDB(folder).close()
    # Ten students; two processes each (two tabs), writing different steps.
    writers = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(WRITER), str(folder),
                                 f"Student {n // 2}", str((n % 2) * 100), "15", str(go)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for n in range(20)]
    go.touch()
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert len(out.split()) == 15
    db = ClassDB(folder)
    assert len(db.roster()) == 10
    events = db.events()
    assert len(events) == 20 * 15 * 2
    expected = set(range(15)) | set(range(100, 115))
    for student in db.roster():
        assert db.progress_of(student.id).lesson("pods").steps_seen == expected
        mine = [e for e in events if e.student_id == student.id and e.kind == "step_seen"]
        assert sorted(int(e.item or "") for e in mine) == sorted(expected)


def test_a_killed_writer_loses_nothing_acknowledged(tmp_path: Path) -> None:
    folder, go = tmp_path / "class", tmp_path / "go"
    go.touch()
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(WRITER), str(folder),
                               "Ana", "0", "100000", str(go)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    acknowledged = []
    assert writer.stdout is not None
    for line in writer.stdout:
        acknowledged.append(int(line))
        if len(acknowledged) == 40:
            break
    writer.send_signal(signal.SIGKILL)
    writer.communicate(timeout=60)
    db = ClassDB(folder)
    seen = db.progress_of(db.join("Ana").id).lesson("pods").steps_seen
    assert set(acknowledged) <= seen
    checked = {e.detail["codes"][0] for e in db.events() if e.kind == "exercise_checked"}
    assert {f"code-{step}" for step in acknowledged} <= checked
    assert sqlite3.connect(db.file).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_an_oversized_detail_never_blocks_a_save(tmp_path: Path) -> None:
    from kubelearn.progress.model import EventRecord

    db = ClassDB(tmp_path)
    store = db.store_for(db.join("Ana"))
    store.update(lambda p: None, event=EventRecord("u1", 1, "time_spent", "pods", None, None,
                                                   {"blob": "x" * 10_000}))
    store.mark_step_seen("pods", 0)
    assert store.unsaved_changes == 0 and store.warning is None
    assert [(e.kind, e.detail) for e in db.events()] == [("time_spent", {}),
                                                          ("step_seen", {})]
