"""Choosing safe times on a phone: the form fits, parts of days and exact times are stored exactly.

The clock is Monday 23 November 2026, 10:00 in London: the week then has eight rows
(what is left of today, and next Monday morning), the tallest the form gets.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime

import pytest
import time_machine
from playwright.sync_api import expect
from sqlalchemy import select

from saferoute.callback import reference as references
from saferoute.callback.models import CallbackRequest
from saferoute.extensions import db
from saferoute.i18n import KNOWN

pytestmark = pytest.mark.browser

MONDAY_1000 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
# The whole form, from the top of the page to its Send button, at 360x740.
TALLEST = {"en": 2600}
TALLEST_OTHER = 3200
FORM_BOTTOM = "Math.round(document.querySelector('form.form').getBoundingClientRect().bottom + scrollY)"


@pytest.fixture
def phone(open_tab, every_language):
    with time_machine.travel(MONDAY_1000, tick=True):
        yield functools.partial(open_tab, server=every_language.server)


def stored_starts(app, shown_reference: str) -> list[datetime]:
    with app.app_context():
        row = db.session.scalars(
            select(CallbackRequest).where(CallbackRequest.reference == references.normalise(shown_reference))
        ).one()
        return [w.starts_at for w in row.windows]


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def answer_the_rest(page) -> None:
    page.locator("label[for=contact-0]").click()
    page.fill("#phone", "07911 123456")
    for field in ("voicemail-1", "texts-1", "say_who-1", "someone_else-0"):
        page.locator(f"label[for={field}]").click()


def part(page, first: str):
    return page.locator(f"#windows-{first}-part")


def exact(page, value: str):
    return page.locator(f"#windows-{value}")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_whole_form_fits_in_every_language(phone, javascript):
    visit = phone(javascript=javascript)
    heights = {}
    for code in KNOWN:
        visit.goto(f"/{code}/callback")
        assert visit.page.locator(".week-day").count() == 8
        heights[code] = visit.page.evaluate(FORM_BOTTOM)
    too_tall = {c: h for c, h in heights.items() if h > TALLEST.get(c, TALLEST_OTHER)}
    assert not too_tall, f"form heights at 360x740: {heights}"
    visit.assert_clean()


def test_choosing_times_takes_about_a_screen_and_a_half(phone):
    visit = phone()
    visit.goto("/en/callback")
    picker = visit.page.locator(".safe-times").bounding_box()
    assert picker["height"] <= 740 * 1.5, picker


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_part_of_a_day_and_exact_times_are_stored_exactly(phone, every_language, javascript):
    app = every_language.app
    visit = phone(javascript=javascript)
    page = visit.page
    visit.goto("/en/callback")
    part(page, "20261123T1200Z").click()  # Monday afternoon: 12:00, 14:00 and 16:00
    page.locator(".exact-times summary").click()
    if javascript:
        # The part's own times tick with it; unticking one leaves the part partly chosen.
        for value in ("20261123T1200Z", "20261123T1400Z", "20261123T1600Z"):
            expect(exact(page, value)).to_be_checked()
        exact(page, "20261123T1400Z").uncheck()
        expect(part(page, "20261123T1200Z")).not_to_be_checked()
        assert part(page, "20261123T1200Z").evaluate("box => box.indeterminate")
        expected = [at(23, 12), at(23, 16), at(24, 8)]
    else:
        exact(page, "20261123T1200Z").check()  # already in the afternoon: sent twice, kept once
        expected = [at(23, 12), at(23, 14), at(23, 16), at(24, 8)]
    exact(page, "20261124T0800Z").check()
    answer_the_rest(page)
    page.click("#send")
    page.wait_for_selector(".sent-panel")
    assert stored_starts(app, page.locator(".reference").inner_text().strip()) == expected
    assert page.locator(".chosen-times li").count() == len(expected)
    assert visit.axe() == []
    visit.assert_clean()


def test_a_whole_row_of_parts_by_keyboard_and_the_error_link_lands_on_the_first_box(phone):
    visit = phone()
    page = visit.page
    visit.goto("/en/callback")
    page.click("#send")
    expect(page.locator(".error-summary")).to_be_focused()
    page.locator(".error-summary a").first.click()
    first = part(page, "20261123T1200Z")  # at 10:00 the first time left today is the afternoon
    expect(first).to_be_focused()
    row = first.locator("xpath=ancestor::fieldset[1]")
    assert row.locator("legend [aria-hidden]").inner_text() == "Today", "short on screen"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    evening = part(page, "20261123T1800Z")
    expect(evening).to_be_focused()
    expect(evening).to_be_checked()
    cell = page.locator(".week-cell:has(#windows-20261123T1800Z-part)")
    assert cell.evaluate("el => getComputedStyle(el).outlineStyle") == "solid", "the focused cell shows it"
    # A screen reader hears the day, then the part and its times.
    label = first.evaluate("box => box.labels[0].textContent.replace(/\\s+/g, ' ').trim()")
    assert label == "Afternoon, 12:00 to 18:00"
    day = page.get_by_role("group", name="Today, Monday 23 November", exact=True)
    expect(day).to_have_count(1)
    # (Chromium reads a space before the hidden comma: "Afternoon , 12:00 to 18:00".)
    expect(day.get_by_role("checkbox", name=re.compile(r"^Afternoon ?, 12:00 to 18:00$"))).to_be_checked()
    page.locator(".exact-times summary").click()
    assert visit.axe() == [], "axe with errors shown and the exact times open"
    visit.assert_clean()
