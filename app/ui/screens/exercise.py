"""A YAML exercise: the prompt, an editor checked as you type, findings, hints and the solution.

Checking runs in a thread worker after a short pause in typing, so the editor never waits for
it; drafts are saved at the same moment, and again on every way out (Esc, Ctrl+Q, the next
exercise, a signal: see :meth:`ExerciseScreen.save_now`), so nothing typed is lost.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from textual import work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Footer, Markdown, Static, TextArea
from textual.worker import get_current_worker

from kubelearn.course.model import Exercise, Lesson
from kubelearn.safe_text import visible
from kubelearn.ui.screens.base import BaseScreen
from kubelearn.ui.screens.confirm import ConfirmDialog
from kubelearn.ui.widgets.findings import FindingList, with_code
from kubelearn.ui.widgets.hanging import Hanging, HangingList
from kubelearn.ui.widgets.yaml_editor import YamlEditor, editor_text

CHECK_DELAY_S = 0.3
#: The most text taken back from ``$EDITOR`` (the checker refuses more anyway).
MAX_EDITOR_BYTES = 1024 * 1024


def temp_file_stem(exercise_id: str) -> str:
    """The start of the temp file's name: the exercise id (from a lesson file, so possibly
    ``../x``) with only its tame characters."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", exercise_id).strip(".-")[:40] or "exercise"


class ExerciseScreen(BaseScreen[None]):
    BINDINGS = [
        Binding("f2,ctrl+t", "hint", "key.hint"),
        Binding("f3", "solution", "key.solution"),
        Binding("f4", "reset", "key.reset"),
        Binding("f5,ctrl+o", "external_editor", "key.editor"),
        Binding("f6", "toggle_prompt", "key.prompt"),
        Binding("f8", "focus_findings", "key.findings", show=False),
        Binding("f9", "next_exercise", "key.next_exercise", show=False),
        Binding("escape", "back", "key.back"),
    ]

    def __init__(self, lesson: Lesson, exercise: Exercise) -> None:
        super().__init__()
        self.lesson = lesson
        self.exercise = exercise
        self.report = None
        self._timer: Timer | None = None
        self._passed_text: str | None = None
        self._edited = False
        self._celebrated = False
        self._editor: YamlEditor | None = None

    def compose(self) -> ComposeResult:
        number = self.lesson.exercises.index(self.exercise) + 1
        yield Static(
            self.s(
                "exercise.position",
                lesson=self.lesson.title,
                n=number,
                total=len(self.lesson.exercises),
                title=self.exercise.title,
            ),
            id="exercise-header",
            markup=False,
        )
        with VerticalScroll(id="prompt-box"):
            yield Markdown(visible(self.exercise.prompt), id="prompt")
            yield Static(id="hints", markup=False)
        with Horizontal(id="work"):
            self._editor = YamlEditor.code_editor(
                self._initial_text(), language="yaml", theme="css", id="editor"
            )
            yield self._editor
            with Vertical(id="findings-panel"):
                yield Static(self.s("exercise.findings"), id="findings-title", markup=False)
                yield FindingList(id="findings")
                with VerticalScroll(id="finding-detail-box"):
                    yield Static(id="finding-detail", markup=False)
        yield Static(self.s("exercise.checking"), id="status", markup=False)
        yield Footer(compact=True)

    def _initial_text(self) -> str:
        """The saved draft, else the starter: the text the progress file stands for."""
        state = self.kl.store.progress.exercises.get(self.exercise.id)
        return state.draft if state and state.draft is not None else self.exercise.starter

    @property
    def editor(self) -> TextArea:
        """The editor widget. It keeps its text after the screen is gone, so the last
        keystrokes can still be saved while the screen is being taken down."""
        assert self._editor is not None, "composed"
        return self._editor

    def on_mount(self) -> None:
        self.kl.store.set_position(self.lesson.id, "exercise", exercise_id=self.exercise.id)
        self._show_hints()
        self.editor.focus()
        self.run_check(self.editor.text)

    def on_unmount(self) -> None:
        self.save_now()

    def save_now(self) -> None:
        """Save the editor's text as the draft now, without waiting for the typing pause."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._editor is not None:
            self._save_draft(self._editor.text)

    # Checking

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._edited = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(CHECK_DELAY_S, self._check_now)

    def _check_now(self) -> None:
        self._timer = None
        text = self.editor.text
        self._save_draft(text)
        self.run_check(text)

    @work(thread=True, exclusive=True, group="check")
    def run_check(self, text: str) -> None:
        try:
            from kubelearn.checker import check

            report = check(text, expectations=list(self.exercise.expectations), lang=self.kl.lang)
        except Exception as exc:  # the checker must never take the editor down
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._show_failure, exc)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_report, text, report)

    def _show_failure(self, exc: Exception) -> None:
        if not self.is_mounted:
            return
        self.query_one("#status", Static).update(self.s("exercise.checker_missing", error=str(exc)))

    def _show_report(self, text: str, report) -> None:
        if not self.is_mounted or text != self.editor.text:
            return  # typing went on; a newer check is coming
        self.report = report
        self.query_one("#findings", FindingList).show(report.findings)
        status = self.query_one("#status", Static)
        status.update(self._status_text(report))
        status.set_class(report.passed, "-passed")
        status.set_class(not report.ok, "-errors")
        if not report.passed:
            self._celebrated = False
        elif self._passed_text != text:
            self._passed_text = text
            state = self.kl.store.progress.exercises.get(self.exercise.id)
            new_pass = state is None or state.status != "passed"
            self.kl.store.mark_exercise_passed(self.exercise.id, text)
            if (new_pass or self._edited) and not self._celebrated:
                self._celebrated = True
                self.say(
                    self.s("exercise.passed_notice", title=self.exercise.title),
                    title="★",
                    severity="information",
                )

    def _status_text(self, report) -> str:
        """One line: passed; or what is wrong (errors, warnings) and how many goals are met."""
        if report.passed:
            return "★ " + self.s("exercise.passed")
        strings = self.kl.strings
        errors = len(report.errors)
        warnings = sum(1 for f in report.findings if getattr(f.severity, "value", "") == "warning")
        counts = [strings.count("exercise.errors", errors)] if errors else []
        if warnings:
            counts.append(strings.count("exercise.warnings", warnings))
        if not report.ok:
            head = strings.join(counts)
        elif counts:
            head = self.s("exercise.accepted_with", counts=strings.join(counts))
        else:
            head = self.s("exercise.accepted")
        if not report.expectations_total:
            return self.s("exercise.status_no_goals", head=head)
        goals = self.s(
            "exercise.goals", met=report.expectations_met, total=report.expectations_total
        )
        return self.s("exercise.status", head=head, goals=goals)

    def _save_draft(self, text: str) -> None:
        # The editor shows control characters as escapes: a draft (or starter) that has them
        # is saved again only once the learner changes it, so opening it changes nothing.
        if text != editor_text(self._initial_text()):
            self.kl.store.save_draft(self.exercise.id, text)

    # Findings

    def on_finding_list_shown(self, event: FindingList.Shown) -> None:
        detail = self.query_one("#finding-detail", Static)
        finding = event.finding
        if finding is None:
            detail.update(self.s("exercise.no_findings"))
            return
        lines = []
        if getattr(finding, "explanation", ""):
            lines.append(with_code(self.s("exercise.why", text=finding.explanation)))
        if getattr(finding, "hint", ""):
            lines.append(with_code(self.s("exercise.fix", text=finding.hint), "$text-success"))
        if not lines:
            lines.append(Content.assemble((self.s("exercise.select_finding"), "$text-muted")))
        detail.update(Content("\n").join(lines))
        self.query_one("#finding-detail-box", VerticalScroll).scroll_home(animate=False)

    def on_finding_list_chosen(self, event: FindingList.Chosen) -> None:
        finding = event.finding
        line = max(getattr(finding, "line", 1), 1) - 1
        column = max(getattr(finding, "column", 1), 1) - 1
        self.editor.move_cursor((line, column), center=True)
        self.editor.focus()

    def action_focus_findings(self) -> None:
        self.query_one("#findings", FindingList).focus()

    # The prompt: a few lines above the editor, or (F6) most of the screen to read it

    def action_toggle_prompt(self) -> None:
        box = self.query_one("#prompt-box", VerticalScroll)
        box.toggle_class("-expanded")
        if box.has_class("-expanded"):
            box.focus()
        else:
            box.scroll_home(animate=False)
            self.editor.focus()

    # Hints, solution, reset

    def _hints_shown(self) -> int:
        state = self.kl.store.progress.exercises.get(self.exercise.id)
        return min(state.hints_shown if state else 0, len(self.exercise.hints))

    def _show_hints(self) -> None:
        hints = self.exercise.hints
        shown = self._hints_shown()
        widget = self.query_one("#hints", Static)
        widget.update(
            HangingList(
                [
                    Hanging(
                        Content.styled("› ", "$text-warning"),
                        with_code(
                            self.s("exercise.hint", n=i + 1, total=len(hints), text=hints[i]),
                            "$text-warning",
                        ),
                    )
                    for i in range(shown)
                ]
            )
        )
        widget.display = shown > 0

    def action_hint(self) -> None:
        hints = self.exercise.hints
        if not hints:
            self.say(self.s("exercise.no_hints"))
            return
        shown = self._hints_shown()
        if shown >= len(hints):
            self.say(self.s("exercise.no_more_hints"))
            return
        self.kl.store.set_hints_shown(self.exercise.id, shown + 1)
        self._show_hints()
        self.query_one("#prompt-box", VerticalScroll).scroll_end(animate=False)

    def _replace_text(self, text: str) -> None:
        editor = self.editor
        editor.replace(text, (0, 0), editor.document.end)
        editor.move_cursor((0, 0))
        editor.focus()  # the new text is what to look at next

    def action_solution(self) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self.kl.store.mark_solution_revealed(self.exercise.id)
                self._replace_text(self.exercise.solution)
                self.say(self.s("exercise.solution_shown"))

        self.app.push_screen(ConfirmDialog(self.s("exercise.confirm_solution")), answer)

    def action_reset(self) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self.kl.store.reset_exercise(self.exercise.id)
                self._replace_text(self.exercise.starter)
                self._show_hints()
                self.say(self.s("exercise.reset_done"))

        self.app.push_screen(ConfirmDialog(self.s("exercise.confirm_reset")), answer)

    # $EDITOR: the text goes out in a temp file and comes back only if all went well. The
    # draft is saved before the terminal is handed over, and the temp file is deleted only
    # once its text is in the editor and saved; otherwise the notice names the file.

    def action_external_editor(self) -> None:
        command = shlex.split(os.environ.get("EDITOR", "").strip() or "vi")
        if not command or shutil.which(command[0]) is None:
            self.say(self.s("exercise.no_editor"), severity="error", timeout=8)
            return
        self.save_now()
        path = self._write_temp_file(self.editor.text)
        try:
            with self.app.suspend():
                finished = subprocess.run([*command, str(path)], check=False)
        except SuspendNotSupported:
            path.unlink(missing_ok=True)
            self.say(self.s("exercise.cannot_suspend"), severity="error")
            return
        except OSError as exc:
            path.unlink(missing_ok=True)
            error = exc.strerror or str(exc)
            self.say(self.s("exercise.editor_failed", editor=command[0], error=error),
                     severity="error")
            return
        if finished.returncode != 0:
            self._keep_temp_file(path, "exercise.editor_exit", code=finished.returncode,
                                 editor=command[0])
            return
        text = self._read_back(path)
        if text is None:
            return
        if text != self.editor.text:
            self._replace_text(text)
        self.save_now()
        path.unlink(missing_ok=True)
        self.say(self.s("exercise.edited", editor=command[0]))
        self.editor.focus()

    def _write_temp_file(self, text: str) -> Path:
        fd, name = tempfile.mkstemp(prefix=f"{temp_file_stem(self.exercise.id)}-", suffix=".yaml")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return Path(name)

    def _read_back(self, path: Path) -> str | None:
        """The text the editor left at ``path`` (read by name: editors often write a new
        file in its place), or ``None`` after saying why it cannot be taken."""
        try:
            if not path.is_file():
                self.say(self.s("exercise.editor_file_gone", path=str(path)), severity="error",
                         timeout=15)
                return None
            with path.open("rb") as handle:
                data = handle.read(MAX_EDITOR_BYTES + 1)
        except OSError as exc:
            self._keep_temp_file(path, "exercise.editor_unreadable", error=exc.strerror or str(exc))
            return None
        if len(data) > MAX_EDITOR_BYTES:
            self._keep_temp_file(path, "exercise.editor_too_big", limit=MAX_EDITOR_BYTES // 1024)
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self._keep_temp_file(path, "exercise.editor_not_utf8", offset=exc.start)
            return None

    def _keep_temp_file(self, path: Path, key: str, **values: object) -> None:
        """Say why the editor's text was not taken; the editor keeps its text and the temp
        file stays where the notice says, so nothing written there is lost."""
        self.say(self.s(key, path=str(path), **values), severity="error", timeout=20)
        self.editor.focus()

    # Leaving

    def action_back(self) -> None:
        self.save_now()
        self.app.pop_screen()

    def action_next_exercise(self) -> None:
        exercises = self.lesson.exercises
        number = exercises.index(self.exercise)
        self.save_now()
        if number + 1 < len(exercises):
            self.kl.open_exercise(exercises[number + 1].id, how="replace")
        else:
            self.say(self.s("exercise.last_done"))
            self.app.pop_screen()
