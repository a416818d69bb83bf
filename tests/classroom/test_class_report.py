"""``kubelearn class report``: four files from one class, each read back the way its reader
would (csv module, the JUnit schema pytest's tests use, JSON, an HTML parser)."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import xmlschema

from kubelearn.classroom import ClassDB
from kubelearn.classroom.report import build_report, csv_columns, to_csv
from kubelearn.cli import main
from kubelearn.course import load_course

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
COURSE = FIXTURES / "ui_course"
JUNIT_XSD = FIXTURES / "junit" / "junit-10.xsd"
HOSTILE = "<img src=x onerror=alert(1)>&amp; \"'"
FORMULA = "=HYPERLINK(\"http://x\")"


@pytest.fixture(scope="module")
def course():
    return load_course(COURSE, lang="en")


def _class(folder: Path, course) -> ClassDB:
    """Three students: one passes everything, one struggles, one only joined."""
    db = ClassDB(folder)
    exercises = [e for lesson in course.lessons for e in lesson.exercises]
    first = exercises[0]
    ana = db.store_for(db.join("Ana"))
    for lesson in course.lessons:
        for step in range(len(lesson.steps)):
            ana.mark_step_seen(lesson.id, step)
        if lesson.quiz:
            ana.record_quiz_score(lesson.id, len(lesson.quiz), len(lesson.quiz))
    for exercise in exercises:
        ana.record_check(exercise.id, [], True, lesson_id=exercise.lesson_id)
        ana.mark_exercise_passed(exercise.id, exercise.solution)
        ana.record_time(exercise.lesson_id, "exercise", 120, exercise_id=exercise.id)
    bo = db.store_for(db.join(HOSTILE))
    for codes in (["required", "unknown-field"], ["required"], ["required"]):
        bo.record_check(first.id, codes, False, lesson_id=first.lesson_id,
                        examples={"required": "<script>x</script> is required"})
    bo.record_time(first.lesson_id, "exercise", 600, exercise_id=first.id)
    bo.set_hints_shown(first.id, 2)
    db.join(FORMULA)
    return db


def _run(classdir: Path, out: Path, *extra: str) -> int:
    return main(["class", "report", str(classdir), "--out", str(out), "--lessons", str(COURSE),
                 "--lang", "en", *extra])


def test_all_four_files(tmp_path: Path, course, capsys) -> None:
    _class(tmp_path / "class", course)
    assert _run(tmp_path / "class", tmp_path / "out") == 0
    listed = capsys.readouterr().out.split()
    assert [Path(p).name for p in listed] == ["report.html", "gradebook.csv", "junit.xml",
                                              "autograding.json"]
    exercises = [e.id for lesson in course.lessons for e in lesson.exercises]
    first = exercises[0]

    # CSV: the documented columns, a row per student, read back by the csv module.
    with open(tmp_path / "out" / "gradebook.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(tmp_path / "out" / "gradebook.csv", encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f)) == csv_columns(course)
    assert [r["name"] for r in rows] == ["Ana", HOSTILE, "'" + FORMULA]
    ana, bo, joined = rows
    assert ana["completion_percent"] == "100" and ana["exercises_passed"] == str(len(exercises))
    assert all(ana[f"exercise:{e}"] == "1" for e in exercises)
    assert [ana[f"lesson:{lesson.id}"] for lesson in course.lessons] == ["100", "100", "0"]
    assert not course.lessons[-1].steps, "the fixture's last lesson has nothing to do"
    assert ana["minutes"] == f"{2 * len(exercises):.1f}"
    assert bo[f"exercise:{first}"] == "0" and bo["minutes"] == "10.0"
    assert joined["completion_percent"] == "0" and joined["last_active"] == ""

    # JUnit: valid against pytest's schema; one case per exercise per student.
    schema = xmlschema.XMLSchema(JUNIT_XSD)
    junit = tmp_path / "out" / "junit.xml"
    schema.validate(str(junit))
    tree = schema.to_dict(str(junit))
    suites = tree["testsuite"]
    assert [s["@name"] for s in suites] == ["Ana", HOSTILE, FORMULA]
    assert all(len(s["testcase"]) == len(exercises) for s in suites)
    assert all("failure" not in case for case in suites[0]["testcase"])
    bo_first = suites[1]["testcase"][0]
    assert (bo_first["@classname"], bo_first["@name"]) == (HOSTILE, first)
    assert bo_first["failure"][0]["@message"] == "not passed; last findings: required"

    # GitHub Classroom: the reporter's shape, scores adding up.
    result = json.loads((tmp_path / "out" / "autograding.json").read_text())
    assert set(result) == {"version", "status", "max_score", "tests"}
    assert result["status"] == "fail" and result["max_score"] == 3 * len(exercises)
    assert all(set(t) == {"name", "status", "score", "message"} for t in result["tests"])
    assert sum(t["score"] for t in result["tests"]) == len(exercises)
    assert result["tests"][len(exercises)]["name"] == f"{HOSTILE}: {first}"

    # HTML: well formed enough to parse, nothing fetched, every hostile string escaped.
    page = (tmp_path / "out" / "report.html").read_text()
    assert "<script" not in page and "<img" not in page and "onerror=alert(1)>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;&amp;amp; &quot;&#x27;" in page
    assert "&lt;script&gt;x&lt;/script&gt; is required" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", page)
    assert "default-src 'none'" in page
    tags = _tags(page)
    assert tags["svg"] == 2 and tags["tr"] >= 4


def _tags(page: str) -> dict[str, int]:
    counts: dict[str, int] = {}

    class Count(HTMLParser):
        def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
            counts[tag] = counts.get(tag, 0) + 1

    Count().feed(page)
    return counts


def test_the_html_report_in_chinese(tmp_path: Path, course) -> None:
    """--lang zh words the page in Chinese; what students wrote is escaped all the same."""
    _class(tmp_path / "class", course).close()
    assert main(["class", "report", str(tmp_path / "class"), "--out", str(tmp_path / "zh"),
                 "--lessons", str(COURSE), "--lang", "zh", "--format", "html"]) == 0
    page = (tmp_path / "zh" / "report.html").read_text()
    assert '<html lang="zh">' in page
    assert "<h2>各课完成度</h2>" in page and "<th>尝试过的学员</th>" in page
    assert "Completion per lesson" not in page and "Students who tried" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "onerror=alert(1)>" not in page


def test_an_empty_class_says_so(tmp_path: Path, capsys) -> None:
    ClassDB(tmp_path / "class").close()
    assert _run(tmp_path / "class", tmp_path / "out") == 0
    assert "no students yet" in capsys.readouterr().err
    assert "This class has no students yet" in (tmp_path / "out" / "report.html").read_text()
    xmlschema.XMLSchema(JUNIT_XSD).validate(str(tmp_path / "out" / "junit.xml"))
    result = json.loads((tmp_path / "out" / "autograding.json").read_text())
    assert result == {"version": 1, "status": "pass", "max_score": 0, "tests": []}
    with open(tmp_path / "out" / "gradebook.csv", encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.reader(f))) == 1


def test_one_format_and_the_default_folder(tmp_path: Path, course) -> None:
    _class(tmp_path, course)
    assert main(["class", "report", str(tmp_path), "--format", "csv", "--lessons",
                 str(COURSE)]) == 0
    assert sorted(p.name for p in (tmp_path / "report").iterdir()) == ["gradebook.csv"]


@pytest.mark.parametrize("argv, says", [
    (["--format", "pdf"], "pdf is not one of html, csv, junit, json"),
    (["--format", ","], "is not one of"),
    (["--out", "{file}"], "cannot write there"),
])
def test_usage_mistakes(tmp_path: Path, course, capsys, argv: list[str], says: str) -> None:
    _class(tmp_path / "class", course)
    (tmp_path / "file").write_text("")
    argv = [a.format(file=tmp_path / "file") for a in argv]
    assert main(["class", "report", str(tmp_path / "class"), "--lessons", str(COURSE),
                 *argv]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1


def test_the_report_reads_what_the_events_say(tmp_path: Path, course) -> None:
    report = build_report(_class(tmp_path, course), course, "Room 4")
    first = report.exercise_ids[0]
    assert report.name == "Room 4"
    [hard] = report.hardest
    assert (hard.exercise_id, hard.failed_checks, hard.students_tried,
            hard.students_passed) == (first, 3, 2, 1)
    assert [(m.code, m.checks, m.students) for m in report.mistakes] == [
        ("required", 3, 1), ("unknown-field", 1, 1)]
    assert report.mistakes[0].example == "<script>x</script> is required"
    assert report.exercise_seconds(first) == (120 + 600) // 2
    bo = report.students[1].exercises[first]
    assert (bo.checks, bo.failed_checks, bo.last_codes, bo.hints) == (3, 3, ("required",), 2)
    assert to_csv(report).count("\r\n") == 4


def test_a_damaged_class_database_is_one_line(tmp_path: Path, capsys) -> None:
    (tmp_path / "class.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    assert _run(tmp_path, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert err.startswith("kubelearn class report: ") and err.count("\n") == 1
    assert "not a kubelearn class database" in err and "Traceback" not in err
