"""``kubelearn serve``: the tutor for a room of browsers, from one machine, offline.

Each browser that opens the page gets its own kubelearn process in class mode (the join
screen first: the class's join code and the student's name), started by textual-serve's
AppService; every student's progress lives in the class folder's database, so a closed tab
resumes where it was. The web side is :mod:`kubelearn.classroom.serve`.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from kubelearn.cli.common import (
    EXIT_OK,
    UsageError,
    add_common,
    data_dir,
    lang,
    lessons_root,
    say,
    shown_path,
)

COMMAND = "serve"

#: Where ``--class NAME`` lives: ``<data dir>/classes/NAME``.
CLASSES = "classes"
CLASS_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

#: 127.0.0.1 by default: a laptop on a café's or a conference's network serves nobody
#: until the instructor says so (``--host 0.0.0.0`` for the room); the join code is the
#: only other gate, and it is not a password.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: How many browsers may hold a session at once unless ``--max-sessions`` says otherwise.
DEFAULT_MAX_SESSIONS = 40

DESCRIPTION = """\
Serve the tutor to browsers on this machine's network: one kubelearn session per browser,
every asset served from here (no internet needed). Students type the join code printed
below and their name; the same name and code resume where they stopped, from any browser.
"""

EPILOG = """\
examples:
  kubelearn serve --class k8s-101 --host 0.0.0.0     the room can connect
  kubelearn serve --class-dir ./workshop --port 9000
  kubelearn class watch ~/.local/share/kubelearn/classes/k8s-101
"""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``serve`` command."""
    parser = subparsers.add_parser(
        COMMAND, help="serve the tutor to a classroom of browsers",
        description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to listen on (default {DEFAULT_HOST}: this machine "
                             "only; 0.0.0.0 for every network it is on)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to listen on (default {DEFAULT_PORT})")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--class", dest="class_name", metavar="NAME", default="class",
                       help="the class: its folder is classes/NAME in the data directory "
                            "(default: class)")
    where.add_argument("--class-dir", dest="class_dir", metavar="DIR",
                       help="the class folder itself (class.db, class.toml)")
    parser.add_argument("--max-sessions", type=int, default=DEFAULT_MAX_SESSIONS, metavar="N",
                        help=f"browsers at once; the next one is told the class is full "
                             f"(default {DEFAULT_MAX_SESSIONS})")
    parser.add_argument("--watch", action="store_true",
                        help="show the class watch in this terminal while serving "
                             "(q in the watch stops the class)")
    parser.add_argument("--base-path", default="/", metavar="PATH",
                        help="serve the class under PATH (/k8s-101/) when an Ingress routes "
                             "classes by path (default /)")
    add_common(parser)
    return parser


def class_folder(args: argparse.Namespace) -> tuple[Path, str]:
    """The class folder and the class's name, from ``--class-dir`` or ``--class``."""
    from kubelearn.paths import data_dir as resolve_data_dir

    if getattr(args, "class_dir", None):
        folder = Path(args.class_dir).expanduser().resolve()
        return folder, folder.name
    name = args.class_name
    if not CLASS_NAME.fullmatch(name):
        raise UsageError(say(args)("serve.cli.no_class", name=shown_path(name)), COMMAND)
    return (resolve_data_dir(data_dir(args)) / CLASSES / name).resolve(), name


def run(args: argparse.Namespace) -> int:
    from kubelearn.classroom.serve import (
        ClassServer,
        ServeConfig,
        base_path,
        open_class,
        share_urls,
    )

    words = say(args)
    if args.max_sessions < 1:
        raise UsageError(words("serve.cli.max_sessions"), COMMAND)
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port}: a port is 1 to 65535", COMMAND)
    try:
        path = base_path(args.base_path)
    except ValueError:
        raise UsageError(f"--base-path {shown_path(args.base_path)}: a path of letters, "
                         "digits, '.', '_', '-' and '~' between slashes", COMMAND) from None
    folder, name = class_folder(args)
    lessons = lessons_root(args)
    from kubelearn.classroom.db import ClassDBError

    try:
        info = open_class(folder, name)
    except OSError as exc:
        raise UsageError(f"{shown_path(folder)}: {exc.strerror or exc}", COMMAND) from None
    except ClassDBError as exc:
        raise UsageError(str(exc), COMMAND) from None
    config = ServeConfig(class_dir=folder, host=args.host, port=args.port,
                         max_sessions=args.max_sessions, lang=lang(args),
                         lessons=lessons.resolve() if lessons else None, base_path=path)
    server = ClassServer(config, title=f"kubelearn · {info.name}")
    lines = [words("serve.cli.serving", name=info.name, folder=shown_path(folder)),
             words("serve.cli.code", code=info.code), words("serve.cli.open")]
    lines += [f"  {url}" for url in share_urls(args.host, args.port, path=path)]
    if args.host not in ("0.0.0.0", "::", ""):
        lines.append(words("serve.cli.local_only", host=shown_path(args.host)))
    lines += [words("serve.cli.cap", limit=args.max_sessions),
              words("serve.cli.watch", command=f"kubelearn class watch {shown_path(folder)}"),
              words("serve.cli.stop")]
    if args.watch:
        lines[-2:] = [words("serve.cli.watch_here")]
    print("\n".join(lines), flush=True)
    if args.watch:
        from kubelearn.course.cache import load_course_cached
        from kubelearn.paths import cache_dir

        course = load_course_cached(lessons, lang(args), cache_dir(data_dir(args)))
        banner = "  ".join([words("serve.cli.code", code=info.code), words("serve.cli.open"),
                            *share_urls(args.host, args.port, path=path)])
        return _serve_watching(server, course, folder, info.name, lang(args), words, banner)
    try:
        server.run()
    except OSError as exc:  # the port is taken, the address is not this machine's
        raise UsageError(words("serve.cli.port_busy", host=shown_path(args.host),
                               port=args.port, reason=exc.strerror or exc), COMMAND) from None
    return EXIT_OK


def _serve_watching(server: Any, course: Any, folder: Path, name: str, language: str,
                    words: Any, banner: str) -> int:
    """``serve --watch``: the watch in this terminal, the server in the watch's event loop."""
    import sys

    if not sys.stdout.isatty() or not sys.stdin.isatty():
        raise UsageError(words("serve.cli.watch_tty"), COMMAND)
    from kubelearn.classroom.db import ClassDB
    from kubelearn.classroom.watch import ClassWatch
    from kubelearn.ui.screens.class_watch import ClassWatchApp

    db = ClassDB(folder)
    try:
        app = ClassWatchApp(ClassWatch(db, course), name, language, server=server,
                            banner=banner)
        app.run()
    finally:
        db.close()
    if app.server_error is not None:
        exc = app.server_error
        raise UsageError(words("serve.cli.port_busy", host=shown_path(server.config.host),
                               port=server.config.port, reason=exc.strerror or exc), COMMAND)
    return EXIT_OK
