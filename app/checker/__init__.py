"""The manifest checker: reads Kubernetes YAML the way Kubernetes does and says what is wrong.

``check(text)`` returns a Report of Findings, each with a line and column, a stable code and
plain-words explanation. Importing this package is cheap: the YAML reader, the API schema and
jsonschema_rs are loaded on the first call.
"""

from __future__ import annotations

from kubelearn.checker.findings import Finding, Report, Severity

__all__ = ["Finding", "Report", "Severity", "check"]


def check(text: str | bytes, expectations: list | None = None, *, lang: str = "en") -> Report:
    """Check one or more YAML documents; never raises.

    Args:
        text: the YAML, as text or as bytes (which must be UTF-8).
        expectations: an exercise's raw expectations; when given, the report says how many
            are met, and ``Report.passed`` needs all of them.
        lang: language of the messages, "en" or "zh".
    """
    from kubelearn.checker.core import check as _check

    return _check(text, expectations, lang=lang)
