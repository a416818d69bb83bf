"""The checker's findings as a list the learner can move through and choose from: what
Kubernetes would say first, then, apart, the task's goals not met yet, or (when the YAML does
not read) the goals not judged yet."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kubelearn.checker import Finding
from kubelearn.ui.widgets.hanging import Hanging
from kubelearn.ui.widgets.inline import inline

SEVERITY_STYLE = {"error": ("✗", "$text-error"), "warning": ("!", "$text-warning")}
#: An unmet goal: not a mistake Kubernetes would report, something the task still asks for.
GOAL_STYLE = ("○", "$text-accent")


def with_code(text: str, style: str = "") -> Content:
    """Plain text where `backticked` words are shown as code (without the backticks)."""
    return inline(text, style)


def finding_prompt(finding: Finding) -> Hanging:
    if finding.code == "expectation":
        icon, style = GOAL_STYLE
    else:
        icon, style = SEVERITY_STYLE.get(finding.severity.value, ("i", "$text-accent"))
    marker = Content.assemble(
        (f"{icon} ", style), (f"{finding.line}:{finding.column} ", "$text-muted")
    )
    return Hanging(marker, with_code(finding.message))


class FindingList(OptionList):
    """Findings, one per option. Choosing one posts :class:`FindingList.Chosen`."""

    @dataclass
    class Chosen(Message):
        finding: Finding

    @dataclass
    class Shown(Message):
        finding: Finding | None

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.findings: tuple[Finding, ...] = ()
        #: What each option stands for: a finding, or ``None`` for a heading or a goal not
        #: judged yet (shown, not chosen).
        self._entries: list[Finding | None] = []

    def show(self, findings: tuple[Finding, ...], *, goals_title: str = "",
             waiting: tuple[str, ...] = (), waiting_title: str = "") -> None:
        """Show ``findings`` (Kubernetes' first, then the unmet goals under ``goals_title``),
        and the goals ``waiting`` to be judged under ``waiting_title``."""
        self.findings = tuple(findings)
        kubernetes = [f for f in self.findings if f.code != "expectation"]
        goals = [f for f in self.findings if f.code == "expectation"]
        options: list[Option | None] = [Option(finding_prompt(f)) for f in kubernetes]
        entries: list[Finding | None] = list(kubernetes)
        for title, items in ((goals_title, goals), (waiting_title, waiting)):
            if not items:
                continue
            if options:
                options.append(None)
            options.append(Option(Content.styled(title, "bold"), disabled=True))
            entries.append(None)
            for item in items:
                if isinstance(item, Finding):
                    options.append(Option(finding_prompt(item)))
                    entries.append(item)
                else:
                    options.append(Option(Hanging(Content.styled("· ", "$text-muted"),
                                                  with_code(item, "$text-muted")), disabled=True))
                    entries.append(None)
        self._entries = entries
        self.set_options(options)
        first = next((i for i, entry in enumerate(entries) if entry is not None), None)
        if first is not None:
            self.highlighted = first
        self.post_message(self.Shown(entries[first] if first is not None else None))

    def _entry(self, index: int) -> Finding | None:
        return self._entries[index] if 0 <= index < len(self._entries) else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        finding = self._entry(event.option_index)
        if finding is not None:
            self.post_message(self.Shown(finding))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        finding = self._entry(event.option_index)
        if finding is not None:
            self.post_message(self.Chosen(finding))
