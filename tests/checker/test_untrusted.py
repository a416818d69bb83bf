"""Hostile input: huge, exponential, deeply nested, binary or tagged text is refused quickly and
plainly, never with an exception, a hang or a Python object built from a tag."""

from __future__ import annotations

import time

import pytest

from kubelearn.checker import check


def codes(text) -> list[str]:
    return [f.code for f in check(text).findings]


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_in_milliseconds():
    text = billion_laughs()
    check("a: 1\n")  # the first check imports the checker's modules: not what is timed here
    start = time.perf_counter()
    report = check(text)
    elapsed = time.perf_counter() - start
    assert [f.code for f in report.findings] == ["too-many-aliases"]
    assert elapsed < 0.05


def test_a_few_aliases_are_fine():
    text = "a: &x {p: 1}\nb: *x\nc: *x\n"
    assert codes(text) == ["missing-kind", "missing-api-version"]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 50_000,
        "{a: " * 20_000,
        "a:\n" + "".join(" " * i + "a:\n" for i in range(1, 300)),
        "- " * 5_000 + "x\n",
    ],
    ids=["flow lists", "flow mappings", "block mappings", "block lists"],
)
def test_deep_nesting_is_refused_without_recursion_error(text):
    start = time.perf_counter()
    found = codes(text)
    assert "too-deep" in found
    assert "internal-error" not in found
    assert time.perf_counter() - start < 1


def test_input_over_one_mebibyte_is_refused():
    text = "a: 1\n" * 220_000
    report = check(text)
    assert [f.code for f in report.findings] == ["too-large"]
    assert "1048576" in report.findings[0].message
    assert codes(text.encode()) == ["too-large"]


def test_invalid_utf8_is_reported_where_it_is():
    report = check(b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf\xc3\n")
    (f,) = report.findings
    assert (f.code, f.line, f.column) == ("invalid-utf8", 4, 12)


def test_nul_bytes_are_reported_where_they_are():
    report = check(b"a: 1\nb:\x00 2\n")
    assert [(f.code, f.line, f.column) for f in report.findings] == [("nul-byte", 2, 3)]


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
        "a: !!python/name:os.system\n",
        "!!python/object:__main__.X {a: 1}\n",
        "a: !!binary aGVsbG8=\n",
        "a: !custom {x: 1}\n",
    ],
)
def test_tags_never_build_objects(text, tmp_path):
    report = check(text)
    assert all(f.code != "internal-error" for f in report.findings)
    if "binary" not in text:
        assert "unknown-tag" in [f.code for f in report.findings]


def test_lone_surrogates_in_text():
    (f,) = check("a: \ud800\n").findings
    assert (f.code, f.line, f.column) == ("invalid-utf8", 1, 4)


def test_internal_failure_becomes_a_finding(monkeypatch):
    from kubelearn.checker.yaml import reader

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(reader, "read", broken)
    report = check("a: 1\n")
    assert [f.code for f in report.findings] == ["internal-error"]
    assert "while reading the YAML" in report.findings[0].message
    assert not report.ok


BROKEN_SERVICE = """\
apiVersion: v1
kind: Pod
metadata:
  name: Web
spec:
  containers:
  - name: web
    image: nginx
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 99999
"""


def test_a_failing_check_costs_only_its_own_findings(monkeypatch):
    # Fault injection: one rule breaks; the other rules' findings stay.
    import dataclasses

    from kubelearn.checker import rules

    def broken(doc, ctx):
        raise KeyError("boom")
        yield

    monkeypatch.setattr(rules, "RULES", tuple(
        dataclasses.replace(r, check=broken) if r.check.__name__ == "check_service" else r
        for r in rules.RULES))
    rules._rules_for.cache_clear()
    try:
        report = check(BROKEN_SERVICE)
    finally:
        rules._rules_for.cache_clear()
    found = {(f.code, f.line) for f in report.findings}
    assert ("invalid-name", 4) in found  # the Pod's name, from another check
    (error,) = [f for f in report.findings if f.code == "internal-error"]
    assert error.line == 10  # at the object the check failed on
    assert "check_service" not in error.message  # the replaced check has another name
    assert "broken: KeyError: 'boom'" in error.message


def test_a_failing_goal_costs_only_that_goal(monkeypatch):
    import dataclasses

    from kubelearn.checker import goals as goal_forms

    def broken(*args):
        raise ValueError("boom")

    monkeypatch.setattr(goal_forms, "FORMS", tuple(
        dataclasses.replace(f, judge=broken) if f.name == "selects" else f
        for f in goal_forms.FORMS))
    goals = [
        {"message": "a Pod", "object": "Pod"},
        {"message": "selects", "selects": {"service": "Service", "target": "Pod"}},
    ]
    report = check(BROKEN_SERVICE, goals)
    assert report.expectations_met == 1 and report.expectations_total == 2
    assert "invalid-name" in [f.code for f in report.findings]
    (error,) = [f for f in report.findings if f.code == "internal-error"]
    assert "goal 2: ValueError: boom" in error.message


@pytest.mark.parametrize(
    "text",
    ["", b"", "\n\n", "# only a comment\n", "---\n", "---\n---\n...\n", "--- # c\n~\n",
     "apiVersion: v1\nkind: List\nitems: []\n"],
    ids=["empty", "empty bytes", "blank lines", "comment", "separator", "separators", "null",
         "empty List"],
)
def test_no_objects_is_an_error_as_kubectl_says(text):
    report = check(text)
    assert [(f.code, f.line, f.column) for f in report.findings] == [("no-objects", 1, 1)]
    assert "no objects passed to apply" in report.findings[0].explanation
    assert not report.ok
    assert check(text, lang="zh").findings[0].message == "这段文本中没有任何 Kubernetes 对象。"


def test_empty_file_and_stdin_exit_1(tmp_path):
    import subprocess
    import sys

    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n")
    for argv, stdin in (([str(empty)], b""), (["-"], b"")):
        result = subprocess.run([sys.executable, "-m", "kubelearn", "check", *argv],
                                input=stdin, capture_output=True, timeout=60, check=False)
        assert result.returncode == 1
        assert b"no-objects" in result.stdout
