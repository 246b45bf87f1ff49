"""Withdrawal timing: does how long a withdrawal takes tell whether the reference existed?

gunicorn as documented (gunicorn.conf.py, SQLite), one client on loopback, as an
attacker probing references would be. Sends TRIES call-back requests first
(untimed), then withdraws each of them interleaved with as many references that
never existed (in each pair the order is random), timing every POST from the
client's side. Prints the median, p10 and p90 of each kind, the difference of
the medians and their ratio; the bar is a difference under 2 ms with at least
200 of each. Rate limits are raised for the run (they are not what is
measured). The machine is shared and noisy: look at the medians, and run it
again before believing one figure.

With --in-process the same requests go straight to the app (Flask's test
client, no HTTP): only the app's own work is timed, which is all that differs
between the two kinds, so a loaded machine blurs the figures less.

Usage: .venv/bin/python bench/withdraw_timing.py [--tries 200] [--in-process]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from _server import gunicorn, make_instance

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from saferoute import config, create_app
from saferoute.callback import reference as references

# (method, path, form or None) -> (page, milliseconds)
Send = Callable[[str, str, "dict | None"], tuple[str, float]]

TOKEN = re.compile(r'name="token" value="([^"]+)"')
WINDOW = re.compile(r'name="windows" value="([^"]+)"')
REFERENCE = re.compile(r'<p class="reference"><bdi[^>]*>([0-9A-Z-]{14})</bdi>')
WITHDRAWN = "Request withdrawn"
HEADERS = {"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"}


def request(base: str, method: str, path: str, data: dict | None = None) -> tuple[str, float]:
    parts = urlsplit(base)
    body = urlencode(data, doseq=True).encode() if data is not None else None
    started = time.perf_counter()
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request(method, path, body=body, headers=HEADERS if body is not None else {})
    response = conn.getresponse()
    text = response.read().decode()
    conn.close()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise RuntimeError(f"{method} {path} answered {response.status}")
    return text, elapsed


@contextmanager
def in_process(instance: Path, env: dict[str, str]) -> Iterator[Send]:
    """The app itself, without a server: each request timed around the test client's call."""
    client = create_app(settings=config.from_environ(env, instance=instance)).test_client()

    def send(method: str, path: str, data: dict | None = None) -> tuple[str, float]:
        started = time.perf_counter()
        response = client.open(path, method=method, data=data, headers=HEADERS if data is not None else {})
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{method} {path} answered {response.status_code}")
        return response.get_data(as_text=True), elapsed

    yield send


@contextmanager
def over_http(env: dict[str, str]) -> Iterator[Send]:
    with gunicorn(env, workers=2) as (base, _process):
        yield partial(request, base)


def send_request(request: Send) -> str:
    form, _ = request("GET", "/en/callback", None)
    answers = {
        "token": TOKEN.search(form).group(1),
        "windows": WINDOW.findall(form)[1:3],
        "contact": "phone",
        "phone": "07911 123456",
        "voicemail": "no",
        "texts": "yes",
        "say_who": "no",
        "someone_else": "hang-up",
        "name": "",
        "note": "",
        "interpreter": "",
        "interpreter_other": "",
        "leave_blank": "",
    }
    sent, _ = request("POST", "/en/callback", answers)
    return REFERENCE.search(sent).group(1)


def describe(name: str, times: list[float]) -> float:
    deciles = statistics.quantiles(times, n=10)
    median = statistics.median(times)
    print(f"  {name:<8} n={len(times):<4} median {median:7.2f} ms   p10 {deciles[0]:7.2f}   p90 {deciles[-1]:7.2f}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tries", type=int, default=200, help="withdrawals of each kind (at least 200)")
    parser.add_argument("--in-process", action="store_true", help="time the app itself, without HTTP")
    args = parser.parse_args()
    instance, env = make_instance()
    env.update(
        {
            "SAFEROUTE_LANGUAGES": "en",
            "SAFEROUTE_CALLBACK_RATE_LIMIT": f"{args.tries * 2} per hour",
            "SAFEROUTE_WITHDRAW_RATE_LIMIT": f"{args.tries * 4} per hour",
        }
    )
    with in_process(instance, env) if args.in_process else over_http(env) as request:
        real = [send_request(request) for _ in range(args.tries)]
        page, _ = request("GET", "/en/callback/withdraw", None)
        token = TOKEN.search(page).group(1)

        def withdraw(shown: str) -> float:
            text, elapsed = request("POST", "/en/callback/withdraw", {"token": token, "reference": shown})
            if WITHDRAWN not in text:
                raise RuntimeError("a withdrawal was not answered as one")
            return elapsed

        for _ in range(10):  # warm every worker up (unknown references change nothing)
            withdraw(references.format(references.new()))
        times: dict[str, list[float]] = {"real": [], "unknown": []}
        for shown in real:
            pair = [("real", shown), ("unknown", references.format(references.new()))]
            random.shuffle(pair)
            for kind, typed in pair:
                times[kind].append(withdraw(typed))
    paired = [r - u for r, u in zip(times["real"], times["unknown"], strict=True)]
    how = "in the app, without HTTP" if args.in_process else "over HTTP to gunicorn"
    print(f"withdrawal timing ({how}): {args.tries} real and {args.tries} unknown references, interleaved")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    real_median, unknown_median = describe("real", times["real"]), describe("unknown", times["unknown"])
    print(f"  difference of the medians: {real_median - unknown_median:+.2f} ms (bar: under 2 ms either way)")
    print(f"  ratio of the medians, real / unknown: {real_median / unknown_median:.3f}")
    # Each pair ran back to back, so this one is steadier when the machine's load drifts.
    print(f"  median of the paired differences: {statistics.median(paired):+.2f} ms")


if __name__ == "__main__":
    main()
