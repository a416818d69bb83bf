"""Every place kubelearn reads or writes, in one module so tests can redirect them.

The data directory holds the learner's progress. Its location is, in order of precedence:
the ``--data-dir`` option, the ``KUBELEARN_HOME`` environment variable, and the platform's
user data directory (``platformdirs``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importlib.resources costs `kubelearn check` start-up time it never uses
    from importlib.resources.abc import Traversable

ENV_HOME = "KUBELEARN_HOME"
PROGRESS_FILE = "progress.json"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The directory for the learner's data (not created here)."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("kubelearn", appauthor=False))


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where kubelearn keeps what it can rebuild (the parsed course). Inside the data
    directory when that is overridden, so tests and classrooms stay self-contained."""
    if override or os.environ.get(ENV_HOME):
        return data_dir(override) / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("kubelearn", appauthor=False))


def progress_path(override: str | os.PathLike[str] | None = None) -> Path:
    return data_dir(override) / PROGRESS_FILE


def shipped_lessons() -> Traversable:
    """The course that ships inside the package."""
    from importlib.resources import files

    return files("kubelearn.lessons")


def shipped_assets() -> Traversable:
    from importlib.resources import files

    return files("kubelearn.assets")


def default_lang(environ: dict[str, str] | None = None) -> str:
    """The language the locale asks for (``zh_CN.UTF-8`` -> ``zh``) when kubelearn has words
    for it, else ``en``. The first locale variable that is set decides."""
    from kubelearn.words import DEFAULT_LANG, languages

    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            wanted = value.lower().split(":")[0].split(".")[0].split("@")[0]
            known = languages()
            for lang in (wanted.replace("-", "_"), wanted.split("_")[0].split("-")[0]):
                if lang in known:
                    return lang
            return DEFAULT_LANG
    return DEFAULT_LANG
