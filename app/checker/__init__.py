"""The manifest checker: reads Kubernetes YAML the way Kubernetes does and says what is wrong.

``check(text)`` returns a Report of Findings, each with a line and column, a stable code and
plain-words explanation. Importing this package is cheap: the YAML reader and the API schema
are loaded on the first call.

The stages are ``yaml/`` (read the text as Kubernetes does), ``schema/`` (the API schema), the
meaning checks and the exercise's goals, run in order by ``pipeline``; what a finding says comes
from the catalogues in ``app/words/<lang>/checker.toml``.
"""

from __future__ import annotations

from kubelearn.checker.findings import Finding, Report, Severity

__all__ = ["Finding", "Report", "Severity", "check"]


def check(text: str | bytes, goals: list | None = None, *, lang: str = "en",
          expectations: list | None = None, partial: bool = False,
          cluster: str = "", outcomes: bool = True) -> Report:
    """Check one or more YAML documents; never raises.

    Args:
        text: the YAML, as text or as bytes (which must be UTF-8).
        goals: an exercise's goals (its raw ``expectations``); when given, the report says how
            many are met, and ``Report.passed`` needs all of them.
        lang: language of the messages: any language with a catalogue in ``app/words``
            (others fall back to English).
        expectations: the same as ``goals``, by its older name.
        partial: the text is one part of a larger input (one of several files): an object it
            refers to but lacks may be in another part, so saying so is only info.
        cluster: YAML of objects that already exist in the cluster (an exercise's
            ``cluster``): the checks that relate objects see them, nothing is said about them.
        outcomes: judge the goals that run the answer in the offline cluster (``ready``,
            ``request``, ``exec``, ``logs``, ``scenario``; they run only when Kubernetes would
            accept the answer). False gives the quick judgement: those goals are left in
            ``Report.goals_pending``, not met.
    """
    from kubelearn.checker.pipeline import check as _check

    return _check(text, goals if goals is not None else expectations, lang=lang,
                  partial=partial, cluster=cluster, outcomes=outcomes)
