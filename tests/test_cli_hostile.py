"""`kubelearn lessons ...` and the command line as a whole, given a hostile lesson pack or a
reader that goes away: one clear line, the right exit status, nothing a terminal acts on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kubelearn.cli import main
from kubelearn.safe_text import has_control

LESSON = """\
---
format: 1
id: {id}
title: "{title}"
order: {order}
---

## Step one

{body}
"""

ESCAPES = "\\e]52;c;aGk=\\a\\e]0;title\\a\\e[2J\\u202e\\x9b"  # YAML escapes: real controls


def _course(tmp_path: Path, *lessons: tuple[str, str, str]) -> Path:
    root = tmp_path / "course"
    (root / "en").mkdir(parents=True)
    for order, (lesson_id, title, body) in enumerate(lessons, start=1):
        text = LESSON.format(id=lesson_id, title=title, order=order, body=body)
        (root / "en" / f"{order:02d}-{lesson_id}.md").write_text(text)
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("argv", [["lessons", "list"], ["lessons", "list", "--json"],
                                  ["lessons", "show", "pods"],
                                  ["lessons", "show", "pods", "--json"]],
                         ids=" ".join)
def test_lesson_text_never_reaches_the_terminal_raw(tmp_path: Path, capsys, argv) -> None:
    body = "Text \x1b]0;owned\x07 and \x1b[2J and \u202e and \x9b2J."
    root = _course(tmp_path, ("pods", f"Pods {ESCAPES}", body))
    code, out, err = run(capsys, *argv, "--lessons", str(root))
    assert code in (0, 1)
    assert "Pods" in out
    assert not has_control(out) and not has_control(err)
    if "--json" in argv:
        data = json.loads(out)
        title = (data[0] if isinstance(data, list) else data)["title"]
        assert title.startswith("Pods \x1b]52;c;aGk=\x07")  # the data survives, escaped


def test_unknown_lesson_argument_is_escaped(tmp_path: Path, capsys) -> None:
    root = _course(tmp_path, ("pods", "Pods", "Text."))
    code, out, err = run(capsys, "lessons", "show", "x\x1b[2J", "--lessons", str(root))
    assert code == 2 and out == ""
    assert err == "kubelearn: no lesson 'x\\x1b[2J'; the lessons are: pods\n"


def _closed_early(argv: list[str]) -> tuple[int, bytes, bytes]:
    """Run kubelearn with stdout read for one line, then closed: `kubelearn ... | head -1`."""
    child = subprocess.Popen([sys.executable, "-m", "kubelearn", *argv],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = child.stdout.readline()
    child.stdout.close()
    stderr = child.stderr.read()
    child.stderr.close()
    return child.wait(timeout=120), first, stderr


@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["text", "json"])
def test_lessons_show_into_a_closed_pipe_keeps_its_status(tmp_path: Path, json_flag) -> None:
    big = "\n\n".join(f"Paragraph {n}: " + "words " * 30 for n in range(3000))  # > a pipe
    root = _course(tmp_path, ("pods", "Pods", big + "\n\n```quizz\nquestion: x\n```\n"))
    code, first, stderr = _closed_early(["lessons", "show", "pods", *json_flag,
                                         "--lessons", str(root)])
    assert first.strip()
    assert code == 1  # the lesson is broken (a misspelt block), head or no head
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr


def test_lessons_list_into_a_closed_pipe_exits_0_quietly(tmp_path: Path) -> None:
    lessons = [(f"l{n}", "A lesson title " * 8, "Text.") for n in range(700)]
    root = _course(tmp_path, *lessons)
    code, first, stderr = _closed_early(["lessons", "list", "--lessons", str(root)])
    assert first.startswith(b" 1  l0")
    assert (code, stderr) == (0, b"")


def test_lessons_validate_into_a_closed_pipe_keeps_status_1(tmp_path: Path) -> None:
    lessons = [(f"l{n}", "T", "```quizz\nquestion: x\n```\n" * 20) for n in range(200)]
    root = _course(tmp_path, *lessons)
    code, first, stderr = _closed_early(["lessons", "validate", str(root)])
    assert b"unknown block 'quizz'" in first
    assert code == 1
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr


# --------------------------------------------------------------------------- --lessons DIR


@pytest.mark.parametrize("argv", [["lessons", "list", "--lessons"], ["lessons", "validate"],
                                  ["progress", "show", "--data-dir", "{data}", "--lessons"],
                                  ["check", "-", "--exercise", "x", "--lessons"]],
                         ids=["list", "validate", "progress", "check"])
def test_course_folder_that_is_a_file_is_one_line(tmp_path: Path, capsys, argv) -> None:
    path = tmp_path / "course.md"
    path.write_text("# not a folder\n")
    argv = [arg.format(data=tmp_path / "data") for arg in argv]
    code, out, err = run(capsys, *argv, str(path))
    assert code == 2 and out == ""
    assert err.endswith(f"{path}: is a file, not a course folder\n") and err.count("\n") == 1


def test_course_folder_that_is_a_symlink_loop_is_one_line(tmp_path: Path, capsys) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    code, _, err = run(capsys, "lessons", "list", "--lessons", str(loop))
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"kubelearn: --lessons: {loop}: cannot read it (")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_course_folder_is_one_line(tmp_path: Path, capsys) -> None:
    root = _course(tmp_path, ("pods", "Pods", "Text."))
    root.chmod(0)
    try:
        code, _, err = run(capsys, "lessons", "validate", str(root))
    finally:
        root.chmod(0o755)
    assert code == 2 and err == f"kubelearn: {root}: cannot read it (Permission denied)\n"


def test_missing_course_folder_name_is_escaped(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "lessons", "validate", str(tmp_path / "x\x1b[2J"))
    assert code == 2 and err == f"kubelearn: {tmp_path}/x\\x1b[2J: no such directory\n"


def test_progress_show_into_a_closed_pipe_exits_0_quietly(tmp_path: Path) -> None:
    lessons = [(f"l{n}", "A lesson title " * 8, "Text.") for n in range(900)]
    root = _course(tmp_path, *lessons)
    code, first, stderr = _closed_early(["progress", "show", "--lessons", str(root),
                                         "--data-dir", str(tmp_path / "data")])
    assert first.startswith(b"Progress file: ")
    assert (code, stderr) == (0, b"")
