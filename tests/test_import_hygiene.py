"""The domain (course, checker, progress) never imports Textual: the UI is a thin layer."""

from __future__ import annotations

import subprocess
import sys

import pytest

DOMAIN = ["kubelearn.course", "kubelearn.course.validate", "kubelearn.checker",
          "kubelearn.checker.cli", "kubelearn.progress", "kubelearn.paths", "kubelearn.cli",
          "kubelearn.cli_lessons", "kubelearn.cli_progress"]


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_module_does_not_import_textual(module: str) -> None:
    code = (f"import sys, {module}\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_domain_runs_a_check_without_textual() -> None:
    code = ("import sys\nfrom kubelearn.checker import check\nfrom kubelearn.course import load_course\n"
            "course = load_course(None)\n"
            "check('apiVersion: v1\\nkind: Pod\\n')\n"
            "print(any(m.startswith('textual') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
