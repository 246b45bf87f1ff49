"""Arabic at phone size: the exit, the language switcher and the numbers are placed and readable."""

from __future__ import annotations

from pathlib import Path

import pytest

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


@pytest.mark.parametrize("path", ["/ar/", "/ar/helplines", "/ar/callback"])
def test_arabic_page_at_phone_size(open_tab, path):
    visit = open_tab()
    visit.goto(path)
    page = visit.page
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"ar{path.replace('/', '_')}.png"), full_page=False)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"

    exit_button = page.locator("#exit")
    box = exit_button.bounding_box()
    assert box["y"] < 20 and box["height"] >= 44 and box["width"] >= 44
    # Right to left: the exit sits at the inline start, the right-hand side.
    assert box["x"] + box["width"] > 360 - 40, box
    assert page.evaluate(
        "() => { const b = document.querySelector('#exit').getBoundingClientRect();"
        " return document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2).closest('#exit') !== null; }"
    )
    assert exit_button.inner_text().strip() and "Leave" not in exit_button.inner_text()

    menu = page.locator("nav.languages summary")
    assert menu.is_visible() and "العربية" in menu.inner_text()
    menu.click()
    switcher = page.locator("nav.languages a[lang='en']")
    assert switcher.is_visible() and switcher.inner_text() == "English"
    assert page.locator("nav.languages a[aria-current]").inner_text() == "العربية"
    menu.click()

    numbers = page.locator("bdi.number")
    assert numbers.count() > 0
    for index in range(numbers.count()):
        number = numbers.nth(index)
        if not number.is_visible():
            continue
        # Digits stay left to right inside Arabic text, unclipped and inside the screen.
        assert number.evaluate("el => getComputedStyle(el).direction") == "ltr"
        assert number.evaluate("el => el.scrollWidth <= el.clientWidth + 1 || el.getClientRects().length > 0")
        rect = number.bounding_box()
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= 360 + 1, (number.inner_text(), rect)
    first_call = page.locator("a[href='tel:999']").first
    assert first_call.locator("bdi.number").inner_text() == "999"
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")
    visit.assert_clean()
