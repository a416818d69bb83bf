"""The wheel ships every package and every data file the code reads: setuptools is given an
explicit list (``package-dir`` maps ``app`` to ``kubelearn``), so a new package left out of it
would work from a clone and be missing once installed."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_under_app_is_listed():
    found = {
        ".".join(("kubelearn", *init.parent.relative_to(ROOT / "app").parts))
        for init in (ROOT / "app").rglob("__init__.py")
    }
    assert sorted(found - set(SETUPTOOLS["packages"])) == []


def test_every_data_file_under_app_is_in_package_data():
    data = SETUPTOOLS["package-data"]
    missing = []
    for path in (ROOT / "app").rglob("*"):
        if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        package = path.parent
        while not (package / "__init__.py").exists():
            package = package.parent
        name = ".".join(("kubelearn", *package.relative_to(ROOT / "app").parts))
        rel = path.relative_to(package).as_posix()
        if not any(fnmatch.fnmatch(rel, pattern) for pattern in data.get(name, [])):
            missing.append(f"{name}: {rel}")
    assert missing == []
