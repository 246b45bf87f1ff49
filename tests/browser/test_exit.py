"""The quick exit, in Chromium, as a person in a hurry uses it.

Every visit starts on a neutral page on another host (answered by the local
stand-in, so nothing leaves the machine), walks through the site with boosted
links, then leaves. What must hold: the tab ends on the exit destination,
Back lands on the neutral page and never on the site, the visit added nothing
to the tab's history, and nothing of ours is left on the device.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .tab import EXITS, Tab, destination

# ---- Leaving, by every path ----------------------------------------------------------


@pytest.mark.parametrize("how", EXITS)
def test_leaving_after_a_visit_leaves_nothing_behind_back(tab, live_app, how):
    t = tab().open_site()
    t.walk()
    t.assert_nothing_stored()
    before = len(t.visit.requests)
    t.leave_by(how)
    t.page.wait_for_url(destination(live_app))
    sent = t.visit.requests[before:]
    assert sent == [destination(live_app)], f"leaving asked for more than the destination: {sent}"
    t.assert_left()
    assert not t.visit.console_errors, t.visit.console_errors


def leave_without_javascript(t: Tab, app) -> None:
    """The exit link, then our redirect to the destination. Playwright cannot answer a redirect's next
    hop with the stand-in, so the tab asks for the destination and shows the browser's own error page
    (no name resolves but loopback: chromium.py)."""
    with t.page.expect_request(destination(app)):
        t.page.locator("#exit").click()
    t.page.wait_for_url(lambda url: not url.startswith(t.visit.base))


def test_without_javascript_the_exit_link_still_leaves(tab, live_app):
    t = tab(javascript=False).open_site()
    t.page.locator("footer nav").get_by_role("link", name="Helplines").click()
    t.page.wait_for_url("**/en/helplines")
    leave_without_javascript(t, live_app)
    # What the "Staying safe online" page warns about: a plain link cannot take the site out of Back.
    t.page.go_back()
    assert t.page.url.endswith("/en/helplines")
    exit_requests = [u for u in t.visit.requests if "/exit?" in u]
    assert exit_requests == [t.visit.base + "/exit?lang=en"]


def test_without_javascript_nothing_carries_a_referrer(tab, live_app):
    t = tab(javascript=False)
    referrers = {}
    t.visit.page.on("request", lambda r: referrers.setdefault(r.url, r.headers.get("referer")))
    t.open_site()
    leave_without_javascript(t, live_app)
    assert referrers[t.visit.base + "/exit?lang=en"] is None
    assert referrers[destination(live_app)] is None


COVER = """() => {
  const cover = document.querySelector('.exit-cover');
  const probe = document.createElement('div');
  probe.style.background = 'Canvas';  // CSSOM, not markup: allowed by the page's CSP
  document.documentElement.appendChild(probe);
  const canvas = getComputedStyle(probe).backgroundColor;
  probe.remove();
  const exit = document.getElementById('exit').getBoundingClientRect();
  const points = [[1, 1], [innerWidth - 2, innerHeight - 2], [innerWidth / 2, innerHeight / 2],
                  [exit.x + exit.width / 2, exit.y + exit.height / 2]];
  return {
    covers: !!cover && points.every(([x, y]) => document.elementFromPoint(x, y) === cover),
    system_colour: !!cover && getComputedStyle(cover).backgroundColor === canvas,
    title: document.title, inert: document.body.inert, navigation: window.leaving,
  };
}"""


@pytest.mark.parametrize("how", EXITS)
def test_leaving_covers_the_page_blanks_the_title_then_replaces(tab, live_app, how):
    """What leaving does before the destination arrives, seen by holding the navigation back."""
    t = tab().open_site("/en/helplines")
    t.page.evaluate(
        """() => navigation.addEventListener('navigate', event => {
             window.leaving = [event.navigationType, event.destination.url];
             event.preventDefault();
           })"""
    )
    t.leave_by(how)
    assert t.page.evaluate(COVER) == {
        "covers": True,
        "system_colour": True,
        "title": "",
        "inert": True,
        "navigation": ["replace", destination(live_app)],
    }


# ---- The keyboard shortcuts ----------------------------------------------------------


def test_one_shift_is_announced_politely_in_the_pages_words(tab):
    t = tab().open_site("/en/helplines")
    t.stop_time()  # however slow the machine, the 5 seconds do not run out while we look
    region = t.page.locator("#exit-status")
    assert region.get_attribute("role") == "status" and region.get_attribute("aria-live") == "polite"
    t.page.keyboard.press("Shift")
    expect(region).to_have_text(region.get_attribute("data-shift-1"))
    assert "Shift pressed 1 time" in region.text_content()
    expect(t.page.locator(".exit-bar")).to_have_attribute("data-presses", "1")
    t.page.keyboard.press("Shift")
    expect(region).to_have_text(region.get_attribute("data-shift-2"))
    assert t.still_here()


def test_shift_three_times_within_5_seconds_leaves(tab, live_app):
    t = tab()
    t.open_site()
    t.stop_time()
    t.page.keyboard.press("Shift")
    t.page.clock.run_for(2450)
    t.page.keyboard.press("Shift")
    t.page.clock.run_for(2450)  # 4.9 s after the first press
    assert t.still_here()
    t.page.keyboard.press("Shift")
    t.assert_left()


def test_shift_three_times_slower_than_5_seconds_does_not_leave(tab):
    t = tab()
    t.open_site()
    t.stop_time()
    region = t.page.locator("#exit-status")
    t.page.keyboard.press("Shift")
    t.page.clock.run_for(2550)
    t.page.keyboard.press("Shift")
    t.page.clock.run_for(2550)  # 5.1 s after the first press
    expect(region).to_have_text(region.get_attribute("data-shift-reset"))
    t.page.keyboard.press("Shift")
    assert t.still_here()
    expect(region).to_have_text(region.get_attribute("data-shift-1"))  # counting again, from one
    t.page.keyboard.press("Shift")
    t.page.keyboard.press("Shift")
    t.assert_left()


FIELD = "<label for='probe'>Name</label><input id='probe' type='text'>"


def add_to_page(t: Tab, html: str) -> None:
    """Put a control in the page (there to test the exit's keys, whatever form a page has)."""
    t.page.evaluate("html => document.querySelector('main').insertAdjacentHTML('beforeend', html)", html)


def test_typing_capitals_in_a_field_does_not_leave(tab):
    t = tab().open_site("/en/helplines")
    add_to_page(t, FIELD)
    field = t.page.locator("#probe")
    field.focus()
    t.stop_time()
    keyboard = t.page.keyboard
    for letter in "SAFE":  # Shift held down around each capital, released after the letter
        keyboard.down("Shift")
        keyboard.press(f"Key{letter}")
        keyboard.up("Shift")
    keyboard.type(" at ")
    for letter in "HOME":  # released before the letter: Shift down, letter down, Shift up, letter up
        keyboard.down("Shift")
        keyboard.down(f"Key{letter}")
        keyboard.up("Shift")
        keyboard.up(f"Key{letter}")
    assert field.input_value() == "SAFE at HOME"
    assert t.still_here()
    assert "Shift" not in (t.page.locator("#exit-status").text_content() or "")
    # Shift on its own still counts while typing in a box: the page says so.
    for _ in range(3):
        keyboard.press("Shift")
    t.assert_left()


@pytest.mark.parametrize(
    "control",
    [
        "<input id='probe' type='text' aria-label='x'>",
        "<input id='probe' type='search' aria-label='x'>",
        "<input id='probe' type='tel' aria-label='x'>",
        "<input id='probe' aria-label='x'>",
        "<textarea id='probe' aria-label='x'></textarea>",
        "<select id='probe' aria-label='x'><option>a</option><option>b</option></select>",
        "<div id='probe' contenteditable='true' aria-label='x'>note</div>",
    ],
    ids=["text", "search", "tel", "untyped input", "textarea", "select", "contenteditable"],
)
def test_escape_in_a_text_field_does_not_leave(tab, control):
    t = tab().open_site("/en/helplines")
    add_to_page(t, control)
    t.page.locator("#probe").focus()
    for _ in range(4):
        t.page.keyboard.press("Escape")
    assert t.still_here()


def test_escape_twice_on_a_checkbox_leaves(tab):
    """Esc is ignored only where people type: a checkbox takes no typing."""
    t = tab().open_site("/en/helplines")
    add_to_page(t, "<input id='probe' type='checkbox' aria-label='x'>")
    t.page.locator("#probe").focus()
    t.page.keyboard.press("Escape")
    t.page.keyboard.press("Escape")
    t.assert_left()


def test_escape_twice_slower_than_1_second_does_not_leave(tab):
    t = tab()
    t.open_site("/en/helplines")
    t.stop_time()
    region = t.page.locator("#exit-status")
    t.page.keyboard.press("Escape")
    expect(region).to_have_text(region.get_attribute("data-escape-1"))
    t.page.clock.run_for(1100)
    t.page.keyboard.press("Escape")
    assert t.still_here()
    t.page.clock.run_for(900)
    t.page.keyboard.press("Escape")  # 0.9 s after the one before
    t.assert_left()


def test_another_key_between_two_escapes_does_not_leave(tab):
    t = tab().open_site("/en/helplines")
    for key in ("Escape", "ArrowDown", "Escape"):
        t.page.keyboard.press(key)
    assert t.still_here()


# ---- Always there, never covered (and on every page at 360px and 320px: test_pages.py) -----


def test_exit_is_not_printed(open_tab):
    visit = open_tab()
    visit.goto("/en/helplines")
    visit.page.emulate_media(media="print")
    expect(visit.page.locator("#exit")).to_be_hidden()
    expect(visit.page.locator("footer .exit-link")).to_be_hidden()
    expect(visit.page.locator("h1")).to_be_visible()
