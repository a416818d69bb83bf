"""The domain (course, checker, progress, tutor, kube, words, cluster) never imports Textual: the UI is
a thin layer.

And the layers stay in order: the checker knows nothing of courses or progress (the command
line looks an exercise up and hands its goals over), and the command-line modules import
each other without a cycle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import kubelearn.checker
import kubelearn.cli
import kubelearn.cluster
import kubelearn.kube
import kubelearn.tutor
import kubelearn.words

DOMAIN = ["kubelearn.course", "kubelearn.course.validate", "kubelearn.course.loader",
          "kubelearn.checker", "kubelearn.progress", "kubelearn.paths", "kubelearn.cli",
          "kubelearn.cli.common", "kubelearn.cli.check", "kubelearn.cli.lessons",
          "kubelearn.cli.progress", "kubelearn.cli.tutor", "kubelearn.progress.history",
          "kubelearn.classroom.db", "kubelearn.classroom.export", "kubelearn.classroom.report",
          "kubelearn.classroom.grade", "kubelearn.cli.grade", "kubelearn.cli.class_import",
          "kubelearn.cli.class_list", "kubelearn.cli.class_report"]


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_module_does_not_import_textual(module: str) -> None:
    code = (f"import sys, {module}\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
            "print(','.join(bad))")
    assert _run(code) == ""


def test_the_domain_runs_a_check_without_textual() -> None:
    code = ("import sys\nfrom kubelearn.checker import check\nfrom kubelearn.course import load_course\n"
            "course = load_course(None)\n"
            "check('apiVersion: v1\\nkind: Pod\\n')\n"
            "print(any(m.startswith('textual') for m in sys.modules))")
    assert _run(code) == "False"


def _modules_under(package) -> list[str]:
    root = Path(package.__file__).parent
    names = []
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join([package.__name__, *parts]))
    return names


def test_the_checker_imports_neither_course_nor_progress_nor_textual() -> None:
    """Every module of the checker, imported and run (with goals), pulls in no course, no
    progress store and no UI."""
    modules = _modules_under(kubelearn.checker)
    assert len(modules) > 3
    code = ("import sys, importlib\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name)\n"
            "from kubelearn.checker import check\n"
            "check('apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: web\\n',"
            " [{'object': 'Pod/web'}])\n"
            "bad = ('kubelearn.course', 'kubelearn.progress', 'kubelearn.cli', 'kubelearn.ui',"
            " 'textual')\n"
            "print(','.join(sorted(m for m in sys.modules if m.startswith(bad))))")
    assert _run(code) == ""


@pytest.mark.parametrize("package",
                         [kubelearn.tutor, kubelearn.kube, kubelearn.words, kubelearn.cluster],
                         ids=lambda p: p.__name__)
def test_every_module_of_the_tutor_kube_words_and_cluster_imports_no_textual(package) -> None:
    modules = _modules_under(package)
    code = ("import sys, importlib\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name)\n"
            "bad = ('textual', 'rich', 'kubelearn.ui')\n"
            "print(','.join(sorted(m for m in sys.modules if m.startswith(bad))))")
    assert _run(code) == ""


def test_the_tutor_passes_an_exercise_and_a_quiz_without_textual(tmp_path) -> None:
    """The sessions the screens show, run to the end: no Textual, no Rich, no UI module."""
    code = ("import sys\n"
            "from kubelearn.course import load_course\n"
            "from kubelearn.progress import ProgressStore\n"
            "from kubelearn.tutor import Tutor\n"
            "course = load_course(None)\n"
            f"tutor = Tutor(course, ProgressStore({str(tmp_path / 'p.json')!r}), 'en')\n"
            "lesson = course.lessons[0]\n"
            "session = tutor.exercise(lesson, lesson.exercises[0])\n"
            "verdict = session.check(session.exercise.solution)\n"
            "assert verdict.passed and verdict.status\n"
            "session.settle(verdict)\n"
            "quiz = tutor.quiz(lesson)\n"
            "quiz.resume()\n"
            "assert quiz.answer(quiz.question.answer).right\n"
            "bad = ('textual', 'rich', 'kubelearn.ui')\n"
            "print(','.join(sorted(m for m in sys.modules if m.startswith(bad))))")
    assert _run(code) == ""


def _cli_imports() -> dict[str, set[str]]:
    """``{module: the kubelearn.cli modules it names in an import}``, anywhere in the file."""
    graph: dict[str, set[str]] = {}
    root = Path(kubelearn.cli.__file__).parent
    for name in _modules_under(kubelearn.cli):
        path = root / ("__init__.py" if name == "kubelearn.cli" else f"{name.split('.')[-1]}.py")
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[name] = {m for m in found if m == "kubelearn.cli" or m.startswith("kubelearn.cli.")}
        graph[name] &= set(_modules_under(kubelearn.cli))
    return graph


def test_the_cli_modules_import_each_other_without_a_cycle() -> None:
    graph = _cli_imports()
    assert set(graph) >= {"kubelearn.cli", "kubelearn.cli.common", "kubelearn.cli.check",
                          "kubelearn.cli.lessons", "kubelearn.cli.progress",
                          "kubelearn.cli.tutor"}
    assert graph["kubelearn.cli.common"] == set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join((*path, module))
        for imported in graph[module]:
            if imported != module:
                visit(imported, (*path, module))

    for module in graph:
        visit(module, ())


@pytest.mark.parametrize("module", _modules_under(kubelearn.cli))
def test_each_cli_module_imports_alone(module: str) -> None:
    """First thing in a fresh interpreter: no module needs another imported before it."""
    assert _run(f"import {module}; print('ok')") == "ok"
