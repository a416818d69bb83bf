"""A class at once: simulated students (websocket clients speaking textual-serve's protocol,
loopback only) drive real kubelearn sessions through ``kubelearn serve``; every check and
draft reaches the class database; the server and its sessions are SIGKILLed mid-class, and
after a restart every student resumes at their exercise with their text.

Small here (``STUDENTS``) so the suite stays fast; ``bench/classroom.py`` runs 30.
"""

from __future__ import annotations

import asyncio
import signal
import time

import pytest
from classroom_client import EXERCISE_PROMPT, SimStudent, join, open_exercise

from kubelearn.classroom.db import ClassDB

STUDENTS = 6
EXERCISE = "pods-fix-typo"
#: The starter's finding, one line lower once a line is typed above it: on screen only once
#: the typed text has been checked (and that check recorded in the same handler).
FINDING = "7:3 container is not a field of spec."
#: Bounds, not timings: how long a step may take on a loaded shared machine before the test
#: gives up on it.
STEP_S = 90.0
#: The sockets of the first half, left open until the server is killed under them.
_open: list[SimStudent] = []


def names() -> list[str]:
    return [f"Student {n}" for n in range(STUDENTS)]


async def _work(url: str, code: str, name: str) -> str | None:
    """Join, open the exercise, type a line of one's own; what went wrong, or None."""
    student = SimStudent(url)
    try:
        if not await join(student, code, name, STEP_S):
            return f"{name}: not in the class (waiting for {student.step!r})"
        if not await open_exercise(student, STEP_S):
            return f"{name}: no exercise (waiting for {student.step!r})"
        student.mark()
        await student.type(f"# mine: {name}\r")
        if not await student.wait_for(FINDING, STEP_S):
            return f"{name}: no finding shown"
        return None
    finally:
        _open.append(student)  # open: the class is still working when the server is killed


async def _resume(url: str, code: str, name: str) -> str | None:
    """A new browser, the same name and code: back at the exercise with one's own text."""
    student = SimStudent(url)
    try:
        # Straight back at the exercise, with the text typed before.
        if not await join(student, code, name, STEP_S, expect=f"# mine: {name}"):
            return f"{name}: not back at their text (waiting for {student.step!r})"
        if not await student.wait_for(EXERCISE_PROMPT, STEP_S):
            return f"{name}: not back at the exercise"
        return None
    finally:
        await student.close()


async def _class(url: str, code: str, step) -> list[str | None]:
    return await asyncio.gather(*(step(url, code, name) for name in names()))


def _drafts(folder) -> dict[str, str | None]:
    with ClassDB(folder) as db:
        return {s.name: db.progress_of(s.id).exercise(EXERCISE).draft for s in db.roster()}


def _wait_for_drafts(folder) -> dict[str, str | None]:
    """The drafts as the database holds them once every student's is there (bounded)."""
    deadline = time.monotonic() + STEP_S
    while True:
        drafts = _drafts(folder)
        done = all(f"# mine: {n}" in (drafts.get(n) or "") for n in names())
        if done or time.monotonic() > deadline:
            return drafts


async def _work_then_lose_power(served) -> tuple[list[str | None], dict[str, str | None]]:
    """The class works at once; once every draft is in the database, the machine loses
    power mid-class (server and sessions SIGKILLed at once, the students' sockets open)."""
    try:
        problems = await _class(served.url, served.code, _work)
        drafts = _wait_for_drafts(served.folder)
        served.stop(signal.SIGKILL)
    finally:
        while _open:
            await _open.pop().close()
    return problems, drafts


@pytest.mark.load
def test_a_class_at_once_loses_nothing_even_to_sigkill(serve):
    served = serve()
    problems, drafts = asyncio.run(_work_then_lose_power(served))
    assert [p for p in problems if p] == []
    assert sorted(drafts) == sorted(names())
    for name in names():
        assert (drafts[name] or "").startswith(f"# mine: {name}\n"), name
    with ClassDB(served.folder) as db:
        for student in db.roster():
            checks = [e for e in db.events(student.id)
                      if e.kind == "exercise_checked" and e.item == EXERCISE]
            assert checks and all(e.ok is False for e in checks), student.name
            assert any("unknown-field" in str(e.detail.get("codes")) for e in checks)
            assert db.progress_of(student.id).last.exercise_id == EXERCISE

    again = serve(port=served.port)
    assert again.code == served.code  # the code on the board still works
    problems = asyncio.run(_class(again.url, again.code, _resume))
    assert [p for p in problems if p] == []
    with ClassDB(again.folder) as db:
        assert len(db.roster()) == STUDENTS  # the same students, none twice
