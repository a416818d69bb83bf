"""Serving the tutor to a room of browsers, without Textual: join codes, the session cap, the
machine's LAN addresses, and the web server that starts one kubelearn process per browser.

The web server is ours, built on two parts of textual-serve (Textualize/textual-serve,
``src/textual_serve``): :class:`textual_serve.app_service.AppService`, which starts one
process per websocket (``asyncio.create_subprocess_shell`` with ``TEXTUAL_DRIVER`` set to
Textual's web driver) and relays its packets, and its static folder (``textual.js``, xterm's
CSS, the Roboto Mono fonts). Its ``Server`` is not used because (a) its page loads the font
from fonts.googleapis.com, and a classroom may have no internet; (b) it writes absolute URLs
from ``--host`` (``ws://0.0.0.0:8000/ws`` reaches nobody), where ours are relative to the page
(which also works behind an Ingress that routes each class by path); (c) it has no session cap.
"""

from __future__ import annotations

import array
import asyncio
import fcntl
import hmac
import html
import ipaddress
import json
import re
import secrets
import shlex
import socket
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.app_service import AppService

    from kubelearn.classroom.db import ClassDB, ClassProgressStore, Student

#: Join-code characters: capitals and digits that cannot be read as one another
#: (no 0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B, 6/G, U/V).
CODE_ALPHABET = "ACEFHJKMNPRTWXY3479"
CODE_LENGTH = 6

#: The hidden option that starts the tutor in class mode (join screen first).
CLASS_DIR_OPTION = "--class-dir"

#: How long a session may take to save and quit once its browser has gone, before it is
#: killed (its place is then free for the next browser).
STOP_S = 10.0


def new_join_code(length: int = CODE_LENGTH) -> str:
    """A fresh code students type on the first screen (from ``secrets``: not guessable)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(text: str) -> str:
    """What a student typed, as a code: case, spaces and dashes do not matter."""
    return "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")


def code_matches(typed: str, code: str) -> bool:
    """Whether ``typed`` is the class's ``code`` (constant-time, so timing says nothing)."""
    return hmac.compare_digest(normalise_code(typed).encode(), normalise_code(code).encode())


# LAN addresses, from the operating system alone (no DNS, no packet sent).

_SIOCGIFADDR = 0x8915  # Linux <linux/sockios.h>: an interface's IPv4 address


def _linux_addresses() -> list[str]:
    """Each interface's IPv4 address, asked of the kernel with ioctl(SIOCGIFADDR), as
    ``ip addr`` does (netdevice(7)). An interface without an address raises and is skipped."""
    found: list[str] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            request = array.array("B", struct.pack("256s", name.encode()[:15]))
            try:
                fcntl.ioctl(probe.fileno(), _SIOCGIFADDR, request)
            except OSError:
                continue
            found.append(socket.inet_ntoa(request.tobytes()[20:24]))
    return found


def _host_addresses() -> list[str]:
    """Elsewhere: the addresses the system resolver gives this host's own name (read from
    the hosts file or the system's own records on macOS and Windows)."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return [str(info[4][0]) for info in infos]


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses that other machines can reach: no loopback, no
    link-local; private (room network) addresses first, then by address."""
    raw = _linux_addresses() if sys.platform.startswith("linux") else _host_addresses()
    kept = {}
    for text in raw:
        address = ipaddress.ip_address(text)
        if not (address.is_loopback or address.is_link_local or address.is_unspecified):
            kept[text] = address
    return sorted(kept, key=lambda t: (not kept[t].is_private, kept[t]))


def base_path(text: str) -> str:
    """``--base-path`` as a path that starts and ends with ``/``; ValueError for one that is
    not a plain path (a query, a fragment, a scheme, dot segments, spaces)."""
    parts = [p for p in text.strip().split("/") if p]
    if any(p in (".", "..") or not re.fullmatch(r"[A-Za-z0-9._~-]+", p) for p in parts):
        raise ValueError(text)
    return "/" + "".join(f"{p}/" for p in parts)


def share_urls(host: str, port: int, addresses: list[str] | None = None,
               path: str = "/") -> list[str]:
    """The URLs students open: one per LAN address when serving on every interface, else the
    one host the server listens on."""
    def url(name: str) -> str:
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}{path}"

    if host in ("0.0.0.0", "::", ""):
        found = lan_addresses() if addresses is None else addresses
        return [url(a) for a in found] or [url("127.0.0.1")]
    return [url(host)]


class SessionCap:
    """At most ``limit`` sessions at once; the one after is turned away, never queued."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.active = 0

    @property
    def full(self) -> bool:
        return self.active >= self.limit

    def take(self) -> bool:
        """Take a place for a new session; False when the class is full."""
        if self.full:
            return False
        self.active += 1
        return True

    def give_back(self) -> None:
        self.active = max(0, self.active - 1)


@dataclass(frozen=True)
class ClassInfo:
    """A class folder's ``class.toml``: its name, join code and when it was made."""

    name: str
    code: str
    created: str


CLASS_FILE = "class.toml"


def _toml_string(text: str) -> str:
    # JSON's string escapes (\", \\, \n, \uXXXX) are all TOML basic-string escapes.
    return json.dumps(text)


def read_class(folder: Path) -> ClassInfo | None:
    """The class in ``folder``, or None when it has no readable ``class.toml`` yet."""
    import tomllib

    try:
        data = tomllib.loads((folder / CLASS_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    name, code, created = data.get("name"), data.get("join_code"), data.get("created", "")
    if not (isinstance(name, str) and isinstance(code, str) and normalise_code(code)):
        return None
    return ClassInfo(name, normalise_code(code), str(created))


def open_class(folder: Path, name: str) -> ClassInfo:
    """The class in ``folder``, made on first use (the folder, ``class.toml`` with a new join
    code, the database). The code stays the same across restarts, so students who were
    working carry on with the code they were given."""
    import datetime
    import os

    folder.mkdir(parents=True, exist_ok=True)
    info = read_class(folder)
    if info is None:
        created = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        info = ClassInfo(name, new_join_code(), created)
        text = (f"name = {_toml_string(info.name)}\njoin_code = {_toml_string(info.code)}\n"
                f"created = {_toml_string(info.created)}\n")
        temp = folder / f".{CLASS_FILE}.tmp"
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, folder / CLASS_FILE)
    from kubelearn.classroom.db import ClassDB

    ClassDB(folder).close()  # the schema exists before 40 sessions race to make it
    return info


@dataclass(frozen=True)
class ServeConfig:
    """What ``kubelearn serve`` was asked for, resolved."""

    class_dir: Path
    host: str
    port: int
    max_sessions: int
    lang: str
    lessons: Path | None = None
    #: Where the class lives on the server ("/" or "/k8s-101/"): an Ingress that routes
    #: each class by path passes the path on as it is.
    base_path: str = "/"


def session_command(config: ServeConfig, python: str = sys.executable) -> str:
    """The shell command textual-serve runs for each browser (it uses a shell): this Python
    running kubelearn in class mode on the class folder. ``exec``: the session is the
    process textual-serve holds, with no shell between (one process, and a kill reaches it)."""
    words = [python, "-m", "kubelearn", CLASS_DIR_OPTION, str(config.class_dir),
             "--lang", config.lang]
    if config.lessons is not None:
        words += ["--lessons", str(config.lessons)]
    return "exec " + shlex.join(words)


# The page each browser loads.

def static_root() -> Path:
    """textual-serve's own static files (textual.js, xterm.css, the fonts), served as is."""
    import textual_serve

    return Path(textual_serve.__file__).parent / "static"


_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="static/css/xterm.css">
<script src="static/js/textual.js"></script>
<style>
@font-face {{ font-family: "Roboto Mono"; font-style: normal;
  src: url("static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }}
@font-face {{ font-family: "Roboto Mono"; font-style: italic;
  src: url("static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }}
html, body {{ margin: 0; height: 100%; background: #0c181f; color: #eee;
  font-family: "Roboto Mono", menlo, monospace; }}
.textual-terminal {{ width: 100vw; height: 100vh; opacity: 0; }}
body.-first-byte .textual-terminal {{ opacity: 1; }}
.notice {{ position: absolute; inset: 0; display: flex; align-items: center;
  justify-content: center; flex-direction: column; z-index: 10; text-align: center; }}
body.-first-byte .starting, .ended {{ display: none; }}
body.-closed .ended {{ display: flex; background: #0c181f; }}
button {{ padding: 12px 28px; margin: 16px; background: #5e0ba7; color: #fff; border: none;
  font: inherit; cursor: pointer; }}
</style>
</head>
<body>
<div class="notice starting"><p>{title}</p><p>{starting}</p></div>
<div class="notice ended"><p>{ended}</p><button type="button" id="restart"
  onclick="location.reload()">{restart}</button></div>
<div id="terminal" class="textual-terminal" data-font-size="{font_size}"></div>
<script>
// The websocket beside this page, whatever host, port or path prefix it was reached by.
const ws = new URL("ws", location.href);
ws.protocol = location.protocol === "https:" ? "wss:" : "ws:";
ws.search = "";
document.getElementById("terminal").dataset.sessionWebsocketUrl = ws.href;
</script>
</body>
</html>
"""

_FULL_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>{title}</title>
<style>body {{ background: #0c181f; color: #eee; font-family: menlo, monospace;
  display: flex; align-items: center; justify-content: center; height: 100vh; margin: 0;
  text-align: center; }}</style></head>
<body><div><h1 id="full">{full}</h1><p>{why}</p>
<button type="button" onclick="location.reload()">{retry}</button></div></body>
</html>
"""


def _say(lang: str):
    from kubelearn.words import words

    def say(key: str, **fields: object) -> str:
        return html.escape(words(lang)(f"serve.{key}", **fields))
    return say


def page(lang: str, title: str, font_size: int = 16) -> str:
    """The page that opens a session: textual-serve's terminal, every asset from this server."""
    say = _say(lang)
    return _PAGE.format(lang=html.escape(lang), title=html.escape(title),
                        starting=say("page.starting"), ended=say("page.ended"),
                        restart=say("page.restart"), font_size=font_size)


def full_page(lang: str, title: str, limit: int) -> str:
    """The page a browser gets when ``limit`` sessions are already open."""
    say = _say(lang)
    return _FULL_PAGE.format(lang=html.escape(lang), title=html.escape(title),
                             full=say("page.full"), why=say("page.full_why", limit=limit),
                             retry=say("page.retry"))


def _font_size(text: str) -> int:
    """``?fontsize=N`` as textual-serve reads it, kept within what a screen can show."""
    try:
        return min(max(int(text), 8), 40)
    except ValueError:
        return 16


def _dimension(text: str, default: int) -> int:
    try:
        return min(max(int(text), 10), 500)
    except ValueError:
        return default


class ClassServer:
    """The aiohttp application: ``/`` the page, ``/ws`` one session, ``/static`` the assets.

    ``on_session`` hears +1/-1 as sessions open and close (the serve command prints it)."""

    def __init__(self, config: ServeConfig, title: str, command: str | None = None) -> None:
        self.config = config
        self.title = title
        self.command = command or session_command(config)
        self.cap = SessionCap(config.max_sessions)
        self._sockets: set[web.WebSocketResponse] = set()

    def run(self) -> None:
        """Serve until SIGINT or SIGTERM; an OSError when the address cannot be listened on."""
        from aiohttp import web

        application = self.app()
        application.on_shutdown.append(self._close_sockets)
        web.run_app(application, host=self.config.host, port=self.config.port,
                    print=None, access_log=None)

    async def start(self) -> web.AppRunner:
        """Listen in the running event loop (the watch's, under ``serve --watch``); stop with
        :meth:`stop`. An OSError when the address cannot be listened on."""
        from aiohttp import web

        application = self.app()
        application.on_shutdown.append(self._close_sockets)
        runner = web.AppRunner(application, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.config.host, self.config.port).start()
        except BaseException:
            await runner.cleanup()
            raise
        return runner

    @staticmethod
    async def stop(runner: web.AppRunner) -> None:
        """Close every session's socket (each is told to quit and saves) and stop listening."""
        await runner.cleanup()

    async def _close_sockets(self, _application: web.Application) -> None:
        """On the way out, close every browser's socket: each session is told to quit, and
        saves what it holds, before the server stops."""
        for websocket in list(self._sockets):
            await websocket.close()

    def app(self) -> web.Application:
        from aiohttp import web

        base = self.config.base_path
        application = web.Application()
        application.add_routes([
            web.get(base, self.handle_index),
            web.get(f"{base}ws", self.handle_websocket),
            web.static(f"{base}static", static_root()),
        ])
        if base != "/":  # the page's links are relative: its URL ends with a slash
            application.add_routes([web.get(base.rstrip("/"), self.to_base)])
        return application

    async def to_base(self, _request: web.Request) -> web.Response:
        from aiohttp import web

        raise web.HTTPPermanentRedirect(self.config.base_path)

    async def handle_index(self, request: web.Request) -> web.Response:
        from aiohttp import web

        if self.cap.full:
            return web.Response(
                status=503, content_type="text/html", charset="utf-8",
                text=full_page(self.config.lang, self.title, self.cap.limit),
                headers={"Retry-After": "30"},
            )
        return web.Response(
            content_type="text/html", charset="utf-8",
            text=page(self.config.lang, self.title,
                      _font_size(request.query.get("fontsize", "16"))),
        )

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser, one kubelearn process (textual-serve's AppService), while there is a
        place; a browser over the cap reads why on its terminal and the socket closes."""
        from aiohttp import WSMsgType, web
        from textual_serve.app_service import AppService
        from textual_serve.download_manager import DownloadManager

        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if not self.cap.take():
            say = _say(self.config.lang)
            text = html.unescape(say("page.full")) + "\r\n" + html.unescape(
                say("page.full_why", limit=self.cap.limit))
            await websocket.send_bytes(("\r\n  " + text.replace("\r\n", "\r\n  ")).encode())
            await websocket.close()
            return websocket
        self._sockets.add(websocket)
        service = AppService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=DownloadManager(),
        )
        try:
            await service.start(_dimension(request.query.get("width", "80"), 80),
                                _dimension(request.query.get("height", "24"), 24))
            async for message in websocket:
                if message.type != WSMsgType.TEXT:
                    continue
                await self._relay(message.data, service, websocket)
        except (asyncio.CancelledError, ConnectionError):
            pass
        finally:
            try:
                await _stop(service)
            finally:
                self.cap.give_back()
                self._sockets.discard(websocket)
        return websocket

    async def _relay(self, data: str, service: AppService, websocket: web.WebSocketResponse) -> None:
        """One browser message, as textual-serve's ``Server._process_messages`` handles it;
        a malformed one is dropped (the browser is untrusted too)."""
        try:
            envelope = json.loads(data)
            kind = envelope[0]
        except (ValueError, IndexError, KeyError, TypeError):
            return
        if kind == "stdin" and len(envelope) > 1 and isinstance(envelope[1], str):
            await service.send_bytes(envelope[1].encode("utf-8"))
        elif kind == "resize" and len(envelope) > 1 and isinstance(envelope[1], dict):
            await service.set_terminal_size(
                _dimension(str(envelope[1].get("width", 80)), 80),
                _dimension(str(envelope[1].get("height", 24)), 24))
        elif kind == "ping" and len(envelope) > 1:
            await websocket.send_json(["pong", envelope[1]])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


async def _stop(service: AppService) -> None:
    """Tell the session to quit (it saves what it holds first) and wait for it, at most
    :data:`STOP_S`; a session that does not go is killed, so it never holds a place."""
    try:
        await asyncio.wait_for(asyncio.shield(service.stop()), STOP_S)
    except TimeoutError:
        process = service._process  # textual-serve keeps no public handle on it
        if process is not None and process.returncode is None:
            process.kill()
        await service.stop()


# Joining: what the join screen asks of the class, without Textual.

#: ClassDB's reasons for refusing a name, as keys of ``serve.join``.
_NAME_PROBLEMS = {"empty": "no_name", "too_long": "long_name", "control": "control_name"}


class JoinRefused(Exception):
    """Why a join was refused: a key of ``serve.join`` and its fields, for the screen to say."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


@dataclass
class Joined:
    """A student in the class, with the store the tutor uses for them."""

    student: Student
    store: ClassProgressStore
    #: Whether they had been here before (the screen says "welcome back").
    returning: bool


def join(db: ClassDB, info: ClassInfo, typed_code: str, typed_name: str) -> Joined:
    """Admit a student who typed ``typed_code`` and ``typed_name``, or raise
    :class:`JoinRefused`: the code first (a wrong code learns nothing about the roster),
    then the name as the class database accepts it (:func:`kubelearn.classroom.db.shown_name`:
    markup is kept and only ever shown literally; control characters are refused)."""
    from kubelearn.classroom.db import MAX_NAME_CHARS, InvalidName

    if not normalise_code(typed_code):
        raise JoinRefused("no_code")
    if not code_matches(typed_code, info.code):
        raise JoinRefused("wrong_code")
    try:
        student = db.join(typed_name)
    except InvalidName as problem:
        raise JoinRefused(_NAME_PROBLEMS.get(problem.reason, "no_name"),
                          limit=MAX_NAME_CHARS) from None
    store = db.store_for(student)
    progress = store.progress
    returning = progress.last is not None or bool(progress.lessons or progress.exercises)
    return Joined(student, store, returning)
