"""Every key, screen by screen, read from the screens' own bindings so it cannot go stale."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from kubelearn.ui.screens.base import BaseScreen
from kubelearn.ui.widgets.footer import KeyBar

KEY_NAMES = {
    "question_mark": "?",
    "escape": "Esc",
    "right": "→",
    "left": "←",
    "up": "↑",
    "down": "↓",
    "enter": "Enter",
    "tab": "Tab",
}

# Keys that widgets handle themselves, shown with each screen: (keys, string key).
EXTRA_KEYS: dict[str, list[tuple[str, str]]] = {
    "help.everywhere": [("Ctrl+P", "key.jump_long"), ("Tab ⇧Tab", "key.move")],
    "help.map": [("↑ ↓ Enter", "key.open")],
    "help.lesson": [("↑ ↓ PgUp PgDn", "key.scroll")],
    "help.quiz": [("1-9 ↑ ↓ Enter", "key.choose")],
    "help.dialog": [("← → Enter", "key.choose")],
    "help.exercise": [
        ("Tab ⇧Tab", "editor.indent"),
        ("Ctrl+Home Ctrl+End", "editor.ends"),
        ("F7", "key.select_all"),
        ("Ctrl+Z Ctrl+Y", "key.undo"),
        ("Ctrl+R", "key.try_playground"),
        ("↑ ↓ Enter", "key.findings"),
    ],
}


def key_label(keys: str) -> str:
    labels = []
    for key in keys.split(","):
        key = key.strip()
        label = KEY_NAMES.get(key)
        if label is None and "+" in key:
            label = "+".join(p.capitalize() if len(p) > 1 else p.upper() for p in key.split("+"))
        labels.append(label or (key if len(key) == 1 else key.capitalize()))
    return " ".join(labels)


class HelpScreen(BaseScreen[None]):
    STYLES = "help"
    BINDINGS = [Binding("escape,q", "app.pop_screen", "key.back")]

    def compose(self) -> ComposeResult:
        yield Static(self.s("help.title"), id="help-title", markup=False)
        with VerticalScroll(id="help-body"):
            yield Static(self._text(), id="help-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def _sections(self) -> list[tuple[str, list[Binding]]]:
        from kubelearn.ui.screens.confirm import ConfirmDialog
        from kubelearn.ui.screens.course_map import CourseMapScreen
        from kubelearn.ui.screens.exercise import ExerciseScreen
        from kubelearn.ui.screens.lesson import LessonScreen
        from kubelearn.ui.screens.quiz import QuizScreen

        def shown(screen) -> list[Binding]:
            return [
                b
                for b in screen.BINDINGS
                if isinstance(b, Binding) and b.description and b.action != "command_palette"
            ]

        return [
            ("help.everywhere", shown(type(self.app))),
            ("help.map", shown(CourseMapScreen)),
            ("help.lesson", shown(LessonScreen)),
            ("help.quiz", shown(QuizScreen)),
            ("help.exercise", shown(ExerciseScreen)),
            ("help.dialog", shown(ConfirmDialog)),
        ]

    def _text(self) -> Content:
        lines: list[Content] = []
        for title, bindings in self._sections():
            lines.append(Content.assemble((self.s(title), "bold $text-accent")))
            rows = [(b.key_display or key_label(b.key), b.description) for b in bindings]
            rows.extend(EXTRA_KEYS.get(title, []))
            for keys, description in rows:
                lines.append(
                    Content.assemble(
                        (f"  {keys:<20}", "bold"), self.s(description) if description else ""
                    )
                )
            lines.append(Content(""))
        lines.append(Content(self.s("help.mouse")))
        lines.append(Content.assemble((self.s("help.close"), "$text-muted")))
        return Content("\n").join(lines)
