"""The "Is this abuse?" check in Chromium, with JavaScript on and off.

A "yes" shows what it may mean and the routes that fit, after the emergency
strip; a "no" shows nothing. No answer leaves the page: no request is made,
the address does not change, nothing is logged, no cookie or storage is
used, and nothing is there to come back with the Back button.
"""

from __future__ import annotations

import logging

import pytest
from playwright.sync_api import expect

from saferoute.help import check

pytestmark = pytest.mark.browser

CHECK = "/en/is-this-abuse"
QUESTIONS = check.QUESTIONS


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def javascript(request):
    return request.param


def answer(page, key: str, value: str) -> None:
    page.locator(f"label[for=q-{key}-{value}]").click()


def meaning(page, index: int):
    return page.locator(".check-meanings > li").nth(index)


def test_nothing_shows_until_a_yes(open_tab, javascript):
    visit = open_tab(javascript=javascript)
    visit.goto(CHECK)
    result = visit.page.locator("#check-result")
    expect(result).to_be_hidden()
    for question in QUESTIONS:
        answer(visit.page, question.key, "no")
    expect(result).to_be_hidden()
    visit.assert_clean()


def test_each_yes_shows_its_own_meaning_after_the_emergency_strip(open_tab, live_app, javascript):
    visit = open_tab(javascript=javascript)
    visit.goto(CHECK)
    page = visit.page
    result = page.locator("#check-result")
    clear = page.get_by_role("button", name="Clear my answers")
    for index, question in enumerate(QUESTIONS):
        answer(page, question.key, "yes")
        expect(result).to_be_visible()
        first = result.locator(":scope > *").nth(1)
        expect(first).to_have_class("emergency")
        expect(first.locator('a[href="tel:999"]')).to_be_visible()
        expect(meaning(page, index)).to_be_visible()
        expect(meaning(page, index).locator("h4")).to_have_text(str(question.topic))
        shown = [i for i in range(len(QUESTIONS)) if meaning(page, i).is_visible()]
        assert shown == [index], f"a yes to {question.key} shows meanings {shown}"
        clear.click()
        expect(result).to_be_hidden()
    visit.assert_clean()


def test_a_yes_shows_the_routes_that_fit(open_tab, live_app, javascript):
    """Stalking: the stalking helpline's number; tech abuse: the page on staying safe online."""
    directory = live_app.extensions["saferoute.directory"]
    visit = open_tab(javascript=javascript)
    visit.goto(CHECK)
    page = visit.page
    keys = [q.key for q in QUESTIONS]
    stalking_number = page.locator(f'.check-meanings a[href="{directory["stalking-helpline"].phone.href}"]')
    online = meaning(page, keys.index("tech")).get_by_role("link", name="Staying safe online")
    expect(stalking_number).to_be_hidden()
    answer(page, "stalking", "yes")
    expect(stalking_number).to_be_visible()
    expect(online).to_be_hidden()
    answer(page, "tech", "yes")
    expect(online).to_be_visible()
    everyone = page.locator("#check-result > .check-routes")
    expect(everyone.locator(f'a[href="{directory["national-helpline"].phone.href}"]')).to_be_visible()
    if "callback.form" in live_app.view_functions:
        expect(everyone.get_by_role("link", name="Ask the police to call you back at a safe time")).to_be_visible()
    visit.assert_clean()


def test_keyboard_alone_answers_and_clears(open_tab, javascript):
    visit = open_tab(javascript=javascript)
    visit.goto(CHECK)
    page = visit.page
    page.locator(f"#q-{QUESTIONS[0].key}-yes").focus()
    page.keyboard.press("Space")
    expect(meaning(page, 0)).to_be_visible()
    page.keyboard.press("Enter")  # no implicit submission from a radio, and nothing to submit to
    page.get_by_role("button", name="Clear my answers").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#check-result")).to_be_hidden()
    assert page.url == visit.base + CHECK


def test_no_answer_leaves_the_page(open_tab, javascript, caplog):
    caplog.set_level(logging.INFO, logger="saferoute.requests")
    visit = open_tab(javascript=javascript)
    visit.goto(CHECK)
    page = visit.page
    page.wait_for_load_state("networkidle")
    requests, logged = len(visit.requests), len(caplog.records)
    history = page.evaluate("history.length") if javascript else None
    for n, question in enumerate(QUESTIONS):
        answer(page, question.key, "yes" if n % 2 else "no")
    page.locator(f"#q-{QUESTIONS[1].key}-yes").focus()
    page.keyboard.press("Enter")
    if javascript:
        # Even a script asking the form to submit sends nothing: method=dialog outside a <dialog>.
        page.evaluate("document.querySelector('.check-form').requestSubmit()")
    page.wait_for_load_state("networkidle")
    assert visit.requests[requests:] == [], "answering sent a request"
    assert [r.getMessage() for r in caplog.records[logged:]] == [], "answering reached the server"
    assert page.url == visit.base + CHECK, "an answer reached the address"
    assert page.context.cookies() == []
    if javascript:
        stored = page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie, history.length]")
        assert stored == [0, 0, "", history]
    expect(page.locator("#check-result")).to_be_visible()  # the answers are still on the page
    visit.assert_clean()


def test_back_brings_no_answer_back(open_tab, javascript):
    """Without JavaScript Back returns to the page (it must be blank); with it, from another address."""
    visit = open_tab(javascript=javascript)
    visit.goto(CHECK)
    page = visit.page
    answer(page, "hurt", "yes")
    if javascript:
        visit.goto("/en/helplines")  # typed in the address bar: not a boosted, replaced move
    else:
        page.locator("footer").get_by_role("link", name="Helplines").click()
        page.wait_for_url("**/en/helplines")
    page.go_back()
    page.wait_for_url(f"**{CHECK}")
    expect(page.locator("h1")).to_have_text("Is this abuse?")
    assert page.evaluate("[...document.querySelectorAll('.check-form input')].some(i => i.checked)") is False
    expect(page.locator("#check-result")).to_be_hidden()


def test_hiding_the_page_clears_the_answers_and_says_where_the_meaning_is(open_tab):
    """A browser may keep a hidden page whole (the back/forward cache): it keeps no answer."""
    visit = open_tab(javascript=True)
    visit.goto(CHECK)
    page = visit.page
    status = page.locator("#check-status")
    expect(status).to_have_text("")
    answer(page, "afraid", "yes")
    expect(status).to_have_text("What your answers may mean is shown after the questions.")
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}))")
    assert page.evaluate("[...document.querySelectorAll('.check-form input')].some(i => i.checked)") is False
    expect(page.locator("#check-result")).to_be_hidden()
    expect(status).to_have_text("")
    visit.assert_clean()
