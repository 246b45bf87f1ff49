"""Find support in Chromium at phone size: every place and need, by keyboard, with and without JavaScript.

English with JavaScript covers every place and every need (each place once,
the needs in turn). Arabic (right to left) and Polish, and English and Arabic
without JavaScript (what scripts change is the same in every language), get a
sample of the same answers: the markup is the same, and the views tests check
every place with every need. Every answer is axe clean (the empty form is
test_pages.py's to scan), keeps the address and title, and leaves nothing in
the history.
"""

from __future__ import annotations

import itertools

import pytest

from saferoute.directory import ANY_PLACE, NEED_IDS

pytestmark = pytest.mark.browser

PATH = "/{lang}/find-support"


def places(app) -> list[str]:
    return [p.id for p in app.extensions["saferoute.directory"].places] + [ANY_PLACE]


def combinations(app, lang: str, javascript: bool) -> list[tuple[str, str]]:
    """Every place once, each with the next need (and 'no need' in turn); elsewhere a sample of them."""
    pairs = list(zip(places(app), itertools.cycle(["", *NEED_IDS]), strict=False))
    assert {need for _, need in pairs} >= set(NEED_IDS), "more needs than places: add pairs"
    sample = [pairs[0], ("thanet", "sexual-violence"), (ANY_PLACE, "deaf")]
    return pairs if (lang, javascript) == ("en", True) else sample


def choose(page, place: str, need: str) -> None:
    page.select_option("#place", place)
    page.select_option("#need", need)
    page.click("#show")
    page.wait_for_selector("#local")
    page.wait_for_load_state()  # without JavaScript the answer is a new page: all of it, not its first heading


@pytest.mark.parametrize(
    ("lang", "javascript"),
    [("en", True), ("ar", True), ("pl", True), ("en", False), ("ar", False)],
    ids=["en-js", "ar-js", "pl-js", "en-no-js", "ar-no-js"],
)
def test_every_answer_is_clean_and_keeps_the_address(open_tab, live_app, lang, javascript):
    visit = open_tab(javascript=javascript)
    page = visit.page
    path = PATH.format(lang=lang)
    visit.goto(path)
    title = page.title()
    history = page.evaluate("history.length")
    for place, need in combinations(live_app, lang, javascript):
        choose(page, place, need)
        assert page.url == visit.base + path, f"{place}/{need}: the choice reached the address"
        assert page.title() == title, f"{place}/{need}: the title changed"
        assert page.locator("main h1").count() == 1
        if javascript:
            assert page.evaluate("history.length") == history, "an answer added a history entry"
            page.wait_for_function("document.activeElement && document.activeElement.matches('main h1')")
        assert visit.axe() == [], f"{lang} {place}/{need}"
        order = page.evaluate(
            """() => [...document.querySelectorAll('main .emergency, main h2')].map(e => e.id || 'emergency')"""
        )
        assert order[:2] == ["emergency", "local"] and order[-1] in ("national", "for-need")
        page.click(".after-form a")  # "Change your answers": the empty form again
        page.wait_for_selector("#place")
    visit.assert_clean()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_by_keyboard_alone(open_tab, javascript):
    visit = open_tab(javascript=javascript)
    page = visit.page
    visit.goto(PATH.format(lang="en"))
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "place":
            break
    assert page.evaluate("document.activeElement.id") == "place", "Tab reaches the place"
    page.keyboard.type("Swale")  # a closed select picks the option whose name is typed
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "need"
    page.keyboard.type("Stalking")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "show"
    page.keyboard.press("Enter")
    page.wait_for_selector("#local")
    assert "Swale" in page.locator("main").inner_text()
    assert page.locator("#route-stalking-helpline").count() == 1
    if javascript:
        page.wait_for_function("document.activeElement && document.activeElement.matches('main h1')")
    visit.assert_clean()


def test_an_empty_choice_is_explained_and_focused(open_tab):
    visit = open_tab(javascript=True)
    page = visit.page
    visit.goto(PATH.format(lang="en"))
    page.click("#show")
    page.wait_for_selector(".error-summary")
    page.wait_for_function("document.activeElement && document.activeElement.matches('.error-summary')")
    assert page.title().startswith("Error: ")
    assert visit.axe() == []
    visit.assert_clean()


def test_refresh_after_an_answer_forgets_the_choice(open_tab):
    """With JavaScript the answer came by htmx: a refresh loads the empty form, nothing remembered."""
    visit = open_tab(javascript=True)
    page = visit.page
    visit.goto(PATH.format(lang="en"))
    choose(page, "dover", "older")
    page.reload()
    page.wait_for_selector("#place")
    assert page.input_value("#place") == "" and page.input_value("#need") == ""
    assert page.locator("#local").count() == 0
    visit.assert_clean()


def test_leaving_after_an_answer_leaves_nothing_behind_back(tab, live_app):
    t = tab().open_site(PATH.format(lang="en"))
    choose(t.page, "gravesham", "men")
    assert t.history_length() == t.entries
    t.leave_by("button")
    t.assert_left()
