"""Every rule's cases as fixture files, run by one table: ``<rule>/pass/*.yaml`` must give no
finding of the rules, ``<rule>/fail/*.yaml`` exactly the findings its header names, one line
each: ``# expect: <severity> <code>@<line>:<column>`` (lines counted in the file as it is).

To add a case, add a file; to add a rule, add a folder named after it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kubelearn.checker import check
from kubelearn.checker.rules import RULES, rule_findings
from kubelearn.checker.yaml import read

HERE = Path(__file__).parent
FIXTURES = sorted(HERE.glob("*/*/*.yaml"))
IDS = [str(f.relative_to(HERE).with_suffix("")) for f in FIXTURES]
_EXPECT = re.compile(r"^# expect: (error|warning|info) ([a-z0-9-]+)@(\d+):(\d+)$")


def expected(path: Path) -> list[tuple[str, str, int, int]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _EXPECT.match(line)
        if match:
            severity, code, row, column = match.groups()
            out.append((severity, code, int(row), int(column)))
        elif line.startswith("# expect"):
            raise ValueError(f"{path}: cannot read {line!r}")
    return out


def found(text: str, lang: str = "en") -> list[tuple[str, str, int, int]]:
    result = read(text)
    assert not result.findings, result.findings
    return [(f.severity.value, f.code, f.line, f.column)
            for f in rule_findings(result.documents, lang=lang)]


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_fixture(path: Path) -> None:
    want = expected(path)
    assert bool(want) == (path.parent.name == "fail"), "fail cases name their findings"
    assert found(path.read_text(encoding="utf-8")) == want


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_chinese_findings_at_the_same_places(path: Path) -> None:
    assert found(path.read_text(encoding="utf-8"), lang="zh") == expected(path)


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_check_reports_each_problem_once(path: Path) -> None:
    """The schema stage and the rules never both report the same spot."""
    report = check(path.read_text(encoding="utf-8"))
    places = [(f.line, f.column) for f in report.findings if f.severity.value != "info"]
    assert len(places) == len(set(places)), report.findings


def test_every_folder_is_a_rule_and_every_code_has_a_case() -> None:
    names = {rule.name for rule in RULES}
    assert sorted({f.parent.parent.name for f in FIXTURES} - names) == []
    declared = {code for rule in RULES for code in rule.codes}
    covered = {code for f in FIXTURES for _, code, _, _ in expected(f)}
    assert sorted(declared - covered) == []


HINTS = {
    "resources/fail/memory-128mb": "128Mi",
    "names/fail/pod-name-with-uppercase": "'web'",
    "names/fail/container-name-with-underscore": "'my-web'",
    "pod_spec/fail/volumemount-names-no-volume": "Add a volume named 'config'",
    "service_targets/fail/named-targetport-no-container-declares": "Did you mean 'http'?",
    "workload_selector/fail/deployment-matchlabels-value-differs": "app: web",
    "resources/fail/quantity-with-no-likely-fix": "500m",
    "service/fail/nodeport-on-a-clusterip-service": "type: NodePort",
    "strategy/fail/maxsurge-quoted-without-percent": "1 or 1%",
    "data/fail/secret-data-without-padding": "stringData",
    "data/fail/binarydata-that-is-not-base64": "base64",
}


@pytest.mark.parametrize("case, hint", HINTS.items(), ids=HINTS.keys())
def test_hints(case: str, hint: str) -> None:
    result = read((HERE / f"{case}.yaml").read_text(encoding="utf-8"))
    assert hint in rule_findings(result.documents)[0].hint
