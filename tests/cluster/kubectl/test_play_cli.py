"""``kubelearn play --script``: a transcript on stdout, exit 1 when a command failed."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from kubelearn.cli import main

CONFIG = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: '1'\n"


def test_script_transcript_and_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "cfg.yaml").write_text(CONFIG)
    script = tmp_path / "demo.kubectl"
    script.write_text("# a demo\nkubectl apply -f cfg.yaml\nget cm\nsleep 1s\n")
    assert main(["play", "--script", str(script)]) == 0
    out = capsys.readouterr().out
    assert out == ("$ kubectl apply -f cfg.yaml\nconfigmap/cfg created\n$ kubectl get cm\n"
                   "NAME   DATA   AGE\ncfg    1      0s\n$ sleep 1s\n")


def test_a_failed_command_exits_1_and_shows_stderr_in_order(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "bad.kubectl"
    script.write_text("get pods nope\nversion --client\n")
    assert main(["play", "--script", str(script)]) == 1
    assert capsys.readouterr().out == (
        '$ kubectl get pods nope\nError from server (NotFound): pods "nope" not found\n'
        "$ kubectl version --client\nClient Version: v1.33.1\nKustomize Version: v5.6.0\n")


def test_files_are_applied_first_and_stdin_is_the_script(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = tmp_path / "cfg.yaml"
    manifest.write_text(CONFIG)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"get cm cfg -o name\n")))
    assert main(["play", str(manifest), "--script", "-"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("configmap/cfg created\n$ kubectl get cm cfg -o name\nconfigmap/cfg\n")


def test_an_unreadable_script_is_a_usage_error(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "--script", str(tmp_path / "missing")]) == 2
    assert "kubelearn play: cannot read" in capsys.readouterr().err


def test_a_here_document_is_the_command_stdin(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "here.kubectl"
    script.write_text("kubectl apply -f - <<'EOF'\n" + CONFIG + "EOF\nget cm cfg -o name\n")
    assert main(["play", "--script", str(script)]) == 0
    assert capsys.readouterr().out == ("$ kubectl apply -f - <<'EOF'\n" + CONFIG + "EOF\n"
                                       "configmap/cfg created\n$ kubectl get cm cfg -o name\n"
                                       "configmap/cfg\n")
