"""Which lines the editor marks and which columns it underlines, decided without Textual."""

from __future__ import annotations

import pytest

from kubelearn.checker import Finding, Severity
from kubelearn.tutor import Mark
from kubelearn.tutor.exercise import finding_span, marks


@pytest.mark.parametrize(
    ("line", "column", "span"),
    [
        ("  container:", 3, (2, 11)),                 # a key: the key, not its colon
        ("    image: nginx:1.26", 12, (11, 21)),      # a value, colons and all
        ("    image: nginx:1.26", 5, (4, 9)),
        ("  - name: web", 3, (4, 8)),                 # an item: what it holds
        ("  - web", 3, (4, 7)),
        ('  "app": web', 3, (2, 7)),                  # a quoted key
        ("    replicas: three  # three Pods", 15, (14, 19)),  # not the comment
        ("kind: Pod", 10, None),                      # past the text: nothing to underline
        ("", 1, None),
        ("  # only a comment", 3, None),
    ],
)
def test_a_finding_underlines_the_key_or_value_it_names(line, column, span):
    assert finding_span(line, column) == span


def finding(line: int, column: int, severity: Severity = Severity.ERROR,
            code: str = "code") -> Finding:
    return Finding(severity, line, column, code, "message")


def test_one_mark_per_line_with_its_worst_severity():
    text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
    found = (
        finding(2, 7, Severity.WARNING),
        finding(2, 1, Severity.ERROR),
        finding(4, 3, Severity.INFO),
        finding(1, 1, Severity.ERROR, "expectation"),  # a goal is not a mistake on its line
        finding(9, 1),                                   # outside the text
    )
    assert marks(found, text) == (
        Mark(1, "error", ((6, 9), (0, 4))),
        Mark(3, "info", ((2, 6),)),
    )

