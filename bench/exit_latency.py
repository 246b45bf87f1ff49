"""Quick-exit latency in Chromium: from the input event to the cover and to the navigation.

For each way of leaving (a click on the button, Shift pressed 3 times, Esc
pressed twice) and over many runs, a fresh tab opens a page of the site served
by gunicorn, leaves it, and reports, in milliseconds after the input event that
triggered the exit (its event.timeStamp):

  dispatched     the browser hands the event to the page's first listener (before any
                 of ours): time spent in the browser's input pipeline, not in our code
  handled        our handler has run: cover in the document, title blank, replace called
  frame          the next animation frame begins: the frame that paints the cover
  painted        a task posted from that frame runs: the frame has been produced
  navigate       the navigate event fires: location.replace has started the navigation
  nav start      the destination document's time origin (its navigation start),
                 on the same clock
  next paint     the browser's own answer (Event Timing, as INP measures it): when the
                 frame after the triggering event was presented. It reports only
                 events whose next paint came 16 ms or later, in 8 ms steps, so the
                 table gives how many runs missed 16 ms and the median of those.

A first row, for comparison, times the smallest change the page makes: one
Shift press showing its progress dot (no exit, so no navigation columns).

The destination is answered by a local stand-in after a delay (like a real
network), so the old page lives long enough for its frame to be timed. The
probe is an init script: it runs before the page's own scripts, so it sees the
input event first, and learns of the cover from a MutationObserver.
Aim: the cover painted within one frame (16 ms), the navigation within 50 ms.

Usage: .venv/bin/python bench/exit_latency.py [--runs 50] [--delay-ms 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
from pathlib import Path
from urllib.parse import urlsplit

from _server import gunicorn, make_instance

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, PHONE

PAGE = "/en/helplines"
# The floor: one Shift press shows the first progress dot, a change as small as any.
# However fast the exit is, its cover cannot reach the screen sooner than this.
BASELINE = "1 Shift, dot"
DESTINATION = "https://exit.example/weather"
PROBE = """
(() => {
  if (location.origin !== %(origin)s) return;
  const m = {};
  let last = null, seen = null;
  for (const type of ['click', 'keydown', 'keyup'])
    addEventListener(type, event => { last = event.timeStamp; seen = performance.now(); }, true);
  navigation.addEventListener('navigate', event => {
    if (m.navigate == null) { m.navigate = performance.now(); m.kind = event.navigationType; }
  });
  new PerformanceObserver(list => {
    for (const entry of list.getEntries())
      if (m.input != null && Math.abs(entry.startTime - m.input) < 0.01
          && ['click', 'keydown', 'keyup'].includes(entry.name))
        window.exitBenchEvent(JSON.stringify({name: entry.name, duration: entry.duration}));
  }).observe({type: 'event', durationThreshold: 16, buffered: true});
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver(() => {
      if (m.cover != null) return;
      const changed = document.querySelector('.exit-cover') ||
        (window.exitBenchBaseline && document.querySelector('.exit-bar[data-presses]'));
      if (!changed) return;
      m.cover = performance.now();
      m.input = last;
      m.dispatched = seen;
      requestAnimationFrame(() => {
        m.frame = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          m.painted = performance.now();
          m.origin = performance.timeOrigin;
          window.exitBenchReport(JSON.stringify(m));
        };
        channel.port2.postMessage(0);
      });
    }).observe(document.documentElement,
               {childList: true, subtree: true, attributes: true, attributeFilter: ['data-presses']});
  });
})();
"""
STAND_IN = "<!doctype html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"
MEASURES = ("dispatched", "handled", "frame", "painted", "navigate", "nav start", "next paint")


# At a person's pace: a key or button held about 80 ms, about 150 ms between presses.
# (Presses a millisecond apart would time the browser's frame for the previous press.)
HOLD, GAP = 0.08, 0.15


async def press(page, key: str) -> None:
    await page.keyboard.down(key)
    await asyncio.sleep(HOLD)
    await page.keyboard.up(key)
    await asyncio.sleep(GAP)


async def leave(page, how: str) -> None:
    if how == "click":
        box = await page.locator("#exit").bounding_box()
        await page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        await asyncio.sleep(GAP)
        await page.mouse.down()
        await asyncio.sleep(HOLD)
        await page.mouse.up()
    elif how == "shift x3":
        for _ in range(3):
            await press(page, "Shift")
    elif how == "escape x2":
        for _ in range(2):
            await press(page, "Escape")


async def one_run(context, base: str, how: str) -> dict[str, float]:
    page = await context.new_page()
    reports: asyncio.Queue = asyncio.Queue()
    late: list[dict] = []
    await page.expose_function("exitBenchReport", reports.put_nowait)
    await page.expose_function("exitBenchEvent", lambda text: late.append(json.loads(text)))
    await page.goto(base + PAGE)
    await page.wait_for_selector("footer a[data-htmx-powered]", state="attached")  # htmx is up too
    if how == BASELINE:
        await page.evaluate("window.exitBenchBaseline = true")
        await press(page, "Shift")
        m = json.loads(await asyncio.wait_for(reports.get(), 10))
        await asyncio.sleep(0.3)  # for Event Timing's report, if it makes one
        destination_origin = None
    else:
        await leave(page, how)
        m = json.loads(await asyncio.wait_for(reports.get(), 10))
        await page.wait_for_url(DESTINATION)  # Event Timing has reported by then, if it will
        destination_origin = await page.evaluate("performance.timeOrigin")
        assert m["kind"] == "replace", m
    await page.close()
    t0 = m["input"]
    return {
        "dispatched": m["dispatched"] - t0,
        "handled": m["cover"] - t0,
        "frame": m["frame"] - t0,
        "painted": m["painted"] - t0,
        "navigate": m["navigate"] - t0 if destination_origin else None,
        "nav start": destination_origin - (m["origin"] + t0) if destination_origin else None,
        "next paint": late[0]["duration"] if late else None,  # None: under 16 ms
    }


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


async def measure(base: str, runs: int, delay_ms: int) -> dict[str, dict[str, list[float]]]:
    from playwright.async_api import async_playwright

    ours = urlsplit(base).netloc

    async def stand_in(route):
        await asyncio.sleep(delay_ms / 1000)  # a real destination is not instant either
        await route.fulfill(status=200, content_type="text/html", body=STAND_IN)

    results: dict[str, dict[str, list[float]]] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport=PHONE)
        await context.route(lambda url: urlsplit(url).netloc != ours, stand_in)
        await context.add_init_script(PROBE % {"origin": json.dumps(base)})
        for how in (BASELINE, "click", "shift x3", "escape x2"):
            await one_run(context, base, how)  # warm-up, not counted
            runs_of = results.setdefault(how, {name: [] for name in MEASURES})
            for _ in range(runs):
                for name, value in (await one_run(context, base, how)).items():
                    runs_of[name].append(value)
        await browser.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--delay-ms", type=int, default=300, help="how long the stand-in destination takes to answer")
    args = parser.parse_args()
    _, env = make_instance()
    env["SAFEROUTE_EXIT_URL"] = DESTINATION
    with gunicorn(env) as (base, _):
        results = asyncio.run(measure(base, args.runs, args.delay_ms))
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Quick exit latency, Chromium ({CHROMIUM}), {args.runs} runs each, {PHONE['width']}x{PHONE['height']}, "
        f"load average {load} on {os.cpu_count()} cores"
    )
    print("milliseconds after the input event; median / p90")
    timed = MEASURES[:-1]
    print(f"{'':12}" + "".join(f"{name:>16}" for name in timed) + f"{'next paint':>22}")
    for how, measured in results.items():
        cells = "".join(
            f"{statistics.median(v):>9.1f} /{p90(v):>5.1f}" if None not in v else f"{'-':>16}"
            for v in (measured[name] for name in timed)
        )
        late = [v for v in measured["next paint"] if v is not None]
        paint = f"{len(late)}/{len(measured['next paint'])} >=16" + (
            f", median {statistics.median(late):.0f}" if late else ""
        )
        print(f"{how:12}{cells}{paint:>22}")
    exits = [m for how, m in results.items() if how != BASELINE]
    worst_paint = max(statistics.median(m["painted"]) for m in exits)
    worst_nav = max(statistics.median(m["navigate"]) for m in exits)
    print(
        f"aim: cover painted within 16 ms (worst median {worst_paint:.1f}), "
        f"navigation started within 50 ms (worst median {worst_nav:.1f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
