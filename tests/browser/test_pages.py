"""Every page, in Chromium, as a visitor meets it: one load per page and way of looking, many checks.

Pages come from site.py (public pages found from the app; console pages from
its one list), so a new page is covered there. Each is opened once with
JavaScript on, the window resized from 320px wide to a 360x740 phone to what
200% zoom lays out (resizing meets the page as a fresh load at that size does:
the same Tab stops, tap targets, headings and exit), and once with JavaScript
off (in English and Arabic). Every check that width or way of looking needs runs
on that load (checks.py): a request a router could log, a console error, an axe
violation, anything kept on the device, sideways scrolling, a skipped heading,
an exit covered or scrolled away, a focused link hidden under the exit bar,
motion they asked not to see, a number too small to tap. A test reports every
problem its page has, not only the first.

The machine's time goes on the browser, so: one tab for each way of looking
serves every page in turn (reused_tab), and the Tab stops are focused from one
script after one real Tab (checks.tab_stops), which real key presses are checked
against on every English page, forwards on a phone and backwards at 200% zoom.
"""

from __future__ import annotations

import pytest

from saferoute.help.pages import PAGES

from . import checks
from .chromium import DESKTOP, NARROW, PHONE, ZOOM_200
from .site import CONSOLE_PAGES, NOT_CONSOLE_PAGES, NOT_FOUND, console_routes, discover, every_page

PATHS = discover()


def expected_status(path: str) -> int:
    return 404 if path.endswith(NOT_FOUND) else 200


def problems_in(found: dict[str, list]) -> dict[str, list]:
    return {check: problems for check, problems in found.items() if problems}


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


def test_every_console_page_is_listed(console):
    """A new console page goes in site.CONSOLE_PAGES (or, if it is no page, NOT_CONSOLE_PAGES)."""
    app, _server = console
    urls = app.url_map.bind("localhost")
    listed = {urls.match(path.format(request=1).partition("?")[0], method="GET")[0] for path in CONSOLE_PAGES}
    assert console_routes(app) == listed | set(NOT_CONSOLE_PAGES)


def test_axe_finds_what_it_is_asked_to_find(open_tab):
    """The checks below would pass on a page axe never really scanned: see it fail once."""
    visit = open_tab()
    visit.goto("/en/helplines")
    visit.page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/x\">')")
    assert "image-alt" in [v["id"] for v in visit.axe()]


@pytest.mark.parametrize("path", [path for path in PATHS if path.startswith("/en/")])
def test_the_tab_stops_checked_are_the_ones_real_tabbing_reaches(reused_tab, path):
    """checks.keyboard focuses the Tab stops from a script. Real key presses must meet the same stops in the
    same places and looks: forwards on a phone, backwards at 200% zoom (scrolling up). In English: each
    language shows the same template, so the same stops in the same order. One load for both: the script
    focuses every stop itself, and its one real Tab only makes focus show as a keyboard's does."""
    differences = {}
    for viewport, backwards in ((PHONE, False), (ZOOM_200, True)):
        visit = reused_tab(viewport=viewport)
        checks.load(visit, path, expected_status(path))
        pressed = checks.tab_through(visit.page, "Shift+Tab" if backwards else "Tab")
        scripted = checks.tab_stops(visit.page, backwards=backwards)
        if pressed != scripted:
            at = next((i for i, (a, b) in enumerate(zip(pressed, scripted, strict=False)) if a != b), None)
            at = min(len(pressed), len(scripted)) if at is None else at
            differences[(viewport["width"], backwards)] = (at, pressed[at : at + 1], scripted[at : at + 1])
    assert differences == {}, "(width, backwards): (where they part, the stop pressed, the stop scripted)"


@pytest.mark.parametrize("path", [path for path in PATHS if not path.startswith("/pl/")])
def test_without_javascript(reused_tab, path):
    """In English and Arabic (right to left). Polish is there for its long words, which the sweeps with
    JavaScript meet at every width; what scripts change is the same in every language."""
    visit = reused_tab(javascript=False)
    found = {"load": checks.load(visit, path, expected_status(path))}
    found["assets"] = checks.assets(visit, javascript=False)
    found["axe"] = visit.axe()
    found["storage"] = checks.storage(visit)
    found["exit bar"] = checks.exit_bar(visit.page)
    found["failed loads"] = checks.failed_loads(visit)
    found["clean"] = checks.clean(visit)
    assert problems_in(found) == {}


@pytest.mark.parametrize("path", PATHS)
def test_at_320px_on_a_phone_and_at_200_percent_zoom(reused_tab, path):
    """One load, JavaScript on, for every width: 320px first (the first Tab stops and the skip link need
    the page as loaded), then the window resized to a 360x740 phone, to what 200% zoom lays out, and back to
    320px for a word longer than any line in every text. Reduced motion last (no script reads the
    preference, so the emulated one applies to the page as it is)."""
    visit = reused_tab(viewport=NARROW)
    page = visit.page
    found = {"load": checks.load(visit, path, expected_status(path))}
    found["320px: first Tab stops and the skip link"] = checks.skip_link(page)
    found["320px: exit bar"] = checks.exit_bar(page)
    found["320px: sideways"] = checks.scrolls_sideways(page, NARROW["width"])
    page.set_viewport_size(PHONE)
    found["assets"] = checks.assets(visit, javascript=True)
    found["phone: axe"] = visit.axe()
    found["phone: headings"] = checks.headings(page)
    found["phone: tap targets"] = checks.tap_targets(page)
    found["storage"] = checks.storage(visit)
    found["phone: exit bar"] = checks.exit_bar(page)
    found["phone: keyboard"] = checks.keyboard(visit)
    page.set_viewport_size(ZOOM_200)
    found["200%: keyboard"] = checks.keyboard(visit)
    found["200%: sideways"] = checks.sideways(page, ZOOM_200["width"])  # leaves the long word in
    page.set_viewport_size(NARROW)
    found["320px: sideways with a long word"] = checks.scrolls_sideways(page, NARROW["width"], checks.WITH_A_LONG_WORD)
    page.emulate_media(reduced_motion="reduce")
    found["reduced motion"] = checks.reduced_motion(page)
    found["failed loads"] = checks.failed_loads(visit)
    found["clean"] = checks.clean(visit)
    assert problems_in(found) == {}


@pytest.mark.parametrize("path", CONSOLE_PAGES)
@pytest.mark.parametrize("viewport", [DESKTOP, ZOOM_200], ids=["desktop", "200%-zoom"])
def test_console_page(console_tab, console_admin, path, viewport):
    """As a hub worker sees it (signed in as an admin, but for the sign-in page), on a desktop and at 200% zoom."""
    visit = console_tab(viewport, signed_in=path != "/staff/sign-in")
    path = path.format(request=console_admin.request_id)
    found = {"load": checks.load(visit, path, 200)}
    found["axe"] = visit.axe()
    found["headings"] = checks.headings(visit.page)
    found["keyboard"] = checks.keyboard(visit, public=False)
    found["sideways"] = checks.sideways(visit.page, viewport["width"])
    found["clean"] = checks.clean(visit)
    assert problems_in(found) == {}


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
