"""Properties that hold for any input: check() never raises, and every finding points inside
the text (line within its lines, column within that line's length + 1)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubelearn.checker import Report, check

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: {app: web, tier: "1"}
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
    env:
    - name: A
      value: "x"
"""

# Pieces that make YAML interesting: indicators, quotes, tabs, breaks, anchors, tags.
YAML_BITS = st.sampled_from(
    [
        ":",
        ": ",
        "- ",
        "-",
        "\n",
        "\n  ",
        "\t",
        " ",
        "'",
        '"',
        "[",
        "]",
        "{",
        "}",
        ",",
        "#",
        "&a ",
        "*a",
        "!!str ",
        "!!python/object ",
        "? ",
        "|",
        ">",
        "---\n",
        "...\n",
        "yes",
        "010",
        "1e3",
        "~",
        "kind",
        "apiVersion",
        "Pod",
        "spec",
        "containers",
        "\r\n",
        "\x00",
        "é",
        "\u2028",
    ]
)
YAMLISH = st.lists(YAML_BITS | st.text(max_size=5), max_size=40).map("".join)


def assert_inside(text: str | bytes, report: Report) -> None:
    assert isinstance(report, Report)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    lines = text.splitlines() or [""]
    for f in report.findings:
        assert 1 <= f.line <= len(lines), f
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1, f
        assert f.code and f.message
        assert f.code != "internal-error", f


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(YAMLISH)
def test_yamlish_text_never_raises(text):
    assert_inside(text, check(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_never_raises(text):
    assert_inside(text, check(text))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_never_raise(data):
    assert_inside(data, check(data))


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(POD)), st.integers(0, 8), YAML_BITS)
def test_edited_manifest_never_raises(at, cut, insert):
    text = POD[:at] + insert + POD[at + cut :]
    assert_inside(text, check(text, [{"kind": "Pod"}], lang="zh"))
