"""What a person would notice on a page, each as a check that returns its problems ([] when none).

test_pages.py runs them on every page: several checks share one load, so a new
page costs a few loads, not one per promise. A check that needs a fresh page
says so; the others only read the page (or say what they change).
"""

from __future__ import annotations

import itertools

from .visit import cdp

CALL_TARGET = 44  # px: numbers people tap in a hurry (WCAG 2.5.5)
MIN_TARGET = 24  # px: every other link that stands alone (WCAG 2.2, 2.5.8)
DOCUMENT_404 = "Failed to load resource: the server responded with a status of 404 (NOT FOUND)"


def load(visit, path: str, status: int) -> list[str]:
    """Open `path`; Chromium reports a page's own 404 as a console error: that one, once, is expected."""
    response = visit.goto(path)
    if visit.javascript:
        # htmx, a deferred script, starts in a timer task that a busy machine can run after the load event:
        # one timer turn later it has run, so every check meets the page as its scripts made it. (Tab.open_site
        # waits for a boosted link instead; console pages have none.)
        visit.page.evaluate("() => new Promise(done => setTimeout(done))")
    if response.status != status:
        return [f"status {response.status}, expected {status}"]
    if status == 404:
        if visit.console_errors[-1:] != [DOCUMENT_404]:
            return [f"a 404 page without the browser's one report of it: {visit.console_errors}"]
        visit.console_errors.pop()
    return []


def clean(visit) -> list[str]:
    return [f"request to another host: {u}" for u in visit.foreign_requests()] + [
        f"console error: {e}" for e in visit.console_errors
    ]


def failed_loads(visit) -> list[str]:
    return [f"failed to load: {url}" for url in visit.failed]


def assets(visit, javascript: bool) -> list[str]:
    ours = [u for u in visit.requests if u.startswith(visit.base)]
    wanted = ["/static/css/site.css"] + (["/static/vendor/htmx.min.js"] if javascript else [])
    return [f"{asset} was not loaded" for asset in wanted if not any(u.endswith(asset) for u in ours)]


STORED = """async () => [localStorage.length, sessionStorage.length, document.cookie,
    (await indexedDB.databases()).length,
    navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0]"""


def storage(visit) -> list[str]:
    """Nothing kept on the device: no cookie, and (with JavaScript) no web storage of any kind."""
    problems = [f"cookie: {c['name']}" for c in visit.page.context.cookies()]
    if visit.javascript:
        stored = visit.page.evaluate(STORED)
        if stored != [0, 0, "", 0, 0]:
            problems.append(f"left on the device [local, session, cookie, indexedDB, workers]: {stored}")
    return problems


HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]')]
  .filter(h => h.getClientRects().length)
  .map(h => ({level: Number(h.getAttribute('aria-level') || h.tagName.slice(1)), text: h.textContent.trim(),
              inMain: !!h.closest('main')}))"""


def headings(page) -> list[str]:
    found = page.evaluate(HEADINGS)
    outline = [(h["level"], h["text"]) for h in found]
    problems = []
    if [h["level"] for h in found].count(1) != 1:
        problems.append(f"needs one h1: {outline}")
    if not found or found[0]["level"] != 1 or not found[0]["inMain"]:
        problems.append(f"the h1 must come first, in main: {outline}")
    for before, after in itertools.pairwise(found):
        if after["level"] > before["level"] + 1:
            problems.append(f"skips from {before} to {after}")
    return problems


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


def tap_targets(page) -> list[str]:
    targets = page.evaluate(TARGETS)
    calls = [t for t in targets if t["call"]]
    problems = [] if calls else ["no number to call at all"]
    problems += [
        f"a number smaller than {CALL_TARGET}px: {t}" for t in calls if min(t["width"], t["height"]) < CALL_TARGET
    ]
    problems += [
        f"a link smaller than {MIN_TARGET}px: {t}"
        for t in targets
        if not t["inline"] and min(t["width"], t["height"]) < MIN_TARGET
    ]
    return problems


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


def scrolls_sideways(page, width: int, with_what: str = "") -> list[str]:
    """Laid out `width` CSS pixels wide, with nothing wider: no sideways scrolling."""
    seen = page.evaluate(NO_SIDEWAYS)
    problems = [] if seen["clientWidth"] == width else [f"laid out {seen['clientWidth']}px wide, not {width}px"]
    if seen["scrollWidth"] > seen["clientWidth"]:
        problems.append(f"scrolls sideways{with_what}: {seen}")
    return problems


WITH_A_LONG_WORD = " with a word longer than any line in every text"


def sideways(page, width: int) -> list[str]:
    """No sideways scrolling, as served and with a word longer than any line in every text.

    Changes the page: the long word is left in.
    """
    problems = scrolls_sideways(page, width)
    page.evaluate(STRETCH, LONG_WORD)
    return problems + scrolls_sideways(page, width, WITH_A_LONG_WORD)


# What a person sees of a focused element: its ring, whether it is on top, where it is against the exit bar.
DESCRIBE = """el => {
  const bar = document.querySelector('.exit-bar');
  const rects = [...el.getClientRects()];
  const first = rects[0];
  const hit = first && document.elementFromPoint(first.left + first.width / 2, first.top + first.height / 2);
  const style = getComputedStyle(el);
  return {
    what: el.outerHTML.slice(0, 90),
    id: el.id,
    href: el.getAttribute('href'),
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
FOCUS = f"""() => {{
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  return ({DESCRIBE})(el);
}}"""
# The Tab stops in the browser's order (DOM order: no positive tabindex here; one radio a group, the
# checked one, else the first going forwards and the last going backwards), each focused in turn from the
# top of the page as Tab or Shift+Tab would, and described. test_pages.py checks this against real tabbing.
SWEEP = f"""backwards => {{
  const focusable = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
  const stops = [...document.querySelectorAll(focusable)].filter(el => {{
    if (el.tabIndex < 0 || el.disabled || el.closest('[inert]') || !el.checkVisibility({{visibilityProperty: true}})) {{
      return false;
    }}
    if (el.type !== 'radio' || !el.name) return true;
    const group = [...(el.form || document).querySelectorAll(`input[type=radio][name="${{CSS.escape(el.name)}}"]`)];
    return el === (group.find(r => r.checked) || (backwards ? group.at(-1) : group[0]));
  }});
  if (backwards) stops.reverse();
  scrollTo(0, 0);
  return stops.map(el => {{ el.focus(); return ({DESCRIBE})(el); }});
}}"""


def focused(page) -> dict | None:
    """The focused element, described (FOCUS), read straight from the tab's DevTools session as the key
    presses are sent: a press and its read cost a sixth less than through Playwright's evaluate."""
    answer = cdp(page).send("Runtime.evaluate", {"expression": f"({FOCUS})()", "returnByValue": True})
    return answer["result"].get("value")


TAB = {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9}
SHIFT = 8  # CDP's modifier bit


def press_tab(page, backwards: bool = False) -> None:
    """Tab (or Shift+Tab) as the keyboard sends it, down and up, straight to Chromium."""
    session = cdp(page)
    modifiers = SHIFT if backwards else 0
    session.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "modifiers": modifiers, **TAB})
    session.send("Input.dispatchKeyEvent", {"type": "keyUp", "modifiers": modifiers, **TAB})


def tab_through(page, key: str, limit: int = 150) -> list[dict]:
    """Press `key` (Tab or Shift+Tab) until focus leaves the page or comes round again; the state after each."""
    states: list[dict] = []
    seen = set()
    for _ in range(limit):
        press_tab(page, backwards=key == "Shift+Tab")
        state = focused(page)
        # Round again: back at the first stop (which may sit elsewhere now the page has scrolled), or any.
        if state is None or (states and state["what"] == states[0]["what"]) or (state["what"], state["where"]) in seen:
            break
        seen.add((state["what"], state["where"]))
        states.append(state)
    return states


def hidden_focus(states: list[dict]) -> list[str]:
    """A focused element must show a ring, be on top, clear of the exit bar and wholly on screen;
    one taller than the screen (a scrolling table at 200% zoom) cannot be, so it must be partly on screen."""
    problems = []
    for s in states:
        if s["bottom"] - s["top"] > s["height"] - s["barBottom"]:
            if s["top"] >= s["height"] or s["bottom"] <= s["barBottom"] or not s["ring"]:
                problems.append(f"taller than the screen and not in view, or without a ring: {s['what']}")
            continue
        if not s["ring"]:
            problems.append(f"no visible focus ring: {s['what']}")
        if not s["onTop"]:
            problems.append(f"covered: {s['what']}")
        if not s["inBar"] and s["top"] < s["barBottom"] - 0.5:
            problems.append(f"under the exit bar ({s['top']:.0f} < {s['barBottom']:.0f}): {s['what']}")
        if s["bottom"] > s["height"] + 0.5 or s["top"] < 0:
            problems.append(f"off screen: {s['what']}")
    return problems


def first_tab_stops(states: list[dict]) -> list[str]:
    """On public pages the exit is the first Tab stop and the skip link the second."""
    first_two = [s["id"] or s["href"] for s in states[:2]]
    return [] if first_two == ["exit", "#main"] else [f"the first Tab stops are {first_two}, not the exit and #main"]


def tab_stops(page, backwards: bool = False) -> list[dict]:
    """Every Tab stop as the keyboard reaches it, from one script: forty real key presses cost a second
    and a half of the machine, this a few milliseconds. One real Tab first, so that focus shows as it
    does for a keyboard user (test_pages.py checks the result is what real tabbing gives)."""
    press_tab(page)
    return page.evaluate(SWEEP, backwards)


def keyboard(visit, public: bool = True) -> list[str]:
    """Every Tab stop forwards, then Shift+Tab from the top (it starts at the bottom and scrolls up under
    the exit bar: the risky way): each with a ring, on top, clear of the exit bar and on screen."""
    forward = tab_stops(visit.page)
    backward = tab_stops(visit.page, backwards=True)
    problems = []
    if public and len(forward) < 8:
        problems.append(f"Tab reaches only {len(forward)} elements")
    if public:
        problems += first_tab_stops(forward)
    return problems + hidden_focus(forward + backward)


LANDED = """() => [document.activeElement.id, document.querySelector('main').getBoundingClientRect().top,
  document.querySelector('.exit-bar').getBoundingClientRect().bottom]"""


def skip_link(page) -> list[str]:
    """On a freshly loaded page: real Tab presses reach the exit, then the skip link (with a ring, on top,
    clear of the exit bar); Enter on it lands on main, below the exit bar."""
    first_two = tab_through(page, "Tab", limit=2)
    problems = first_tab_stops(first_two)
    if problems:
        return problems
    problems = hidden_focus(first_two[1:])
    page.keyboard.press("Enter")
    landed_on, main_top, bar_bottom = page.evaluate(LANDED)
    if landed_on != "main":
        problems.append(f"the skip link moved focus to {landed_on!r}, not main")
    if main_top < bar_bottom - 0.5:
        problems.append(f"main starts under the exit bar: {main_top} < {bar_bottom}")
    return problems


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


def reduced_motion(page) -> list[str]:
    """With reduced motion emulated (the stylesheet reads it; no script does): nothing moves, focus styles and
    the exit's count included."""
    page.keyboard.press("Tab")  # focus styles count too
    page.keyboard.press("Shift")  # and the exit's count of Shift presses (one press does not leave)
    seen = page.evaluate(MOTION)
    if not seen["reduce"]:
        return ["the preference was not emulated"]
    problems = [] if seen["scroll"] == "auto" else [f"scroll-behavior is {seen['scroll']}"]
    return problems + [f"still moves: {m}" for m in seen["moving"]]


EXIT_GEOMETRY = """() => {
  const exit = document.getElementById('exit');
  const box = exit.getBoundingClientRect();
  const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
  return {top: box.top, width: box.width, height: box.height,
          inside: box.left >= 0 && box.right <= innerWidth,
          unobscured: !!hit && hit.closest('#exit') === exit};
}"""
FOOTER_EXIT_UNCOVERED = """() => { const a = document.querySelector('footer .exit-link'), b = a.getBoundingClientRect();
  return document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2) === a; }"""


def exit_bar(page) -> list[str]:
    """The exit: visible at the top, unobscured and big enough, before and after scrolling to the
    bottom, where the footer's exit link is uncovered too. Scrolls back to the top."""
    problems = []
    at_top = page.evaluate(EXIT_GEOMETRY)
    if not (at_top["top"] <= 12 and at_top["inside"] and at_top["unobscured"]):
        problems.append(f"the exit is not at the top, inside and uncovered: {at_top}")
    if at_top["width"] < 44 or at_top["height"] < 44:
        problems.append(f"the exit is smaller than 44px: {at_top}")
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    page.wait_for_function("Math.ceil(scrollY + innerHeight) >= document.scrollingElement.scrollHeight - 1")
    scrolled = page.evaluate(EXIT_GEOMETRY)
    if not (scrolled["top"] <= 12 and scrolled["unobscured"]):
        problems.append(f"after scrolling to the bottom the exit is gone or covered: {scrolled}")
    if not page.evaluate(FOOTER_EXIT_UNCOVERED):
        problems.append("the exit link closing the page is covered")
    page.evaluate("window.scrollTo(0, 0)")
    return problems
