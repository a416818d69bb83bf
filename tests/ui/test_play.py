"""The playground screen, driven like a learner: typing kubectl lines, going back through the
history, completing with Tab, and the clock keys; and a lesson step opening it."""

from __future__ import annotations

import pytest
from pilot_wait import settle, wait_until
from textual.app import App, ComposeResult
from textual.widgets import RichLog, Static

from kubelearn.course import parse_lesson
from kubelearn.ui.screens.play import PlayApp, PlayScreen
from kubelearn.ui.widgets.play_prompt import PlayPrompt
from kubelearn.ui.widgets.play_tree import RelationTree

SIZE = (80, 24)



WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
"""


def output_text(app: App) -> str:
    return "\n".join(line.text for line in app.screen.query_one("#play-output", RichLog).lines)


async def type_line(pilot, text: str) -> None:
    await pilot.press(*text)
    await pilot.press("enter")
    await pilot.pause()


# --- typing commands -----------------------------------------------------------------------------


async def test_files_are_applied_and_a_typed_command_prints_kubectls_output() -> None:
    app = PlayApp({"web.yaml": WEB})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "$ kubectl apply -f web.yaml\ndeployment.apps/web created" in output_text(app)
        await type_line(pilot, "get deployments")
        assert "$ get deployments\nNAME   READY   UP-TO-DATE   AVAILABLE   AGE" in output_text(app)
        assert app.screen.query_one(PlayPrompt).value == ""
        tree = app.screen.query_one(RelationTree)
        section = next(s for s in tree.shown if s.key == "section/Deployment")
        assert section.children[0].label.startswith("Deployment web")


async def test_a_mistake_gets_kubectls_error_and_the_screen_stays() -> None:
    app = PlayApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_line(pilot, "get pods nope")
        assert 'Error from server (NotFound): pods "nope" not found' in output_text(app)
        await type_line(pilot, "[\x1b]0;x")
        assert isinstance(app.screen, PlayScreen)
        assert "\x1b" not in output_text(app), "what the learner typed is shown, not obeyed"


async def test_tab_completes_a_verb_and_an_object_name() -> None:
    app = PlayApp({"web.yaml": WEB})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        prompt = app.screen.query_one(PlayPrompt)
        await pilot.press(*"scal", "tab")
        assert prompt.value == "scale "
        await pilot.press(*"deployment w", "tab")
        assert prompt.value == "scale deployment web "


# --- history -------------------------------------------------------------------------------------


async def test_up_and_down_walk_the_history_and_come_back_to_the_draft() -> None:
    app = PlayApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        prompt = app.screen.query_one(PlayPrompt)
        for line in ("get pods", "get svc", "get svc"):
            await type_line(pilot, line)
        assert list(app.screen.playground.history) == ["get pods", "get svc"]
        await pilot.press(*"get no")
        seen = []
        for key in ("up", "up", "up", "down", "down"):
            await pilot.press(key)
            seen.append(prompt.value)
        assert seen == ["get svc", "get pods", "get pods", "get svc", "get no"]
        assert prompt.cursor_position == len("get no")


# --- completion, as bash does it ---------------------------------------------------------------

WORDS = ["deployments", "deployment", "daemonsets", "pods"]


class PromptApp(App[None]):
    """The prompt alone, with a completer that offers fixed resource types."""

    def __init__(self, completer) -> None:
        super().__init__()
        self.completer = completer
        self.listed: list[list[str]] = []

    def compose(self) -> ComposeResult:
        yield PlayPrompt([], self.completer)

    def on_play_prompt_candidates(self, event: PlayPrompt.Candidates) -> None:
        self.listed.append(event.words)


def by_last_word(line: str) -> list[str]:
    word = line.rsplit(" ", 1)[-1]
    return [w for w in WORDS if w.startswith(word)]


def whole_lines(line: str) -> list[str]:
    head = line.rsplit(" ", 1)[0]
    return [f"{head} {w}" for w in by_last_word(line)]


COMPLETIONS = [
    pytest.param(by_last_word, "get po", "get pods ", [], id="one-word-filled-with-a-space"),
    pytest.param(by_last_word, "get dep", "get deployment", [], id="several-share-a-prefix"),
    pytest.param(by_last_word, "get d", "get d", [["deployments", "deployment", "daemonsets"]],
                 id="nothing-shared-lists-them"),
    pytest.param(by_last_word, "get x", "get x", [[]], id="nothing-to-complete"),
    pytest.param(whole_lines, "get po", "get pods ", [], id="completer-giving-whole-lines"),
]


@pytest.mark.parametrize(("completer", "typed", "after", "listed"), COMPLETIONS)
async def test_tab_completes_like_a_shell(completer, typed: str, after: str, listed) -> None:
    app = PromptApp(completer)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*typed, "tab")
        await pilot.pause()
        assert app.query_one(PlayPrompt).value == after
        assert app.listed == listed


# --- the clock keys ------------------------------------------------------------------------------


async def test_clock_keys_run_speed_up_pause_and_step() -> None:
    app = PlayApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        line = screen.query_one("#play-clock", Static)
        assert "paused" in str(line.render())
        modes = []
        for key in ("f5", "f6", "f6", "f5"):
            await pilot.press(key)
            modes.append((screen.playground.mode.name, "-running" in line.classes))
        assert modes == [("1x", True), ("10x", True), ("60x", True), ("paused", False)]
        assert "paused" in str(line.render())
        await pilot.press("f5")
        await wait_until(pilot, lambda: screen.playground.cluster.now_ms > 0)
        assert screen.playground.cluster.now_ms > 0, "real time moves the virtual clock"
        await pilot.press("f7")
        assert screen.playground.mode.name == "paused", "a step pauses the clock"


async def test_stepping_with_nothing_scheduled_says_so() -> None:
    app = PlayApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        while screen.playground.cluster.next_timer() is not None:
            screen.playground.step()
        await pilot.press("f7")
        await pilot.pause()
        assert any("Nothing is scheduled" in str(n.message) for n in app._notifications)


async def test_the_screen_speaks_chinese() -> None:
    app = PlayApp(lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "已暂停" in str(app.screen.query_one("#play-clock", Static).render())
        assert "练习场" in str(app.screen.query_one("#play-header", Static).render())
        assert "时钟已暂停" in output_text(app)


async def test_side_by_side_when_wide_and_stacked_when_narrow() -> None:
    app = PlayApp()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert not app.screen.has_class("-stacked")
        side = app.screen.query_one("#play-side")
        assert side.region.x > 80 and side.region.height > 30
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.has_class("-stacked")
        side = app.screen.query_one("#play-side")
        output = app.screen.query_one("#play-output")
        assert output.region.width >= 78, "kubectl's tables get the full width"
        assert side.region.y > output.region.y and side.region.height == 9


# --- from a lesson ---------------------------------------------------------------------------------

LESSON = """\
---
format: 1
id: demo
title: Demo
order: 1
---

## Delete them all

Try it.

```playground
title: Nothing left
task: Delete every Pod labelled `app=web`.
expect:
  - ready: {labels: {app: web}, count: 0}
    message: No ready Pod labelled app=web is left.
```

Further reading: [Pods](https://kubernetes.io/docs/concepts/workloads/pods/)
"""


async def test_a_lesson_step_opens_the_playground_and_learns_the_goal_was_reached(make_app) -> None:
    app = make_app()
    lesson = parse_lesson(LESSON, "demo.md")
    assert not lesson.problems
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.show_lesson(lesson)
        await settle(pilot)
        card = app.screen.query_one(".play-card")
        assert "Press k" in str(card.query_one(".play-card-hint").render())
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, PlayScreen)
        header = str(app.screen.query_one("#play-header", Static).render())
        assert header.startswith("Goal reached: 1/1")
        await pilot.press("escape")
        await settle(pilot)
        assert card.has_class("-done")
        assert "Done" in str(card.query_one(".play-card-hint").render())
