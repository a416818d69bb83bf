"""``kubelearn class watch``: the instructor's live view of a class, as the room works.

A grid of students x lessons (a sign and a colour for each state, so it reads the same with
NO_COLOR), where each student is now, minutes since their last progress and a stuck marker;
below it the exercises where most students fail and the findings hit most. What it shows is
:class:`kubelearn.classroom.watch.ClassWatch`'s model; this screen polls it every second.
Every name and title comes from students or a lesson pack: shown as ``Text``, never markup.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from kubelearn.classroom.watch import REPEATS, SORTS, ClassWatch, Place, Row, Sort
from kubelearn.safe_text import visible
from kubelearn.words import Words, words

#: How often the screen reads the class's new events, in seconds.
POLL_S = 1.0

#: Each lesson state's sign and the theme colour it takes (None: dimmed); the sign alone
#: says it without colour (NO_COLOR).
STATE = {"done": ("✓", "success"), "doing": ("◐", "warning"), "todo": ("·", None)}


def _line(text: object) -> str:
    return visible(text, keep_newlines=False)


class ClassWatchScreen(Screen[None]):
    DEFAULT_CSS = """
    ClassWatchScreen #watch-title { text-style: bold; padding: 0 1; }
    ClassWatchScreen #watch-banner { padding: 0 1; }
    ClassWatchScreen #watch-legend, ClassWatchScreen #watch-lessons { color: $text-muted;
        padding: 0 1; }
    ClassWatchScreen #watch-grid { height: 1fr; }
    ClassWatchScreen #watch-below { height: auto; max-height: 12; }
    ClassWatchScreen #watch-below > Vertical { width: 1fr; height: auto; padding: 0 1; }
    ClassWatchScreen .watch-heading { text-style: bold; }
    """

    BINDINGS = [
        Binding("s", "cycle_sort", "watch.key.sort"),
        Binding("n", "sort('name')", "watch.key.name", show=False),
        Binding("p", "sort('progress')", "watch.key.progress", show=False),
        Binding("i", "sort('idle')", "watch.key.idle", show=False),
        Binding("t", "sort('stuck')", "watch.key.stuck", show=False),
        Binding("q", "app.quit", "watch.key.quit"),
    ]

    def __init__(self, watch: ClassWatch, class_name: str, say: Words, banner: str = "") -> None:
        super().__init__()
        self.watch = watch
        self.class_name = class_name
        self.say = say
        #: What students need to join (the code and the URLs) under ``serve --watch``, whose
        #: terminal the watch takes over after they were printed.
        self.banner = banner
        self.order: Sort = "stuck"

    def w(self, key: str, /, **fields: object) -> str:
        return self.say(f"watch.{key}", **fields)

    def compose(self) -> ComposeResult:
        yield Static("", id="watch-title", markup=False)
        if self.banner:
            yield Static(self.banner, id="watch-banner", markup=False)
        yield DataTable(id="watch-grid", cursor_type="row", zebra_stripes=True)
        yield Static(self.w("legend", minutes=self.watch.stuck_minutes, repeats=REPEATS),
                     id="watch-legend", markup=False)
        yield Static(self._lessons_line(), id="watch-lessons", markup=False)
        with Horizontal(id="watch-below"):
            with Vertical():
                yield Static(self.w("hardest"), classes="watch-heading", markup=False)
                yield Static("", id="watch-hardest", markup=False)
            with Vertical():
                yield Static(self.w("mistakes"), classes="watch-heading", markup=False)
                yield Static("", id="watch-mistakes", markup=False)
        yield Footer()

    def _lessons_line(self) -> str:
        titles = [f"{n} {_line(lesson.title)}"
                  for n, lesson in enumerate(self.watch.course.lessons, start=1)]
        return self.w("lessons", lessons="  ".join(titles))

    def on_mount(self) -> None:
        grid = self.query_one("#watch-grid", DataTable)
        grid.add_column(self.w("column.name"), key="name")
        for n, _ in enumerate(self.watch.course.lessons, start=1):
            grid.add_column(str(n), key=f"lesson-{n}")
        for key in ("place", "idle", "stuck"):
            grid.add_column(self.w(f"column.{key}"), key=key)
        self.watch.poll()
        self.show()
        self.set_interval(POLL_S, self.tick)

    def tick(self) -> None:
        """Read what happened since the last tick (cheap: new events only); redraw when
        something did, and every tick anyway for the idle minutes."""
        self.watch.poll()
        self.show()

    # Drawing

    def _place(self, place: Place | None) -> str:
        if place is None:
            return self.w("place.none")
        lesson = _line(place.lesson_title)
        if place.screen == "exercise" and place.exercise_title:
            return self.w("place.exercise", lesson=lesson, exercise=_line(place.exercise_title))
        if place.screen == "quiz":
            return self.w("place.quiz", lesson=lesson)
        return self.w("place.lesson", lesson=lesson, step=place.step + 1)

    def _cells(self, row: Row, theme: dict[str, str]) -> list[Text]:
        cells = [Text(_line(row.name))]
        for state in row.lessons:
            sign, colour = STATE[state]
            cells.append(Text(sign, style=theme[colour] if colour else "dim", justify="center"))
        cells.append(Text(self._place(row.place)))
        idle = (self.w("idle.never") if row.idle_minutes is None
                else self.w("idle.minutes", n=row.idle_minutes))
        cells.append(Text(idle, justify="right"))
        if row.stuck is None:
            cells.append(Text(""))
        elif row.stuck == "idle":
            cells.append(Text(self.w("stuck.idle"), style=f"bold {theme['error']}"))
        else:
            cells.append(Text(self.w("stuck.repeat", code=_line(row.stuck)),
                              style=f"bold {theme['error']}"))
        return cells

    def show(self) -> None:
        rows = self.watch.rows(self.order)
        count = self.w("students.one") if len(rows) == 1 else self.w("students.other",
                                                                      n=len(rows))
        self.query_one("#watch-title", Static).update(self.w(
            "title", name=_line(self.class_name), students=count,
            sort=self.w(f"sort.{self.order}")))
        grid = self.query_one("#watch-grid", DataTable)
        keep = grid.cursor_row
        grid.clear()
        theme = self.app.get_css_variables()
        for row in rows:
            grid.add_row(*self._cells(row, theme), key=str(row.student_id))
        if not rows:
            grid.add_row(Text(self.w("empty")), *[Text("")] * (len(grid.columns) - 1))
        if rows and keep < len(rows):
            grid.move_cursor(row=keep)
        hard = [self.w("hard_row", title=_line(h.title), failed=h.failed,
                       not_passed=h.not_passed) for h in self.watch.hardest()]
        self.query_one("#watch-hardest", Static).update(
            "\n".join(hard) or self.w("hardest_none"))
        mistakes = [self.w("mistake_row", code=_line(m.code), students=m.students,
                           checks=m.checks, example=_line(m.example))
                    for m in self.watch.mistakes()]
        self.query_one("#watch-mistakes", Static).update(
            "\n".join(mistakes) or self.w("mistakes_none"))

    # Keys

    def action_sort(self, order: str) -> None:
        if order in SORTS:
            self.order = order  # type: ignore[assignment]
            self.show()

    def action_cycle_sort(self) -> None:
        self.action_sort(SORTS[(SORTS.index(self.order) + 1) % len(SORTS)])


class ClassWatchApp(App[None]):
    """The watch on its own, as ``kubelearn class watch`` runs it, or with the class's server
    in the same event loop, as ``kubelearn serve --watch`` runs it: ``server`` is then the
    :class:`kubelearn.classroom.serve.ClassServer`, started once the watch is on screen and
    stopped when it quits (every session told to quit first)."""

    TITLE = "kubelearn class watch"

    def __init__(self, watch: ClassWatch, class_name: str, lang: str = "en", *,
                 server: Any = None, banner: str = "") -> None:
        super().__init__()
        self.say = words(lang)
        self.watch = watch
        self.class_name = class_name
        self.server = server
        self.banner = visible(banner)
        self._runner: Any = None
        #: Why the server could not listen (the port is taken), for the CLI to say.
        self.server_error: OSError | None = None

    async def on_mount(self) -> None:
        if self.server is None:
            return
        try:
            self._runner = await self.server.start()
        except OSError as exc:
            self.server_error = exc
            self.exit()

    async def on_unmount(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await self.server.stop(runner)

    def get_default_screen(self) -> Screen:
        screen = ClassWatchScreen(self.watch, self.class_name, self.say, self.banner)
        table = screen._bindings.key_to_bindings
        for key, bindings in table.items():  # the keys' words in the instructor's language
            table[key] = [replace(b, description=self.say(b.description))
                          if b.description.startswith("watch.") else b for b in bindings]
        return screen
