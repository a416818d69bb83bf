"""``kubelearn serve`` as students' browsers and the instructor meet it: the join code, the
URLs to share, every asset from this machine, the session cap, clear usage errors."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import aiohttp
import pytest
from classroom_client import SimStudent, join

from kubelearn.classroom.serve import (
    CODE_ALPHABET,
    CODE_LENGTH,
    SessionCap,
    code_matches,
    lan_addresses,
    new_join_code,
    normalise_code,
    open_class,
    read_class,
    share_urls,
)


def test_join_codes_are_short_and_unambiguous():
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) > 190  # random, not a counter
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    for pair in ("0O", "1I", "1L", "2Z", "5S", "8B", "6G", "UV"):
        assert not set(pair) <= set(CODE_ALPHABET), pair


@pytest.mark.parametrize(("typed", "matches"), [
    ("K7M-3PX", True), ("k7m 3px", True), (" K7M3PX ", True), ("K7M3PY", False),
    ("K7M3P", False), ("", False), ("K7M3PXK", False),
])
def test_a_typed_code_matches_whatever_its_case_spaces_and_dashes(typed, matches):
    assert code_matches(typed, "K7M3PX") is matches
    assert normalise_code("a-b c") == "ABC"


def test_the_class_keeps_its_code_across_restarts(tmp_path: Path):
    first = open_class(tmp_path / "room", "k8s-101")
    again = open_class(tmp_path / "room", "other name")
    assert again == first and read_class(tmp_path / "room") == first
    assert (tmp_path / "room" / "class.db").is_file()


def test_a_class_name_with_quotes_survives_its_toml(tmp_path: Path):
    info = open_class(tmp_path / "room", 'the "best" class\\')
    assert read_class(tmp_path / "room") == info


def test_lan_addresses_come_from_the_os_and_skip_loopback():
    for text in lan_addresses():
        address = ipaddress.ip_address(text)
        assert not address.is_loopback and not address.is_link_local


@pytest.mark.parametrize(("host", "addresses", "urls"), [
    ("0.0.0.0", ["192.168.1.20", "10.0.0.5"], ["http://192.168.1.20:8000/", "http://10.0.0.5:8000/"]),
    ("0.0.0.0", [], ["http://127.0.0.1:8000/"]),
    ("127.0.0.1", ["192.168.1.20"], ["http://127.0.0.1:8000/"]),
    ("::", ["10.0.0.5"], ["http://10.0.0.5:8000/"]),
    ("fe80::1", [], ["http://[fe80::1]:8000/"]),
])
def test_the_urls_to_share(host, addresses, urls):
    assert share_urls(host, 8000, addresses) == urls


def test_the_cap_turns_the_next_one_away_and_frees_places():
    cap = SessionCap(2)
    assert cap.take() and cap.take() and not cap.take()
    cap.give_back()
    assert cap.take() and cap.full


class _Refs(HTMLParser):
    """Every URL a page makes the browser fetch: src, href, url(...) in styles and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]

    def handle_data(self, data):
        self.urls += re.findall(r"url\(\s*[\"']?([^\"')]+)", data)
        self.urls += re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"']*", data)


async def _get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text(errors="replace")


def test_the_page_fetches_nothing_from_another_host(serve):
    served = serve()
    status, page = asyncio.run(_get(served.url))
    assert status == 200
    refs = _Refs()
    refs.feed(page)
    assert refs.urls, "the page names its assets"
    external = [u for u in refs.urls if re.match(r"(?:[a-z]+:)?//", u)]
    assert external == []
    for ref in refs.urls:  # and each one is served here
        status, body = asyncio.run(_get(served.url + ref))
        assert status == 200, ref
        if ref.endswith((".js", ".css")):
            # textual.js and xterm.css themselves load nothing from the internet either
            assert not re.search(r"""(?:src|href|url\()\s*=?\s*["']?https?://""", body), ref


async def _over_the_cap(url: str) -> tuple[bool, str, bool, int]:
    first = SimStudent(url)
    await first.connect()
    in_class = await first.wait_for("Join the class", 30)
    second = SimStudent(url)
    await second.connect()
    told = await second.wait_for("This class is full.", 10)
    await second.drain(1)
    status, page = await _get(url)
    await first.close()
    return in_class and told, second.seen, second.closed, status if "full" in page else 0


def test_the_browser_after_the_cap_is_told_the_class_is_full(serve):
    served = serve("--max-sessions", "1")
    told, seen, closed, page_status = asyncio.run(_over_the_cap(served.url))
    assert told and closed
    assert "1 students are already working" in seen
    assert page_status == 503  # and the page itself says so while the class is full


def _kubelearn(*args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kubelearn", *args], capture_output=True,
                          text=True, timeout=60, env={"KUBELEARN_HOME": str(home), "PATH": ""})


@pytest.mark.parametrize(("args", "said"), [
    (["--class", "../etc"], "a class name is letters, digits"),
    (["--max-sessions", "0"], "--max-sessions must be at least 1"),
    (["--port", "70000"], "a port is 1 to 65535"),
])
def test_usage_mistakes_are_one_line(tmp_path, args, said):
    done = _kubelearn("serve", *args, home=tmp_path)
    assert done.returncode == 2 and said in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_a_port_in_use_is_one_line(serve, tmp_path):
    served = serve()
    done = _kubelearn("serve", "--class-dir", str(tmp_path / "other"), "--port",
                      str(served.port), home=tmp_path)
    assert done.returncode == 2 and "cannot listen on 127.0.0.1" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_prints_the_code_the_urls_and_how_to_watch(serve):
    served = serve()
    served.stop()
    out = served.process.stdout.read()
    assert f"Join code: {served.code}" in out
    assert served.url in out
    assert f"kubelearn class watch {served.folder}" in out


@pytest.mark.parametrize(("given", "path"), [
    ("/", "/"), ("", "/"), ("k8s-101", "/k8s-101/"), ("/k8s-101/", "/k8s-101/"),
    ("/school//k8s.101/", "/school/k8s.101/"),
    ("/../etc", None), ("/a b", None), ("/a?x=1", None), ("http://x/", None),
])
def test_the_base_path_is_a_plain_path(given, path):
    from kubelearn.classroom.serve import base_path

    if path is None:
        with pytest.raises(ValueError):
            base_path(given)
    else:
        assert base_path(given) == path


async def _under_a_path(url: str, code: str) -> tuple[int, str, bool]:
    async with aiohttp.ClientSession() as session:
        async with session.get(url.rstrip("/"), allow_redirects=False) as response:
            redirect = response.status, response.headers.get("Location", "")
    student = SimStudent(url)
    joined = await join(student, code, "Ana")
    await student.close()
    return (*redirect, joined)


def test_a_class_under_a_path_as_an_ingress_routes_it(serve):
    served = serve("--base-path", "/k8s-101")
    url = served.url + "k8s-101/"
    status, page = asyncio.run(_get(url))
    assert status == 200 and 'href="static/css/xterm.css"' in page
    assert asyncio.run(_get(url + "static/js/textual.js"))[0] == 200
    assert asyncio.run(_get(served.url))[0] == 404
    assert asyncio.run(_under_a_path(url, served.code)) == (308, "/k8s-101/", True)


@pytest.mark.parametrize("module", ["kubelearn.classroom.serve", "kubelearn.classroom.watch",
                                    "kubelearn.cli.serve", "kubelearn.cli.class_watch"])
def test_the_serve_domain_imports_no_textual(module):
    code = (f"import sys, {module}\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
