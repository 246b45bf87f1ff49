"""Clare's Law in Chromium (issue 14): both ways in from the Clare's Law page, with and without
JavaScript, to a sent request; then a hub worker, by keyboard alone, finds it by its days left,
opens it (who it is about first), records an outcome, and the audit log has it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import expect

from tests.staff_support import audit_actions, make_user

from .test_staff_journey import Console
from .visit import Visit

# Monday 23 November 2026, 09:00 in London: the first window offered is 10:00 to 12:00.
MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SUBJECT = "Orlando Quillfeather"


def ask(visit: Visit, link: str, someone: bool) -> str:
    """From the Clare's Law page, one way in, filled in as a person would; returns the reference."""
    page = visit.page
    visit.goto("/en/clares-law")
    page.get_by_role("link", name=link).click()
    expect(page.locator("h1")).to_have_text(re.compile("^Ask about"))
    page.locator("#send").click()  # nothing filled in: every error listed, nothing lost
    expect(page.locator(".error-summary")).to_contain_text("Enter their full name")
    assert visit.axe() == []
    page.locator("#subject_name").fill(SUBJECT)
    page.locator("#age").fill("about 40")
    page.locator("#relation-1").check()  # an ex-partner
    if someone:
        page.locator("#at_risk_name").fill("Marigold")
        page.locator("#knows_at_risk-1").check()  # friends
    page.locator("input[name=windows]").first.check()
    page.locator("#contact-0").check()
    page.locator("#phone").fill("07911 123456")
    page.locator("#voicemail-1").check()
    page.locator("#texts-1").check()
    page.locator("#say_who-1").check()
    page.locator("#someone_else-0").check()
    page.locator("#send").click()
    expect(page.locator("h1")).to_have_text("Your request is sent")
    assert ("They usually tell the person at risk, not you." in page.content()) is someone
    assert visit.axe() == []
    visit.assert_clean()
    return page.locator(".reference").inner_text().strip()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_both_ways_in_reach_a_sent_request(open_tab, javascript):
    with time_machine.travel(MORNING, tick=True):
        for link, someone in (("Ask about my partner", False), ("Ask about someone else's partner", True)):
            reference = ask(open_tab(javascript=javascript), link, someone)
            assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)


def test_the_form_fits_320_pixels(open_tab):
    with time_machine.travel(MORNING, tick=True):
        visit = open_tab(viewport={"width": 320, "height": 640})
        visit.goto("/en/clares-law/ask/someone")
        assert visit.page.evaluate("document.documentElement.scrollWidth") <= 320
        assert visit.axe() == []


def test_a_worker_finds_it_by_its_days_left_and_records_an_outcome(open_tab, console_tab, console):
    app, _server = console
    totp = make_user(app, "clares-worker")
    with time_machine.travel(MORNING, tick=True) as clock:
        reference = ask(open_tab(), "Ask about someone else's partner", True)
        clock.move_to(MORNING + timedelta(hours=1, minutes=15))
        console = Console(console_tab())
        console.sign_in("clares-worker", totp)
        page = console.page
        row = page.locator("tr", has_text="28 of 28 days left").filter(has_text=reference)
        expect(row).to_contain_text("Clare's Law")
        console.tab_to(f"#{row.get_by_role('link').get_attribute('id')}")
        page.keyboard.press("Enter")
        expect(page.locator("h1")).to_have_text(f"Request {reference}")
        expect(page.locator(".about")).to_contain_text(SUBJECT)
        expect(page.locator(".days-left")).to_have_text("Answer due: 28 of 28 days left.")
        assert console.visit.axe() == []
        console.tab_to("#outcome-0")
        page.keyboard.press("Space")
        expect(page.get_by_label("Checks started")).to_be_checked()
        page.keyboard.press("Tab")
        page.keyboard.type("PNC checks requested")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.locator("h1")).to_have_text("Request queue")
        console.visit.assert_clean()
    outcome = [a for a in audit_actions(app) if a[0] == "clares-worker" and a[1] == "outcome"]
    assert outcome == [("clares-worker", "outcome", reference.replace("-", ""), "checks-started")]
