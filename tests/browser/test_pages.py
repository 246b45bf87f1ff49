"""Every public page, in Chromium, as a visitor meets it.

Pages are found from the app (tests/browser/site.py), so a new page is
covered without touching this file. Each check is something a person would
notice: a request a router could log, a console error, an axe violation, a
cookie, sideways scrolling, a skipped heading, a focused link hidden under
the exit bar, motion they asked not to see, a number too small to tap.
"""

from __future__ import annotations

import itertools

import pytest

from saferoute.help.pages import PAGES

from .conftest import PHONE
from .site import NOT_FOUND, discover, every_page

PATHS = discover()
NARROW = {"width": 320, "height": 640}
# A 1280x720 window zoomed to 200% lays pages out in 640x360 CSS pixels.
ZOOM_200 = {"width": 640, "height": 360}
VIEWPORTS = {"320px": NARROW, "200%-zoom": ZOOM_200}
CALL_TARGET = 44  # px: numbers people tap in a hurry (WCAG 2.5.5)
MIN_TARGET = 24  # px: every other link that stands alone (WCAG 2.2, 2.5.8)
DOCUMENT_404 = "Failed to load resource: the server responded with a status of 404 (NOT FOUND)"


def expected_status(path: str) -> int:
    return 404 if path.endswith(NOT_FOUND) else 200


def forgive_own_404(visit, response) -> None:
    """Chromium reports a page's own 404 as a console error: that one, once, is expected."""
    if response.status == 404:
        assert visit.console_errors[-1:] == [DOCUMENT_404]
        visit.console_errors.pop()


def test_every_page_is_found(live_app):
    """Discovery must not quietly shrink: home, every guidance page, the callback form if served."""
    found = every_page(live_app)
    assert found == PATHS
    assert "/en/" in found
    for page in PAGES:
        assert f"/en/{page.slug}" in found
    if "callback.form" in live_app.view_functions:
        assert "/en/callback" in found
    assert f"/en/{NOT_FOUND}" in found


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("path", PATHS)
def test_page_is_clean_and_passes_axe(open_tab, path, javascript):
    visit = open_tab(javascript=javascript)
    failed = []
    visit.page.on(
        "response", lambda r: r.status >= 400 and r.request.resource_type != "document" and failed.append(r.url)
    )
    response = visit.goto(path)
    assert response.status == expected_status(path)
    visit.page.wait_for_load_state("networkidle")
    ours = [u for u in visit.requests if u.startswith(visit.base)]
    assert any(u.endswith("/static/css/site.css") for u in ours), "the request log recorded nothing"
    if javascript:
        assert any(u.endswith("/static/vendor/htmx.min.js") for u in ours)
    assert visit.axe() == []
    assert failed == [], f"{path}: these failed to load"
    forgive_own_404(visit, response)
    visit.assert_clean()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_no_cookie_or_storage_after_every_page(open_tab, javascript):
    visit = open_tab(javascript=javascript)
    for path in PATHS:
        forgive_own_404(visit, visit.goto(path))
        if javascript:
            stored = visit.page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]")
            assert stored == [0, 0, ""], f"{path} left something on the device: {stored}"
    assert visit.page.context.cookies() == []
    visit.assert_clean()


NO_SIDEWAYS = """() => {
  const root = document.scrollingElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1)
    .map(el => el.outerHTML.slice(0, 80));
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.slice(0, 5)};
}"""

# A word longer than any line, as a translation or a pasted address might bring.
# (The exit button alone keeps its words whole: its label is short in every language.)
LONG_WORD = "Kinderbetreuungseinrichtungsverwaltungsangelegenheiten" * 2
STRETCH = """word => {
  const texts = 'h1, h2, h3, p, li, a:not(.exit-button), label, legend, .call span, .exit-hint';
  for (const el of document.querySelectorAll(texts)) {
    el.append(' ' + word);
  }
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
@pytest.mark.parametrize("path", PATHS)
def test_no_sideways_scrolling(open_tab, path, viewport):
    visit = open_tab(viewport=viewport)
    visit.goto(path)
    seen = visit.page.evaluate(NO_SIDEWAYS)
    assert seen["clientWidth"] == viewport["width"]
    assert seen["scrollWidth"] <= seen["clientWidth"], f"{path} scrolls sideways: {seen}"
    visit.page.evaluate(STRETCH, LONG_WORD)
    seen = visit.page.evaluate(NO_SIDEWAYS)
    assert seen["scrollWidth"] <= seen["clientWidth"], f"{path}: a long word pushes it sideways: {seen}"


HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]')]
  .filter(h => h.getClientRects().length)
  .map(h => ({level: Number(h.getAttribute('aria-level') || h.tagName.slice(1)), text: h.textContent.trim(),
              inMain: !!h.closest('main')}))"""


@pytest.mark.parametrize("path", PATHS)
def test_headings_in_order(open_tab, path):
    visit = open_tab()
    visit.goto(path)
    headings = visit.page.evaluate(HEADINGS)
    outline = [(h["level"], h["text"]) for h in headings]
    assert [h["level"] for h in headings].count(1) == 1, f"{path}: needs one h1: {outline}"
    assert headings[0]["level"] == 1 and headings[0]["inMain"], f"{path}: the h1 must come first, in main: {outline}"
    for before, after in itertools.pairwise(headings):
        assert after["level"] <= before["level"] + 1, f"{path}: skips from {before} to {after}"


FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const bar = document.querySelector('.exit-bar');
  const rects = [...el.getClientRects()];
  const first = rects[0];
  const hit = first && document.elementFromPoint(first.left + first.width / 2, first.top + first.height / 2);
  const style = getComputedStyle(el);
  return {
    what: el.outerHTML.slice(0, 90),
    where: Math.round(first ? first.top + scrollY : -1),
    inBar: !!(bar && bar.contains(el)),
    top: Math.min(...rects.map(r => r.top)),
    bottom: Math.max(...rects.map(r => r.bottom)),
    barBottom: bar ? bar.getBoundingClientRect().bottom : 0,
    height: innerHeight,
    onTop: !!hit && (hit === el || el.contains(hit)),
    ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none',
  };
}"""


def tab_through(page, key: str, limit: int = 150) -> list[dict]:
    """Press `key` until focus leaves the page or comes round again; the state after each press."""
    states: list[dict] = []
    seen = set()
    for _ in range(limit):
        page.keyboard.press(key)
        state = page.evaluate(FOCUS)
        if state is None or (state["what"], state["where"]) in seen:
            break
        seen.add((state["what"], state["where"]))
        states.append(state)
    return states


def hidden_focus(states: list[dict]) -> list[str]:
    problems = []
    for s in states:
        if not s["ring"]:
            problems.append(f"no visible focus ring: {s['what']}")
        if not s["onTop"]:
            problems.append(f"covered: {s['what']}")
        if not s["inBar"] and s["top"] < s["barBottom"] - 0.5:
            problems.append(f"under the exit bar ({s['top']:.0f} < {s['barBottom']:.0f}): {s['what']}")
        if s["bottom"] > s["height"] + 0.5 or s["top"] < 0:
            problems.append(f"off screen: {s['what']}")
    return problems


@pytest.mark.parametrize("viewport", [PHONE, ZOOM_200], ids=["phone", "200%-zoom"])
@pytest.mark.parametrize("path", PATHS)
def test_keyboard_focus_is_never_hidden_under_the_exit_bar(open_tab, path, viewport):
    visit = open_tab(viewport=viewport)
    forgive_own_404(visit, visit.goto(path))
    forward = tab_through(visit.page, "Tab")
    assert len(forward) >= 8, f"{path}: Tab reached only {len(forward)} elements"
    assert forward[0]["inBar"], "the exit is the first thing Tab reaches"
    forgive_own_404(
        visit, visit.goto(path)
    )  # Shift+Tab from the top starts at the bottom and scrolls up: the risky way
    backward = tab_through(visit.page, "Shift+Tab")
    assert len(backward) == len(forward)
    assert hidden_focus(forward + backward) == []
    visit.assert_clean()


@pytest.mark.parametrize("path", PATHS)
def test_skip_link_lands_below_the_exit_bar(open_tab, path):
    visit = open_tab()
    visit.goto(path)
    visit.page.keyboard.press("Tab")
    visit.page.keyboard.press("Tab")
    skip = visit.page.evaluate(FOCUS)
    assert skip["what"].startswith('<a class="skip-link"'), skip
    assert hidden_focus([skip]) == []
    visit.page.keyboard.press("Enter")
    landed = visit.page.evaluate(
        "() => [document.activeElement.id, document.querySelector('main').getBoundingClientRect().top,"
        " document.querySelector('.exit-bar').getBoundingClientRect().bottom]"
    )
    assert landed[0] == "main"
    assert landed[1] >= landed[2] - 0.5, f"{path}: main starts under the exit bar: {landed}"


MOTION = """() => {
  const moving = [];
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      const lasts = list => list.split(',').some(d => parseFloat(d) > 0);
      if (lasts(s.transitionDuration) || (s.animationName !== 'none' && lasts(s.animationDuration))) {
        moving.push((pseudo || '') + el.outerHTML.slice(0, 60));
      }
    }
  }
  return {
    reduce: matchMedia('(prefers-reduced-motion: reduce)').matches,
    scroll: getComputedStyle(document.documentElement).scrollBehavior,
    moving: moving.slice(0, 5),
  };
}"""


@pytest.mark.parametrize("path", PATHS)
def test_reduced_motion_is_respected(open_tab, path):
    visit = open_tab()
    visit.page.emulate_media(reduced_motion="reduce")
    visit.goto(path)
    visit.page.keyboard.press("Tab")  # focus styles count too
    visit.page.keyboard.press("Shift")  # and the exit's count of Shift presses (one press does not leave)
    seen = visit.page.evaluate(MOTION)
    assert seen["reduce"], "the preference was not emulated"
    assert seen["scroll"] == "auto"
    assert seen["moving"] == [], f"{path} still moves: {seen['moving']}"


TARGETS = """() => [...document.querySelectorAll('a[href], button, summary, input[type=submit]')]
  .filter(el => el.getClientRects().length && !el.closest('[aria-hidden=true], .visually-hidden, .skip-link'))
  .map(el => {
    const r = el.getBoundingClientRect();
    const call = /^(tel|sms):/.test(el.getAttribute('href') || '') || el.matches('.exit-button');
    // A link inside a sentence is exempt from the 24px rule (WCAG 2.5.8 "inline").
    const block = el.parentElement;
    const inline = getComputedStyle(el).display === 'inline'
      && block.textContent.trim() !== el.textContent.trim();
    return {what: el.outerHTML.slice(0, 80), width: r.width, height: r.height, call, inline};
  })"""


@pytest.mark.parametrize("path", PATHS)
def test_tap_targets_are_big_enough(open_tab, path):
    visit = open_tab()
    visit.goto(path)
    targets = visit.page.evaluate(TARGETS)
    calls = [t for t in targets if t["call"]]
    assert calls, f"{path}: no number to call at all"
    small_calls = [t for t in calls if t["width"] < CALL_TARGET or t["height"] < CALL_TARGET]
    assert small_calls == [], f"{path}: numbers smaller than {CALL_TARGET}px"
    small = [t for t in targets if not t["inline"] and (t["width"] < MIN_TARGET or t["height"] < MIN_TARGET)]
    assert small == [], f"{path}: links smaller than {MIN_TARGET}px"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_home_first_screen_answers_i_need_help_now(open_tab, live_app, javascript):
    """On a 360x740 phone, before any scrolling: the exit, the h1, Call 999, and the silent line."""
    press = live_app.extensions["saferoute.directory"]["silent-solution"].extra["press"]
    visit = open_tab(javascript=javascript)
    visit.goto("/en/")
    page = visit.page
    first_screen = {
        "exit": page.locator("#exit"),
        "h1": page.locator("h1"),
        "call 999": page.locator('main a[href="tel:999"]').first,
        "silent solution": page.locator("main p", has_text=f"press {press}").first,
    }
    for name, locator in first_screen.items():
        box = locator.bounding_box()
        assert box is not None, f"{name} is not on the page"
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], f"{name} is below the first screen: {box}"
    call = first_screen["call 999"].bounding_box()
    assert call["height"] >= 48 and call["width"] >= 88, "the 999 button is the biggest thing to tap"
    visit.assert_clean()
