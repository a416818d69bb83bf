"""Fixtures for driving the real app with a small fixture course and a throwaway data dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelearn.course import load_course
from kubelearn.progress import ProgressStore
from kubelearn.ui.app import KubelearnApp

REPO = Path(__file__).resolve().parents[2]
# Relative to REPO, so the paths in broken-lesson messages are the same on every machine.
FIXTURE_COURSE = Path("tests/fixtures/ui_course")
SIZE = (80, 24)
#: The exercise's typing pause before a check (0.12 s in the app), shortened for tests that wait
#: for checks to finish rather than test the pause itself.
QUICK_CHECK_DELAY_S = 0.02


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def make_app(data_dir: Path):
    """Build the app as the CLI does, on the fixture course and ``data_dir``."""

    def make(lang: str = "en") -> KubelearnApp:
        course = load_course(FIXTURE_COURSE, lang=lang)
        store = ProgressStore(data_dir / "progress.json")
        return KubelearnApp(course=course, store=store, lang=lang)

    return make


@pytest.fixture
def quick_checks(monkeypatch: pytest.MonkeyPatch) -> float:
    """Check an exercise 0.02 s after typing stops; the delay, for tests that wait it out."""
    monkeypatch.setattr("kubelearn.ui.screens.exercise.CHECK_DELAY_S", QUICK_CHECK_DELAY_S)
    return QUICK_CHECK_DELAY_S


@pytest.fixture(autouse=True)
def _steady_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
