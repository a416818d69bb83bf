"""`kubelearn check` as a user meets it: the text and JSON formats, exit codes, stdin,
exercises, and one clear line (no traceback) for every usage mistake."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from kubelearn.cli import main

GOOD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n"
BAD = GOOD.replace("  containers:", "  contaners:")


@pytest.fixture
def files(tmp_path):
    (tmp_path / "good.yaml").write_text(GOOD)
    (tmp_path / "bad.yaml").write_text(BAD)
    return tmp_path


def test_clean_file_exits_0(files, capsys):
    assert main(["check", str(files / "good.yaml"), "--lang", "en"]) == 0
    assert capsys.readouterr().out == "0 errors, 0 warnings in 1 file\n"


def test_text_format(files, capsys):
    bad = str(files / "bad.yaml")
    assert main(["check", bad, str(files / "good.yaml"), "--lang", "en"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"{bad}:6:3: error[unknown-field] `contaners` is not a field of `spec`. "
        "Did you mean `containers`?"
    )
    assert out[1].startswith("    Kubernetes rejects fields it does not know.")
    assert out[2] == "    hint: Rename it to `containers`, or remove it."
    assert out[-1] == "1 error, 0 warnings in 2 files"


def test_json_format(files, capsys):
    bad = str(files / "bad.yaml")
    assert main(["check", bad, "--format", "json", "--lang", "en"]) == 1
    data = json.loads(capsys.readouterr().out)
    (finding,) = data["findings"]
    assert {k: finding[k] for k in ("file", "line", "column", "severity", "code", "path")} == {
        "file": bad,
        "line": 6,
        "column": 3,
        "severity": "error",
        "code": "unknown-field",
        "path": "spec.contaners",
    }
    assert finding["message"] and finding["explanation"] and finding["hint"]


def test_stdin(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode())))
    assert main(["check", "-", "--lang", "en"]) == 1
    assert capsys.readouterr().out.startswith("<stdin>:6:3: error[unknown-field]")


def test_chinese_messages(files, capsys):
    assert main(["check", str(files / "bad.yaml"), "--lang", "zh"]) == 1
    assert "不是 `spec` 的字段" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "nope.yaml"], "kubelearn check: nope.yaml: no such file\n"),
    ],
)
def test_unreadable_file_exits_2_with_one_line(argv, message, capsys):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err == message
    assert captured.out == ""


def test_unknown_exercise_exits_2_and_says_how_to_find_ids(files, capsys):
    assert main(["check", str(files / "good.yaml"), "--exercise", "no-such-exercise"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no-such-exercise" in err and "kubelearn lessons list" in err


@pytest.mark.parametrize("before", [False, True], ids=["after-check", "before-check"])
def test_exercise_in_a_missing_course_folder_says_the_folder_is_missing(
    files, tmp_path, capsys, before: bool
):
    """--lessons is resolved as for every command: a folder that is not there is named,
    rather than the exercise being "not found" in it."""
    missing = str(tmp_path / "nonexistent")
    argv = ["check", "--exercise", "pods-fix-typo", str(files / "good.yaml")]
    argv = ["--lessons", missing, *argv] if before else [*argv, "--lessons", missing]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err == f"kubelearn check: --lessons: {missing}: no such directory\n"
    assert captured.out == ""


def test_exercise_in_a_file_given_as_the_course_folder(files, capsys):
    argv = ["check", "--exercise", "pods-fix-typo", "--lessons", str(files / "good.yaml"),
            str(files / "good.yaml")]
    assert main(argv) == 2
    assert capsys.readouterr().err == (f"kubelearn check: --lessons: {files / 'good.yaml'}: "
                                       "is a file, not a course folder\n")


def test_exercise_from_a_course_folder(files, capsys):
    course = files / "course" / "en"
    course.mkdir(parents=True)
    (course / "01-mine.md").write_text(
        "---\nformat: 1\nid: mine\ntitle: Mine\norder: 1\n---\n\n## Step\n\n"
        "```exercise\nid: my-pod\ntitle: A pod\nprompt: Write it.\n"
        "starter: |\n  kind: Pod\nsolution: |\n  kind: Pod\n"
        "expect:\n  - {object: Pod/web, message: Name it web.}\n"
        "  - {object: Pod/api, message: Name it api.}\n```\n")
    argv = ["check", str(files / "good.yaml"), "--exercise", "my-pod", "--lessons",
            str(files / "course"), "--lang", "en"]
    assert main(argv) == 1
    assert "good.yaml: exercise my-pod: 1 of 2 goals met" in capsys.readouterr().out
    assert main([*argv[:3], "pods-fix-typo", *argv[4:]]) == 2
    assert "no exercise with id 'pods-fix-typo'" in capsys.readouterr().err


def test_exercise_goals(files, capsys):
    from kubelearn.course import load_course

    course = load_course(None, lang="en")
    exercise = next(ex for lesson in course.lessons for ex in lesson.exercises)
    (files / "solution.yaml").write_text(exercise.solution)
    (files / "starter.yaml").write_text(exercise.starter)
    assert main(["check", str(files / "solution.yaml"), "--exercise", exercise.id]) == 0
    out = capsys.readouterr().out
    assert f"exercise {exercise.id}: {len(exercise.expectations)} of" in out
    assert main(["check", str(files / "starter.yaml"), "--exercise", exercise.id]) == 1


def test_help_describes_the_command():
    out = subprocess.run(
        [sys.executable, "-m", "kubelearn", "check", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--exercise ID" in out and "--format {text,json}" in out and "exit status" in out


def test_usage_error_exits_2():
    result = subprocess.run(
        [sys.executable, "-m", "kubelearn", "check"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_kubernetes_errors_come_before_unmet_goals() -> None:
    from kubelearn.checker import check

    text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  container: []\n"
    goals = [{"in": "Pod", "path": "metadata.name", "equals": "api", "message": "Name it api."}]
    report = check(text, goals)
    assert [f.code for f in report.findings][-1] == "expectation"
    assert report.findings[0].line == 6  # the misspelt field, though the goal's line is earlier


CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  MODE: x\n"
USES_IT = GOOD.replace("    image: nginx\n", "    image: nginx\n    envFrom:\n"
                       "    - configMapRef: {name: settings}\n")


@pytest.fixture
def app_dir(tmp_path):
    """A small app as a folder: manifests in subfolders, and files that are not manifests."""
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "pod.yaml").write_text(USES_IT)
    (tmp_path / "base" / "configmap.yml").write_text(CONFIGMAP)
    (tmp_path / "extra.json").write_text('{"apiVersion": "v1", "kind": "Namespace", '
                                         '"metadata": {"name": "shop"}}')
    (tmp_path / "README.md").write_text("# not a manifest\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.yaml").write_text("not: [checked\n")
    return tmp_path


def test_directory_checks_every_manifest_under_it(app_dir, capsys):
    assert main(["check", str(app_dir), "--format", "json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    # the Pod's ConfigMap is in another file: a note, not a warning
    assert [(f["file"].removeprefix(str(app_dir)), f["severity"], f["code"])
            for f in data["findings"]] == [("/base/pod.yaml", "info", "configmap-missing")]


def test_notes_are_shown_with_verbose(app_dir, capsys):
    assert main(["check", str(app_dir), "--lang", "en"]) == 0
    assert capsys.readouterr().out == (
        "0 errors, 0 warnings in 3 files (1 note not shown; --verbose shows them)\n")
    assert main(["check", str(app_dir), "--lang", "en", "--verbose"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("info[configmap-missing] No ConfigMap named 'settings' in this input")
    assert out[-1] == "0 errors, 0 warnings in 3 files"


def test_one_file_alone_warns_about_what_it_lacks(app_dir, capsys):
    assert main(["check", str(app_dir / "base" / "pod.yaml"), "--lang", "en"]) == 0
    assert "warning[configmap-missing]" in capsys.readouterr().out


def test_directory_without_manifests_exits_2(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("hello\n")
    assert main(["check", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"kubelearn check: {tmp_path}: no .yaml, .yml or .json file in this directory\n")


def test_many_files_checked_in_parallel_say_the_same(tmp_path, capsys, monkeypatch):
    """Past PARALLEL_FROM files, forked workers check them: the same findings, in order."""
    from kubelearn.cli import check as check_command

    monkeypatch.setattr(check_command, "_idle_cpus", lambda: 2)  # even on a busy machine
    for i in range(check_command.PARALLEL_FROM + 6):
        (tmp_path / f"m{i:03d}.yaml").write_text(BAD if i % 7 == 3 else USES_IT)
    argv = ["check", str(tmp_path), "--format", "json", "--lang", "en"]
    assert main(argv) == 1
    parallel = capsys.readouterr().out
    monkeypatch.setattr(check_command, "PARALLEL_FROM", 10**9)
    assert main(argv) == 1
    assert capsys.readouterr().out == parallel
    errors = [f["file"][-9:] for f in json.loads(parallel)["findings"] if f["severity"] == "error"]
    assert errors[:2] == ["m003.yaml", "m010.yaml"]


def test_exercise_goals_that_run_the_answer(files, capsys):
    """Goals judged in the offline cluster: what happened when the file ran, and, for a file
    Kubernetes would reject, how many wait to run."""
    from kubelearn.course import load_course

    exercise = load_course(None, lang="en").exercise("services-clusterip-ports")
    broken = exercise.solution.replace("      targetPort: 8080\n", "")
    rejected = exercise.solution.replace("      port: 80\n", "      port: eighty\n")
    (files / "broken.yaml").write_text(broken)
    (files / "rejected.yaml").write_text(rejected)
    argv = ["check", "--exercise", exercise.id, "--lang", "en"]
    assert main([*argv, str(files / "broken.yaml")]) == 1
    out = capsys.readouterr().out
    assert "nothing listens there: api listens on 8080." in out
    assert "broken.yaml: exercise services-clusterip-ports: 1 of 2 goals met\n" in out
    assert main([*argv, str(files / "rejected.yaml"), "--format", "json"]) == 1
    files_json = json.loads(capsys.readouterr().out)["exercise"]["files"]
    assert [(f["met"], f["total"], f["pending"]) for f in files_json] == [(0, 2, 2)]
