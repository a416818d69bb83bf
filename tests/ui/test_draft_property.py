"""Whatever is typed and however the exercise is left, the saved draft is the editor's text.

Random keys (printable, Enter, Backspace, arrows, Tab), now and then a pause long enough for
the typing debounce to save on its own, then a random way out: Esc Esc, Ctrl+Q, or the path a
SIGTERM takes (``KubelearnApp.leave_on_signal``, which the signal handler calls). Each
example is a Pilot run, so the default is modest; set ``KUBELEARN_FUZZ_SCALE`` for more.
"""

from __future__ import annotations

import asyncio
import signal
import tempfile
from pathlib import Path
from unittest import mock

from fuzzing import examples, fuzz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import TextArea

from kubelearn.course import load_course
from kubelearn.progress import ProgressStore
from kubelearn.ui.app import KubelearnApp
from kubelearn.ui.screens.exercise import ExerciseScreen

pytestmark = fuzz

FIXTURE_COURSE = Path(__file__).resolve().parent.parent / "fixtures" / "ui_course"
EXERCISE = "pods-fix-typo"
COURSE = load_course(FIXTURE_COURSE, lang="en")
STARTER = COURSE.exercise(EXERCISE).starter

#: The typing pause before the draft is saved, shortened (0.3 s in the app): what matters is
#: that some pauses outlast it, so the debounce saves on its own now and then.
CHECK_DELAY_S = 0.02
PAUSE = "<pause>"
KEYS = st.one_of(
    st.sampled_from(list("abz:- #é1")),
    st.sampled_from(["enter", "backspace", "left", "right", "up", "down", "tab", "space"]),
    st.just(PAUSE),
)
WAYS_OUT = st.sampled_from(["escape", "ctrl+q", "sigterm"])


async def type_then_leave(data_dir: Path, keys: list[str], way_out: str) -> str:
    """Type ``keys`` in the exercise, leave by ``way_out``; the editor's last text."""
    app = KubelearnApp(COURSE, ProgressStore(data_dir / "progress.json"))
    with mock.patch("kubelearn.ui.screens.exercise.CHECK_DELAY_S", CHECK_DELAY_S):
        return await _type_then_leave(app, keys, way_out)


async def _type_then_leave(app: KubelearnApp, keys: list[str], way_out: str) -> str:
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_exercise(EXERCISE)
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen)
        editor = app.screen.query_one("#editor", TextArea)
        for key in keys:
            if key == PAUSE:
                await pilot.pause(CHECK_DELAY_S + 0.05)
            else:
                await pilot.press(key)
        last = editor.text
        if way_out == "escape":
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, ExerciseScreen)
        elif way_out == "ctrl+q":
            await pilot.press("ctrl+q")
        else:
            app.leave_on_signal(signal.SIGTERM)
        await pilot.pause()
    return last


@settings(
    max_examples=examples(10),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(keys=st.lists(KEYS, max_size=25), way_out=WAYS_OUT)
def test_saved_draft_is_the_editors_last_text(keys, way_out):
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        last = asyncio.run(type_then_leave(data_dir, keys, way_out))
        draft = ProgressStore(data_dir / "progress.json").progress.exercise(EXERCISE).draft
    assert (STARTER if draft is None else draft) == last
