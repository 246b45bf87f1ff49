"""A tab on a visit to the site, for the exit and navigation tests: a small page object.

Every visit starts on a neutral page on another host (answered by the local
stand-in from conftest.py, so nothing leaves the machine).
"""

from __future__ import annotations

import re
from html import unescape

from playwright.sync_api import expect

NEUTRAL = "https://neutral.example/"
EXITS = ["button", "footer link", "shift x3", "escape x2"]


def destination(app, lang: str = "en") -> str:
    urls = app.config["SAFEROUTE"].exit_urls
    return urls.get(lang, urls[""])


class Tab:
    """One browser tab on a visit: a small page object for the exit tests."""

    def __init__(self, visit, app, javascript: bool = True) -> None:
        self.javascript = javascript
        self.visit = visit
        self.page = visit.page
        self.app = app
        self.entries = 0  # history.length once the site is open
        self.stopped = False

    def history_length(self) -> int:
        return self.page.evaluate("history.length")

    def open_site(self, path: str = "/en/") -> Tab:
        self.page.goto(NEUTRAL)
        self.visit.goto(path)
        if self.javascript:
            self.entries = self.history_length()
            # htmx has boosted the links; then a mark that only a whole-document load clears.
            self.page.wait_for_selector("footer a[data-htmx-powered]", state="attached")
            self.page.evaluate("window.sameDocument = true")
        return self

    def expected(self, path: str) -> tuple[str, str]:
        """The page's <title> and <h1> as the server renders them."""
        html = self.app.test_client().get(path).get_data(as_text=True)
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
        return unescape(title.strip()), unescape(re.sub(r"<[^>]+>", "", heading).strip())

    def stop_time(self) -> None:
        """From here the page's time moves only by page.clock.run_for (the fixture installed the clock).

        The shortcuts count presses within 5 s and 1 s: on a busy machine real time
        between two key presses could run past that and make a test lie either way.
        """
        if not self.stopped:
            self.page.clock.pause_at(self.page.evaluate("Date.now()") + 1000)
            self.stopped = True

    def follow(self, link, path: str) -> None:
        """Click a link to another of our pages: replaced in place, focus on the new <h1>."""
        title, heading = self.expected(path)
        link.click()
        self.page.wait_for_url(f"**{path}")
        expect(self.page.locator("h1")).to_have_text(heading)
        expect(self.page).to_have_title(title)
        assert self.page.evaluate("window.sameDocument === true"), f"{path} was loaded, not boosted"
        focused = self.page.evaluate("document.activeElement.tagName + ':' + document.activeElement.textContent.trim()")
        assert focused == f"H1:{heading}", f"focus after moving to {path} is on {focused}"
        assert self.history_length() == self.entries, f"moving to {path} added a history entry"

    def walk(self) -> list[str]:
        """Home, then four more pages (the callback form among them when it is served)."""
        main, footer = self.page.locator("main"), self.page.locator("footer nav")
        steps = [
            (lambda: main.get_by_role("link", name="Other helplines"), "/en/helplines"),
            (lambda: footer.get_by_role("link", name="Ways to report abuse"), "/en/report"),
        ]
        if "callback.form" in self.app.view_functions:
            steps.append((lambda: footer.get_by_role("link", name="Ask for a safe call back"), "/en/callback"))
        else:
            steps.append(
                (lambda: footer.get_by_role("link", name="Clare's Law: ask about a partner"), "/en/clares-law")
            )
        steps.append((lambda: footer.get_by_role("link", name="Staying safe online"), "/en/staying-safe-online"))
        for link, path in steps:
            self.follow(link(), path)
        return [path for _, path in steps]

    def assert_nothing_stored(self) -> None:
        stored = self.page.evaluate(
            """async () => [localStorage.length, sessionStorage.length, document.cookie,
                (await indexedDB.databases()).length,
                navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0]"""
        )
        assert stored == [0, 0, "", 0, 0], f"something was kept on the device: {stored}"
        assert self.page.context.cookies() == []

    def leave_by(self, how: str) -> None:
        if how == "button":
            self.page.locator("#exit").click()
        elif how == "footer link":
            self.page.locator("footer .exit-link").click()
        elif how == "shift x3":
            self.stop_time()
            for _ in range(3):
                self.page.keyboard.press("Shift")
        elif how == "escape x2":
            self.stop_time()
            self.page.keyboard.press("Escape")
            self.page.keyboard.press("Escape")
        else:
            raise ValueError(how)

    def assert_left(self, lang: str = "en") -> None:
        """On the destination, the visit gone from Back, nothing of ours kept."""
        target = destination(self.app, lang)
        self.page.wait_for_url(target)
        assert self.history_length() == self.entries, "the exit added a history entry"
        self.page.go_back()
        assert self.page.url == NEUTRAL, f"Back went to {self.page.url}, not the page before the site"
        self.page.go_forward()
        self.page.wait_for_url(target)
        state = self.page.context.storage_state()
        assert state["cookies"] == []
        assert not [o for o in state["origins"] if o["origin"] == self.visit.base], state["origins"]

    def still_here(self) -> bool:
        """No exit has started: leaving paints the cover synchronously, before it navigates."""
        return self.page.evaluate("document.querySelector('.exit-cover') === null") and self.page.url.startswith(
            self.visit.base
        )
