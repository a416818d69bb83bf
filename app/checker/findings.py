"""What the checker says about a manifest: findings, the report that holds them, and what one
check may spend on them.

The words of a finding come from the catalogues (``app/words/<lang>/checker.toml``, rendered by
:mod:`kubelearn.checker.messages`); what is decided here is not words: how severe each code is,
and the :class:`Budget` that stops a hostile input from costing a sentence per mistake.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Severity(str, Enum):  # noqa: UP042 - StrEnum would change str() for callers
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


#: Codes whose finding is not an error (a caller may still pass another severity).
SEVERITY: dict[str, Severity] = {"not-checked": Severity.INFO, "unquoted-key": Severity.WARNING}


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
        """False for a finding past the ones worth wording (see :class:`Budget`): it is only
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
    #: False when the text did not read as YAML as a whole: the goals were not judged (a claim
    #: about part of an answer would be false), and ``expectations_met`` is 0.
    goals_judged: bool = True
    #: The messages of the goals judged by running the answer that were not run (Kubernetes
    #: would reject the answer, or the caller asked for the quick judgement only): shown as not
    #: judged yet, never as failed; they are not met.
    goals_pending: tuple[str, ...] = ()

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


#: Findings of one code worded in one check; past this they are only counted (the report
#: shows PER_CODE of each code, see pipeline.py). Wording is most of the cost of a finding.
WORDED_PER_CODE = 100
#: "Did you mean" lookups in one check (each compares a word with many names).
SUGGESTIONS = 200


class Budget:
    """What one check may still spend on findings nobody will read.

    Every stage asks :meth:`word` before it words a finding, and :meth:`suggest` before it
    looks for a "did you mean": a hostile input with 100,000 mistakes then costs counting,
    not 100,000 sentences.
    """

    def __init__(self) -> None:
        self.worded: dict[str, int] = {}
        self.suggestions = SUGGESTIONS

    def word(self, code: str) -> bool:
        count = self.worded.get(code, 0) + 1
        self.worded[code] = count
        return count <= WORDED_PER_CODE

    def suggest(self) -> bool:
        self.suggestions -= 1
        return self.suggestions >= 0
