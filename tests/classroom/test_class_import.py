"""``kubelearn progress export`` on a learner's laptop, ``kubelearn class import`` into a class:
progress and history arrive whole, twice is once, bad files are one clear line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kubelearn.classroom import ClassDB
from kubelearn.classroom.export import merge_progress
from kubelearn.cli import main
from kubelearn.progress import ProgressStore
from kubelearn.progress.model import Progress, parse_progress


def _learner(home: Path) -> ProgressStore:
    store = ProgressStore(home / "progress.json")
    store.mark_step_seen("pods", 0)
    store.mark_step_seen("pods", 2)
    store.record_quiz_answer("pods", 0, "a", correct=False)
    store.record_quiz_score("pods", 3, 4)
    store.record_check("pods-fix", ["required"], False, lesson_id="pods")
    store.mark_exercise_passed("pods-fix", "kind: Pod\n")
    store.record_time("pods", "exercise", 90, exercise_id="pods-fix")
    return store


def test_export_then_import_carries_progress_and_history(tmp_path: Path, capsys) -> None:
    home = tmp_path / "home"
    store = _learner(home)
    export = tmp_path / "ana.json"
    assert main(["progress", "export", "--data-dir", str(home), "-o", str(export)]) == 0
    document = json.loads(export.read_text())
    assert document["format"] == "kubelearn-progress-export" and document["version"] == 1
    assert document["name"] is None
    assert len(document["events"]) == 6 and "events" not in document["progress"]

    classdir = tmp_path / "class"
    assert main(["class", "import", str(classdir), str(export)]) == 0
    assert "ana (student 1): 6 new events" in capsys.readouterr().out
    assert main(["class", "import", str(classdir), str(export), "--name", "ANA"]) == 0
    assert "0 new events" in capsys.readouterr().out, "importing twice adds nothing"

    db = ClassDB(classdir)
    [student] = db.roster()
    assert student.name == "ana"
    expected = store.progress
    events = store.history.read()
    assert db.progress_of(student.id) == expected
    assert [e.kind for e in db.events()] == [e.kind for e in events]
    assert [e.at_ms for e in db.events()] == [e.at_ms for e in events]


def test_export_to_stdout_names_the_learner(tmp_path: Path, capsys) -> None:
    _learner(tmp_path)
    assert main(["progress", "export", "--data-dir", str(tmp_path), "--name", "Zoë\x1b"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out, "stdout gets no raw control character"
    assert json.loads(out)["name"] == "Zoë\x1b"


def test_import_merges_into_a_student_who_has_work(tmp_path: Path, capsys) -> None:
    db = ClassDB(tmp_path / "class")
    store = db.store_for(db.join("Ana"))
    store.mark_step_seen("pods", 5)
    store.save_draft("pods-fix", "in class\n")
    store.set_position("services", "lesson", 1)
    _learner(tmp_path / "home")
    export = tmp_path / "export.json"
    main(["progress", "export", "--data-dir", str(tmp_path / "home"), "-o", str(export),
          "--name", "  ana "])
    assert main(["class", "import", str(tmp_path / "class"), str(export)]) == 0
    merged = db.progress_of(store.student.id)
    assert merged.lesson("pods").steps_seen == {0, 2, 5}
    assert merged.exercise("pods-fix").status == "passed"
    assert merged.exercise("pods-fix").draft == "kind: Pod\n", "the passing text wins"
    assert merged.last is not None and merged.last.lesson_id == "services"
    assert merged.lesson("pods").quiz_best == 3


def test_merge_keeps_the_better_of_each() -> None:
    mine, theirs = Progress(), Progress()
    a = mine.exercises.setdefault("x", type(mine.exercise("x"))(status="passed", draft="mine"))
    theirs.exercises["x"] = type(a)(status="started", draft="theirs", hints_shown=2,
                                    solution_revealed=True)
    merge_progress(mine, theirs)
    assert (a.status, a.draft, a.hints_shown, a.solution_revealed) == ("passed", "mine", 2, True)


GOOD = {"format": "kubelearn-progress-export", "version": 1, "progress": {"version": 1}}


def _bytes(doc: object) -> bytes:
    return json.dumps(doc).encode()


@pytest.mark.parametrize("content, says", [
    (b"", "not JSON"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (_bytes({"version": 2, "lessons": {}}), "not a kubelearn progress export"),
    (_bytes([1, 2]), "not a kubelearn progress export"),
    (_bytes({**GOOD, "version": 7}), "newer kubelearn"),
    (_bytes({**GOOD, "version": "1"}), "version is not a whole number"),
    (_bytes({**GOOD, "progress": {"version": 99}}), "newer kubelearn"),
    (_bytes({**GOOD, "events": [{"uid": "a"}]}), "events are damaged"),
    (_bytes({**GOOD, "events": [
        {"uid": "a", "at_ms": 1, "kind": "step_seen", "detail": {"x": 0.5}}]}), "damaged"),
    (_bytes({**GOOD, "events": [
        {"uid": "a", "at_ms": 1, "kind": "rm -rf", "detail": {}}]}), "damaged"),
    (_bytes({**GOOD, "events": {"uid": "a"}}), "events are not a list"),
    (_bytes({**GOOD, "progress": {"version": 1, "exercises": {"x": {"status": "won"}}}}),
     "damaged"),
    (_bytes({**GOOD, "progress": "nope"}), "damaged"),
    (_bytes({**GOOD, "name": 5}), "name is not text"),
    (_bytes({**GOOD, "name": "a\x00b"}), "name cannot be used"),
    (_bytes({**GOOD, "name": "x" * 41}), "name cannot be used"),
])
def test_a_bad_export_is_one_clear_line(tmp_path: Path, capsys, content: bytes,
                                        says: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    good = tmp_path / "good.json"
    good.write_bytes(_bytes({**GOOD, "name": "Ana"}))
    classdir = tmp_path / "class"
    assert main(["class", "import", str(classdir), str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("kubelearn class import: ")
    assert says in err and "Traceback" not in err
    assert not classdir.exists(), "one bad file in a batch imports nothing"


def test_an_oversized_export_is_refused_unread(tmp_path: Path, capsys) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(20 * 1024 * 1024)
    assert main(["class", "import", str(tmp_path / "c"), str(big)]) == 2
    assert "larger than 16 MiB" in capsys.readouterr().err


@pytest.mark.parametrize("argv, says", [
    (["class", "import", "{c}", "{a}", "{a}", "--name", "x"], "one FILE"),
    (["class", "import", "{c}", "{d}"], "cannot read it"),
    (["class", "list", "{d}"], "not a class folder"),
    (["progress", "export", "-o", "{d}"], "is a directory"),
])
def test_usage_mistakes(tmp_path: Path, capsys, argv: list[str], says: str) -> None:
    export = tmp_path / "a.json"
    export.write_bytes(_bytes(GOOD))
    values = {"c": str(tmp_path / "class"), "a": str(export), "d": str(tmp_path)}
    argv = [part.format(**values) for part in argv] + ["--data-dir", str(tmp_path / "h")] * (
        argv[0] == "progress")
    assert main(argv) == 2
    assert says in capsys.readouterr().err


def test_class_list(tmp_path: Path, capsys) -> None:
    db = ClassDB(tmp_path)
    assert main(["class", "list", str(tmp_path)]) == 0
    assert "no students yet" in capsys.readouterr().out
    store = db.store_for(db.join("<b>Bo</b>\u202e"[:-1]))
    store.mark_exercise_passed("pods-fix", "kind: Pod\n")
    assert main(["class", "list", str(tmp_path), "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["name"], row["exercises_passed"], row["events"]) == ("<b>Bo</b>", 1, 1)


def test_the_exported_progress_reads_as_a_progress_file(tmp_path: Path, capsys) -> None:
    _learner(tmp_path)
    main(["progress", "export", "--data-dir", str(tmp_path)])
    inner = json.loads(capsys.readouterr().out)["progress"]
    assert parse_progress(json.dumps(inner).encode()).lesson("pods").steps_seen == {0, 2}
