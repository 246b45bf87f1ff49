"""One tab on a visit: what it asked for, what it complained about, and axe-core's findings."""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

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
# Only violations are collected in full: axe then skips the bookkeeping for passes (half its time).
AXE_RUN = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"


@cache
def axe_source() -> str:
    return AXE_SOURCE.read_text()


@dataclass
class Visit:
    """One tab, with what it asked for and what it complained about."""

    page: object
    base: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    javascript: bool = True
    # Subresources that failed to load (the page itself is checks.load's to judge).
    failed: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        ours = urlsplit(self.base).netloc
        return [u for u in self.requests if urlsplit(u).scheme in {"http", "https"} and urlsplit(u).netloc != ours]

    def forget(self) -> None:
        """Start afresh on a tab used before: nothing recorded, nothing kept for the site.

        The tab stays on the public page it showed, loaded and idle, until the next goto: a stop at
        about:blank would replace the renderer process each time, at twice the price of that load.
        """
        self.page.context.clear_cookies()
        cdp(self.page).send("Storage.clearDataForOrigin", {"origin": self.base, "storageTypes": "all"})
        self.requests.clear()
        self.console_errors.clear()
        self.failed.clear()

    def goto(self, path: str):
        return self.page.goto(self.base + path)

    def assert_clean(self) -> None:
        assert not self.foreign_requests(), f"requests to other hosts: {self.foreign_requests()}"
        assert not self.console_errors, f"console errors: {self.console_errors}"

    def axe(self) -> list[dict]:
        """Run axe-core with our CSP still on (injected by evaluate, not a script tag).

        With JavaScript off, Chromium runs no timers, and axe waits on them:
        for the scan alone they become promise callbacks (the page's own scripts never ran).
        A page is scanned whole: a test that waits for one element after a form post (no
        JavaScript) can get there while the rest is still arriving, its stylesheet not yet applied.
        """
        self.page.wait_for_load_state()
        if not self.javascript:
            self.page.evaluate(NO_TIMERS)
        # Straight to the tab's DevTools session: Playwright's own evaluate adds a third to 650 kB of source.
        cdp(self.page).send("Runtime.evaluate", {"expression": axe_source()})
        result = self.page.evaluate(AXE_RUN, AXE_TAGS)
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
    page.on(
        "response",
        lambda r: r.status >= 400 and r.request.resource_type != "document" and visit.failed.append(r.url),
    )
    return visit


_SESSIONS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def cdp(page):
    """The tab's own DevTools session, opened once: key presses through it cost half of Playwright's."""
    if page not in _SESSIONS:
        _SESSIONS[page] = page.context.new_cdp_session(page)
    return _SESSIONS[page]
