"""The playground: a kubectl prompt on the offline cluster, with what it does shown live.

The session (:class:`kubelearn.cluster.playground.Playground`) holds the cluster, the history
and the clock; this screen shows it: the output of each command, the relation tree, the events
and a clock line, and the goal of a lesson step when it was opened from one.

It must never stutter. A timer moves the virtual clock a little at a time (ten times a second)
and each pane is redrawn only when what it shows changed: the clock line when its text changes,
the events pane with new events only, the tree and the goal at most four times a second and
only after an object changed. Commands run at once (kubectl answers in milliseconds).

:func:`run_playground` opens the screen as its own app, for ``kubelearn play``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from typing import TextIO

from rich.markdown import Markdown
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, RichLog, Static

from kubelearn.cluster import clock
from kubelearn.cluster.playground import (
    PAUSED,
    REAL_TIME,
    GoalState,
    Playground,
    clock_words,
)
from kubelearn.cluster.tree import SYSTEM_NAMESPACES, build
from kubelearn.course.model import PlaygroundPart
from kubelearn.safe_text import visible
from kubelearn.ui import cjk_wrap
from kubelearn.ui.screens.base import BaseScreen, translate_bindings
from kubelearn.ui.strings import Strings
from kubelearn.ui.widgets.play_events import EventsPane
from kubelearn.ui.widgets.play_prompt import PlayPrompt
from kubelearn.ui.widgets.play_tree import RelationTree
from kubelearn.ui.widgets.too_small import MIN_HEIGHT, MIN_WIDTH
from kubelearn.words import words

#: How often the clock moves (seconds of real time).
TICK_S = 0.1
#: The least time between two redraws of the tree and two goal checks.
REDRAW_S = 0.25
#: From this width on, the tree and the events stand beside the output instead of below it.
SIDE_BY_SIDE = 120
#: Lines the output pane keeps.
MAX_OUTPUT_LINES = 2000


class PlayScreen(BaseScreen[bool]):
    """The playground. Dismissed with whether the step's goal was reached."""
    STYLES = "play"

    BINDINGS = [
        Binding("f5", "run_clock", "play.key.run"),
        Binding("f6", "faster", "play.key.faster"),
        Binding("f7", "step", "play.key.step"),
        Binding("f2", "toggle_focus", "play.key.tree"),
        Binding("ctrl+l", "clear", "play.key.clear", show=False),
        Binding("escape", "back", "key.back"),
    ]

    def __init__(self, *, part: PlaygroundPart | None = None,
                 files: Mapping[str, str] | None = None, exercise_text: str | None = None,
                 seed: int = 0) -> None:
        super().__init__()
        self.part = part
        self.files = dict(files or {})
        self.exercise_text = exercise_text
        self.seed = seed
        self.playground: Playground | None = None
        self.goal = GoalState(0, 0)
        self._shown_version = -1
        self._last_redraw = 0.0
        self._last_tick = 0.0
        self._clock_text = ""

    # --- words ---------------------------------------------------------------------------

    @property
    def lang(self) -> str:
        return getattr(self.app, "lang", "en")

    def p(self, key: str, /, **values: object) -> str:
        """The playground's words (``play.toml``), text values made visible."""
        return words(self.lang)(f"play.{key}", **{
            k: visible(v) if isinstance(v, str) else v for k, v in values.items()})

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="play-header", markup=False)
        with Horizontal(id="play-main"):
            with Vertical(id="play-left"):
                yield RichLog(id="play-output", wrap=True, markup=False, highlight=False,
                              max_lines=MAX_OUTPUT_LINES, min_width=20)
                with Horizontal(id="play-prompt-row"):
                    yield Static("$ ", id="play-dollar", markup=False)
                    yield PlayPrompt((), self._complete, id="play-prompt",
                                     placeholder=self.p("screen.placeholder"))
            with Vertical(id="play-side"):
                with Vertical(id="play-tree-box"):
                    yield RelationTree(self.p("screen.empty_tree"), id="play-tree")
                    with VerticalScroll(id="play-why-box"):
                        yield Static(id="play-why", markup=False)
                yield EventsPane(id="play-events")
        yield Static(id="play-clock", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self._translate_play_bindings()
        self.query_one("#play-tree-box").border_title = self.p("screen.tree")
        self.query_one("#play-events").border_title = self.p("screen.events")
        self._arrange(self.app.size.width)
        self.playground = Playground(seed=self.seed, lang=self.lang)
        prompt = self.query_one(PlayPrompt)
        prompt.history = self.playground.history
        self._header()
        self._say(self.p("screen.welcome"), "dim")
        if self.part is not None:
            self.query_one("#play-output", RichLog).write(Markdown(visible(self.part.text)))
        self._start()
        self._refresh_panes(force=True)
        self._last_tick = time.monotonic()
        self.set_interval(TICK_S, self._tick)
        prompt.focus()

    def _translate_play_bindings(self) -> None:
        """Key labels that are ``play.`` words (the app translates only ``ui.`` ones)."""
        say = words(self.lang)
        table = self._bindings.key_to_bindings
        for key, bindings in table.items():
            table[key] = [b if not b.description.startswith("play.") else
                          _described(b, say(b.description)) for b in bindings]

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        self._arrange(event.size.width)

    def _arrange(self, width: int) -> None:
        """Below :data:`SIDE_BY_SIDE` columns the output takes the full width (kubectl's
        tables need it) and the tree and events share a band below."""
        self.set_class(width < SIDE_BY_SIDE, "-stacked")

    # --- what the playground starts with ---------------------------------------------------

    def _start(self) -> None:
        files = dict(self.part.files) if self.part is not None else {}
        files.update(self.files)
        if files:
            self._guarded(lambda: [self._show_result(r) for r in self.playground.apply(files)])
        if self.exercise_text is not None:
            self._guarded(lambda: self._show_result(
                self.playground.apply_exercise(self.exercise_text)))
        if self.part is not None and self.part.script:
            self._guarded(lambda: [self._show_result(r)
                                   for r in self.playground.run_script(self.part.script)])

    def _guarded(self, work) -> bool:
        """Run kubectl work; whatever goes wrong inside the cluster is said, never raised."""
        try:
            work()
        except ImportError as exc:
            self._say(self.p("screen.unavailable", error=str(exc)), "red")
            return False
        except Exception as exc:  # noqa: BLE001 - a cluster bug must not end the learner's session
            self._say(self.p("screen.failed", error=f"{type(exc).__name__}: {exc}"), "red")
            return False
        return True

    # --- the prompt ----------------------------------------------------------------------

    def _complete(self, line: str) -> list[str]:
        try:
            return self.playground.complete(line) if self.playground else []
        except Exception:  # noqa: BLE001 - no completion is better than a crash on Tab
            return []

    def on_input_submitted(self, event: PlayPrompt.Submitted) -> None:
        event.stop()
        prompt = self.query_one(PlayPrompt)
        line = event.value
        prompt.value = ""
        prompt.forget_position()
        if not line.strip():
            return
        self._guarded(lambda: self._show_result(self.playground.run(line)))
        self._refresh_panes(force=True)

    def on_play_prompt_candidates(self, event: PlayPrompt.Candidates) -> None:
        event.stop()
        if event.words:
            self._say(self.p("screen.candidates", words="  ".join(event.words)), "dim")
        else:
            self.notify(self.p("screen.no_candidates"), markup=False, timeout=2)

    def _show_result(self, result) -> None:
        output = self.query_one("#play-output", RichLog)
        output.write(Text("$ " + visible(result.command, keep_newlines=False), style="bold"))
        if result.output:
            output.write(Text(visible(result.output.rstrip("\n"))))
        if result.error:
            output.write(Text(visible(result.error.rstrip("\n")), style="red"))
        notes = [result.notes] if isinstance(result.notes, str) else list(result.notes or ())
        for note in notes:
            output.write(Text("ⓘ " + visible(str(note).rstrip("\n")), style="italic cyan"))

    def _say(self, text: str, style: str = "") -> None:
        self.query_one("#play-output", RichLog).write(Text(visible(text), style=style))

    # --- the clock -------------------------------------------------------------------------

    def _tick(self) -> None:
        now = time.monotonic()
        real, self._last_tick = now - self._last_tick, now
        if self.playground is None:
            return
        try:
            self.playground.tick(real)
        except Exception as exc:  # noqa: BLE001 - stop the clock, say why, keep the session
            self.playground.set_mode(PAUSED)
            self._say(self.p("screen.failed", error=f"{type(exc).__name__}: {exc}"), "red")
        self._refresh_panes()

    def action_run_clock(self) -> None:
        pg = self.playground
        pg.set_mode(REAL_TIME if pg.mode.rate == 0 else PAUSED)
        self._refresh_panes(force=True)

    def action_faster(self) -> None:
        self.playground.faster()
        self._refresh_panes(force=True)

    def action_step(self) -> None:
        moved = None
        try:
            moved = self.playground.step()
        except Exception as exc:  # noqa: BLE001
            self._say(self.p("screen.failed", error=f"{type(exc).__name__}: {exc}"), "red")
        if moved is None:
            self.notify(self.p("screen.no_timer"), markup=False, timeout=3)
        else:
            self._say(self.p("screen.stepped", moved=clock.seconds(moved)), "dim")
        self._refresh_panes(force=True)

    # --- redrawing only what changed -------------------------------------------------------

    def _refresh_panes(self, force: bool = False) -> None:
        pg = self.playground
        if pg is None:
            return
        text = clock_words(pg, self.lang)
        if text != self._clock_text:
            self._clock_text = text
            self.query_one("#play-clock", Static).update(text)
            self.query_one("#play-clock").set_class(pg.mode.rate > 0, "-running")
        if pg.version == self._shown_version:
            return
        now = time.monotonic()
        if not force and now - self._last_redraw < REDRAW_S:
            return
        self._last_redraw = now
        self._shown_version = pg.version
        self.query_one(EventsPane).show_new(
            [e for ns in pg.cluster.store.list("Namespace") if ns["metadata"]["name"]
             not in SYSTEM_NAMESPACES for e in pg.cluster.list("Event", ns["metadata"]["name"])])
        self.query_one(RelationTree).show(build(pg.cluster, self.lang))
        self._check_goal()

    def _check_goal(self) -> None:
        if self.part is None or not self.part.goals:
            return
        before = self.goal.done
        try:
            self.goal = self.playground.check(self.part.goals)
        except Exception as exc:  # noqa: BLE001 - a goal that cannot be judged is not met
            self.goal = GoalState(0, len(self.part.goals), (f"{type(exc).__name__}: {exc}",))
        self._header()
        if self.goal.done and not before:
            self.notify(self.p("screen.goal_reached"), markup=False, timeout=6)

    def _header(self) -> None:
        header = self.query_one("#play-header", Static)
        if self.part is None:
            header.update(self.p("screen.title"))
            return
        if not self.part.goals:
            header.update(self.p("screen.title_lesson", title=self.part.title or self.part.text))
        elif self.goal.done:
            header.update(self.p("screen.goals_done", met=self.goal.met, total=self.goal.total))
        else:
            unmet = self.goal.unmet[0] if self.goal.unmet else self.part.goals[0].message
            header.update(self.p("screen.goals", met=self.goal.met,
                                 total=len(self.part.goals), next=unmet))
        header.set_class(self.goal.done, "-done")

    # --- other keys --------------------------------------------------------------------------

    def on_relation_tree_explain(self, event: RelationTree.Explain) -> None:
        event.stop()
        why = self.query_one("#play-why", Static)
        why.update(visible(event.why))
        self.query_one("#play-why-box").display = bool(event.why)

    def action_toggle_focus(self) -> None:
        tree = self.query_one(RelationTree)
        (self.query_one(PlayPrompt) if tree.has_focus else tree).focus()

    def action_clear(self) -> None:
        self.query_one("#play-output", RichLog).clear()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss(self.goal.done)
        else:
            self.app.exit()


def _described(binding: Binding, text: str) -> Binding:
    from dataclasses import replace

    return replace(binding, description=text)


class PlayApp(App[None]):
    """``kubelearn play``: the playground alone, without a course."""

    CSS_PATH = "../kubelearn.tcss"  # PlayScreen adds play.tcss
    TITLE = "kubelearn play"
    # No course to jump to, and Textual's own palette commands are English only.
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", "key.quit", priority=True, show=False)]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (MIN_WIDTH, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (MIN_HEIGHT, "-tall")]

    def __init__(self, files: Mapping[str, str] | None = None, seed: int = 0,
                 lang: str = "en") -> None:
        super().__init__()
        self.strings = Strings(lang)
        self.lang = self.strings.lang
        cjk_wrap.install_for(self.lang)
        self.files = dict(files or {})
        self.seed = seed

    def get_default_screen(self) -> Screen:
        return PlayScreen(files=self.files, seed=self.seed)

    def on_mount(self) -> None:
        translate_bindings(self)  # type: ignore[arg-type]


def run_playground(files: Mapping[str, str] | None = None, seed: int = 0, lang: str = "en", *,
                   stderr: TextIO | None = None) -> int:
    """Run the playground as its own app with ``files`` (name -> manifest text) applied;
    the exit status for the CLI (``kubelearn play FILE...``)."""
    from kubelearn.ui.run import EXIT_TERMINAL, terminal_problem

    problem = terminal_problem()
    if problem:
        print(problem, file=stderr or sys.stderr)
        return EXIT_TERMINAL
    app = PlayApp(files, seed, lang)
    app.run()
    return app.return_code or 0
