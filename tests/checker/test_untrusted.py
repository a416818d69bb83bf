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
    from kubelearn.checker import yamlread

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(yamlread, "read", broken)
    report = check("a: 1\n")
    assert [f.code for f in report.findings] == ["internal-error"]
    assert not report.ok
