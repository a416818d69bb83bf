"""The command line as a user meets it: output, exit codes, one-line errors, --help."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kubelearn.cli import main

FIXTURE = """\
---
format: 1
id: {id}
title: {title}
order: {order}
---

## Step one

Text.

```diagram Box
┌─┐
└─┘
```

## Quiz

```quiz
question: Which?
choices:
  a: one
  b: two
answer: a
explain:
  a: yes
  b: no
```

## Exercises

```exercise
id: {id}-ns
title: Namespace
prompt: Write a Namespace named demo.
starter: |
  apiVersion: v1
  kind: Namespace
solution: |
  apiVersion: v1
  kind: Namespace
  metadata:
    name: demo
hints: [Add metadata.name.]
expect:
  - in: Namespace
    path: metadata.name
    equals: demo
    message: Name the Namespace demo.
```
"""


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "en").mkdir(parents=True)
    (root / "en" / "01-a.md").write_text(FIXTURE.format(id="alpha", title="Alpha", order=1))
    (root / "en" / "02-b.md").write_text(FIXTURE.format(id="beta", title="Beta", order=2))
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_lessons_list_json(capsys, course: Path) -> None:
    code, out, _ = run(capsys, "lessons", "list", "--json", "--lessons", str(course))
    assert code == 0
    data = json.loads(out)
    assert [(d["id"], d["title"], d["lang"], d["steps"], d["diagrams"], d["quiz_questions"],
             d["exercises"]) for d in data] == [
        ("alpha", "Alpha", "en", 1, 1, 1, 1), ("beta", "Beta", "en", 1, 1, 1, 1)]


def test_lessons_show_json(capsys, course: Path) -> None:
    code, out, _ = run(capsys, "lessons", "show", "beta", "--json", "--lessons", str(course))
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "beta" and data["steps"][0]["title"] == "Step one"
    assert data["quiz"][0]["answer"] == "a"
    assert data["quiz"][0]["explanations"] == {"a": "yes", "b": "no"}
    ex = data["exercises"][0]
    assert (ex["id"], ex["hints"]) == ("beta-ns", ["Add metadata.name."])
    assert ex["solution"].endswith("name: demo\n")


def test_lessons_show_unknown_id_is_one_line(capsys, course: Path) -> None:
    code, out, err = run(capsys, "lessons", "show", "gamma", "--lessons", str(course))
    assert code == 2 and out == ""
    assert err == "kubelearn: no lesson 'gamma'; the lessons are: alpha, beta\n"


def test_missing_lessons_dir_is_one_line(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "lessons", "list", "--lessons", str(tmp_path / "nope"))
    assert code == 2 and err.count("\n") == 1 and "no such directory" in err


def test_validate_clean_course(capsys, course: Path) -> None:
    code, out, err = run(capsys, "lessons", "validate", str(course))
    assert (code, out) == (0, "")
    assert "no problems" in err


def test_validate_reports_path_line(capsys, course: Path) -> None:
    broken = (course / "en" / "02-b.md")
    broken.write_text(broken.read_text().replace("answer: a", "answer: z"))
    code, out, _ = run(capsys, "lessons", "validate", str(course))
    assert code == 1
    assert f"{broken}:24: answer 'z' is not among the choices (a, b)" in out.splitlines()


def test_validate_runs_the_checker_on_exercises(capsys, course: Path) -> None:
    lesson = course / "en" / "01-a.md"
    lesson.write_text(lesson.read_text().replace("    name: demo\nhints", "    name: other\nhints"))
    code, out, _ = run(capsys, "lessons", "validate", str(course))
    assert code == 1
    assert f"{lesson}:32: exercise 'alpha-ns': the solution does not pass" in out


def test_validate_missing_dir_exits_2(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "lessons", "validate", str(tmp_path / "nope"))
    assert code == 2 and "no such directory" in err


def test_progress_show_and_reset(capsys, course: Path, tmp_path: Path) -> None:
    from kubelearn.progress import ProgressStore

    data = tmp_path / "data"
    store = ProgressStore(data / "progress.json")
    store.mark_step_seen("alpha", 0)
    store.record_quiz_score("alpha", 1, 1)
    store.set_position("alpha", "quiz")
    code, out, _ = run(capsys, "progress", "show", "--data-dir", str(data), "--lessons",
                       str(course))
    assert code == 0
    assert "Alpha" in out and "quiz 1/1" in out and out.endswith("Continue: Alpha, quiz\n")
    code, out, _ = run(capsys, "progress", "show", "--json", "--data-dir", str(data))
    assert json.loads(out)["lessons"]["alpha"]["steps_seen"] == [0]
    code, out, _ = run(capsys, "progress", "reset", "--yes", "--data-dir", str(data))
    assert code == 0 and "reset" in out
    assert ProgressStore(data / "progress.json").progress.lessons == {}


def test_progress_reset_without_a_terminal_refuses(capsys, tmp_path: Path, monkeypatch) -> None:
    from kubelearn.progress import ProgressStore

    ProgressStore(tmp_path / "progress.json").mark_step_seen("a", 0)
    monkeypatch.setattr("sys.stdin", open("/dev/null"))
    code, _, err = run(capsys, "progress", "reset", "--data-dir", str(tmp_path))
    assert code == 2 and "--yes" in err


HELP_COMMANDS = [[], ["lessons"], ["lessons", "list"], ["lessons", "show"],
                 ["lessons", "validate"], ["progress"], ["progress", "show"],
                 ["progress", "reset"], ["check"]]


@pytest.mark.parametrize("command", HELP_COMMANDS, ids=lambda c: " ".join(c) or "kubelearn")
def test_every_command_has_help(command: list[str]) -> None:
    out = subprocess.run([sys.executable, "-m", "kubelearn", *command, "--help"],
                         capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout.startswith("usage: kubelearn")
    assert len(out.stdout.splitlines()) > 4


def test_version() -> None:
    out = subprocess.run([sys.executable, "-m", "kubelearn", "--version"], capture_output=True,
                         text=True)
    assert out.returncode == 0 and out.stdout.startswith("kubelearn 0.")


@pytest.mark.parametrize("argv", [["lessons", "frobnicate"], ["--lang", "fr"], ["nonsense"]],
                         ids=["bad action", "bad lang", "bad command"])
def test_usage_errors_exit_2_without_traceback(argv: list[str]) -> None:
    out = subprocess.run([sys.executable, "-m", "kubelearn", *argv], capture_output=True,
                         text=True)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "error:" in out.stderr


def test_tui_without_a_terminal_says_so() -> None:
    out = subprocess.run([sys.executable, "-m", "kubelearn"], capture_output=True, text=True,
                         stdin=subprocess.DEVNULL)
    assert out.returncode == 2
    assert out.stderr == ("kubelearn: the tutor needs an interactive terminal; "
                          "see `kubelearn --help` for the commands\n")


@pytest.mark.parametrize("argv", [["--lang", "zh", "lessons", "list", "--json"],
                                  ["lessons", "list", "--json", "--lang", "zh"]],
                         ids=["before the command", "after the command"])
def test_lang_works_before_or_after_the_command(capsys, course: Path, argv: list[str]) -> None:
    zh = course / "zh"
    zh.mkdir()
    (zh / "01-a.md").write_text(FIXTURE.format(id="alpha", title="阿尔法", order=1))
    code, out, _ = run(capsys, *argv, "--lessons", str(course))
    assert code == 0
    assert [(d["title"], d["lang"]) for d in json.loads(out)] == [("阿尔法", "zh"), ("Beta", "en")]


def _columns(line: str) -> list[int]:
    """Terminal columns where each run of two or more spaces ends (where a column starts)."""
    from kubelearn.course.markdown import display_width

    return [display_width(line[: m.end()]) for m in re.finditer(r"\S {2,}(?=\S)", line)]


@pytest.fixture
def chinese_course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "zh").mkdir(parents=True)
    for name, id_, title, order in (("01-a.md", "alpha", "服务（Service）", 1),
                                    ("02-b.md", "beta", "Beta", 2),
                                    ("03-c.md", "gamma", "Kubernetes 是什么", 3)):
        (root / "zh" / name).write_text(FIXTURE.format(id=id_, title=title, order=order),
                                        encoding="utf-8")
    return root


def test_progress_show_in_chinese_lines_up_and_names_no_ids(capsys, chinese_course: Path,
                                                             tmp_path: Path) -> None:
    from kubelearn.progress import ProgressStore

    data = tmp_path / "data"
    store = ProgressStore(data / "progress.json")
    store.mark_step_seen("alpha", 0)
    store.set_position("gamma", "lesson", step=0)
    code, out, _ = run(capsys, "progress", "show", "--lang", "zh", "--data-dir", str(data),
                       "--lessons", str(chinese_course))
    assert code == 0
    head, *rows, last = out.splitlines()
    assert head.startswith("进度文件：")
    assert len(rows) == 3 and "测验未做" in rows[1] and "步骤 1/1" in rows[0]
    assert len({tuple(_columns(row)) for row in rows}) == 1, rows
    assert last == "继续：Kubernetes 是什么，第 1/1 步"
    for english in ("steps", "quiz", "exercises", "Continue", "gamma"):
        assert english not in out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lessons_list_numbers_from_one_like_the_app(capsys, chinese_course: Path, lang) -> None:
    code, out, _ = run(capsys, "lessons", "list", "--lang", "zh", "--lessons",
                       str(chinese_course))
    assert code == 0
    rows = out.splitlines()
    assert [row.split()[:2] for row in rows] == [["1", "alpha"], ["2", "beta"], ["3", "gamma"]]
    assert all("(1 个步骤，1 道测验题，1 道练习)" in row for row in rows)
    assert len({tuple(_columns(row)) for row in rows}) == 1, rows


def test_check_labels_are_in_the_learners_language(capsys, tmp_path: Path) -> None:
    manifest = tmp_path / "pod.yaml"
    manifest.write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n"
                        "  containers:\n  - name: a\n    image: nginx\n    ports:\n"
                        "    - containerPort: '80'\n")
    code, out, _ = run(capsys, "check", "--lang", "zh", str(manifest))
    assert code == 1
    assert "    提示：" in out and "hint:" not in out
    assert out.splitlines()[-1] == "1 个文件中共 1 个错误，0 个警告"
    code, out, _ = run(capsys, "check", "--lang", "en", str(manifest))
    assert "    hint: " in out and out.splitlines()[-1] == "1 error, 0 warnings in 1 file"


@pytest.mark.parametrize("line", [
    "", "--lang zh", "--lang en --lessons /tmp/course", "--la zh", "--data-dir /tmp/x",
    "--class-dir /tmp/class", "--lessons=/tmp/c --lang=en",
])
def test_the_tutor_command_line_parses_as_the_full_parser_does(line: str) -> None:
    """A plain `kubelearn [options]` skips building every command's parser; what it parses
    must be exactly what the full parser makes of the same line."""
    from kubelearn.cli import _tutor_args, build_parser

    fast = _tutor_args(line.split())
    assert fast is not None
    assert fast == build_parser().parse_args(line.split())


@pytest.mark.parametrize("line", [
    "bogus", "--lang xx", "--lessons", "--help", "-h", "--he", "--version", "--lang zh check",
    "--nope", "check pod.yaml",
])
def test_any_other_command_line_goes_to_the_full_parser(line: str) -> None:
    from kubelearn.cli import _tutor_args

    assert _tutor_args(line.split()) is None


def test_a_mistake_on_the_tutor_command_line_reads_as_before(capsys) -> None:
    """`kubelearn bogus` is still told what the commands are."""
    with pytest.raises(SystemExit) as exited:
        main(["bogus"])
    assert exited.value.code == 2
    assert "invalid choice: 'bogus'" in capsys.readouterr().err


def test_the_collector_is_on_again_when_the_tutor_stops_before_its_app_runs(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """The tutor's start turns garbage collection off until its app runs; a start that ends
    sooner (here: a class folder that is not one) turns it back on."""
    import gc

    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert gc.isenabled()
    assert main(["--class-dir", str(tmp_path), "--data-dir", str(tmp_path / "data")]) == 2
    assert "not a class folder" in capsys.readouterr().err
    assert gc.isenabled()
