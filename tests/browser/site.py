"""Which public pages the site has, found from the app itself so new pages are covered.

A page is a GET route under a language prefix that answers 200 with a whole
HTML document: htmx fragments and redirects are left out on their own.
Routes that need a value only a visitor's own state can give (a reference,
a token) are skipped; the help pages' slugs come from `PAGES`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Flask, url_for

from saferoute import i18n
from saferoute.help.pages import PAGES

# Values for route arguments other than <lang>, by endpoint.
ARGUMENTS = {"help.page": [{"slug": page.slug} for page in PAGES]}
NOT_FOUND = "no-such-page"


def public_pages(app: Flask) -> list[str]:
    """Every public page in every served language, home pages first."""
    candidates: list[str] = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in (rule.methods or ()) or "lang" not in rule.arguments:
                continue
            extra = rule.arguments - {"lang"}
            values = ARGUMENTS.get(rule.endpoint, [] if extra else [{}])
            for lang in i18n.served(app):
                candidates += [url_for(rule.endpoint, lang=lang.code, **v) for v in values]
    client = app.test_client()
    pages = []
    for path in dict.fromkeys(candidates):
        response = client.get(path)
        if response.status_code == 200 and response.get_data(as_text=True).lstrip().lower().startswith(
            "<!doctype html"
        ):
            pages.append(path)
    return sorted(pages, key=lambda p: (p.count("/"), p))


def error_pages(app: Flask) -> list[str]:
    """A 404 in every served language: it must keep every promise a page does."""
    return [f"/{lang.code}/{NOT_FOUND}" for lang in i18n.served(app)]


def every_page(app: Flask) -> list[str]:
    return public_pages(app) + error_pages(app)


def discover() -> list[str]:
    """For parametrising at collection time: a throwaway app on a temp instance."""
    from tests.apps import build_app, make_instance
    from tests.browser.conftest import BROWSER_LANGUAGES

    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(make_instance(Path(tmp) / "instance"), BROWSER_LANGUAGES)
        return every_page(app)
