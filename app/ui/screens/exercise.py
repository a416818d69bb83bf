"""A YAML exercise: the prompt, an editor checked as you type, findings, hints and the solution.

What the exercise means (the check, the status line, passing, drafts, hints, the solution,
reset) is the tutor's :class:`~kubelearn.tutor.ExerciseSession`; this screen shows what it says.
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
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Markdown, Static, TextArea
from textual.worker import get_current_worker

from kubelearn.course.model import Exercise, Lesson
from kubelearn.safe_text import visible
from kubelearn.tutor import ExerciseSession, Verdict
from kubelearn.ui.screens.base import BaseScreen
from kubelearn.ui.screens.confirm import ConfirmDialog
from kubelearn.ui.widgets.findings import FindingList, with_code
from kubelearn.ui.widgets.footer import KeyBar
from kubelearn.ui.widgets.hanging import Hanging, HangingList
from kubelearn.ui.widgets.yaml_editor import YamlEditor

#: The pause in typing before a check. The quick check of the longest exercise takes about
#: 1-2 ms, running it in the offline cluster tens (bench/checker.py), both in a thread: the
#: pause is only there to let a word be finished.
CHECK_DELAY_S = 0.12
#: The most text taken back from ``$EDITOR`` (the checker refuses more anyway).
MAX_EDITOR_BYTES = 1024 * 1024


def temp_file_stem(exercise_id: str) -> str:
    """The start of the temp file's name: the exercise id (from a lesson file, so possibly
    ``../x``) with only its tame characters."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", exercise_id).strip(".-")[:40] or "exercise"


class ExerciseScreen(BaseScreen[None]):
    STYLES = "exercise"
    BINDINGS = [
        Binding("f2,ctrl+t", "hint", "key.hint"),
        Binding("f3", "solution", "key.solution"),
        Binding("f4", "reset", "key.reset"),
        Binding("f5,ctrl+o", "external_editor", "key.editor"),
        Binding("f6", "toggle_prompt", "key.prompt"),
        # Not in the footer (at 80 columns it would push Back and Help off): the help screen
        # and the command palette list it.
        Binding("ctrl+r", "playground", "key.try_playground", show=False),
        Binding("f8", "focus_findings", "key.findings", show=False),
        Binding("f9", "next_exercise", "key.next_exercise", show=False),
        Binding("escape", "back", "key.back"),
    ]

    def __init__(self, lesson: Lesson, exercise: Exercise) -> None:
        super().__init__()
        self.lesson = lesson
        self.exercise = exercise
        self._session: ExerciseSession | None = None
        self._timer: Timer | None = None
        self._editor: YamlEditor | None = None

    @property
    def session(self) -> ExerciseSession:
        """The tutor's session for this exercise (made once the screen has its app)."""
        if self._session is None:
            self._session = self.tutor.exercise(self.lesson, self.exercise)
        return self._session

    def compose(self) -> ComposeResult:
        yield Static(
            self.s(
                "exercise.position",
                lesson=self.lesson.title,
                n=self.session.number,
                total=self.session.total,
                title=self.exercise.title,
            ),
            id="exercise-header",
            markup=False,
        )
        with VerticalScroll(id="prompt-box"):
            yield Markdown(visible(self.exercise.prompt), id="prompt")
            yield Static(id="hints", markup=False)
        with Horizontal(id="work"):
            # Soft-wrapped: a long line wraps under its own number instead of scrolling
            # every other line out of view.
            self._editor = YamlEditor.code_editor(
                self.session.text_to_open(), language="yaml", theme="css", soft_wrap=True,
                id="editor"
            )
            yield self._editor
            with Vertical(id="findings-panel"):
                yield Static(self.s("exercise.findings"), id="findings-title", markup=False)
                yield FindingList(id="findings")
                with VerticalScroll(id="finding-detail-box"):
                    yield Static(id="finding-detail", markup=False)
        with Vertical(id="status"):
            yield Static(self.s("exercise.checking"), id="verdict-line", markup=False)
            yield Static(id="goals-line", markup=False)
        yield KeyBar()

    @property
    def editor(self) -> YamlEditor:
        """The editor widget. It keeps its text after the screen is gone, so the last
        keystrokes can still be saved while the screen is being taken down."""
        assert self._editor is not None, "composed"
        return self._editor

    def on_mount(self) -> None:
        self.session.open()
        self._show_hints()
        self.editor.focus()
        self.run_check(self.editor.text)

    def on_unmount(self) -> None:
        self.save_now()
        self.session.leave()

    def on_screen_resume(self) -> None:
        self.session.open()  # back from help or a question: the time counts again

    def on_screen_suspend(self) -> None:
        self.session.leave()  # the time spent on the exercise, on leaving

    def save_now(self) -> None:
        """Save the editor's text as the draft now, without waiting for the typing pause."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._editor is not None:
            self.session.save_draft(self._editor.text)

    # Checking

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.session.note_edit()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(CHECK_DELAY_S, self._check_now)

    def _check_now(self) -> None:
        self._timer = None
        text = self.editor.text
        self.session.save_draft(text)
        self.run_check(text)

    @work(thread=True, exclusive=True, group="check")
    def run_check(self, text: str) -> None:
        # The quick verdict first; the goals that run the answer in the offline cluster
        # follow (shown as running meanwhile, never as failed).
        verdict = self.session.check(text, outcomes=False)
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(self._show_verdict, verdict)
        if verdict.running and not get_current_worker().is_cancelled:
            verdict = self.session.check(text)
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._show_verdict, verdict)

    def _show_verdict(self, verdict: Verdict) -> None:
        if not self.is_mounted:
            return
        try:
            status = self.query_one("#status", Vertical)
            kubernetes = self.query_one("#verdict-line", Static)
            goals = self.query_one("#goals-line", Static)
            findings = self.query_one("#findings", FindingList)
        except NoMatches:  # the screen is being taken down: its widgets go before it does
            return
        if verdict.report is None:  # the checker could not run: say so, keep the rest
            kubernetes.update(verdict.kubernetes)
            return
        if verdict.text != self.editor.text:
            return  # typing went on; a newer check is coming
        findings.show(
            verdict.findings, goals_title=self.s("verdict.goals_title"),
            waiting=verdict.waiting, waiting_title=self.s("verdict.waiting_title"),
        )
        self.editor.show_marks(verdict.marks)
        kubernetes.update(verdict.kubernetes)
        goals.update(verdict.goals)
        status.set_class(verdict.passed, "-passed")
        kubernetes.set_class(not verdict.accepted, "-errors")
        notice = self.session.settle(verdict)
        if notice:
            self.say("★ " + notice, severity="information")

    def say(self, message: str, **options) -> None:
        """A notice over the status lines (see the stylesheet), replacing the one before."""
        self.app.clear_notifications()
        super().say(message, **options)

    # Findings

    def on_finding_list_shown(self, event: FindingList.Shown) -> None:
        detail = self.query_one("#finding-detail", Static)
        finding = event.finding
        if finding is None:
            detail.update(self.s("exercise.no_findings"))
            return
        lines = []
        if finding.explanation:
            lines.append(with_code(self.s("exercise.why", text=finding.explanation)))
        if finding.hint:
            lines.append(with_code(self.s("exercise.fix", text=finding.hint), "$text-success"))
        if not lines:
            lines.append(Content.assemble((self.s("exercise.select_finding"), "$text-muted")))
        detail.update(Content("\n").join(lines))
        self.query_one("#finding-detail-box", VerticalScroll).scroll_home(animate=False)

    def on_finding_list_chosen(self, event: FindingList.Chosen) -> None:
        finding = event.finding
        line = max(finding.line, 1) - 1
        column = max(finding.column, 1) - 1
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

    def _show_hints(self) -> None:
        hints = self.session.hints()
        widget = self.query_one("#hints", Static)
        widget.update(
            HangingList(
                [
                    Hanging(Content.styled("› ", "$text-warning"), with_code(hint, "$text-warning"))
                    for hint in hints
                ]
            )
        )
        widget.display = bool(hints)

    def action_hint(self) -> None:
        refused = self.session.reveal_hint()
        if refused:
            self.say(refused)
            return
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
                self._replace_text(self.session.reveal_solution())
                self.say(self.s("exercise.solution_shown"))

        self.app.push_screen(ConfirmDialog(self.s("exercise.confirm_solution")), answer)

    def action_reset(self) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                self._replace_text(self.session.reset())
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
        sent = self.editor.text
        path = self._write_temp_file(sent)
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
            if self._unchanged(path, sent):  # nothing to keep: say only that it failed
                path.unlink(missing_ok=True)
                self.say(self.s("editor.exit_unchanged", editor=command[0],
                                code=finished.returncode), severity="warning")
                return
            self._keep_temp_file(path, "exercise.editor_exit", code=finished.returncode,
                                 editor=command[0])
            return
        text = self._read_back(path)
        if text is None:
            return
        changed = text != self.editor.text
        if changed:
            self._replace_text(text)
        self.save_now()
        path.unlink(missing_ok=True)
        self.say(self.s("exercise.edited" if changed else "editor.unchanged", editor=command[0]))
        self.editor.focus()

    @staticmethod
    def _unchanged(path: Path, sent: str) -> bool:
        """The temp file still holds exactly the text sent to the editor."""
        try:
            with path.open("rb") as handle:
                return handle.read(MAX_EDITOR_BYTES + 1) == sent.encode("utf-8")
        except OSError:
            return False

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

    def action_playground(self) -> None:
        """Apply the draft to the offline cluster, after the objects the task says exist, to
        see what Kubernetes does with it (the draft is saved first; nothing is judged there)."""
        self.save_now()
        cluster = self.exercise.cluster
        self.kl.open_playground(files={"cluster.yaml": cluster} if cluster else None,
                                exercise_text=self.editor.text)

    # Leaving

    def action_back(self) -> None:
        self.save_now()
        self.app.pop_screen()

    def action_next_exercise(self) -> None:
        following = self.session.following()
        self.save_now()
        if following is not None:
            self.kl.open_exercise(following.id, how="replace")
        else:
            self.say(self.s("exercise.last_done"))
            self.app.pop_screen()
