"""A parsed-course cache, so the tutor starts without parsing Markdown and YAML again.

Parsing the course costs more than drawing the course map. The parsed :class:`Course` is
pickled into the cache folder with a key made of kubelearn's version, the source files of
every class the pickle holds (the course model and loader, and the checker's parsed goals)
and every lesson file's size and modification time: editing a lesson (or upgrading
kubelearn) makes a new key, so a stale course is never shown. The whole key is stored with
the course and compared when read (a checksum of it only names the file), so no hash
function is imported for it: hashlib's OpenSSL costs more than the rest of a warm start's
cache read. Any trouble with the
cache (unreadable, unwritable, from another Python) falls back to parsing.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kubelearn import __version__
from kubelearn.course.model import Course
from kubelearn.words import languages

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_APP = Path(__file__).parent.parent
# The code that decides what a parsed course holds, and the modules whose classes are pickled
# (exercises hold the checker's parsed goals): a change to any of it makes a new key.
_CODE = sorted({*Path(__file__).parent.glob("**/*.py"),
                *(_APP / name for name in ("readfile.py", "safe_text.py")),
                *_APP.glob("checker/expectations.py"), *_APP.glob("checker/goals/**/*.py"),
                *_APP.glob("kube/**/*.py")})


def _fingerprint(root: Path, lang: str) -> str | None:
    parts = [__version__, str(root.resolve()), lang]
    try:
        for code in _CODE:
            stat = code.stat()
            parts.append(f"{code.relative_to(_APP)}:{stat.st_mtime_ns}:{stat.st_size}")
        folders = [root / sub for sub in languages() if (root / sub).is_dir()] or [root]
        for folder in folders:
            for path in sorted(folder.glob("*.md")):
                stat = path.stat()
                parts.append(f"{path.relative_to(root)}:{stat.st_mtime_ns}:{stat.st_size}")
    except OSError:
        return None
    return "\n".join(parts)


class _Entry:
    """Where a course is cached (``path``) and the key it must be stored with (``key``)."""

    def __init__(self, path: Path, key: str) -> None:
        self.path, self.key = path, key


def _cache_file(root: Traversable | Path | None, lang: str, cache_dir: Path) -> _Entry | None:
    """Where the parsed course would be cached, or None when it cannot be (a course read
    from a zip has no modification times to key it on)."""
    from kubelearn.paths import shipped_lessons

    folder = shipped_lessons() if root is None else root
    key = _fingerprint(folder, lang) if isinstance(folder, Path) else None
    if key is None:
        return None
    name = f"course-{_safe(lang)}-{zlib.crc32(key.encode()):08x}-{len(key)}.pickle"
    return _Entry(cache_dir / name, key)


def load_course_cached(root: Traversable | Path | None, lang: str, cache_dir: Path) -> Course:
    """Like :func:`load_course`, read from ``cache_dir`` when nothing has changed."""
    cached = _cache_file(root, lang, cache_dir)
    if cached is None:
        from kubelearn.course.loader import load_course

        return load_course(root, lang)
    with contextlib.suppress(Exception):
        key, course = pickle.loads(cached.path.read_bytes())
        if key == cached.key and isinstance(course, Course):
            return course
    from kubelearn.course.loader import load_course

    course = load_course(root, lang)
    _store(cached, course)
    return course


def _safe(lang: str) -> str:
    """``lang`` as part of a file name."""
    return "".join(ch for ch in lang if ch.isascii() and (ch.isalnum() or ch in "-_"))[:20]


def _store(entry: _Entry, course: Course) -> None:
    """Write ``course`` with its key to ``entry``, replacing older copies of the course in the
    same language (each language keeps its own, so the tutor in one and a command in another
    do not throw each other's away)."""
    from kubelearn.writefile import write_atomically

    path = entry.path
    data = pickle.dumps((entry.key, course), protocol=pickle.HIGHEST_PROTOCOL)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"course-{_safe(course.lang)}-*.pickle"):
            with contextlib.suppress(OSError):
                old.unlink()
        write_atomically(path, data, durable=False)  # a cache: rebuilt if ever lost


def load_course_soon(root: Traversable | Path | None, lang: str, cache_dir: Path
                     ) -> Callable[[], Course]:
    """Start loading the course and return a call that gives it, so the caller can do other
    work (the tutor imports Textual) while it is parsed.

    With a cold cache on a machine with more than one core, a forked child parses the
    course and writes the cache while this process goes on; the call waits for the child
    and reads the cache (a few milliseconds). Without fork (Windows), on one core, with a
    warm cache, or if the child fails in any way (it cannot write the cache, it is killed),
    the call loads the course here, exactly as :func:`load_course_cached` does. A process
    with threads never forks (a child could inherit a lock another thread held).
    """
    cached = _cache_file(root, lang, cache_dir)
    child = 0
    if (cached is not None and hasattr(os, "fork") and (os.cpu_count() or 1) > 1
            and threading.active_count() == 1 and not cached.path.exists()):
        child = _fork_parser(root, lang, cache_dir)

    def course() -> Course:
        if child:
            with contextlib.suppress(ChildProcessError, InterruptedError):
                os.waitpid(child, 0)
        return load_course_cached(root, lang, cache_dir)

    return course


def _fork_parser(root: Traversable | Path | None, lang: str, cache_dir: Path) -> int:
    """Fork a child that parses the course into the cache and exits; its pid, or 0."""
    try:
        pid = os.fork()
    except OSError:
        return 0
    if pid:
        return pid
    status = 1
    try:  # the child: never returns, never prints on the learner's terminal
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        load_course_cached(root, lang, cache_dir)
        status = 0
    except BaseException:  # noqa: BLE001, S110 - the parent parses again; nothing to say
        pass
    finally:
        os._exit(status)
