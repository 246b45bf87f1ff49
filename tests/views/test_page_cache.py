"""Guidance pages come from a cache that lasts one minute: still right to the minute, and in every
language."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from saferoute.directory import spans
from saferoute.help.pages import PAGES
from saferoute.page_cache import MinuteCache
from tests.apps import build_app


@pytest.fixture
def app(instance):
    return build_app(instance, {"SAFEROUTE_LANGUAGES": "en pl ar"})


def addresses(lang: str = "en") -> list[str]:
    return [f"/{lang}/", *(f"/{lang}/{page.slug}" for page in PAGES)]


def cold(app, address: str) -> str:
    """The page as rendered now, with nothing cached."""
    app.extensions["saferoute.page_cache"] = MinuteCache()
    return app.test_client().get(address).get_data(as_text=True)


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
            primed = client.get(address).get_data(as_text=True)
            clock.move_to(before)
            assert client.get(address).get_data(as_text=True) == primed == cold(app, address)
            client.get(address)  # the cache is warm again, with the minute before the opening
            clock.move_to(after)
            served = client.get(address).get_data(as_text=True)
            assert served == cold(app, address), f"{address}: a page from the minute before was served"
            if served != primed:
                changed.append(address)
    assert changed, f"no page changed when a route opened at {opens}: the test shows nothing"


@pytest.mark.parametrize("lang", ["en", "pl", "ar"])
def test_every_language_is_cached_apart(app, lang):
    client = app.test_client()
    for other in ("en", "pl", "ar"):
        client.get(f"/{other}/")
    for address in addresses(lang):
        html = client.get(address).get_data(as_text=True)
        assert f'<html lang="{lang}"' in html
        assert html == cold(app, address)
