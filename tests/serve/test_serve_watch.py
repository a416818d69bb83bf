"""``kubelearn class watch``: its model on a class database the seam fills as the tutor
would, and its screen driven with Pilot."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from kubelearn.classroom.db import ClassDB
from kubelearn.classroom.serve import open_class
from kubelearn.classroom.watch import ClassWatch
from kubelearn.course import load_course
from kubelearn.ui.screens.class_watch import ClassWatchApp

REPO = Path(__file__).resolve().parents[2]
COURSE = load_course(REPO / "tests" / "fixtures" / "ui_course")
MINUTE = 60.0


@pytest.fixture
def db(tmp_path: Path):
    open_class(tmp_path / "room", "k8s-101")
    db = ClassDB(tmp_path / "room")
    yield db
    db.close()


def finish(store, lesson) -> None:
    """Everything of ``lesson`` done, as the tutor records it."""
    for step in range(len(lesson.steps)):
        store.mark_step_seen(lesson.id, step)
    if lesson.quiz:
        store.record_quiz_score(lesson.id, len(lesson.quiz), len(lesson.quiz))
    for exercise in lesson.exercises:
        store.record_check(exercise.id, [], True, lesson_id=lesson.id)
        store.mark_exercise_passed(exercise.id, exercise.solution)


def fill(db: ClassDB) -> None:
    """Ana finished lesson 1; Bo is on its exercise, failing with one code three times;
    Cy saw a step and left; Di joined and did nothing."""
    pods, labels = COURSE.lessons[0], COURSE.lessons[1]
    exercise = pods.exercises[0]
    ana = db.store_for(db.join("Ana"))
    finish(ana, pods)
    ana.set_position(labels.id, "lesson", step=0)
    bo = db.store_for(db.join("[b]Bo[/b]"))
    bo.mark_step_seen(pods.id, 0)
    bo.set_position(pods.id, "exercise", exercise_id=exercise.id)
    for codes in (["unknown-field", "schema-type"], ["unknown-field"], ["unknown-field"]):
        bo.record_check(exercise.id, codes, False, lesson_id=pods.id)
    cy = db.store_for(db.join("Cy"))
    cy.mark_step_seen(pods.id, 0)
    cy.set_position(pods.id, "lesson", step=0)
    db.join("Di")


def test_the_grid_says_where_each_student_is(db):
    fill(db)
    watch = ClassWatch(db, COURSE)
    assert watch.poll()
    rows = {row.name: row for row in watch.rows("name")}
    assert [r.name for r in watch.rows("name")] == ["[b]Bo[/b]", "Ana", "Cy", "Di"]
    assert rows["Ana"].lessons[:2] == ("done", "todo")
    assert rows["[b]Bo[/b]"].lessons[:2] == ("doing", "todo")
    assert rows["Di"].lessons[:2] == ("todo", "todo")
    assert rows["[b]Bo[/b]"].place.exercise_title == "Fix the misspelled field"
    assert rows["Ana"].place.lesson_title == "Labels" and rows["Ana"].place.step == 0
    assert rows["Di"].place is None and rows["Di"].idle_minutes is None
    assert rows["Cy"].idle_minutes == 0
    assert not watch.poll()  # nothing new: nothing changed


def test_stuck_is_one_finding_three_checks_in_a_row_or_minutes_without_progress(db):
    fill(db)
    later = time.time() + 11 * MINUTE
    watch = ClassWatch(db, COURSE, stuck_minutes=10, clock=lambda: later)
    watch.poll()
    rows = {row.name: row for row in watch.rows()}
    assert rows["[b]Bo[/b]"].stuck == "unknown-field"
    assert rows["Cy"].stuck == "idle" and rows["Cy"].idle_minutes == 11
    assert rows["Ana"].stuck == "idle"
    assert rows["Di"].stuck is None  # joined, never started: not stuck, just not there
    assert [r.stuck is not None for r in watch.rows("stuck")] == [True, True, True, False]
    soon = ClassWatch(db, COURSE, stuck_minutes=10)
    soon.poll()
    assert {r.name: r.stuck for r in soon.rows()}["Cy"] is None


def test_passing_clears_the_repeated_finding(db):
    fill(db)
    watch = ClassWatch(db, COURSE)
    watch.poll()
    bo = db.store_for(db.join("[b]Bo[/b]"))
    exercise = COURSE.lessons[0].exercises[0]
    bo.record_check(exercise.id, [], True, lesson_id=COURSE.lessons[0].id)
    assert watch.poll()
    assert {r.name: r.stuck for r in watch.rows()}["[b]Bo[/b]"] is None


def test_sorting_by_progress_and_idle(db):
    fill(db)
    watch = ClassWatch(db, COURSE, clock=lambda: time.time() + 5 * MINUTE)
    watch.poll()
    assert [r.name for r in watch.rows("progress")][-1] == "Ana"
    assert [r.name for r in watch.rows("idle")][-1] == "Di"  # never active: last


def test_hardest_exercises_and_commonest_findings(db):
    fill(db)
    cy = db.store_for(db.join("Cy"))
    exercise = COURSE.lessons[0].exercises[0]
    cy.record_check(exercise.id, ["schema-type"], False)
    watch = ClassWatch(db, COURSE)
    watch.poll()
    [hard] = watch.hardest()
    assert (hard.title, hard.failed, hard.not_passed) == ("Fix the misspelled field", 2, 2)
    mistakes = [(m.code, m.students, m.checks, m.example) for m in watch.mistakes()]
    assert mistakes == [("schema-type", 2, 2, "Fix the misspelled field"),
                        ("unknown-field", 1, 3, "Fix the misspelled field")]


def _cell_texts(app) -> list[list[str]]:
    grid = app.screen.query_one("#watch-grid", DataTable)
    return [[str(cell) for cell in grid.get_row_at(i)] for i in range(grid.row_count)]


async def test_the_screen_shows_the_grid_and_updates_live(db, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    fill(db)
    app = ClassWatchApp(ClassWatch(db, COURSE, stuck_minutes=10), "k8s-101")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        rows = _cell_texts(app)
        by_name = {row[0]: row for row in rows}
        assert rows[0][0] == "[b]Bo[/b]"  # stuck first, the name as typed
        assert by_name["[b]Bo[/b]"][-1] == "! unknown-field"
        assert by_name["Ana"][1:4] == ["✓", "·", "·"]  # the signs, without colour
        assert by_name["[b]Bo[/b]"][1] == "◐"
        assert by_name["[b]Bo[/b]"][4] == "Pods: Fix the misspelled field"
        title = str(app.screen.query_one("#watch-title", Static).content)
        assert title == "Class “k8s-101” · 4 students · sorted by stuck first"
        hardest = str(app.screen.query_one("#watch-hardest", Static).content)
        assert hardest == "Fix the misspelled field: 1 failed a check, 1 not passed yet"
        await pilot.press("n")
        assert [row[0] for row in _cell_texts(app)] == ["[b]Bo[/b]", "Ana", "Cy", "Di"]
        db.join("Eve")  # a new student, seen on the next tick without a key
        await pilot.pause(1.5)
        assert [row[0] for row in _cell_texts(app)][-1] == "Eve"
        await pilot.press("s")
        assert "least progress" in str(app.screen.query_one("#watch-title", Static).content)


async def test_an_empty_class_says_how_students_join(db):
    app = ClassWatchApp(ClassWatch(db, COURSE), "k8s-101", "en")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert _cell_texts(app)[0][0].startswith("No student has joined yet.")


# --- serve --watch: the watch in the server's terminal, the server in its event loop ---------


async def _page(port: int) -> int | None:
    """The status of GET / on the port, or None when nothing listens there."""
    import aiohttp

    try:
        async with aiohttp.ClientSession() as session, \
                session.get(f"http://127.0.0.1:{port}/", timeout=aiohttp.ClientTimeout(5)) as r:
            return r.status
    except aiohttp.ClientConnectionError:
        return None


async def test_the_watch_runs_the_class_server_while_it_is_open(db, tmp_path):
    from kubelearn.classroom.serve import ClassServer, ServeConfig
    from tests.serve.conftest import free_port

    port = free_port()
    config = ServeConfig(class_dir=tmp_path / "class", host="127.0.0.1", port=port,
                         max_sessions=2, lang="en")
    server = ClassServer(config, title="kubelearn · k8s-101")
    app = ClassWatchApp(ClassWatch(db, COURSE), "k8s-101", "en", server=server,
                        banner=f"Join code: ABC123  http://127.0.0.1:{port}/")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        banner = str(app.screen.query_one("#watch-banner", Static).content)
        assert banner == f"Join code: ABC123  http://127.0.0.1:{port}/", "what students need"
        assert await _page(port) == 200, "the page is served while the watch is open"
        await pilot.press("q")
        await pilot.pause()
    assert await _page(port) is None, "quitting the watch stops the class's server"
    assert app.server_error is None


async def test_a_taken_port_ends_the_watch_with_the_reason(db, tmp_path):
    import socket

    from kubelearn.classroom.serve import ClassServer, ServeConfig

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = ServeConfig(class_dir=tmp_path / "class", host="127.0.0.1", port=port,
                             max_sessions=2, lang="en")
        app = ClassWatchApp(ClassWatch(db, COURSE), "k8s-101", "en",
                            server=ClassServer(config, title="k8s-101"))
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
        assert isinstance(app.server_error, OSError)


def test_serve_watch_needs_a_terminal(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "kubelearn", "serve", "--watch", "--class-dir",
                           str(tmp_path / "class"), "--port", "1"], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=60, check=False)
    assert done.returncode == 2
    assert "--watch needs an interactive terminal" in done.stderr
