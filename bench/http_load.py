"""HTTP load: gunicorn as documented, wrk on loopback, home page against a static file.

Prints requests/s, p50/p99 latency and errors for each, per round and as
medians over the rounds, the home/static ratio measured in the same run, the
machine's load average before and after, and whether the home page met its
target (issue 10): at least half the static file's throughput, p99 under 50 ms.
Bounded: each run lasts DURATION seconds at CONNECTIONS connections.
Usage: .venv/bin/python bench/http_load.py [--rounds 3] [--duration 10] [--connections 32]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys

from _server import gunicorn, make_instance

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
TARGET_RATIO = 0.5  # home page throughput against the static file's
TARGET_P99_MS = 50.0


def load_average() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def wrk(url: str, duration: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "--latency", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "5s", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 30,
    ).stdout

    def latency(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * UNITS[unit]

    errors = 0
    if found := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(n) for n in found.groups())
    if found := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(found.group(1))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency("50%"),
        "p99": latency("99%"),
        "errors": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    _, env = make_instance()
    print(f"load average before (1, 5, 15 min): {load_average()} on {os.cpu_count()} cores")
    targets = {"home /en/": "/en/", "static site.css": "/static/css/site.css"}
    results: dict[str, list[dict]] = {name: [] for name in targets}
    with gunicorn(env) as (base, _):
        for round_ in range(1, args.rounds + 1):
            for name, path in targets.items():
                result = wrk(base + path, args.duration, args.connections)
                results[name].append(result)
                print(
                    f"round {round_}  {name:16} {result['rps']:8.0f} req/s  p50 {result['p50']:6.2f} ms  "
                    f"p99 {result['p99']:6.2f} ms  errors {result['errors']}"
                )
    print(
        f"\nmedians over {args.rounds} rounds, {args.connections} connections, {args.duration}s each "
        "(gunicorn.conf.py workers, wrk -t2 on the same 2 cores):"
    )
    medians = {}
    for name, runs in results.items():
        medians[name] = {k: statistics.median(r[k] for r in runs) for k in ("rps", "p50", "p99", "errors")}
        m = medians[name]
        print(
            f"  {name:16} {m['rps']:8.0f} req/s  p50 {m['p50']:6.2f} ms  p99 {m['p99']:6.2f} ms"
            f"  errors {m['errors']:.0f}"
        )
    home = medians["home /en/"]
    ratio = home["rps"] / medians["static site.css"]["rps"]
    print(f"  ratio home/static throughput: {ratio:.2f}")
    met = ratio >= TARGET_RATIO and home["p99"] < TARGET_P99_MS
    print(
        f"  target (home >= {TARGET_RATIO}x static, home p99 < {TARGET_P99_MS:.0f} ms): {'met' if met else 'NOT met'}"
    )
    print(f"load average after (1, 5, 15 min): {load_average()}")
    return 1 if any(m["errors"] for m in medians.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
