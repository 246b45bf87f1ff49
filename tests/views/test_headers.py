"""Security headers: each one's exact value, on a page, a 404, a redirect and a static file."""

from __future__ import annotations

import pytest

from tests.apps import build_app

EXPECTED = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": (
        "accelerometer=(), bluetooth=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
        "hid=(), magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), "
        "screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"
    ),
}
# No nonce: every script is one of our files, which 'self' allows; a nonce beside it adds nothing.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
RESPONSES = ["/en/", "/en/missing-page", "/", "/static/css/site.css", "/healthz", "/exit"]


@pytest.mark.parametrize("url", RESPONSES)
def test_every_response_carries_every_header(client, url):
    response = client.get(url)
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, f"{url}: {name}"
    assert response.headers["Content-Security-Policy"] == CSP
    assert "Strict-Transport-Security" not in response.headers
    assert "Set-Cookie" not in response.headers
    assert "ETag" not in response.headers and "Last-Modified" not in response.headers


def test_no_page_carries_a_nonce(client):
    html = client.get("/en/").get_data(as_text=True)
    assert "<script" in html and "nonce" not in html


def test_hsts_only_behind_tls(instance):
    app = build_app(instance, {"SAFEROUTE_BEHIND_TLS": "1"})
    response = app.test_client().get("/en/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    assert response.status_code == 200, "the app must not redirect to HTTPS itself"


def test_plain_http_is_served_not_redirected(client):
    assert client.get("/en/").status_code == 200
