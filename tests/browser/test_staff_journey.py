"""The whole journey in Chromium: a person asks for a call back on the public site; a hub
worker signs in to the console (a separate server on the same database), sees it due,
opens it, records "Spoke - contact complete", and it leaves the queue. The console part is done with
the keyboard alone, and every console page passes axe in the state the journey leaves it
(test_pages.py checks each console page as such, at desktop size and 200% zoom).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from playwright.sync_api import expect

from tests.staff_support import PASSWORD, make_request, make_user

from .visit import Visit

# Monday 23 November 2026, 09:00 in London: the first window offered is 10:00 to 12:00.
MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def worker(console) -> pyotp.TOTP:
    app, _server = console
    return make_user(app, "journey-worker", password=PASSWORD)


class Console:
    """The console, driven by the keyboard: Tab to a thing, then type or press Enter."""

    def __init__(self, visit: Visit) -> None:
        self.visit = visit
        self.page = visit.page

    def tab_to(self, selector: str, limit: int = 60) -> None:
        target = self.page.locator(selector)
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if target.evaluate("element => element === document.activeElement"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    def sign_in(self, name: str, totp: pyotp.TOTP) -> None:
        self.visit.goto("/staff/")
        expect(self.page).to_have_url(re.compile(r"/staff/sign-in$"))
        expect(self.page).to_have_title("Sign in - SafeRoute hub console")
        assert self.visit.axe() == []
        self.tab_to("#name")
        self.page.keyboard.type(name)
        self.page.keyboard.press("Tab")
        self.page.keyboard.type(PASSWORD)
        self.page.keyboard.press("Tab")
        self.page.keyboard.type(totp.now())
        self.page.keyboard.press("Enter")
        expect(self.page.locator("h1")).to_have_text("Request queue")

    def due(self):
        return self.page.locator("#group-due")


def ask_for_a_call_back(open_tab) -> str:
    """The public side, as a person on a phone does it; returns the reference shown."""
    visit = open_tab()
    visit.goto("/en/callback")
    page = visit.page
    page.locator("input[data-part]").first.check()  # this morning: at 09:00 only 10:00 to 12:00 is left
    page.locator("#contact-0").check()  # phone call
    page.locator("#phone").fill("07911 123456")
    page.locator("#voicemail-1").check()  # no voicemail
    page.locator("#texts-0").check()  # texts are fine
    page.locator("#say_who-1").check()  # do not say it is the police
    page.locator("#someone_else-2").check()  # say it is a wrong number
    page.locator("#name").fill("Sunflower")
    page.locator("details.optional summary").click()  # the note is one line until wanted
    page.locator("#note").fill("Not before 10, the school run")
    page.locator("#send").click()
    expect(page.locator("h1")).to_have_text("Your request is sent")
    reference = page.locator(".reference").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    visit.assert_clean()
    return reference


def test_a_request_goes_from_the_public_form_to_done(open_tab, console_tab, worker):
    with time_machine.travel(MORNING, tick=True) as clock:
        reference = ask_for_a_call_back(open_tab)
        clock.move_to(MORNING + timedelta(hours=1, minutes=15))  # 10:15: the window is open

        console = Console(console_tab())
        console.sign_in("journey-worker", worker)
        page = console.page
        expect(console.due()).to_contain_text(reference)
        assert console.visit.axe() == []
        assert "07911" not in page.content() and "Sunflower" not in page.content(), "the queue shows no sealed data"

        # Keyboard only: Tab to the request, Enter to open it.
        row_link = console.due().get_by_role("link", name=f"Open request {reference}")
        link_id = row_link.get_attribute("id")
        console.tab_to(f"#{link_id}")
        page.keyboard.press("Enter")
        expect(page.locator("h1")).to_have_text(f"Request {reference}")
        expect(page.locator(".safety")).to_contain_text("No. Do not leave a voicemail.")
        expect(page.locator(".safety")).to_contain_text("Say it is a wrong number.")
        expect(page.locator("#dial")).to_have_attribute("href", "tel:+447911123456")
        expect(page.locator(".contact")).to_contain_text("Not before 10, the school run")
        expect(page.locator(".timing")).to_have_text("A safe time is open now, until 12:00.")
        assert console.visit.axe() == []

        # Find support while on the call: the results replace themselves in place (htmx).
        page.evaluate("window.stillTheSamePage = true")
        console.tab_to("#place")
        page.keyboard.type("Medway")
        console.tab_to(".support-lookup button")
        page.keyboard.press("Enter")
        results = page.locator("#support-results")
        expect(results.locator("#route-choices")).to_contain_text("Choices Domestic Abuse Service")
        assert page.evaluate("window.stillTheSamePage") is True, "swapped in place, not reloaded"
        assert console.visit.axe() == []

        # Radios: Tab into the group, arrows to choose; Space ticks what was done and the referral.
        console.tab_to("#outcome-0")
        for _ in range(3):
            page.keyboard.press("ArrowDown")
        expect(page.get_by_label("Spoke - contact complete")).to_be_checked()
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        expect(page.get_by_label("Advice given")).to_be_checked()
        choices = page.locator("input[name=referred][value=choices]")
        console.tab_to(f"#{choices.get_attribute('id')}")
        page.keyboard.press("Space")
        expect(choices).to_be_checked()
        console.tab_to("#note")
        page.keyboard.type("Spoke; safety plan agreed")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")

        expect(page.locator("h1")).to_have_text("Request queue")
        expect(page.locator(".notice")).to_contain_text(
            f"Recorded for {reference}: Spoke - contact complete. It has left the queue."
        )
        expect(console.due()).not_to_contain_text(reference)
        assert console.visit.axe() == []
        console.visit.assert_clean()


def test_the_queue_refreshes_itself_without_a_reload(console_tab, console, worker):
    app, _server = console
    now = MORNING + timedelta(hours=3)  # after the journey: each one-time code works once
    with time_machine.travel(now, tick=True):
        visit = console_tab()
        Console(visit).sign_in("journey-worker", worker)
        page = visit.page
        page.evaluate("window.stillTheSamePage = true")
        request_id = make_request(app, [(now - timedelta(minutes=30), now + timedelta(minutes=90))])
        expect(page.locator(f"#open-{request_id}")).to_be_visible(timeout=10_000)
        assert page.evaluate("window.stillTheSamePage") is True, "swapped in place, not reloaded"
        visit.assert_clean()


def test_sign_in_errors_are_announced_and_linked(console_tab, worker):
    visit = console_tab()
    visit.goto("/staff/sign-in")
    visit.page.locator("button[type=submit]").click()
    summary = visit.page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(visit.page).to_have_title("Error: Sign in - SafeRoute hub console")
    expect(summary.get_by_role("link", name="Enter your name")).to_have_attribute("href", "#name")
    assert visit.axe() == []
    visit.page.locator("#name").fill("journey-worker")
    visit.page.locator("#password").fill("wrong password entirely")
    visit.page.locator("#code").fill("123456")
    visit.page.locator("button[type=submit]").click()
    expect(visit.page.locator(".error-summary")).to_contain_text("The name, password or code is not right.")
    visit.assert_clean()


def test_console_error_messages_line_up_with_their_questions(console_tab):
    """The console shares the public form macros and their styles: a message sits under its
    label, not shifted into the margin by a class that meant something else on public pages."""
    visit = console_tab()
    visit.goto("/staff/sign-in")
    visit.page.locator("button[type=submit]").click()
    for field in ("name", "password", "code"):
        label = visit.page.locator(f"label[for={field}]").bounding_box()
        message = visit.page.locator(f"#{field}-error").bounding_box()
        box = visit.page.locator(f"#{field}").bounding_box()
        assert label and message and box
        assert abs(message["x"] - label["x"]) < 1 and abs(box["x"] - label["x"]) < 1, field
    visit.assert_clean()


def test_warnings_and_requests_to_check_pass_every_page_check_on_a_phone(console_tab, console):
    """What only an attack shows (a lock-out, a window moved in the database, a request that cannot be
    opened) is as readable as the rest of the console, on a phone, with nothing sideways."""
    from sqlalchemy import update

    from saferoute.callback.models import CallbackRequest, CallbackWindow
    from saferoute.extensions import db
    from saferoute.staff import audit

    from . import checks

    app, _server = console
    now = datetime.now(UTC)
    moved = make_request(app, [(now + timedelta(days=1), now + timedelta(days=1, hours=2))], language="pl")
    broken = make_request(app, [(now + timedelta(hours=2), now + timedelta(hours=4))])
    with app.app_context():
        db.session.execute(
            update(CallbackWindow)
            .where(CallbackWindow.request_id == moved)
            .values(starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(minutes=90))
        )
        db.session.execute(update(CallbackRequest).where(CallbackRequest.id == broken).values(sealed=b"junk"))
        audit.record("journey-target", "locked_out", commit=True)
    phone = {"width": 360, "height": 740}
    visit = console_tab(phone, signed_in=True)
    visit.goto("/staff/")
    expect(visit.page.locator(".warnings")).to_contain_text("journey-target: Account locked")
    expect(visit.page.locator("#group-check")).to_contain_text("Cannot be opened")
    expect(visit.page.locator(f"#row-{moved}")).to_contain_text("Changed in the database")
    for path in ("/staff/", f"/staff/requests/{moved}", f"/staff/requests/{broken}"):
        found = {"load": checks.load(visit, path, 200), "axe": visit.axe(), "headings": checks.headings(visit.page)}
        found["sideways"] = checks.sideways(visit.page, phone["width"])
        found["clean"] = checks.clean(visit)
        assert {check: problems for check, problems in found.items() if problems} == {}, path
    expect(visit.page.locator(".cannot-open")).to_contain_text("This request cannot be opened")


def test_an_outcome_is_recorded_without_javascript(open_tab, console, worker):
    """The lookup is an ordinary form to a page of its own, and the outcome form an ordinary post."""
    app, server = console
    now = MORNING + timedelta(hours=5)  # after the other tests: each one-time code works once
    with time_machine.travel(now, tick=True):
        request_id = make_request(app, [(now - timedelta(minutes=30), now + timedelta(minutes=90))])
        visit = open_tab(javascript=False, server=server, viewport={"width": 1280, "height": 900})
        Console(visit).sign_in("journey-worker", worker)
        page = visit.page
        visit.goto(f"/staff/requests/{request_id}")
        page.select_option("#place", "thanet")
        page.locator(".support-lookup button").click()
        expect(page.locator("h1")).to_have_text("Find support")
        expect(page.locator("#route-oasis")).to_contain_text("Oasis Domestic Abuse Service")
        assert visit.axe() == []
        page.get_by_role("link", name="Back to the request").click()
        page.get_by_label("Spoke - contact complete").check()
        page.get_by_label("Crime report taken").check()
        page.locator("input[name=referred][value=oasis]").check()
        page.locator("button.button", has_text="Record outcome").click()
        expect(page.locator(".notice")).to_contain_text("Spoke - contact complete. It has left the queue.")
        visit.goto(f"/staff/requests/{request_id}")
        expect(page.locator(".history")).to_contain_text("Done: Crime report taken.")
        expect(page.locator(".history")).to_contain_text("Referred to: Oasis Domestic Abuse Service.")
        assert visit.axe() == []
        visit.assert_clean()
