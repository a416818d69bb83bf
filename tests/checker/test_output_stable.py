"""`kubelearn check --format json` prints the same findings for the same input, release after
release: over the shared corpus and every exercise's starter and solution, in both languages.

The expected output lives in ``golden/``. A change in wording or findings that is meant shows up
here as a diff to review; rewrite the files with ``KUBELEARN_UPDATE_GOLDEN=1 pytest this file``.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
from pathlib import Path

import pytest
from corpus import CORPUS, needs_corpus

from kubelearn.cli import main
from kubelearn.course import load_course

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
UPDATE = os.environ.get("KUBELEARN_UPDATE_GOLDEN") == "1"


def _run(args: list[str]) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(["check", "--format", "json", *args])
    return {"status": status, "output": json.loads(out.getvalue())}


def _compare(name: str, actual: dict) -> None:
    path = GOLDEN / f"{name}.json.gz"
    if UPDATE:
        path.write_bytes(gzip.compress(
            json.dumps(actual, ensure_ascii=False, indent=1, sort_keys=True).encode(), mtime=0))
        return
    expected = json.loads(gzip.decompress(path.read_bytes()))
    assert sorted(actual) == sorted(expected)
    for key in sorted(expected):
        assert actual[key] == expected[key], key


@needs_corpus
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_corpus_findings_are_unchanged(lang, monkeypatch):
    monkeypatch.chdir(CORPUS)
    files = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.yaml"))
    _compare(f"corpus-{lang}", {name: _run(["--lang", lang, name]) for name in files})


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_exercise_findings_are_unchanged(lang, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    actual = {}
    course = load_course(lang=lang)
    for exercise in (e for lesson in course.lessons for e in lesson.exercises):
        for part in ("starter", "solution"):
            name = f"{exercise.id}.{part}.yaml"
            Path(name).write_text(getattr(exercise, part), encoding="utf-8")
            actual[name] = _run(["--lang", lang, "--exercise", exercise.id, name])
    _compare(f"exercises-{lang}", actual)
