"""Numbers from a manifest never make the checker compute something huge: exponents stay
exponents, long digit strings are never turned into Python ints, and Kubernetes' own reading
(go-yaml, resource.Quantity) decides what they mean."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kubelearn.checker import check
from kubelearn.checker.yaml import resolve_plain
from kubelearn.cli import main
from kubelearn.kube.quantity import parse_quantity

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
    resources:
      requests:
        memory: {request}
      limits:
        memory: {limit}
"""


def test_huge_exponent_in_a_quantity_is_read_at_once(tmp_path: Path, capsys) -> None:
    # Used to compute 10**100000000 (18 s for 1e10000000, minutes for this).
    manifest = tmp_path / "pod.yaml"
    manifest.write_text(POD.format(request='"1e100000001"', limit='"1e100000000"'))
    start = time.perf_counter()
    assert main(["check", str(manifest), "--lang", "en"]) == 1
    assert time.perf_counter() - start < 2
    out = capsys.readouterr().out
    assert "requests-exceed-limits" in out  # compared exactly, without the powers


@pytest.mark.parametrize(
    ("request_", "limit", "exceeds"),
    [
        ("1e100000000", "1e100000001", False),
        ("2e100000000", "1e100000000", True),
        ("1Gi", "1G", True),
        ("1000Mi", "1Gi", False),
        ("1.0000000001", "1", True),
        ("0.00000000001", "1n", False),  # Kubernetes rounds up to a nano: equal
        ("9Ei", "10Ei", False),  # both capped at the int64 maximum: equal
        ("1" * 5000, "1" * 4999, True),
    ],
)
def test_quantities_compare_as_kubernetes_reads_them(request_, limit, exceeds) -> None:
    report = check(POD.format(request=f'"{request_}"', limit=f'"{limit}"'))
    assert ("requests-exceed-limits" in [f.code for f in report.findings]) is exceeds


def test_quantity_exponent_beyond_int64_is_refused_like_kubernetes() -> None:
    assert parse_quantity("1e9223372036854775808") is None
    assert parse_quantity("1e9223372036854775807") is not None
    assert parse_quantity("1e" + "9" * 100_000) is None


def test_quantity_with_thousands_of_digits_is_not_an_internal_error() -> None:
    report = check(POD.format(request="1" * 6000, limit="2" * 6000))
    codes = [f.code for f in report.findings]
    assert "internal-error" not in codes
    assert codes == []  # a 6000-digit YAML integer is a string to go-yaml; a valid quantity


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: Web
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
      - name: web
        image: nginx
"""


def test_integer_of_more_than_4300_digits_is_a_finding_at_its_line(tmp_path: Path, capsys) -> None:
    manifest = tmp_path / "deploy.yaml"
    manifest.write_text(DEPLOYMENT.format(replicas="9" * 5000))
    assert main(["check", str(manifest), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "internal-error" not in out
    assert f"{manifest}:6:13: error[wrong-type]" in out  # replicas: read as text, as go-yaml does
    assert f"{manifest}:4:9: error[invalid-name]" in out  # the other findings are kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9" * 19, 9999999999999999999),  # uint64, as go-yaml's ParseUint
        ("9" * 21, 1e21),  # beyond 64 bits: ParseFloat
        ("9" * 400, "9" * 400),  # beyond float64: ParseFloat fails, so it stays text
        ("1e400", "1e400"),
        ("0" * 5000 + "7", 7),  # octal with leading zeros, linear to read
        ("0x" + "0" * 5000 + "f", 15),
    ],
)
def test_long_numbers_resolve_as_go_yaml_does(text, expected) -> None:
    assert resolve_plain(text) == expected
