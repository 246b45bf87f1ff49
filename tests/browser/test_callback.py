"""The call-back form in Chromium on a phone-sized screen, with JavaScript on and off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from saferoute.callback import reference as references
from saferoute.callback.models import CallbackRequest
from saferoute.extensions import db
from tests.apps import build_app, make_instance
from tests.browser.live_server import LiveServer

pytestmark = pytest.mark.browser
REFERENCE = re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")
# An error message as the form shows it, its text only.
ERROR = re.compile(r'class="error-message"[^>]*>.*?</span>\s*([^<]*)</p>', re.S)


@pytest.fixture(scope="module")
def callback_app(tmp_path_factory):
    instance = make_instance(tmp_path_factory.mktemp("callback-browser") / "instance")
    return build_app(instance, {"SAFEROUTE_CALLBACK_RATE_LIMIT": "1000 per hour"})


@pytest.fixture(scope="module")
def live_server(callback_app):
    """This module's own server (open_tab uses it), so its sends do not count against other tests."""
    with LiveServer(callback_app) as server:
        yield server


def stored_references(app) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(CallbackRequest.reference)))


def focused(page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.className || document.activeElement.id : ''")


def fill_in(page) -> None:
    page.locator("input[data-part]").nth(2).check()
    page.locator("label[for=contact-0]").click()
    page.fill("#phone", "07911 123456")
    page.locator("label[for=voicemail-1]").click()
    page.locator("label[for=texts-0]").click()
    page.locator("label[for=say_who-1]").click()
    page.locator("label[for=someone_else-1]").click()
    page.fill("#name", "Sam")
    if not page.locator("details.optional").evaluate("more => more.open"):
        # The optional questions are one line until wanted, and open by keyboard, in the order asked.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "avoid"
        page.keyboard.type("My brother")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "purpose-0"
        page.keyboard.press("ArrowDown")  # the second reason: advice and support
        expect(page.locator("#purpose-1")).to_be_checked()
    page.fill("#note", "Ring twice, then wait.")


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_fill_in_and_send_at_phone_size(open_tab, callback_app, javascript):
    visit = open_tab(javascript=javascript)
    page = visit.page
    visit.goto("/en/callback")
    assert page.title() == "Ask for a safe call back - SafeRoute"
    assert visit.axe() == []
    history = page.evaluate("history.length") if javascript else None

    # Sending nothing: the error summary, focused, each message beside its field.
    page.click("#send")
    page.wait_for_selector(".error-summary")
    assert page.title().startswith("Error: ")
    if javascript:
        page.wait_for_function("document.activeElement && document.activeElement.matches('.error-summary')")
    assert page.locator(".error-summary a").count() == 7
    assert page.locator(".error-message").count() == 7
    assert page.url.endswith("/en/callback")
    assert visit.axe() == []
    if javascript:
        page.locator(".error-summary a[href='#phone']").click()
        assert focused(page) == "input" or page.evaluate("document.activeElement.id") == "phone"
        assert "#" not in page.url, "the summary's links add no history entry"

    # Half right: what was typed stays.
    part = page.locator("input[data-part]").nth(2)
    part.check()
    windows_in_part = len(part.get_attribute("value").split())
    page.fill("#phone", "07911 12")
    page.click("#send")
    page.wait_for_selector("#phone-error")
    assert page.input_value("#phone") == "07911 12"
    assert page.locator("input[data-part]").nth(2).is_checked()

    fill_in(page)
    # This send once went unanswered by the sent page, under load: if it happens again, say what came back.
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.click("#send")
    body = answer.value.text()
    assert answer.value.status == 200 and "sent-panel" in body, (answer.value.status, ERROR.findall(body))
    page.wait_for_selector(".sent-panel")
    assert page.title() == "Your request is sent - SafeRoute"
    if javascript:
        page.wait_for_function("document.activeElement && document.activeElement.tagName === 'H1'")
        assert page.evaluate("history.length") == history, "sending added no history entry"
    shown = page.locator(".reference").inner_text().strip()
    assert REFERENCE.match(shown)
    assert references.normalise(shown) in stored_references(callback_app)
    assert shown not in page.url and references.normalise(shown) not in page.url
    assert page.locator(".chosen-times li").count() == windows_in_part
    assert page.get_by_role("link", name="Withdraw your request").count() == 1
    assert visit.axe() == []
    visit.assert_clean()


def test_a_refresh_after_sending_without_javascript_shows_the_same_reference(open_tab, callback_app):
    visit = open_tab(javascript=False)
    page = visit.page
    visit.goto("/en/callback")
    fill_in(page)
    page.click("#send")
    page.wait_for_selector(".sent-panel")
    shown = page.locator(".reference").inner_text().strip()
    before = len(stored_references(callback_app))
    page.reload()  # the browser sends the same form again
    page.wait_for_selector(".sent-panel")
    assert page.locator(".reference").inner_text().strip() == shown
    assert "You had already sent this form" in page.content()
    assert len(stored_references(callback_app)) == before
    visit.assert_clean()


def test_a_double_tap_sends_once(open_tab, callback_app):
    visit = open_tab(javascript=True)
    page = visit.page
    visit.goto("/en/callback")
    fill_in(page)
    before = len(stored_references(callback_app))
    page.locator("#send").dblclick()
    page.wait_for_selector(".sent-panel")
    assert len(stored_references(callback_app)) == before + 1
    visit.assert_clean()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_withdraw_at_phone_size(open_tab, callback_app, javascript):
    visit = open_tab(javascript=javascript)
    page = visit.page
    visit.goto("/en/callback")
    fill_in(page)
    page.click("#send")
    page.wait_for_selector(".sent-panel")
    shown = page.locator(".reference").inner_text().strip()
    page.get_by_role("link", name="Withdraw your request").click()
    page.wait_for_selector("#reference")
    assert visit.axe() == []
    page.fill("#reference", shown.lower().replace("-", " "))
    page.click("#send")
    page.wait_for_selector("text=Request withdrawn")
    assert references.normalise(shown) not in stored_references(callback_app)
    assert visit.axe() == []
    visit.assert_clean()


def test_a_send_that_gets_no_answer_says_so_and_can_be_sent_again(open_tab, callback_app):
    visit = open_tab(javascript=True)
    page = visit.page
    visit.goto("/en/callback")
    fill_in(page)
    failed = page.locator("[data-send-failed]")
    assert failed.is_hidden()
    page.route("**/en/callback", lambda route: route.abort() if route.request.method == "POST" else route.continue_())
    page.click("#send")
    failed.wait_for(state="visible")
    assert page.locator("#phone").input_value() == "07911 123456", "nothing typed is lost"
    page.unroute("**/en/callback")
    before = len(stored_references(callback_app))
    page.click("#send")
    page.wait_for_selector(".sent-panel")
    assert len(stored_references(callback_app)) == before + 1
    assert not visit.foreign_requests()
