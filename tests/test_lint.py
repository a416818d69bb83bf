"""Lint as a test, so CI enforces it: among others, `import app` is banned (TID251), since
from the repo root it would load a second copy of every module beside `kubelearn`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _ruff() -> list[str]:
    exe = Path(sys.executable).with_name("ruff")
    if exe.exists():
        return [str(exe)]
    if shutil.which("ruff"):
        return ["ruff"]
    pytest.skip("ruff is not installed (pip install -e '.[test]')")


def test_ruff_is_clean() -> None:
    out = subprocess.run([*_ruff(), "check", "--no-cache", str(ROOT)], capture_output=True,
                         text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


def test_importing_app_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import app\n")
    out = subprocess.run([*_ruff(), "check", "--no-cache", "--config",
                          str(ROOT / "pyproject.toml"), str(bad)],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 1 and "TID251" in out.stdout
