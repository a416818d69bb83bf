"""Name and label syntax: each problem Kubernetes' validation would find, as an id and fields."""

from __future__ import annotations

import pytest

from kubelearn.kube.names import (
    DNS1035_LABEL,
    DNS1123_LABEL,
    DNS1123_SUBDOMAIN,
    IANA_SVC_NAME,
    PATH_SEGMENT,
    data_key_problem,
    host_problem,
    ingress_path_problem,
    label_key_problem,
    label_value_problem,
    name_rule,
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
    assert label_value_problem("my web") == ("space", {})
    assert label_value_problem("my!web") == ("value-chars", {})
    assert label_value_problem("v" * 64) == ("too-long", {"length": 64, "limit": 63})


def test_data_keys():
    assert data_key_problem("app.conf") is None
    assert data_key_problem("..data") == ("dots", {})
    assert data_key_problem("log level") == ("chars", {})
    assert data_key_problem("k" * 254) == ("chars", {})
    assert suggest_data_key("log level") == "log-level"
    assert suggest_data_key("..") == "key"


# Ported from k8s.io/apimachinery/pkg/util/validation/validation_test.go (TestIsDNS1123Label,
# TestIsDNS1123Subdomain): the same good and bad values, the same verdicts.
DNS1123_LABEL_GOOD = ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a",
                      "1--a--b--2", "a" * 63]
DNS1123_LABEL_BAD = ["", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1",
                     "_", "a_", "_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a.b", "1.",
                     ".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1", "1 2", "a" * 64]
DNS1123_SUBDOMAIN_GOOD = [
    *DNS1123_LABEL_GOOD[:-1], "a.a", "ab.a", "abc.a", "a1.a", "a-1.a", "a--1--2--b.a", "a.1",
    "ab.1", "abc.1", "a1.1", "a-1.1", "a--1--2--b.1", "0.a", "01.a", "012.a", "1a.a", "1-a.a",
    "0.1", "01.1", "012.1", "1a.1", "1-a.1", "1--a--b--2.1", "a.b.c.d.e", "aa.bb.cc.dd.ee",
    "1.2.3.4.5", "11.22.33.44.55", "a" * 253]
DNS1123_SUBDOMAIN_BAD = [
    "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b",
    "1_", "_1", "1_2", ".", "a.", ".a", "a..b", "1.", ".1", "1..2", " ", "a ", " a", "a b", "1 ",
    " 1", "1 2", "A.a", "aB.a", "ab.A", "A1.a", "a1.A", "A.1", "aB.1", "A1.1", "1A.1", "0.A",
    "01.A", "012.A", "1A.a", "1a.A", "A.B.C.D.E", "AA.BB.CC.DD.EE", "a.B.c.d.e", "a@b", "a,b",
    "a" * 254]
UPSTREAM = [
    *((DNS1123_LABEL, v, True) for v in DNS1123_LABEL_GOOD),
    *((DNS1123_LABEL, v, False) for v in DNS1123_LABEL_BAD),
    *((DNS1123_SUBDOMAIN, v, True) for v in DNS1123_SUBDOMAIN_GOOD),
    *((DNS1123_SUBDOMAIN, v, False) for v in DNS1123_SUBDOMAIN_BAD),
    # apimachinery/pkg/api/validation/path: IsValidPathSegmentName
    (PATH_SEGMENT, "system:viewer", True), (PATH_SEGMENT, "Admin_Role", True),
    (PATH_SEGMENT, ".", False), (PATH_SEGMENT, "..", False), (PATH_SEGMENT, "a/b", False),
    (PATH_SEGMENT, "a%b", False), (PATH_SEGMENT, "...", True),
]


@pytest.mark.parametrize("rule, name, valid", UPSTREAM,
                         ids=[f"{r.title}:{n[:20]!r}" for r, n, _ in UPSTREAM])
def test_upstream_name_tables(rule, name, valid):
    assert (rule.problem(name) is None) is valid


@pytest.mark.parametrize("kind, name, valid", [
    ("StorageClass", "Fast_SSD", False), ("StorageClass", "fast.ssd", True),
    ("PriorityClass", "high-priority", True), ("StatefulSet", "web.v1", False),
    ("Service", "1web", False), ("ClusterRole", "system:viewer", True),
    ("CronJob", "a" * 52, True), ("CronJob", "a" * 53, False),
    ("SomeCustomThing", "Any Name", True), ("SomeCustomThing", "a/b", False),
    ("EndpointSlice", "web-abc12", True), ("Lease", "Node_1", False),
    ("ValidatingWebhookConfiguration", "policy.example.com", True),
    ("PodDisruptionBudget", "Web_PDB", True),  # its validation names no rule: a path segment
])
def test_name_rule_per_kind(kind, name, valid):
    assert (name_rule(kind).problem(name) is None) is valid


def test_label_value_with_a_space_names_the_space():
    assert label_value_problem("my app") == ("space", {})


# Ported from pkg/apis/networking/validation/validation_test.go, TestValidateIngressRuleValue:
# (pathType, path, the problem or None).
INGRESS_PATHS = [
    ("ImplementationSpecific", "foo", ("relative", {})),
    ("ImplementationSpecific", "/foo", None),
    ("ImplementationSpecific", "/foo/bar/foo", None),
    ("ImplementationSpecific", "/foo//bar/foo", None),
    ("ImplementationSpecific", "/([a-z0-9]*)[", None),  # "invalid regex path allowed (v1)"
    ("ImplementationSpecific", "", None),
    ("Prefix", "foo", ("relative", {})),
    ("Prefix", "/foo", None),
    ("Prefix", "/foo/bar/foo", None),
    ("Prefix", "/foo//bar/foo", ("path-part", {"part": "//"})),
    ("Exact", "foo", ("relative", {})),
    ("Exact", "/foo", None),
    ("Exact", "/foo/bar/foo", None),
    ("Exact", "/foo//bar/foo", ("path-part", {"part": "//"})),
    ("Prefix", "/foo/./foo", ("path-part", {"part": "/./"})),
    ("Exact", "/foo/../foo", ("path-part", {"part": "/../"})),
    ("Prefix", "/foo/%2f/foo", ("path-part", {"part": "%2f"})),
    ("Exact", "/foo/%2F/foo", ("path-part", {"part": "%2F"})),
    ("Prefix", "/foo/..", ("path-end", {"end": "/.."})),
    ("Prefix", "", ("relative", {})),
]


@pytest.mark.parametrize("path_type, path, problem", INGRESS_PATHS)
def test_upstream_ingress_paths(path_type, path, problem):
    assert ingress_path_problem(path, path_type) == problem


# The wildcard examples of apimachinery's IsWildcardDNS1123Subdomain ("valid: *.bar.com,
# *.foo.bar.com; invalid: *.*.bar.com, *.foo.*.com, *bar.com, f*.bar.com, *") and the IP check
# of validateIngressRules ("must be a DNS name, not an IP address").
HOSTS = [
    ("foo.bar.com", None), ("*.bar.com", None), ("*.foo.bar.com", None), ("", None),
    ("*.*.bar.com", ("wildcard", {})), ("*.foo.*.com", ("wildcard", {})),
    ("*bar.com", ("wildcard", {})), ("f*.bar.com", ("wildcard", {})), ("*", ("wildcard", {})),
    ("1.1.1.1", ("ip", {})), ("::1", ("ip", {})), ("Foo.bar.com", ("uppercase", {})),
    ("foo.bar.com:8080", ("char", {"char": ":"})), ("1.2.3.4.5", None),
]


@pytest.mark.parametrize("host, problem", HOSTS)
def test_ingress_hosts(host, problem):
    assert host_problem(host) == problem
