"""Which pages the browser suite checks: the one list to add a page to.

Public pages are found from the app: a GET route under a language prefix that
answers 200 with a whole HTML document (htmx fragments and redirects are left
out on their own). A new public page without route arguments is covered with
nothing to add; one with arguments gets its values from ARGUMENTS. Console
pages need a signed-in worker and a request, so they are listed in
CONSOLE_PAGES; every other console GET route is in NOT_CONSOLE_PAGES with the
reason. test_pages.py checks that nothing escapes both lists.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Flask, url_for

from saferoute import i18n
from saferoute.clares_law.vocabulary import WAYS
from saferoute.help.pages import PAGES

# Every page is driven in English, Arabic (right to left) and Polish (left to right). Sending is not
# limited here: the journeys share one address, and the limits have their own tests.
BROWSER_SETTINGS = {"SAFEROUTE_LANGUAGES": "en ar pl", "SAFEROUTE_CALLBACK_RATE_LIMIT": "1000 per hour"}
# Values for public route arguments other than <lang>, by endpoint.
ARGUMENTS = {
    "help.page": [{"slug": page.slug} for page in PAGES],
    "clares_law.form": [{"way": way.code} for way in WAYS],
}
NOT_FOUND = "no-such-page"
# Console pages, as a signed-in worker opens them ({request}: a request waiting in the queue).
CONSOLE_PAGES = (
    "/staff/sign-in",
    "/staff/",
    "/staff/requests/{request}",
    "/staff/audit",
    "/staff/board",
    "/staff/support?place=medway&need=lgbt",
)
NOT_CONSOLE_PAGES = {
    "staff.queue_refresh": "the queue's htmx fragment (test_staff_journey.py sees it refresh)",
    "staff.audit_csv": "a CSV download",
    "staff.board_csv": "a CSV download",
}


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


def console_routes(app: Flask) -> set[str]:
    """Endpoints of the console's GET routes."""
    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("staff.") and "GET" in (rule.methods or ())
    }


def discover() -> list[str]:
    """For parametrising at collection time: a throwaway app on a temp instance."""
    from tests.apps import build_app, make_instance

    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(make_instance(Path(tmp) / "instance"), BROWSER_SETTINGS)
        return every_page(app)
