"""The exercise screen and the goals that run the answer in the offline cluster: shown as
running (never as failed) until the cluster has judged them, then what happened."""

from __future__ import annotations

import pytest
from pilot_wait import wait_until
from textual.widgets import Static, TextArea

from kubelearn.course import load_course
from kubelearn.progress import ProgressStore
from kubelearn.ui.app import KubelearnApp
from kubelearn.ui.screens.exercise import ExerciseScreen
from kubelearn.ui.widgets.findings import FindingList

SIZE = (100, 30)
EXERCISE = "services-clusterip-ports"
pytestmark = pytest.mark.usefixtures("quick_checks")


def goals_line(app) -> str:
    return str(app.screen.query_one("#goals-line", Static).render())


async def test_running_goals_wait_then_say_what_happened(tmp_path) -> None:
    course = load_course(None, lang="en")
    app = KubelearnApp(course=course, store=ProgressStore(tmp_path / "p.json"), lang="en")
    exercise = course.exercise(EXERCISE)
    broken = exercise.solution.replace("      targetPort: 8080\n", "")
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise(EXERCISE)
        await wait_until(pilot, lambda: isinstance(app.screen, ExerciseScreen)
                         and app.screen.is_mounted, timeout=30)
        await pilot.app.workers.wait_for_complete()
        screen = app.screen
        assert isinstance(screen, ExerciseScreen)
        editor = screen.query_one("#editor", TextArea)
        editor.select_all()
        editor.replace(exercise.solution, *editor.selection)
        # What the screen shows between the quick verdict and the cluster's (the worker shows
        # it first; here it is shown at once, before the check's timer can fire): the goals
        # that run the answer are listed as not judged yet, and said to be running.
        screen._show_verdict(screen.session.check(exercise.solution, outcomes=False))
        assert goals_line(app) == "Goals met: 0/2; 2 left to judge, running in the cluster…"
        findings = screen.query_one("#findings", FindingList)
        assert not findings.findings, "a goal not judged yet is never shown as failed"
        assert "Goals, not judged yet" in str(findings.get_option_at_index(0).prompt)
        await wait_until(pilot, lambda: screen.query_one("#status").has_class("-passed"),
                         timeout=30)
        editor.select_all()
        editor.replace(broken, *editor.selection)
        await pilot.pause(0.1)
        await wait_until(pilot, lambda: goals_line(app) == "Goals met: 1/2.", timeout=30)
        failed = [f for f in findings.findings if f.code == "expectation"]
        assert [f.message for f in failed] == [exercise.expectations[0]["message"]]
        assert "nothing listens there: api listens on 8080" in failed[0].explanation
