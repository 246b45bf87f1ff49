"""Browser tests: Debian's Chromium driven by Playwright against a live server.

The server runs in a thread on a free loopback port. Every page a test opens
records its network requests and console messages; `visit` fails the test on
any request to another host or any console error.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from tests.apps import build_app, make_instance

from .tab import Tab

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# A neutral page the exit tests start from and end on: nothing leaves the machine.
STAND_IN = "<!doctype html><html lang='en'><title>Stand-in</title><h1>Somewhere else</h1></html>"

NO_TIMERS = """() => {
  const soon = (fn, ...args) => { Promise.resolve().then(() => fn(...args)); return 0; };
  window.setTimeout = (fn, ms, ...args) => soon(fn, ...args);
  window.clearTimeout = () => {};
  window.requestAnimationFrame = fn => soon(fn, performance.now());
  window.requestIdleCallback = fn => soon(fn, {didTimeout: false, timeRemaining: () => 50});
}"""

pytestmark = pytest.mark.browser


class LiveServer:
    def __init__(self, app) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()


# Every page is driven in English, Arabic (right to left) and Polish (left to right).
BROWSER_LANGUAGES = {"SAFEROUTE_LANGUAGES": "en ar pl"}


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    instance = make_instance(tmp_path_factory.mktemp("browser") / "instance")
    return build_app(instance, BROWSER_LANGUAGES)


@pytest.fixture(scope="session")
def live_server(live_app):
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """One tab, with what it asked for and what it complained about."""

    page: object
    base: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    javascript: bool = True

    def foreign_requests(self) -> list[str]:
        ours = urlsplit(self.base).netloc
        return [u for u in self.requests if urlsplit(u).scheme in {"http", "https"} and urlsplit(u).netloc != ours]

    def goto(self, path: str):
        return self.page.goto(self.base + path)

    def assert_clean(self) -> None:
        assert not self.foreign_requests(), f"requests to other hosts: {self.foreign_requests()}"
        assert not self.console_errors, f"console errors: {self.console_errors}"

    def axe(self) -> list[dict]:
        """Run axe-core with our CSP still on (injected by evaluate, not a script tag).

        With JavaScript off, Chromium runs no timers, and axe waits on them:
        for the scan alone they become promise callbacks (the page's own scripts never ran).
        """
        if not self.javascript:
            self.page.evaluate(NO_TIMERS)
        self.page.evaluate(AXE_SOURCE.read_text())
        result = self.page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]


def watch(page, base: str, javascript: bool = True) -> Visit:
    """Record every request the tab makes and every error it logs."""
    visit = Visit(page=page, base=base, javascript=javascript)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and visit.console_errors.append(message.text))
    page.on("pageerror", lambda error: visit.console_errors.append(str(error)))
    return visit


@pytest.fixture
def open_tab(browser, live_server):
    """open_tab(javascript=True, viewport=PHONE, stand_in=False) -> Visit.

    With stand_in, every request to another host is answered by a local
    stand-in page (and still recorded), so exit tests run offline.
    """
    contexts = []

    def _open(javascript: bool = True, viewport: dict | None = None, stand_in: bool = False) -> Visit:
        context = browser.new_context(java_script_enabled=javascript, viewport=viewport or PHONE)
        contexts.append(context)
        if stand_in:
            context.route(
                lambda url: urlsplit(url).netloc != urlsplit(live_server.url).netloc,
                lambda route: route.fulfill(status=200, content_type="text/html", body=STAND_IN),
            )
        return watch(context.new_page(), live_server.url, javascript)

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def tab(open_tab, live_app):
    """tab(javascript=True, viewport=PHONE) -> Tab on the live server, other hosts answered by the stand-in."""

    def _tab(**kwargs) -> Tab:
        kwargs.setdefault("stand_in", True)
        visit = open_tab(**kwargs)
        if kwargs.get("javascript", True):
            visit.page.clock.install()  # time flows as usual until a test stops it
        return Tab(visit, live_app, kwargs.get("javascript", True))

    return _tab
