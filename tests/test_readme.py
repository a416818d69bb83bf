"""The README's two commands stay true: CI runs the README's test command verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", readme)


def test_readme_has_an_install_and_a_test_command() -> None:
    install, tests = _commands()[:2]
    assert install.endswith("kubelearn") and "pip install ." in install
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command() -> None:
    tests = _commands()[1]
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_screenshot_and_guide_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        if not target.startswith("http"):
            assert (ROOT / target).exists(), target


_REPO_PATH = re.compile(r"(?<![\w/.])((?:app|tests|bench|scripts|lessons|assets|\.ci)/[\w./-]*)")


def test_paths_the_docs_name_exist() -> None:
    """The layout the README and CONTRIBUTING.md describe is the one in the repository."""
    named: set[str] = set()
    for doc in ("README.md", "CONTRIBUTING.md"):
        if (ROOT / doc).exists():
            for code in re.findall(r"`([^`\n]+)`", (ROOT / doc).read_text(encoding="utf-8")):
                named.update(path.rstrip(".") for path in _REPO_PATH.findall(code))
    assert "app/" in named
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert not missing, f"the docs name paths that do not exist: {missing}"
