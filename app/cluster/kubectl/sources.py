"""Where ``-f`` reads from: the files the caller handed in (the playground's
``exercise.yaml``), files and directories on disk, or ``-`` for stdin, as kubectl's
resource builder visits them (k8s.io/cli-runtime/pkg/resource/visitor.go: a directory gives
its ``.json``, ``.yaml`` and ``.yml`` files in name order, its subdirectories only with
``-R``).
"""

from __future__ import annotations

import os
from pathlib import Path

from kubelearn.cluster.kubectl.core import Context, Failure
from kubelearn.readfile import NotRegularFile, read_limited

#: The most bytes one file may hold, and the most files one ``-f`` may name.
MAX_FILE_BYTES = 2_000_000
MAX_FILES = 200
EXTENSIONS = (".json", ".yaml", ".yml")


def read(ctx: Context, names: list[str], *, recursive: bool = False) -> list[tuple[str, str]]:
    """``(source, text)`` for each file ``-f`` names, in kubectl's order."""
    out: list[tuple[str, str]] = []
    for name in names:
        if name == "-":
            if not (ctx.stdin or "").strip():
                raise Failure("error: no objects passed to apply")
            out.append(("STDIN", ctx.stdin))
        elif name in ctx.files:
            out.append((name, ctx.files[name]))
        elif name.startswith(("http://", "https://")):
            raise Failure(f'error: unable to read URL "{name}": the offline cluster has no '
                          "network outside itself")
        else:
            out.extend(_disk(ctx, name, recursive))
        if len(out) > MAX_FILES:
            raise Failure(f"error: more than {MAX_FILES} files named with -f")
    return out


def _disk(ctx: Context, name: str, recursive: bool) -> list[tuple[str, str]]:
    path = Path(name)
    if ctx.cwd is not None and not path.is_absolute():
        path = Path(ctx.cwd) / path
    if not path.exists():
        raise Failure(f'error: the path "{name}" does not exist')
    if path.is_dir():
        found: list[tuple[str, str]] = []
        for root, dirs, files in os.walk(path):
            dirs.sort()
            if not recursive and Path(root) != path:
                continue
            for file in sorted(files):
                if file.endswith(EXTENSIONS):
                    shown = os.path.normpath(os.path.join(name, os.path.relpath(os.path.join(root, file), path)))
                    found.append((shown, _text(Path(root) / file, shown)))
                    if len(found) > MAX_FILES:
                        raise Failure(f"error: more than {MAX_FILES} files under {name}")
            if not recursive:
                break
        return found
    return [(name, _text(path, name))]


def _text(path: Path, shown: str) -> str:
    try:
        data, size = read_limited(path, MAX_FILE_BYTES)
    except NotRegularFile as exc:
        raise Failure(f"error: error reading {shown}: {exc}") from None
    except OSError as exc:
        raise Failure(f"error: error reading {shown}: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise Failure(f"error: {shown} is larger than {MAX_FILE_BYTES} bytes")
    return data.decode("utf-8", errors="replace")
