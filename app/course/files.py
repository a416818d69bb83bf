"""Finding and reading the lesson files of a course folder, which may come from a stranger.

A course folder can hold what no lesson should be: a symlink loop, a FIFO (opening it waits
for a writer forever), a directory named ``03-x.md``, a folder nobody may read, a 2 GB file.
Each is reported as a problem rather than skipped in silence or waited on; nothing is
opened before ``stat`` says it is a regular file, and no more than the limit is read.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path

from kubelearn.course.model import Problem
from kubelearn.readfile import NotRegularFile, describe_mode, read_limited
from kubelearn.words import languages

#: A lesson is a few pages of Markdown; the longest shipped one is about 20 KB.
MAX_LESSON_BYTES = 1 << 20


@dataclass
class CourseFiles:
    """``files[lang][file name]``: the lesson files found, and what was wrong in the folders."""

    files: dict[str, dict[str, Traversable]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _is_lesson_name(name: str) -> bool:
    return name.endswith(".md") and name.lower() != "readme.md"


def _path_lessons(folder: Path, problems: list[Problem]) -> dict[str, Traversable]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        problems.append(Problem(str(folder), 1, f"cannot read the folder: {exc.strerror or exc}"))
        return {}
    found: dict[str, Traversable] = {}
    for entry in entries:
        if not _is_lesson_name(entry.name):
            continue
        try:
            mode = os.stat(entry.path).st_mode  # follows symlinks, as reading would
        except OSError as exc:
            reason = ("a symlink loop" if exc.errno == errno.ELOOP
                      else f"cannot be read: {exc.strerror or exc}")
            problems.append(Problem(entry.path, 1, f"not a lesson file: {reason}"))
            continue
        if stat.S_ISREG(mode):
            found[entry.name] = Path(entry.path)
        else:
            problems.append(Problem(entry.path, 1, f"not a lesson file: it is "
                                                   f"{describe_mode(mode)}, not a regular file"))
    return found


def _resource_lessons(folder: Traversable) -> dict[str, Traversable]:
    if not folder.is_dir():
        return {}
    return {f.name: f for f in folder.iterdir() if _is_lesson_name(f.name) and f.is_file()}


def _lessons_in(folder: Traversable, problems: list[Problem]) -> dict[str, Traversable]:
    if isinstance(folder, Path):
        if not folder.is_dir():
            return {}
        return _path_lessons(folder, problems)
    return _resource_lessons(folder)


def scan_course(root: Traversable | Path) -> CourseFiles:
    """Every lesson file of every language kubelearn has words for (``en/``, ``zh/``...); a
    folder of bare ``.md`` files is English."""
    found = CourseFiles()
    found.files = {lang: _lessons_in(root / lang, found.problems) for lang in languages()}
    if not any(found.files.values()) and not found.problems:
        found.files["en"] = _lessons_in(root, found.problems)
    return found


def course_files(root: Traversable | Path) -> dict[str, dict[str, Traversable]]:
    """``{lang: {file name: file}}``, without the problems (see :func:`scan_course`)."""
    return scan_course(root).files


def read_lesson(item: Traversable, where: str) -> tuple[str | None, Problem | None]:
    """A lesson file's text, or None and the problem that says why it cannot be read."""
    try:
        if isinstance(item, Path):
            raw, size = read_limited(item, MAX_LESSON_BYTES)
        else:  # a file inside the installed package
            raw = item.read_bytes()
            size = len(raw)
    except NotRegularFile as exc:
        return None, Problem(where, 1, f"not a lesson file: it is {exc.kind}")
    except OSError as exc:
        return None, Problem(where, 1, f"cannot read the file: {exc.strerror or exc}")
    if len(raw) > MAX_LESSON_BYTES:
        return None, Problem(where, 1, f"the file is {size:,} bytes; a lesson may have at most "
                                       f"{MAX_LESSON_BYTES:,}")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, Problem(where, line, f"not UTF-8 text ({exc.reason} at byte {exc.start}); "
                                          "save the file as UTF-8")
