"""What the checker says is bounded whatever it reads: repeated findings are counted, not
repeated; quoted values are clipped; no control character from the input reaches a finding."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kubelearn.checker import Severity, check
from kubelearn.checker.messages import VALUE_LIMIT
from kubelearn.checker.pipeline import PER_CODE, TOTAL
from kubelearn.safe_text import has_control

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n"


def strings(report):
    return [s for f in report.findings for s in (f.message, f.explanation, f.hint, f.path)]


def test_119_kb_cannot_print_megabytes(tmp_path: Path) -> None:
    # 1,500 mounts of missing volumes, each finding listing 1,500 volume names: megabytes.
    volumes = "".join(f"  - {{name: vol-{i:04d}-x, emptyDir: {{}}}}\n" for i in range(1500))
    mounts = "".join(f"    - {{name: vol-{i:04d}, mountPath: /m{i}}}\n" for i in range(1500))
    manifest = tmp_path / "pod.yaml"
    manifest.write_text(POD + "    volumeMounts:\n" + mounts + "  volumes:\n" + volumes)
    assert manifest.stat().st_size < 120_000
    result = subprocess.run(
        [sys.executable, "-m", "kubelearn", "check", "--lang", "en", str(manifest)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 1
    assert len(result.stdout) < 100_000
    assert "vol-0009-x, and 1490 more." in result.stdout  # lists name ten, then count
    assert max(map(len, result.stdout.splitlines())) < 600
    assert f"and {1500 - PER_CODE} more like this (volume-mount-unknown)" in result.stdout


def test_each_code_shows_its_first_findings_and_counts_the_rest() -> None:
    text = "".join(f"k{i}: 1\nk{i}: 2\n" for i in range(100))
    report = check(text)
    dups = [f for f in report.findings if f.code == "duplicate-key"]
    assert [f.line for f in dups] == [2 * i + 2 for i in range(PER_CODE)]
    (more,) = [f for f in report.findings if f.code == "more-findings"]
    assert (more.line, more.severity) == (2 * PER_CODE + 2, Severity.ERROR)
    assert f"{100 - PER_CODE} more like this (duplicate-key)" in more.message
    assert not report.ok


def test_total_findings_are_capped_and_hidden_errors_still_count() -> None:
    # 300 different objects, each with several kinds of mistakes.
    docs = "".join(
        f"---\napiVersion: v1\nkind: Service\nmetadata:\n  name: S{i}\n  namespace: N{i}\n"
        f"  labels: {{'-bad{i}': x}}\nspec:\n  ports:\n  - port: {70000 + i}\n  - port: 1\n"
        for i in range(300)
    )
    report = check(docs)
    assert len(report.findings) <= TOTAL
    last = report.findings[-1]
    assert last.code == "more-findings" and last.severity is Severity.ERROR
    assert not report.ok


def test_long_values_are_clipped_in_messages() -> None:
    name = "X" * 100_000
    report = check(POD.replace("name: p", f"name: {name}"))
    (f,) = [f for f in report.findings if f.code == "invalid-name"]
    assert len(f.message) < VALUE_LIMIT + 100
    assert "…" in f.message
    assert sum(map(len, strings(report))) < 5_000


ESCAPES = "\x1b]52;c;aGk=\x07\x1b[2J\u202e\x9b"


def test_no_control_character_from_the_manifest_reaches_a_finding() -> None:
    quoted = ESCAPES.encode("unicode_escape").decode()  # a YAML double-quoted escape
    pod = (
        f'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "p{quoted}"\n  labels:\n'
        f'    "k{quoted}": "v{quoted}"\nspec:\n  containers:\n  - name: "c{quoted}"\n'
        f'    image: nginx\n    resources:\n      limits: {{memory: "1{quoted}"}}\n'
        f'    volumeMounts: [{{name: "m{quoted}", mountPath: /x}}]\n'
        f'    "x{quoted}": 1\n'
        f'---\napiVersion: v1\nkind: "Pod{quoted}"\n'
        f'---\napiVersion: v1\nkind: Service\nmetadata: {{name: s}}\nspec:\n'
        f'  selector: {{app: "w{quoted}"}}\n  ports: [{{port: 80, targetPort: "t{quoted}"}}]\n'
    )
    goals = [{"message": f"goal{ESCAPES}", "path": "metadata.name", "equals": "q"}]
    for lang in ("en", "zh"):
        report = check(pod, goals, lang=lang)
        assert len(report.findings) > 5
        for s in strings(report):
            assert not has_control(s, allow_newlines=False), s
        assert any("\\x1b" in s for s in strings(report))
