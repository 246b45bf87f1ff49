"""Call-back load: gunicorn as documented, concurrent submissions on loopback, SQLite and PostgreSQL.

For each database: fetch SUBMISSIONS fresh forms (untimed), then measure
  - GET /en/ (the home page) HOME times, CONCURRENCY at once: the baseline;
  - POST /en/callback SUBMISSIONS times, CONCURRENCY at once, each its own form;
  - RETRIES of those posts sent again at once (a refresh, a double tap): each must
    answer with the reference it got the first time;
then reads the database and checks that every acknowledged reference is stored
exactly once, and nothing else is. Prints requests/s, p50/p99 latency, errors
and the ratio of submissions to home-page GETs measured in the same run.
Bounded by counts (and a 10 s timeout per request); stops by itself.

Usage: .venv/bin/python bench/callback_load.py [--submissions 1500] [--home 1500] [--concurrency 16]
       [--retries 200] [--databases sqlite,postgres]
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from _server import gunicorn, make_instance

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.storage import PostgresServer

TOKEN = re.compile(r'name="token" value="([^"]+)"')
WINDOW = re.compile(r'name="windows" value="([^"]+)"')
REFERENCE = re.compile(r'<p class="reference"><bdi[^>]*>([0-9A-Z-]{14})</bdi>')
POST_HEADERS = {"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"}
TIMEOUT = 10


class Client:
    """One HTTP/1.1 connection per thread (gunicorn's sync workers close it after each answer)."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.local = threading.local()

    def request(self, method: str, path: str, body: bytes | None = None, headers=None) -> tuple[int, str, float]:
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            conn.close()
            return response.status, text, time.perf_counter() - started
        except (OSError, http.client.HTTPException) as exc:  # no answer, or cut off part-way (0: none)
            return 0, type(exc).__name__, time.perf_counter() - started


def run(jobs, concurrency: int):
    """Run the callables at `concurrency` at once; returns (results, wall seconds)."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(lambda job: job(), jobs))
    return results, time.perf_counter() - started


def summary(name: str, results, seconds: float, ok) -> dict:
    latencies = sorted(r[2] * 1000 for r in results)
    errors = sum(1 for r in results if not ok(r))
    figures = {
        "name": name,
        "count": len(results),
        "rps": len(results) / seconds,
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "errors": errors,
    }
    print(
        f"  {name:30} {figures['count']:6d} req  {figures['rps']:8.1f} req/s  p50 {figures['p50']:7.2f} ms  "
        f"p99 {figures['p99']:7.2f} ms  errors {errors}"
    )
    if errors:
        statuses = Counter(r[0] for r in results if not ok(r))
        print("    failed answers by status (0: no answer): " + ", ".join(f"{k} x{v}" for k, v in statuses.items()))
    return figures


def body_for(form_html: str, rng: random.Random, n: int) -> bytes:
    windows = WINDOW.findall(form_html)
    chosen = rng.sample(windows[7:], 2)  # from tomorrow on: none can pass during the run
    return urlencode(
        {
            "token": TOKEN.search(form_html).group(1),
            "windows": chosen,
            "contact": rng.choice(["phone", "video", "textphone"]),
            "phone": f"07911 {100000 + n}",
            "voicemail": "no",
            "texts": "yes",
            "say_who": "no",
            "someone_else": "hang-up",
            "name": "",
            "note": f"bench note {n}",
            "interpreter": rng.choice(["", "pl", "bsl"]),
            "interpreter_other": "",
            "leave_blank": "",
        },
        doseq=True,
    ).encode()


def stored(database_url: str) -> tuple[list[str], int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as conn:
        references = [row[0] for row in conn.execute(text("SELECT reference FROM callback_request"))]
        keys = conn.execute(text("SELECT COUNT(DISTINCT idempotency_key) FROM callback_request")).scalar()
    engine.dispose()
    return references, keys


def measure(label: str, database_url: str | None, args) -> dict:
    _, env = make_instance(database_url)
    env["SAFEROUTE_CALLBACK_RATE_LIMIT"] = "1000000 per hour"  # one client address drives all the load
    url = env["SAFEROUTE_DATABASE_URL"]
    rng = random.Random(4)
    print(f"\n{label}: {url.split('@')[-1]}")
    with gunicorn(env) as (base, _process):
        client = Client(base)
        forms, _ = run([lambda: client.request("GET", "/en/callback")] * args.submissions, args.concurrency)
        if any(status != 200 for status, _text, _t in forms):
            raise SystemExit("could not fetch the forms")
        bodies = [body_for(text, rng, n) for n, (_s, text, _t) in enumerate(forms)]

        home_results, home_seconds = run([lambda: client.request("GET", "/en/")] * args.home, args.concurrency)
        home = summary("GET /en/ (home page)", home_results, home_seconds, lambda r: r[0] == 200)

        def post(body):
            return lambda: client.request("POST", "/en/callback", body, POST_HEADERS)

        sent, sent_seconds = run([post(b) for b in bodies], args.concurrency)
        submit = summary(
            "POST /en/callback (new)", sent, sent_seconds, lambda r: r[0] == 200 and REFERENCE.search(r[1])
        )
        acknowledged = [m.group(1) if r[0] == 200 and (m := REFERENCE.search(r[1])) else None for r in sent]

        picks = rng.sample(range(len(bodies)), min(args.retries, len(bodies)))
        again, again_seconds = run([post(bodies[i]) for i in picks], args.concurrency)
        summary("POST /en/callback (sent again)", again, again_seconds, lambda r: r[0] == 200)
        same = sum(
            1
            for i, r in zip(picks, again, strict=False)
            if (m := REFERENCE.search(r[1])) and acknowledged[i] and m.group(1) == acknowledged[i]
        )

    references, keys = stored(url)
    acked = [a.replace("-", "") for a in acknowledged if a]
    exactly_once = all(references.count(r) == 1 for r in acked)
    print(
        f"  acknowledged {len(acked)}; stored {len(references)} requests, {keys} distinct form keys; "
        f"every acknowledged reference stored exactly once: {'yes' if exactly_once else 'NO'}; "
        f"nothing extra: {'yes' if sorted(references) == sorted(acked) else 'NO'}"
    )
    print(f"  sent again: {same}/{len(picks)} answered with their first reference")
    ratio = submit["rps"] / home["rps"]
    print(f"  ratio submissions/home page throughput: {ratio:.2f}  (p50 latency x{submit['p50'] / home['p50']:.2f})")
    ok = (
        exactly_once
        and sorted(references) == sorted(acked)
        and same == len(picks)
        and not submit["errors"]
        and not home["errors"]
    )
    return {"label": label, "home": home, "submit": submit, "ratio": ratio, "ok": ok}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1500)
    parser.add_argument("--home", type=int, default=1500)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--retries", type=int, default=200)
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()
    results = []
    for name in args.databases.split(","):
        if name == "sqlite":
            results.append(measure("SQLite (WAL)", None, args))
        elif name == "postgres":
            server = PostgresServer().start()
            try:
                results.append(measure("PostgreSQL", server.create_database("bench"), args))
            finally:
                server.stop()
        else:
            raise SystemExit(f"unknown database {name!r}")
    print(
        f"\n{args.submissions} submissions and {args.home} home-page GETs per database, {args.concurrency} at once, "
        "gunicorn.conf.py workers, the load generator on the same 2 cores:"
    )
    for r in results:
        print(
            f"  {r['label']:14} submit {r['submit']['rps']:7.1f} req/s (p50 {r['submit']['p50']:.1f} ms, "
            f"p99 {r['submit']['p99']:.1f} ms, errors {r['submit']['errors']})  home {r['home']['rps']:7.1f} req/s  "
            f"ratio {r['ratio']:.2f}  {'OK' if r['ok'] else 'FAILED'}"
        )
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
