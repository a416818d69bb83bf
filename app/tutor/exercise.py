"""One YAML exercise being worked on: check the draft, say where it stands, keep the learner's work.

The exercise screen shows an editor and whatever this session says: the status line, the
findings, when to celebrate, the hints shown so far. Every decision is made here, without
Textual, so a test can pass an exercise with no app at all:

    session = tutor.exercise(exercise)
    verdict = session.check(exercise.solution)
    assert verdict.passed and session.settle(verdict)

Drafts: the screen saves after a pause in typing and on every way out (Esc, Ctrl+Q, the next
exercise, a signal), each time through :meth:`ExerciseSession.save_draft`, with the text
itself, so what is saved is always what the learner last saw.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kubelearn.checker import Finding, Report, Severity, check
from kubelearn.safe_text import CONTROL_CHARS, visible
from kubelearn.tutor.timing import ScreenTimer
from kubelearn.words import words

if TYPE_CHECKING:
    from kubelearn.course.model import Exercise, Lesson
    from kubelearn.progress.store import ProgressChanges

# What str.splitlines() (and so an editor's document) treats as the end of a line.
_LINE_BREAKS = frozenset(ord(c) for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_SHOWN = {
    code: (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    for code in CONTROL_CHARS - _LINE_BREAKS - {ord("\t")}
}


def editor_text(text: str) -> str:
    """``text`` as the editor shows it: control characters other than tab and line breaks
    written as escapes (the same escapes as :func:`kubelearn.safe_text.visible`)."""
    return text if text.isprintable() else text.translate(_SHOWN)


#: Full verdicts kept per session, by text (a check that runs the answer costs milliseconds).
KEPT_VERDICTS = 8


@dataclass(frozen=True)
class Mark:
    """A line of the text to mark in the editor's gutter (0-based ``line``), with the worst
    severity of the findings there and the columns they name (``[start, end)``, 0-based)."""

    line: int
    severity: str
    spans: tuple[tuple[int, int], ...] = ()


#: The severities, worst first.
_WORST = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
# The key a finding names, at its column: "name" in "name: web" (quoted keys too).
_KEY = re.compile(r"""(?:"[^"]*"|'[^']*'|[^\s#'"][^:#]*?)(?=\s*:(?:\s|$))""")
_COMMENT = re.compile(r"\s+#.*$")


def finding_span(line: str, column: int) -> tuple[int, int] | None:
    """The columns (0-based, end excluded) a finding at 1-based ``column`` of ``line`` names:
    the key there, else the value up to the end of the line (without a comment); ``None``
    when the finding points past the line's text (a missing field, an empty line)."""
    start = max(column, 1) - 1
    text = _COMMENT.sub("", line[start:]).rstrip()
    if not text or text.startswith("#"):
        return None
    if text.startswith("- "):  # the item as a whole: underline what it holds
        stripped = text[2:].lstrip()
        start += len(text) - len(stripped)
        text = stripped
    key = _KEY.match(text)
    return start, start + (key.end() if key else len(text))


def marks(findings: tuple[Finding, ...], text: str) -> tuple[Mark, ...]:
    """Where the editor marks the findings Kubernetes would report (an unmet goal is not a
    mistake on its line, so it is not marked), one mark per line, in line order."""
    lines = text.splitlines()
    worst: dict[int, Severity] = {}
    spans: dict[int, list[tuple[int, int]]] = {}
    for f in findings:
        if f.code == "expectation" or not 1 <= f.line <= len(lines):
            continue
        row = f.line - 1
        if row not in worst or _WORST.get(f.severity, 3) < _WORST.get(worst[row], 3):
            worst[row] = f.severity
        span = finding_span(lines[row], f.column)
        if span is not None and span not in spans.setdefault(row, []):
            spans[row].append(span)
    return tuple(Mark(row, worst[row].value, tuple(spans.get(row, ())))
                 for row in sorted(worst))


@dataclass(frozen=True)
class Verdict:
    """What the tutor says about one text of an exercise.

    Two lines: what Kubernetes would say (``kubernetes``), and where the task's goals stand
    (``goals``). ``report`` is ``None`` when the checker could not run at all; ``kubernetes``
    then says why. ``waiting`` holds the goals not judged yet (the text did not read as YAML,
    or the goals that run the answer in the cluster have not run).
    """

    text: str
    report: Report | None
    kubernetes: str
    goals: str = ""
    waiting: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        return "\n".join(line for line in (self.kubernetes, self.goals) if line)

    @property
    def passed(self) -> bool:
        """Kubernetes would accept it and every goal is met."""
        return self.report is not None and self.report.passed

    @property
    def accepted(self) -> bool:
        """No errors: Kubernetes would accept it (goals aside)."""
        return self.report is not None and not any(
            f.severity is Severity.ERROR and f.code != "expectation" for f in self.findings)

    @property
    def running(self) -> bool:
        """Kubernetes would accept it and goals that run it in the cluster wait: the full
        check (:meth:`ExerciseSession.check`) will judge them."""
        return self.accepted and bool(self.report and self.report.goals_pending)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.report.findings if self.report is not None else ()

    @property
    def marks(self) -> tuple[Mark, ...]:
        return marks(self.findings, self.text)


def status_lines(report: Report, lang: str) -> tuple[str, str]:
    """Kubernetes' verdict (errors and warnings, unmet goals aside), and the goals' line."""
    say = words(lang)

    def count(key: str, n: int) -> str:
        return say(f"ui.exercise.{key}.{'one' if n == 1 else 'other'}", n=n)

    kubernetes = [f for f in report.findings if f.code != "expectation"]
    errors = sum(1 for f in kubernetes if f.severity is Severity.ERROR)
    warnings = sum(1 for f in kubernetes if f.severity is Severity.WARNING)
    counts = [count("errors", errors)] if errors else []
    if warnings:
        counts.append(count("warnings", warnings))
    joined = say("ui.list.separator").join(counts)
    if not report.goals_judged:
        verdict = say("ui.verdict.unread", counts=joined)
    elif errors:
        verdict = say("ui.verdict.rejected", counts=joined)
    elif counts:
        verdict = say("ui.verdict.accepted_with", counts=joined)
    else:
        verdict = say("ui.verdict.accepted")
    if report.passed:
        return verdict, "★ " + say("ui.exercise.passed")
    if not report.expectations_total:
        return verdict, ""
    if not report.goals_judged:
        return verdict, say("ui.verdict.goals_waiting", total=report.expectations_total)
    if report.goals_pending:
        key = "ui.verdict.goals_after" if errors else "ui.verdict.goals_running"
        return verdict, say(key, met=report.expectations_met, total=report.expectations_total,
                            pending=len(report.goals_pending))
    return verdict, say("ui.exercise.goals", met=report.expectations_met,
                        total=report.expectations_total)


def judge(exercise: Exercise, text: str | bytes, lang: str, *, outcomes: bool = True) -> Report:
    """The checker's report on ``text`` as an answer to ``exercise``: what Kubernetes would
    say and whether its goals are met (``outcomes=False``: the goals that run the answer in
    the offline cluster left waiting). The one judgement the tutor and ``kubelearn grade``
    both use, so a text passes in one exactly when it passes in the other."""
    return check(text, exercise.goals, lang=lang, cluster=exercise.cluster, outcomes=outcomes)


def status_line(report: Report, lang: str) -> str:
    """:func:`status_lines` as one text, a line each."""
    return "\n".join(line for line in status_lines(report, lang) if line)


#: A check with the same outcome (codes, passed) as the last one recorded is recorded again
#: only this long after it: a learner typing cannot flood the event log.
SAME_CHECK_INTERVAL_S = 20.0
#: Finding messages kept with a check, as examples for the instructor, and their length.
EXAMPLES_PER_CHECK = 3
EXAMPLE_CHARS = 80


class ExerciseSession:
    """The learner working on ``exercise`` of ``lesson``, recorded in ``store``."""

    def __init__(self, store: ProgressChanges, lesson: Lesson, exercise: Exercise, lang: str,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.lesson = lesson
        self.exercise = exercise
        self.lang = lang
        self._passed_text: str | None = None
        self._edited = False
        self._celebrated = False
        self._verdicts: dict[str, Verdict] = {}
        self._lock = threading.Lock()
        self._clock = clock
        self._timer = ScreenTimer(store, lesson.id, "exercise", exercise.id, clock)
        #: The last check recorded: its text, outcome and when.
        self._recorded: tuple[str, tuple[tuple[str, ...], bool], float] | None = None

    @property
    def number(self) -> int:
        """The exercise's place in its lesson, from 1."""
        return self.lesson.exercises.index(self.exercise) + 1

    @property
    def total(self) -> int:
        return len(self.lesson.exercises)

    def following(self) -> Exercise | None:
        """The lesson's next exercise, or ``None`` after the last."""
        exercises = self.lesson.exercises
        return exercises[self.number] if self.number < len(exercises) else None

    def open(self) -> None:
        """The learner is here: "continue" on the course map comes back to this exercise."""
        self.store.set_position(self.lesson.id, "exercise", exercise_id=self.exercise.id)
        self._timer.start()

    def leave(self) -> None:
        """The learner left the exercise: record the time spent on it."""
        self._timer.stop()

    def text_to_open(self) -> str:
        """The saved draft, else the starter: the text the progress file stands for."""
        state = self.store.progress.exercises.get(self.exercise.id)
        return state.draft if state and state.draft is not None else self.exercise.starter

    # Checking

    def check(self, text: str, *, outcomes: bool = True) -> Verdict:
        """Check ``text`` against the exercise's goals (parsed once, when the lesson was
        loaded). ``outcomes=False`` is the quick judgement: the goals that run the answer in
        the offline cluster are left waiting (see :attr:`Verdict.running`). The full verdict
        is kept for the last few texts (going back to an earlier text costs nothing). Safe in
        a thread: it touches no progress, and the kept verdicts are locked."""
        if outcomes:
            with self._lock:
                kept = self._verdicts.get(text)
            if kept is not None:
                return kept
        try:
            report = judge(self.exercise, text, self.lang, outcomes=outcomes)
        except Exception as exc:  # the checker must never take the editor down
            return Verdict(text, None, words(self.lang)("ui.exercise.checker_missing",
                                                        error=visible(str(exc))))
        waiting = (tuple(visible(m) for m in report.goals_pending) if report.goals_judged
                   else self.goal_messages())
        verdict = Verdict(text, report, *status_lines(report, self.lang), waiting=waiting)
        if outcomes:
            with self._lock:  # a check still running when the next one starts: two threads
                self._verdicts[text] = verdict
                while len(self._verdicts) > KEPT_VERDICTS:
                    del self._verdicts[next(iter(self._verdicts))]
        return verdict

    def goal_messages(self) -> tuple[str, ...]:
        """The task's goals, as the lesson words them."""
        return tuple(visible(goal["message"]) for goal in self.exercise.expectations
                     if isinstance(goal, dict) and isinstance(goal.get("message"), str))

    def note_edit(self) -> None:
        """The learner changed the text (a pass after this is worth celebrating again)."""
        self._edited = True

    def settle(self, verdict: Verdict) -> str | None:
        """Take ``verdict`` as the one on screen: record a pass; the notice to celebrate it
        with, once per pass earned (not when a solved exercise is merely opened again)."""
        if verdict.report is None:
            return None
        self._record_check(verdict)
        if not verdict.passed:
            self._celebrated = False
            return None
        if self._passed_text == verdict.text:
            return None
        self._passed_text = verdict.text
        state = self.store.progress.exercises.get(self.exercise.id)
        new_pass = state is None or state.status != "passed"
        self.store.mark_exercise_passed(self.exercise.id, verdict.text)
        if (new_pass or self._edited) and not self._celebrated:
            self._celebrated = True
            return words(self.lang)("ui.exercise.passed_notice", title=visible(self.exercise.title))
        return None

    def _record_check(self, verdict: Verdict) -> None:
        """Record the check of a text the learner wrote (not the draft as it opened), once
        per text, and an unchanged outcome at most every SAME_CHECK_INTERVAL_S."""
        if not self._edited:
            return
        codes = tuple(dict.fromkeys(f.code for f in verdict.findings))
        outcome, now = (codes, verdict.passed), self._clock()
        if self._recorded is not None:
            text, last, at = self._recorded
            if text == verdict.text or (last == outcome
                                        and now - at < SAME_CHECK_INTERVAL_S):
                return
        self._recorded = (verdict.text, outcome, now)
        examples: dict[str, str] = {}
        for f in verdict.findings:
            if len(examples) == EXAMPLES_PER_CHECK:
                break
            examples.setdefault(f.code, f.message[:EXAMPLE_CHARS])
        self.store.record_check(self.exercise.id, codes, verdict.passed,
                                lesson_id=self.lesson.id, examples=examples)

    # The learner's work

    def save_draft(self, text: str) -> None:
        """Save ``text`` as the draft, unless it is the text the exercise opens with."""
        # The editor shows control characters as escapes: a draft (or starter) that has them
        # is saved again only once the learner changes it, so opening it changes nothing.
        if text != editor_text(self.text_to_open()):
            self.store.save_draft(self.exercise.id, text)

    def reveal_solution(self) -> str:
        """Record that the solution was shown; the text to put in the editor."""
        self.store.mark_solution_revealed(self.exercise.id)
        return self.exercise.solution

    def reset(self) -> str:
        """Forget the draft and the hints (a pass stays recorded); the starter text."""
        self.store.reset_exercise(self.exercise.id)
        return self.exercise.starter

    # Hints: one at a time, remembered across visits

    @property
    def hints_shown(self) -> int:
        state = self.store.progress.exercises.get(self.exercise.id)
        return min(state.hints_shown if state else 0, len(self.exercise.hints))

    def hints(self) -> list[str]:
        """The hints shown so far, each as the learner reads it ("Hint 1/3: ...")."""
        hints, say = self.exercise.hints, words(self.lang)
        return [say("ui.exercise.hint", n=i + 1, total=len(hints), text=visible(hints[i]))
                for i in range(self.hints_shown)]

    def reveal_hint(self) -> str | None:
        """Show one more hint; ``None`` when one was added, else what to tell the learner."""
        hints, shown = self.exercise.hints, self.hints_shown
        if not hints:
            return words(self.lang)("ui.exercise.no_hints")
        if shown >= len(hints):
            return words(self.lang)("ui.exercise.no_more_hints")
        self.store.set_hints_shown(self.exercise.id, shown + 1)
        return None
