"""Guidance pages come from a cache that lasts one minute: still right to the minute, in every
language, and with each response's own CSP nonce."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from saferoute.directory import spans
from saferoute.help.pages import PAGES
from saferoute.page_cache import MinuteCache
from tests.apps import build_app

NONCE = re.compile(r"'nonce-([^']+)'")


@pytest.fixture
def app(instance):
    return build_app(instance, {"SAFEROUTE_LANGUAGES": "en pl ar"})


def addresses(lang: str = "en") -> list[str]:
    return [f"/{lang}/", *(f"/{lang}/{page.slug}" for page in PAGES)]


def without_nonce(response) -> str:
    """The page, with this response's nonce taken out (after checking the page uses that nonce)."""
    nonce = NONCE.search(response.headers["Content-Security-Policy"]).group(1)
    html = response.get_data(as_text=True)
    scripts = re.findall(r'<script [^>]*nonce="([^"]*)"', html)
    assert scripts and set(scripts) == {nonce}, "every script carries this response's own nonce"
    return html.replace(nonce, "NONCE")


def cold(app, address: str) -> str:
    """The page as rendered now, with nothing cached."""
    app.extensions["saferoute.page_cache"] = MinuteCache()
    return without_nonce(app.test_client().get(address))


def first_opening(app) -> datetime:
    """The first time after a Monday morning that some route with hours opens."""
    directory = app.extensions["saferoute.directory"]
    monday = date(2026, 11, 23)
    openings = [opens for route in directory.routes for opens, _ in spans(route.hours, directory.timezone, monday, 7)]
    assert openings, "the directory names no route with opening hours"
    return min(o for o in openings if o.astimezone(UTC) > datetime(2026, 11, 23, 1, 0, tzinfo=UTC)).astimezone(UTC)


def test_a_cached_page_is_the_page_rendered_then_to_the_minute(app):
    opens = first_opening(app)
    before, after = opens - timedelta(seconds=10), opens + timedelta(seconds=5)
    client = app.test_client()
    changed = []
    for address in addresses():
        with time_machine.travel(before - timedelta(seconds=30), tick=False) as clock:
            primed = without_nonce(client.get(address))
            clock.move_to(before)
            assert without_nonce(client.get(address)) == primed == cold(app, address)
            client.get(address)  # the cache is warm again, with the minute before the opening
            clock.move_to(after)
            served = without_nonce(client.get(address))
            assert served == cold(app, address), f"{address}: a page from the minute before was served"
            if served != primed:
                changed.append(address)
    assert changed, f"no page changed when a route opened at {opens}: the test shows nothing"


def test_each_response_from_the_cache_has_its_own_nonce(app):
    client = app.test_client()
    first, second = client.get("/en/"), client.get("/en/")
    nonces = {NONCE.search(r.headers["Content-Security-Policy"]).group(1) for r in (first, second)}
    assert len(nonces) == 2
    assert without_nonce(first) == without_nonce(second)


@pytest.mark.parametrize("lang", ["en", "pl", "ar"])
def test_every_language_is_cached_apart(app, lang):
    client = app.test_client()
    for other in ("en", "pl", "ar"):
        client.get(f"/{other}/")
    for address in addresses(lang):
        html = without_nonce(client.get(address))
        assert f'<html lang="{lang}"' in html
        assert html == cold(app, address)
