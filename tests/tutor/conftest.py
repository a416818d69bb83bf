"""A tutor on the small fixture course (the one the UI tests use) and a throwaway progress file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelearn.course import load_course
from kubelearn.progress import ProgressStore
from kubelearn.tutor import Tutor

FIXTURE_COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "ui_course"


@pytest.fixture
def progress_file(tmp_path: Path) -> Path:
    return tmp_path / "progress.json"


@pytest.fixture
def make_tutor(progress_file: Path):
    """A tutor as the app builds one; each call reads the progress file afresh (a new run)."""

    def make(lang: str = "en") -> Tutor:
        course = load_course(FIXTURE_COURSE, lang=lang)
        return Tutor(course, ProgressStore(progress_file), lang)

    return make


@pytest.fixture
def saved(progress_file: Path):
    """What the progress file holds now, read as a new run would."""
    return lambda: ProgressStore(progress_file).progress
