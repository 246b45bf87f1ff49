"""The first screen is for help: 999 near the top, the language choice one row, in every language."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from saferoute.i18n import KNOWN

from .chromium import NARROW, PHONE

pytestmark = pytest.mark.browser

ALL = tuple(KNOWN)
CALL_999_TOP = 260  # px from the top of a 360x740 screen, at most
ONE_ROW = 48  # px: the closed language choice is one tap target high


@pytest.fixture
def phone(open_tab, every_language):
    return functools.partial(open_tab, server=every_language.server)


def test_call_999_starts_near_the_top_of_the_home_page_in_every_language(phone):
    visit = phone()
    tops = {}
    for code in ALL:
        visit.goto(f"/{code}/")
        tops[code] = visit.page.locator("main a[href='tel:999']").first.bounding_box()["y"]
    assert max(tops.values()) <= CALL_999_TOP, {c: t for c, t in tops.items() if t > CALL_999_TOP}
    visit.assert_clean()


@pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["360px", "320px"])
def test_the_language_choice_is_one_row_named_in_its_own_language(phone, viewport):
    visit = phone(viewport=viewport)
    for code, lang in KNOWN.items():
        visit.goto(f"/{code}/")
        summary = visit.page.locator("nav.languages summary")
        box = summary.bounding_box()
        assert box["height"] <= ONE_ROW, (code, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (code, box)
        assert summary.locator(f"[lang='{code}']").inner_text() == lang.name
        assert summary.locator("svg.globe").is_visible(), "a globe says 'language' to someone who reads none of these"
        assert visit.page.locator("nav.languages ul").is_hidden(), "closed until asked for"
    visit.assert_clean()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_choosing_a_language_by_tapping(phone, javascript):
    visit = phone(javascript=javascript)
    page = visit.page
    visit.goto("/en/helplines")
    page.locator("nav.languages summary").click()
    links = page.locator("nav.languages a")
    expect(links).to_have_count(len(ALL))
    assert visit.axe() == [], "axe with the list open"
    for code, lang in KNOWN.items():
        link = links.and_(page.locator(f"[hreflang='{code}']"))
        assert link.is_visible() and link.inner_text() == lang.name and link.get_attribute("lang") == code
    links.and_(page.locator("[hreflang='pl']")).click()
    page.wait_for_url("**/pl/helplines")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("nav.languages summary [lang='pl']")).to_have_text("Polski")
    visit.assert_clean()


def test_choosing_a_language_by_keyboard_alone(phone):
    visit = phone()
    page = visit.page
    visit.goto("/en/")
    entries = page.evaluate("history.length")
    page.locator(".site-name").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    expect(page.locator("nav.languages ul")).to_be_visible()
    # Tab through the list to Arabic, as a keyboard user would.
    for _ in range(len(ALL)):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == "ar":
            break
    assert page.evaluate("document.activeElement.getAttribute('hreflang')") == "ar"
    page.keyboard.press("Enter")
    page.wait_for_url("**/ar/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.evaluate("history.length") == entries, "changing language added a history entry"
    assert urlsplit(page.url).path == "/ar/"
    # Closed again by keyboard, and Space opens it as well as Enter.
    page.locator(".site-name").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.locator("nav.languages ul")).to_be_visible()
    page.keyboard.press("Space")
    expect(page.locator("nav.languages ul")).to_be_hidden()
    visit.assert_clean()
