"""Unquoted values get the type Kubernetes gives them (go-yaml v2's resolve.go, as used by
sigs.k8s.io/yaml), which differs from PyYAML's YAML 1.1 resolver and from YAML 1.2."""

from __future__ import annotations

import math

import pytest

from kubelearn.checker.yaml import read, resolve_plain

NAN = object()

SCALARS = [
    # booleans: every spelling in go-yaml v2's resolve table
    ("yes", True),
    ("Yes", True),
    ("YES", True),
    ("y", True),
    ("Y", True),
    ("on", True),
    ("ON", True),
    ("true", True),
    ("True", True),
    ("no", False),
    ("N", False),
    ("off", False),
    ("Off", False),
    ("FALSE", False),
    ("yEs", "yEs"),  # not in the table: text
    ("tRUE", "tRUE"),
    # null
    ("", None),
    ("~", None),
    ("null", None),
    ("Null", None),
    ("NULL", None),
    ("nULL", "nULL"),
    # integers: strconv.ParseInt(s, 0, 64) after removing underscores
    ("0", 0),
    ("42", 42),
    ("+1", 1),
    ("-17", -17),
    ("010", 8),  # leading zero: octal
    ("0o17", 15),
    ("0x1F", 31),
    ("0b101", 5),
    ("-0b11", -3),
    ("1_000", 1000),
    ("9223372036854775807", 9223372036854775807),
    ("18446744073709551615", 18446744073709551615),  # fits ParseUint
    # floats (integral ones arrive in JSON as integers)
    ("1e3", 1000),
    ("1.5", 1.5),
    ("1.10", 1.1),
    ("1.0", 1),
    ("08", 8),  # not octal, but a float by yamlStyleFloat: 8
    (".5", 0.5),
    ("-.5e1", -5),
    (".inf", math.inf),
    ("-.Inf", -math.inf),
    ("+.INF", math.inf),
    (".nan", NAN),
    (".NaN", NAN),
    # text
    ("12:30", "12:30"),  # no sexagesimal numbers in go-yaml
    ("2024-01-01", "2024-01-01"),  # timestamps stay text when the target is untyped
    ("2024-01-01T10:00:00Z", "2024-01-01T10:00:00Z"),
    ("1.2.3", "1.2.3"),
    ("0x", "0x"),
    ("0xZ", "0xZ"),
    ("1e", "1e"),
    ("-", "-"),
    ("nginx:1.27", "nginx:1.27"),
    ("500m", "500m"),
    ("128Mi", "128Mi"),
    ("<<", "<<"),
]


@pytest.mark.parametrize(("text", "expected"), SCALARS, ids=[repr(s[0]) for s in SCALARS])
def test_plain_scalar_as_kubernetes_reads_it(text, expected):
    value = resolve_plain(text)
    if expected is NAN:
        assert isinstance(value, float) and math.isnan(value)
    else:
        assert (type(value), value) == (type(expected), expected)


@pytest.mark.parametrize("text", ['"yes"', "'010'", "!!str on", "|\n  1.10"])
def test_quoted_or_str_tagged_values_stay_text(text):
    doc = read(f"a: {text}\n").documents[0]
    assert isinstance(doc.data["a"], str)
    assert ("a",) not in doc.plain_text


def test_keys_read_as_booleans_or_numbers_become_their_json_text():
    doc = read("on: 1\n010: 2\nnull_ok: 3\n").documents[0]
    assert doc.data == {"true": 1, "8": 2, "null_ok": 3}


def test_plain_text_remembers_what_was_written():
    doc = read("v: 1.10\nw: yes\nx: nginx\n").documents[0]
    assert doc.plain_text == {("v",): "1.10", ("w",): "yes"}
