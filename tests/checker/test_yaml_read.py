"""What the YAML reader reports, as a table of named cases: (code, line, column) exactly.

Lines and columns are 1-based and counted from the start of the whole text, also in the second
and later documents.
"""

from __future__ import annotations

import pytest

from kubelearn.checker import check
from kubelearn.checker.yaml import read
from kubelearn.words import load

#: The checker's own codes (and variant entries), as its catalogue names them.
CORE_CODES = {key.split(".")[1] for key in load("en")
              if key.startswith("checker.") and not key.startswith("checker._")}

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n"

CASES = {
    "tab in indentation": ("a:\n\tb: 1\n", [("tab-indent", 2, 1)]),
    "tab after spaces": ("a:\n  b: 1\n \tc: 2\n", [("tab-indent", 3, 2)]),
    "tab in second document": ("a: 1\n---\nb:\n\tc: 2\n", [("tab-indent", 4, 1)]),
    "unclosed double quote": ('a: 1\nb: "hello\nc: 3\n', [("unclosed-quote", 2, 4)]),
    "unclosed single quote": ("a: 'x\n", [("unclosed-quote", 1, 4)]),
    "unclosed bracket": ("a: [1, 2\nb: 3\n", [("unclosed-bracket", 1, 4)]),
    "unclosed brace": ("a: {b: 1\nc: 2\n", [("unclosed-bracket", 1, 4)]),
    "missing colon": ("a: 1\nb 2\nc: 3\n", [("missing-colon", 2, 1)]),
    "key dedented into nowhere": ("a:\n  b: 1\n c: 2\n", [("bad-indent", 3, 2)]),
    "key indented too deep": ("a:\n  b: 1\n    c: 2\n", [("bad-indent", 3, 5)]),
    "value with colon space": ("a: b: c\n", [("nested-mapping", 1, 5)]),
    "missing space after colon": (
        "spec:\n  containers:\n  - name:web\n    image: nginx\n",
        [("missing-space", 3, 9)],
    ),
    "missing space after colon, last key": (
        "spec:\n  containers:\n  - name: web\n    image:nginx\n",
        [("missing-space", 4, 10)],
    ),
    "list item key indented too deep": (
        "spec:\n  containers:\n  - name: web\n     image: nginx\n",
        [("bad-indent", 4, 6)],
    ),
    "misaligned list item": (
        "spec:\n  containers:\n  - name: a\n   - name: b\n",
        [("bad-indent", 4, 4)],
    ),
    "duplicate key": ("a: 1\nb: 2\na: 3\n", [("duplicate-key", 3, 1)]),
    "duplicate nested key": ("m:\n  x: 1\n  y: 2\n  x: 3\n", [("duplicate-key", 4, 3)]),
    "duplicate key in second document": ("a: 1\n---\nb: 1\nb: 2\n", [("duplicate-key", 4, 1)]),
    "python tag": ("a: !!python/object/apply:os.system ['true']\n", [("unknown-tag", 1, 4)]),
    "unknown local tag": ("a: !foo 1\n", [("unknown-tag", 1, 4)]),
    "bad int tag": ("a: !!int abc\n", [("bad-tagged-value", 1, 4)]),
    "unknown alias": ("a: *nope\n", [("unknown-alias", 1, 4)]),
    "complex key": ("? [a, b]\n: 1\n", [("complex-key", 1, 3)]),
    "null key": ("~: 1\n", [("null-key", 1, 1)]),
    "list document": ("- a\n- b\n", [("not-an-object", 1, 1)]),
    "scalar document": ("hello\n", [("not-an-object", 1, 1)]),
    "NUL byte": ("a: b\nc: d\x00\n", [("nul-byte", 2, 5)]),
    "control character": ("a: \x07\n", [("control-char", 1, 4)]),
    "empty text": ("", []),
    "comments only": ("# nothing\n---\n# here\n", []),
    "merge key": ("base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n", []),
}


def found(text: str | bytes) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in read(text).findings]


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_reader_findings(text, expected):
    assert found(text) == expected


BYTES_CASES = {
    "invalid UTF-8": (b"a: 1\nb: caf\xe9\n", [("invalid-utf8", 2, 7)]),
    "UTF-8 BOM is fine": (b"\xef\xbb\xbfa: 1\n", []),
    "too large": (b"a: 1\n" * 300_000, [("too-large", 1, 1)]),
}


@pytest.mark.parametrize(("data", "expected"), BYTES_CASES.values(), ids=BYTES_CASES.keys())
def test_reader_findings_from_bytes(data, expected):
    assert found(data) == expected


def test_positions_count_from_the_start_of_the_whole_text():
    docs = read("a: 1\n---\nb:\n  c: x\n").documents
    assert [(d.start.line, d.start.column) for d in docs] == [(1, 1), (3, 1)]
    second = docs[1]
    assert second.key_pos[("b", "c")].line == 4
    assert second.value_pos[("b", "c")].column == 6


def test_columns_count_characters_not_bytes():
    doc = read('é: "ü"\nx: [ä, ö]\n').documents[0]
    assert (doc.value_pos[("x", 1)].line, doc.value_pos[("x", 1)].column) == (2, 8)


def test_documents_before_a_syntax_error_are_still_checked():
    report = check(POD + "---\na: 'x\n")
    assert [(f.code, f.line) for f in report.findings if f.code in CORE_CODES] == [
        ("unclosed-quote", 10)
    ]
    report = check("apiVersion: v1\nkind: Pod\nspec: {}\nspce: 1\n---\na: 'x\n")
    assert ("unknown-field", 4, 1) in [(f.code, f.line, f.column) for f in report.findings]


def test_tag_findings_name_the_field():
    findings = read("a:\n  b: !!python/name:os.system\n  c: [1, !!int x]\n").findings
    assert [(f.code, f.path) for f in findings] == [
        ("unknown-tag", "a.b"),
        ("bad-tagged-value", "a.c[1]"),
    ]


def test_duplicate_key_names_both_lines():
    (f,) = read("a: 1\nb: 2\na: 3\n").findings
    assert "line 1" in f.message and "line 3" in f.message


def test_empty_documents_are_skipped():
    # The first `---` opens an empty document, the second opens document 1.
    assert [d.index for d in read("---\n---\na: 1\n").documents] == [1]
