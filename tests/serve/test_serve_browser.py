"""A real browser in the class: headless Chromium (Debian's ``chromium``, driven by
Playwright from PyPI through ``executable_path``; never ``playwright install``) opens the
URL ``kubelearn serve`` prints, types the join code and a name, walks to an exercise, types
YAML and sees a finding; then the tab is closed, a new browser opens the page, and the same
name and code land on the same exercise with the same text.

What the terminal draws is read from the page's own websocket (Playwright's frame events):
xterm.js paints on a canvas, so the page has no text to query.
"""

from __future__ import annotations

import shutil
import time

import pytest
from classroom_client import EXERCISE_PROMPT, EXERCISE_SEARCH, EXERCISE_TITLE, screen_text

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: The starter's finding, a line lower once the student typed a line above it: the typed
#: YAML has been checked.
FINDING = "7:3 container is not a field of spec."
STEP_MS = 60_000

pytestmark = pytest.mark.browser


def _playwright():
    """Playwright's sync API, or a skip saying what is missing."""
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH (apt-get install chromium); .ci/run installs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install -e '.[test]')")
    return sync_playwright


class Tab:
    """One browser tab on the class page, and the text its terminal has been sent."""

    def __init__(self, browser, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1200, "height": 800})
        self.page = self.context.new_page()
        self.drawn = ""
        self.page.on("websocket", self._watch)
        self.page.goto(url)

    def _watch(self, socket) -> None:
        def received(payload) -> None:
            if isinstance(payload, bytes):
                self.drawn += screen_text(payload)
        socket.on("framereceived", received)

    def wait_for(self, text: str) -> bool:
        deadline = time.monotonic() + STEP_MS / 1000
        while text not in self.drawn:
            if time.monotonic() > deadline:
                return False
            self.page.wait_for_timeout(100)
        return True

    def keys(self, text: str) -> None:
        self.page.keyboard.type(text, delay=40)
        self.page.wait_for_timeout(300)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.page.wait_for_timeout(300)

    def join(self, code: str, name: str) -> None:
        assert self.wait_for("Your name"), self.drawn[-2000:]
        self.page.wait_for_selector("body.-first-byte", timeout=STEP_MS)
        self.page.focus("#terminal textarea.xterm-helper-textarea")  # where xterm.js types
        self.page.wait_for_timeout(300)
        self.keys(code)
        self.press("Tab")
        self.keys(name)
        self.drawn = ""
        self.press("Enter")

    def close(self) -> None:
        self.context.close()


def test_a_student_in_a_real_browser_works_and_comes_back(serve):
    sync_playwright = _playwright()
    served = serve()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox"])
        try:
            tab = Tab(browser, served.url)
            # The page itself: our assets only, the terminal shown.
            assert tab.page.title() == "kubelearn · room"
            tab.join(served.code, "Zoë <b>")
            assert tab.wait_for("Welcome, Zoë <b>."), tab.drawn[-2000:]
            tab.press("Control+p")
            tab.keys(EXERCISE_SEARCH)
            assert tab.wait_for(EXERCISE_TITLE), tab.drawn[-2000:]
            tab.drawn = ""
            tab.press("Enter")
            assert tab.wait_for(EXERCISE_PROMPT), tab.drawn[-2000:]
            tab.keys("# from the browser\n")
            assert tab.wait_for(FINDING), tab.drawn[-2000:]
            assert tab.wait_for("# from the browser")
            tab.page.wait_for_timeout(1000)  # past the typing pause: the draft is saved
            tab.close()

            again = Tab(browser, served.url)  # another browser, the same name and code
            again.join(served.code.lower(), "zoë <b>")
            assert again.wait_for("Welcome back, Zoë <b>"), again.drawn[-2000:]
            assert again.wait_for(EXERCISE_PROMPT), again.drawn[-2000:]
            assert again.wait_for("# from the browser"), again.drawn[-2000:]
            assert again.wait_for(FINDING)
            again.close()
        finally:
            browser.close()


def test_a_wrong_code_in_a_real_browser_opens_nothing(serve):
    sync_playwright = _playwright()
    served = serve()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox"])
        try:
            tab = Tab(browser, served.url)
            tab.join("WRONG9", "Ana")
            assert tab.wait_for("That is not this class's join code."), tab.drawn[-2000:]
            tab.close()
        finally:
            browser.close()
