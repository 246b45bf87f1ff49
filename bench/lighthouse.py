"""Lighthouse (mobile emulation) on the home page, the callback form and the
"can't speak or hear" page, served by gunicorn as documented. Prints each
category's score per page. Target: 100 in every category.

Lighthouse 12.8.x runs on Node 20 (13.x needs Node 22.19+); it is installed on
first use into bench/out/lighthouse from the npm registry, pinned.
Usage: .venv/bin/python bench/lighthouse.py [PATH ...]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from _server import REPO, gunicorn, make_instance

VERSION = "12.8.2"
PREFIX = REPO / "bench" / "out" / "lighthouse"
CLI = PREFIX / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = ["/en/", "/en/callback", "/en/cant-speak-or-hear"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def install() -> None:
    if not CLI.exists():
        PREFIX.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(PREFIX),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"lighthouse@{VERSION}",
            ],
            check=True,
        )


def audit(url: str) -> dict[str, int]:
    out = PREFIX / "report.json"
    subprocess.run(
        [
            "node",
            str(CLI),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        timeout=300,
    )
    report = json.loads(out.read_text())
    failing = [
        f"{a['id']} ({a['score']})"
        for a in report["audits"].values()
        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") in {"binary", "numeric"}
    ]
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    scores["_failing"] = failing
    return scores


def main() -> int:
    install()
    _, env = make_instance()
    worst = 100
    with gunicorn(env, workers=2) as (base, _):
        print(f"Lighthouse {VERSION}, mobile emulation, Debian Chromium, gunicorn on loopback")
        for path in sys.argv[1:] or PAGES:
            scores = audit(base + path)
            failing = scores.pop("_failing")
            worst = min(worst, *scores.values())
            print(f"  {path:26} " + "  ".join(f"{c} {s:3d}" for c, s in scores.items()))
            if failing:
                print(f"  {'':26} below full marks: {', '.join(failing[:8])}")
    return 0 if worst == 100 else 1


if __name__ == "__main__":
    sys.exit(main())
