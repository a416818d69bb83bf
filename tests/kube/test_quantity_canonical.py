"""The string Kubernetes keeps for a quantity: ported from resource.Quantity's tests
(k8s.io/apimachinery/pkg/api/resource/quantity_test.go, TestQuantityString and
TestQuantityParseEmit)."""

from __future__ import annotations

import pytest

from kubelearn.kube.quantity import canonical_quantity

# TestQuantityString: (canonical string, another way to write the same amount or "").
STRING = [
    ("1Gi", "1024Mi"), ("300Mi", "307200Ki"), ("6Ki", ""), ("1001Gi", "1025024Mi"),
    ("1Ti", "1024Gi"), ("5", "5000m"), ("500m", "0.5"), ("1G", "1000M"), ("1G", "0.001T"),
    ("1m", "1000u"), ("80m", ""), ("1080m", "1.08"), ("1080m", "1080000000n"),
    ("300M", ""), ("1T", ""), ("1E", ""), ("1e21", "1000E"), ("5e21", "5000E"),
    ("1e24", "1000000E"), ("10e69", ""), ("20e69", ""), ("1e72", ""),
    ("1234567M", ""), ("1234567m", ""), ("3k", ""), ("1025", ""), ("0", ""),
    ("1e9", ".001e12"), ("1e-3", "0.001e0"), ("1e-9", "1000e-12"), ("80e-3", ""),
    ("300e6", ""), ("1e12", ""), ("1e3", ""), ("3e3", ""), ("0", "00"), ("1n", ""),
    ("80n", ""), ("1080n", ""), ("1u", ""), ("80u", ""), ("1080u", ""),
]

# TestQuantityParseEmit.
EMIT = [
    ("1Ki", "1Ki"), ("1Mi", "1Mi"), ("1Gi", "1Gi"), ("1024Mi", "1Gi"), ("1000M", "1G"),
    (".001Ki", "1024m"), (".000001Ki", "1024u"), (".000000001Ki", "1024n"),
    (".000000000001Ki", "2n"),
]

# What a learner writes in a Pod's resources, and what `kubectl get -o yaml` shows.
LEARNER = [
    ("0.5", "500m"), ("0.25", "250m"), ("1.5", "1500m"), ("2000m", "2"), ("100m", "100m"),
    ("1.5Gi", "1536Mi"), ("0.5Gi", "512Mi"), ("2000Mi", "2000Mi"), ("128Mi", "128Mi"),
    ("1000", "1k"), ("1E3", "1E3"), (1, "1"), (0.5, "500m"), (2, "2"),
    ("3.001n", "4n"), ("100.035Ki", "102435840m"), ("9Ei", "9223372036854775807"),
]


@pytest.mark.parametrize(("canonical", "alternate"), STRING, ids=[r[0] + "|" + r[1] for r in STRING])
def test_quantity_string(canonical: str, alternate: str) -> None:
    assert canonical_quantity(canonical) == canonical  # kept as written
    if alternate:
        assert canonical_quantity(alternate) == canonical
    if canonical != "0":
        assert canonical_quantity("-" + canonical) == "-" + canonical


@pytest.mark.parametrize(("written", "kept"), EMIT + LEARNER, ids=[str(r[0]) for r in EMIT + LEARNER])
def test_quantity_parse_emit(written: object, kept: str) -> None:
    assert canonical_quantity(written) == kept
    if isinstance(written, str):
        assert canonical_quantity("-" + written) == "-" + kept


@pytest.mark.parametrize("bad", ["", "1.2.3", "12 Mi", "1mb", True, None, [], "1e"])
def test_not_a_quantity(bad: object) -> None:
    assert canonical_quantity(bad) is None


def test_no_digits_is_zero() -> None:
    """parseQuantityString: a numerator with no digits is 0 ("Gi", "." are zero)."""
    assert canonical_quantity("Gi") == "0" and canonical_quantity(".") == "0"


def test_linear_in_the_length_of_what_is_written() -> None:
    """A thousand digits or an exponent of a hundred million are handled as text."""
    assert canonical_quantity("1" + "0" * 1000) == "10e999"  # exponents stay multiples of 3
    assert canonical_quantity("1e100000000") == "10e99999999"
    assert canonical_quantity("1e99999999") == "1e99999999"
    assert canonical_quantity("0." + "0" * 1000 + "1") == "1n"
