"""Name and label syntax: each problem Kubernetes' validation would find, as an id and fields."""

from __future__ import annotations

import pytest

from kubelearn.kube.names import (
    DNS1035_LABEL,
    DNS1123_LABEL,
    DNS1123_SUBDOMAIN,
    IANA_SVC_NAME,
    data_key_problem,
    label_key_problem,
    label_value_problem,
    suggest_data_key,
    suggest_name,
)

NAMES = [
    (DNS1123_LABEL, "web-1", None),
    (DNS1123_LABEL, "Web", ("uppercase", {})),
    (DNS1123_LABEL, "my web", ("space", {})),
    (DNS1123_LABEL, "my_web", ("char", {"char": "_"})),
    (DNS1123_LABEL, "-web", ("ends", {})),
    (DNS1123_LABEL, "", ("empty", {})),
    (DNS1123_LABEL, "a" * 64, ("too-long", {"length": 64, "limit": 63})),
    (DNS1035_LABEL, "1web", ("first-letter", {})),
    (DNS1123_SUBDOMAIN, "web.v1", None),
    (DNS1123_SUBDOMAIN, "web..v1", ("empty-part", {})),
    (IANA_SVC_NAME, "http", None),
    (IANA_SVC_NAME, "8080", ("no-letter", {})),
    (IANA_SVC_NAME, "http-alternative", ("too-long", {"length": 16, "limit": 15})),
    (IANA_SVC_NAME, "a--b", ("double-dash", {})),
]


@pytest.mark.parametrize("rule, name, problem", NAMES, ids=[f"{r.title}:{n}" for r, n, _ in NAMES])
def test_name_problems(rule, name, problem):
    assert rule.problem(name) == problem


def test_suggested_names_are_valid():
    assert suggest_name("Web", DNS1123_SUBDOMAIN) == "web"
    assert suggest_name("my_web", DNS1123_LABEL) == "my-web"
    assert suggest_name("1web", DNS1035_LABEL) == "web"
    assert suggest_name("___", DNS1123_LABEL) is None


def test_label_keys_and_values():
    assert label_key_problem("app.kubernetes.io/name") is None
    assert label_key_problem("/name") == ("prefix-empty", {})
    assert label_key_problem("a/b/c") == ("prefix-bad", {"prefix": "a/b", "problem": ("char", {"char": "/"})})
    assert label_key_problem("x/") == ("name-empty", {})
    assert label_key_problem("k" * 64) == ("name-too-long", {"length": 64})
    assert label_key_problem("-k") == ("name-chars", {})
    assert label_value_problem("") is None
    assert label_value_problem("my web") == ("value-chars", {})
    assert label_value_problem("v" * 64) == ("too-long", {"length": 64, "limit": 63})


def test_data_keys():
    assert data_key_problem("app.conf") is None
    assert data_key_problem("..data") == ("dots", {})
    assert data_key_problem("log level") == ("chars", {})
    assert data_key_problem("k" * 254) == ("chars", {})
    assert suggest_data_key("log level") == "log-level"
    assert suggest_data_key("..") == "key"
