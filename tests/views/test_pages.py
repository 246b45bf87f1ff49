"""Every public page renders, is complete without JavaScript, and keeps its promises."""

from __future__ import annotations

import pytest

from saferoute.help.pages import PAGES

PAGE_URLS = ["/en/"] + [f"/en/{p.slug}" for p in PAGES]


@pytest.mark.parametrize("url", PAGE_URLS)
def test_every_page_renders_with_exit_first_and_emergency_numbers(page, url):
    parsed = page(url)
    links = parsed.all("a")
    assert links[0].attrs["id"] == "exit", "the exit must be the first thing Tab reaches"
    assert links[0].attrs["href"] == "/exit?lang=en"
    assert links[1].attrs["href"] == "#main", "the skip link comes straight after the exit"
    assert "tel:999" in parsed.links
    assert parsed.by_id("main") is not None
    assert len(parsed.all("h1")) == 1
    assert parsed.title.endswith("- SafeRoute")


def test_home_answers_i_need_help_now_first(page):
    parsed = page("/en/")
    assert parsed.all("h1")[0].text == "Get help now"
    first_call = next(e for e in parsed.all("a") if e.attrs.get("href", "").startswith("tel:"))
    assert first_call.attrs["href"] == "tel:999"
    assert "press 55" in parsed.text


def test_cant_speak_or_hear_covers_every_route(page):
    text = page("/en/cant-speak-or-hear").text
    for fact in ("18000", "18001 101", "Relay UK", "register", "999 BSL", "press 55"):
        assert fact in text


def test_helplines_list_every_helpline_with_hours_only_where_known(page):
    parsed = page("/en/helplines")
    for number in (
        "tel:08082000247",
        "tel:08088010327",
        "tel:08081689276",
        "tel:08009995428",
        "tel:08088020300",
        "tel:08005999247",
        "tel:08088024040",
    ):
        assert number in parsed.links
    assert "Open 24 hours, every day" in parsed.by_id("route-national-helpline").text or "Open 24 hours" in parsed.text
    respect = parsed.html.split('id="route-respect"')[1].split("</section>")[0]
    assert "Open" not in respect and "Closed" not in respect, "no hours are shown without a source"


def test_staying_safe_online_explains_what_the_exit_cannot_do(page):
    text = page("/en/staying-safe-online").text
    assert "History list" in text
    assert "private window" in text
    assert "Shift key 3 times" in text
    assert "When JavaScript is off" in text
    assert "Links to other websites work the same way" in text


def test_root_redirects_by_accept_language_with_vary(client):
    response = client.get("/", headers={"Accept-Language": "fr;q=0.9, en;q=0.5"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/en/"
    assert "Accept-Language" in response.headers["Vary"]
    assert client.get("/").headers["Location"] == "/en/"


def test_unknown_language_and_page_get_a_helpful_404(page):
    for url in ("/xx/", "/en/no-such-page", "/nothing/here"):
        parsed = page(url, status=404)
        assert "Page not found" in parsed.title
        assert "tel:999" in parsed.links
        assert parsed.links[0] == "/exit?lang=en"


def test_exit_without_javascript_redirects_off_site_without_referrer(client):
    response = client.get("/exit?lang=en")
    assert response.status_code == 303
    assert response.headers["Location"] == "https://www.bbc.co.uk/weather"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_exit_url_may_differ_per_language(instance):
    from tests.apps import build_app

    app = build_app(instance, {"SAFEROUTE_EXIT_URL": "https://example.org/w en=https://example.org/en"})
    assert app.test_client().get("/exit?lang=en").headers["Location"] == "https://example.org/en"


def test_oversized_request_gets_a_clear_error(page):
    parsed = page("/en/", method="post", status=413, data={"x": "a" * 40_000})
    assert "too big" in parsed.title
    assert "tel:999" in parsed.links


def test_healthz_checks_the_database_and_says_nothing_else(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok\n"
    assert response.headers["Cache-Control"] == "no-store"


def test_nothing_a_visitor_sends_is_logged(client, captured_logs):
    client.get(
        "/en/helplines?phone=07700900123",
        headers={"X-Forwarded-For": "203.0.113.9"},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    client.get("/en/secret-path-07700900123")
    client.post("/en/", data={"note": "my-private-note"})
    logged = "\n".join(r.getMessage() for r in captured_logs.records)
    assert "help.page" in logged, "requests are logged by route name"
    for leak in ("07700900123", "198.51.100.7", "203.0.113.9", "secret-path", "my-private-note", "phone="):
        assert leak not in logged
