"""``kubelearn grade DIR``: a fixture repository of answers graded the way the tutor judges,
in three formats, with the exit status CI reads."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import xmlschema

from kubelearn.cli import main
from kubelearn.course import load_course
from kubelearn.tutor.exercise import judge

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
COURSE = FIXTURES / "grade" / "course"
REPO = FIXTURES / "grade" / "repo"
JUNIT_XSD = FIXTURES / "junit" / "junit-10.xsd"


def _grade(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["grade", *argv, "--lessons", str(COURSE), "--lang", "en"])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_points_and_exit_status(capsys) -> None:
    code, out, _ = _grade(capsys, str(REPO))
    assert code == 1
    assert out.splitlines() == [
        "PASS  pods-fix-typo  week1/pods-fix-typo.yaml",
        "FAIL  pods-name-it   pods-name-it.yml",
        "      line 5: Name the Pod api. [expectation]",
        "FAIL  pods-label-it",
        "      no answer file (pods-label-it.yaml)",
        "Points: 1/3",
    ]


def test_a_map_names_the_files_and_the_exercises(capsys) -> None:
    code, out, _ = _grade(capsys, str(REPO), "--map", str(REPO / "map.yaml"))
    assert code == 0, "every mapped exercise passed"
    assert out.splitlines()[-1] == "Points: 2/2"


def test_json_is_github_classrooms_shape(capsys) -> None:
    code, out, _ = _grade(capsys, str(REPO), "--format", "json")
    result = json.loads(out)
    assert code == 1
    assert (result["version"], result["status"], result["max_score"]) == (1, "fail", 3)
    assert [(t["name"], t["status"], t["score"]) for t in result["tests"]] == [
        ("pods-fix-typo", "pass", 1), ("pods-name-it", "fail", 0), ("pods-label-it", "fail", 0)]
    assert result["tests"][1]["filename"] == "pods-name-it.yml"
    assert result["tests"][1]["line_no"] == 5


def test_junit_validates_against_pytests_schema(capsys, tmp_path: Path) -> None:
    code, out, _ = _grade(capsys, str(REPO), "--format", "junit")
    assert code == 1
    (tmp_path / "junit.xml").write_text(out)
    schema = xmlschema.XMLSchema(JUNIT_XSD)
    schema.validate(str(tmp_path / "junit.xml"))
    suite = schema.to_dict(str(tmp_path / "junit.xml"))["testsuite"][0]
    cases = {c["@name"]: c for c in suite["testcase"]}
    assert set(cases) == {"pods-fix-typo", "pods-name-it", "pods-label-it"}
    assert "failure" not in cases["pods-fix-typo"]
    assert "pods-name-it.yml:5:" in cases["pods-name-it"]["failure"][0]["$"]


def test_the_same_judgement_as_the_tutor() -> None:
    """Each answer file passes the grader exactly when the tutor's judge passes it."""
    course = load_course(COURSE, lang="en")
    for path, exercise_id, passes in [(REPO / "week1" / "pods-fix-typo.yaml", "pods-fix-typo",
                                       True), (REPO / "pods-name-it.yml", "pods-name-it", False)]:
        exercise = course.exercise(exercise_id)
        assert exercise is not None
        assert judge(exercise, path.read_text(), "en").passed is passes
        assert judge(exercise, exercise.solution, "en").passed
        assert not judge(exercise, exercise.starter, "en").passed


def test_what_a_student_repository_cannot_do(capsys, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO, repo)
    (repo / "pods-label-it.yaml").symlink_to("/etc/passwd")       # a link out of the repo
    (repo / "dupe").mkdir()
    shutil.copy(repo / "pods-name-it.yml", repo / "dupe" / "pods-name-it.yaml")
    os.mkfifo(repo / "week1" / "x.yaml")                         # never opened
    (repo / "week1" / "pods-fix-typo.yaml").write_bytes(b"\xff\xfe bad: [")
    (repo / ".git").mkdir()
    (repo / ".git" / "pods-fix-typo.yaml").write_text("ignored")
    code, out, _ = _grade(capsys, str(repo))
    assert code == 1
    text = out.replace(str(repo), "REPO")
    assert "outside the repository" in text
    assert "more than one answer file: dupe/pods-name-it.yaml, pods-name-it.yml" in text
    assert "PASS" not in text and "Points: 0/3" in text


@pytest.mark.parametrize("argv, says", [
    (["{missing}"], "no such directory"),
    (["{repo}", "--map", "{missing}"], "--map: cannot read it"),
    (["{repo}", "--map", "{badmap}"], "not a mapping of exercise ids"),
    (["{repo}", "--map", "{unknown}"], "no exercise 'nope' in the course"),
])
def test_usage_mistakes_exit_2(capsys, tmp_path: Path, argv: list[str], says: str) -> None:
    (tmp_path / "bad.yaml").write_text("- just\n- a list\n")
    (tmp_path / "unknown.yaml").write_text("nope: a.yaml\n")
    values = {"missing": str(tmp_path / "none"), "repo": str(REPO),
              "badmap": str(tmp_path / "bad.yaml"), "unknown": str(tmp_path / "unknown.yaml")}
    code, _, err = _grade(capsys, *[a.format(**values) for a in argv])
    assert code == 2 and says in err and err.count("\n") == 1
    assert err.startswith("kubelearn grade: ")


def test_an_unknown_format_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        _grade(capsys, str(REPO), "--format", "xml")
    assert caught.value.code == 2 and "invalid choice" in capsys.readouterr().err
