"""The checker's findings as a list the learner can move through and choose from."""

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


def with_code(text: str, style: str = "") -> Content:
    """Plain text where `backticked` words are shown as code (without the backticks)."""
    return inline(text, style)


def finding_prompt(finding: Finding) -> Hanging:
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

    def show(self, findings: tuple[Finding, ...]) -> None:
        self.findings = tuple(findings)
        self.set_options(Option(finding_prompt(f)) for f in self.findings)
        if self.findings:
            self.highlighted = 0
        self.post_message(self.Shown(self.findings[0] if self.findings else None))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.findings):
            self.post_message(self.Shown(self.findings[event.option_index]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.findings):
            self.post_message(self.Chosen(self.findings[event.option_index]))
