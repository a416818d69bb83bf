"""What the checker says about a manifest: findings and the report that holds them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Severity(str, Enum):  # noqa: UP042 - StrEnum would change str() for callers
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One thing the checker noticed.

    ``line`` and ``column`` are 1-based and counted from the start of the whole text, also
    in the second and later YAML documents.
    """

    severity: Severity
    line: int
    column: int
    code: str
    message: str
    path: str = ""
    explanation: str = ""
    hint: str = ""

    @property
    def worded(self) -> bool:
        """False for a finding past the ones worth wording (see messages.Budget): it is only
        counted in the report's "and N more like this"."""
        return bool(self.message)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...] = field(default=())
    #: How many expectations the exercise had, and how many were met (0/0 without an exercise).
    expectations_total: int = 0
    expectations_met: int = 0

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def ok(self) -> bool:
        """No errors (warnings and infos allowed): Kubernetes would accept it."""
        return not self.errors

    @property
    def passed(self) -> bool:
        """Accepted and every expectation met: the exercise is solved."""
        return self.ok and self.expectations_met == self.expectations_total
