"""Page weight: what the first view of every public page costs over the wire, compressed.

For every public page in every served language (found from the app, as the
browser tests find them), the HTML and what its <head> makes the browser fetch
are compressed one response at a time, as the proxy sends them: gzip level 6
(deploy/nginx.conf) and Brotli quality 6 (ngx_brotli's default level).

Budgets (gzip, the larger, must hold; Brotli is shown for comparison):
  HTML + CSS                    14 KB (14,336 bytes): fits the first round trip
  first view: + scripts + icon  30 KB (30,720 bytes): htmx and our scripts included

Response headers are not counted (HTTP/2 compresses repeated ones); their
size is printed once for reference. Exits 1 if any budget is broken.

Usage: .venv/bin/python bench/page_weight.py
       SAFEROUTE_LANGUAGES=en,pl .venv/bin/python bench/page_weight.py   (each needs its compiled catalogue)
"""

from __future__ import annotations

import gzip
import logging
import os
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import brotli

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from saferoute.i18n import KNOWN
from tests.apps import build_app, make_instance
from tests.browser.site import public_pages

HTML_CSS_BUDGET = 14 * 1024
FIRST_VIEW_BUDGET = 30 * 1024
GZIP_LEVEL = 6
BROTLI_QUALITY = 6


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def br(data: bytes) -> int:
    return len(brotli.compress(data, quality=BROTLI_QUALITY))


class _Head(HTMLParser):
    """What the browser fetches for a first view: stylesheets, scripts, icons, images."""

    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.scripts: list[str] = []
        self.other: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        rel = set(a.get("rel", "").split())
        if tag == "link" and "stylesheet" in rel:
            self.css.append(a["href"])
        elif tag == "link" and "icon" in rel:
            self.other.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        elif tag == "img" and a.get("src"):
            self.other.append(a["src"])


@dataclass
class Weight:
    raw: int = 0
    gzip: int = 0
    brotli: int = 0

    def add(self, data: bytes) -> None:
        self.raw += len(data)
        self.gzip += gz(data)
        self.brotli += br(data)

    def __add__(self, other: Weight) -> Weight:
        return Weight(self.raw + other.raw, self.gzip + other.gzip, self.brotli + other.brotli)


@dataclass
class Page:
    path: str
    html: Weight
    css: Weight
    scripts: Weight
    other: Weight

    @property
    def html_css(self) -> Weight:
        return self.html + self.css

    @property
    def first_view(self) -> Weight:
        return self.html + self.css + self.scripts + self.other


def fetch(client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code}")
    return response.get_data()


def weigh(client, path: str) -> tuple[Page, int]:
    response = client.get(path)
    html = response.get_data()
    head = _Head()
    head.feed(html.decode())
    page = Page(path, Weight(), Weight(), Weight(), Weight())
    page.html.add(html)
    for url in head.css:
        page.css.add(fetch(client, url))
    for url in head.scripts:
        page.scripts.add(fetch(client, url))
    for url in head.other:
        page.other.add(fetch(client, url))
    headers = sum(len(f"{k}: {v}\r\n") for k, v in response.headers.items())
    return page, headers


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def main() -> int:
    logging.disable(logging.INFO)  # alembic announces each migration of the throwaway database
    environ = {k: v for k, v in os.environ.items() if k in {"SAFEROUTE_LANGUAGES", "SAFEROUTE_DIRECTORY"}}
    environ.setdefault("SAFEROUTE_LANGUAGES", " ".join(KNOWN))  # every language the site serves by default
    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(make_instance(Path(tmp) / "instance"), environ)
        client = app.test_client()
        results = [weigh(client, path) for path in public_pages(app)]

    print(f"Compressed bytes per response, summed; gzip -{GZIP_LEVEL} / Brotli q{BROTLI_QUALITY}. KB = 1024 bytes.\n")
    header = (
        f"{'page':<28} {'HTML raw':>9} {'HTML gz':>8} {'CSS gz':>7} {'HTML+CSS gz':>12} {'br':>7}"
        f" {'scripts gz':>11} {'first view gz':>14} {'br':>7}"
    )
    print(header)
    print("-" * len(header))
    broken = []
    for page, _ in results:
        hc, fv = page.html_css, page.first_view
        print(
            f"{page.path:<28} {page.html.raw:>9} {page.html.gzip:>8} {page.css.gzip:>7} {hc.gzip:>12} {hc.brotli:>7}"
            f" {page.scripts.gzip:>11} {fv.gzip:>14} {fv.brotli:>7}"
        )
        if hc.gzip > HTML_CSS_BUDGET or hc.brotli > HTML_CSS_BUDGET:
            broken.append(f"{page.path}: HTML + CSS is {hc.gzip} bytes gzipped, over {HTML_CSS_BUDGET}")
        if fv.gzip > FIRST_VIEW_BUDGET or fv.brotli > FIRST_VIEW_BUDGET:
            broken.append(f"{page.path}: the first view is {fv.gzip} bytes gzipped, over {FIRST_VIEW_BUDGET}")

    worst_hc = max(p.html_css.gzip for p, _ in results)
    worst_fv = max(p.first_view.gzip for p, _ in results)
    headers = max(h for _, h in results)
    print(
        f"\nlargest HTML + CSS:  {worst_hc} bytes ({kb(worst_hc)} KB) gzipped; budget {HTML_CSS_BUDGET} (14 KB): "
        f"{'holds' if worst_hc <= HTML_CSS_BUDGET else 'BROKEN'}"
    )
    print(
        f"largest first view: {worst_fv} bytes ({kb(worst_fv)} KB) gzipped; budget {FIRST_VIEW_BUDGET} (30 KB): "
        f"{'holds' if worst_fv <= FIRST_VIEW_BUDGET else 'BROKEN'}"
    )
    print(f"(not counted: a page's response headers, up to {headers} bytes uncompressed, sent with every response)")
    for line in broken:
        print("BROKEN:", line)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
