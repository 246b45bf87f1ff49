"""What the quick exit needs from every page's markup, and the /exit redirect.

The browser tests (tests/browser/test_exit.py, test_navigation.py) show the
behaviour; these pin the markup it relies on, page by page and quickly.
"""

from __future__ import annotations

import pytest

from saferoute.help.pages import PAGES
from tests.apps import build_app

PAGE_URLS = ["/en/", "/en/callback"] + [f"/en/{p.slug}" for p in PAGES]
MESSAGES = ("data-shift-1", "data-shift-2", "data-shift-reset", "data-escape-1")


@pytest.mark.parametrize("url", [*PAGE_URLS, "/en/no-such-page"])
def test_every_page_boosts_with_replace_and_keeps_the_exit_out_of_htmx(page, url):
    parsed = page(url, status=404 if url.endswith("no-such-page") else 200)
    body = parsed.all("body")[0].attrs
    assert body.get("hx-boost:inherited") == "true"
    assert body.get("hx-replace-url:inherited") == "true", "boosted links would push a history entry"
    exits = [a for a in parsed.all("a") if "data-exit-url" in a.attrs]
    assert [a.attrs.get("id") or a.attrs["class"] for a in exits] == ["exit", "exit-link"]
    for link in exits:
        assert link.attrs["data-exit-url"] == "https://www.bbc.co.uk/weather"
        assert link.attrs["href"] == "/exit?lang=en"
        assert link.attrs.get("hx-boost") == "false", "htmx would fetch /exit instead of leaving"


def test_status_region_carries_every_message_in_the_pages_words(page):
    parsed = page("/en/helplines")
    region = parsed.by_id("exit-status")
    assert region.attrs["role"] == "status" and region.attrs["aria-live"] == "polite"
    assert region.text.strip() == ""
    for name in MESSAGES:
        assert region.attrs.get(name, "").strip(), f"{name} is missing: the script has no words of its own"
    assert "Shift pressed 1 time" in region.attrs["data-shift-1"]


def test_scripts_load_exit_first_and_all_deferred(page):
    scripts = [s.attrs["src"] for s in page("/en/").all("script")]
    assert scripts[0] == "/static/js/exit.js", "the exit must not wait for anything else"
    assert "/static/js/navigation.js" in scripts
    assert scripts.index("/static/js/navigation.js") < scripts.index("/static/vendor/htmx.min.js")
    assert all("defer" in s.attrs for s in page("/en/").all("script"))


@pytest.fixture
def bilingual(instance):
    return build_app(
        instance,
        {"SAFEROUTE_LANGUAGES": "en pl", "SAFEROUTE_EXIT_URL": "https://weather.example/ pl=https://pogoda.example/"},
    )


def test_language_links_reload_the_document_instead_of_boosting(bilingual):
    from tests.pages import PageChecker

    parsed = PageChecker(bilingual.test_client())("/en/helplines")
    switch = [a for a in parsed.all("a") if a.attrs.get("hreflang")]
    assert [a.attrs["href"] for a in switch] == ["/en/helplines", "/pl/helplines"]
    for link in switch:
        assert "data-reload" in link.attrs and link.attrs.get("hx-boost") == "false"


def test_each_language_leaves_for_its_own_destination(bilingual):
    from tests.pages import PageChecker

    polish = PageChecker(bilingual.test_client())("/pl/helplines")
    assert polish.by_id("exit").attrs["data-exit-url"] == "https://pogoda.example/"
    assert polish.by_id("exit").attrs["href"] == "/exit?lang=pl"
    client = bilingual.test_client()
    assert client.get("/exit?lang=pl").headers["Location"] == "https://pogoda.example/"
    assert client.get("/exit?lang=en").headers["Location"] == "https://weather.example/"
    # A language we do not serve, or none: the default, never an error page without the way out.
    for query in ("?lang=xx", "?lang=", ""):
        response = client.get("/exit" + query)
        assert response.status_code == 303 and response.headers["Location"] == "https://weather.example/"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "Set-Cookie" not in response.headers
