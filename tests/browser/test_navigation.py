"""One history entry for the whole visit: however a person moves around the site.

Boosted links replace the entry (test_exit.py walks through five pages); here
are the other ways of moving: the skip link, the language switcher (a whole
new document, followed with location.replace), a link to another site (replaced,
as the exit is), something asking htmx to push, and a form that swaps only part
of its page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.apps import build_app, make_instance

from .live_server import LiveServer
from .tab import Tab

pytestmark = pytest.mark.browser


def test_skip_link_moves_to_the_content_without_a_history_entry(tab):
    t = tab().open_site("/en/helplines")
    t.page.keyboard.press("Tab")
    t.page.keyboard.press("Tab")
    assert t.page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    t.page.keyboard.press("Enter")
    t.page.wait_for_url("**/en/helplines#main")
    assert t.page.evaluate("document.activeElement.id") == "main"
    assert t.history_length() == t.entries, "the skip link added a history entry"
    t.leave_by("shift x3")
    t.assert_left()


def test_nothing_can_push_a_history_entry(tab):
    """An element that asks htmx to push (hx-push-url) still replaces."""
    t = tab().open_site("/en/helplines")
    t.page.evaluate(
        """() => {
          document.querySelector('main').insertAdjacentHTML('beforeend',
            '<a id="pushy" href="/en/report" hx-push-url="true">Report</a>');
          htmx.process(document.getElementById('pushy'));
        }"""
    )
    t.follow(t.page.locator("#pushy"), "/en/report")
    t.leave_by("button")
    t.assert_left()


def test_a_form_that_swaps_part_of_its_page_keeps_the_address(tab):
    """The address inherited from <body> is for whole pages: a targeted swap leaves it alone."""
    t = tab().open_site("/en/helplines")
    t.page.route(
        f"{t.visit.base}/en/probe-part",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p id='probe-done'>Saved</p>"),
    )
    t.page.evaluate(
        """() => {
          document.querySelector('main').insertAdjacentHTML('beforeend',
            '<form id="probe" method="post" action="/en/probe-part" hx-post="/en/probe-part" hx-target="#probe-out">' +
            '<button id="probe-send">Send</button></form><div id="probe-out"></div>');
          htmx.process(document.getElementById('probe'));
        }"""
    )
    t.page.locator("#probe-send").click()
    expect(t.page.locator("#probe-out #probe-done")).to_have_text("Saved")
    assert urlsplit(t.page.url).path == "/en/helplines", f"a partial swap changed the address to {t.page.url}"
    assert t.history_length() == t.entries
    assert t.page.evaluate("document.activeElement.id") == "probe-send", (
        "a partial swap moved focus to the page's heading"
    )
    assert t.page.evaluate("window.sameDocument === true")
    assert not t.visit.console_errors, t.visit.console_errors


def test_the_callback_form_still_answers_in_place(tab, live_app):
    """The callback form posts with its own hx-post and target: boosting must not take it over."""
    assert "callback.form" in live_app.view_functions
    t = tab().open_site()
    t.follow(t.page.locator("footer nav").get_by_role("link", name="Ask for a safe call back"), "/en/callback")
    t.page.locator("#send").click()  # nothing filled in: the form comes back with its errors
    expect(t.page.locator("#callback .error-summary")).to_be_visible()
    assert urlsplit(t.page.url).path == "/en/callback"
    assert t.history_length() == t.entries
    assert t.page.evaluate("window.sameDocument === true"), "the form reloaded the page"
    t.leave_by("shift x3")
    t.assert_left()
    assert not t.visit.console_errors, t.visit.console_errors


# ---- The language switcher: a whole new document, without a new entry ---------------

EXIT_EN, EXIT_PL = "https://weather.example/en", "https://pogoda.example/"


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    """A second site serving English and Polish, each with its own exit."""
    app = build_app(
        make_instance(tmp_path_factory.mktemp("bilingual") / "instance"),
        {"SAFEROUTE_LANGUAGES": "en pl", "SAFEROUTE_EXIT_URL": f"{EXIT_EN} pl={EXIT_PL}"},
    )
    with LiveServer(app) as server:
        yield app, server


@pytest.fixture
def bilingual_tab(open_tab, bilingual):
    app, server = bilingual
    visit = open_tab(server=server, stand_in=True, own=True)  # its clock is the test's
    visit.page.clock.install()
    return Tab(visit, app)


def test_changing_language_reloads_the_page_in_place(bilingual_tab):
    t = bilingual_tab.open_site("/en/helplines")
    t.page.locator("nav.languages summary").click()
    switch = t.page.locator("nav.languages a[hreflang='pl']")
    assert switch.get_attribute("data-reload") is not None
    switch.click()
    t.page.wait_for_url("**/pl/helplines")
    expect(t.page.locator("html")).to_have_attribute("lang", "pl")
    assert t.page.evaluate("window.sameDocument") is None, "the language changed without a new document"
    assert t.history_length() == t.entries, "changing language added a history entry"
    # Still one entry after moving on in Polish, and the exit is Polish's own.
    t.page.evaluate("window.sameDocument = true")
    t.follow(t.page.locator("footer nav a[href='/pl/report']"), "/pl/report")
    expect(t.page.locator("html")).to_have_attribute("lang", "pl")
    assert t.page.locator("#exit").get_attribute("data-exit-url") == EXIT_PL
    t.leave_by("escape x2")
    t.assert_left(lang="pl")
    assert t.page.url == EXIT_PL
    assert not t.visit.console_errors, t.visit.console_errors


# ---- Links to other sites: replaced, as the exit is ------------------------------------

OUTBOUND = "main a[href^='https://']"


@pytest.mark.parametrize("how", ["tap", "keyboard"])
def test_a_link_to_another_site_takes_the_visits_place_in_back(tab, how):
    t = tab().open_site()
    t.follow(t.page.locator("main").get_by_role("link", name="Other helplines"), "/en/helplines")
    link = t.page.locator(OUTBOUND).first
    href = link.get_attribute("href")
    assert link.get_attribute("rel") == "noreferrer noopener"
    if how == "tap":
        link.click()
    else:
        link.focus()
        t.page.keyboard.press("Enter")
    t.page.wait_for_url(href)
    assert t.history_length() == t.entries, "following a link to another site added a history entry"
    t.page.go_back()
    assert t.page.url == "https://neutral.example/", f"Back went to {t.page.url}, not the page before the site"
    assert not t.visit.console_errors, t.visit.console_errors


def test_without_javascript_a_link_to_another_site_is_an_ordinary_link(tab):
    """What "Staying safe online" says: without JavaScript, Back shows the site again."""
    t = tab(javascript=False).open_site("/en/helplines")
    link = t.page.locator(OUTBOUND).first
    href = link.get_attribute("href")
    link.click()
    t.page.wait_for_url(href)
    t.page.go_back()
    assert t.page.url.endswith("/en/helplines")
