"""deploy/nginx.conf and the app make the same promises: nginx serves the static files itself,
so the headers it adds there must be exactly the app's, and the HSTS it adds everywhere too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.apps import build_app

NGINX = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
# What describes the file itself or the connection, not a promise about how it may be used.
NOT_PROMISES = {"content-type", "content-length", "content-disposition", "date", "accept-ranges", "vary"}


def blocks(text: str) -> dict[str, str]:
    """The body of each `location PATH { ... }` (no nested blocks in ours), and the TLS server's own lines."""
    text = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    found = {m.group(1): m.group(2) for m in re.finditer(r"location\s+(\S+)\s*\{([^{}]*)\}", text)}
    tls_server = next(s for s in re.split(r"\bserver\s*\{", text) if "listen 443" in s)
    found["server"] = re.sub(r"location\s+\S+\s*\{[^{}]*\}", "", tls_server)
    return found


def added_headers(block: str) -> dict[str, str]:
    headers = {}
    for name, value in re.findall(r'add_header\s+(\S+)\s+"([^"]*)"\s+always\s*;', block):
        assert name.lower() not in headers, f"{name} added twice"
        headers[name.lower()] = value
    assert block.count("add_header") == len(headers), "every add_header is quoted and has 'always'"
    return headers


@pytest.fixture
def app_headers(instance) -> dict[str, str]:
    """What the app sends with a static file behind TLS."""
    app = build_app(instance, {"SAFEROUTE_BEHIND_TLS": "1"})
    response = app.test_client().get("/static/css/site.css", base_url="https://localhost")
    assert response.status_code == 200
    headers = {name.lower(): value for name, value in response.headers.items() if name.lower() not in NOT_PROMISES}
    return headers


def test_nginx_adds_to_static_files_exactly_the_headers_the_app_sends(app_headers):
    static = added_headers(blocks(NGINX.read_text())["/static/"])
    assert static == app_headers


def test_nginx_sends_the_apps_hsts_on_every_response_and_hides_a_duplicate(app_headers):
    config = blocks(NGINX.read_text())
    server = config["server"]
    assert added_headers(server) == {"strict-transport-security": app_headers["strict-transport-security"]}
    assert re.search(r"proxy_hide_header\s+Strict-Transport-Security\s*;", server)
    assert "add_header" not in config["/"], "a location's add_header would drop the server's HSTS"


def test_nginx_keeps_no_validators_on_static_files():
    static = blocks(NGINX.read_text())["/static/"]
    assert re.search(r"\betag\s+off\s*;", static) and re.search(r"\bif_modified_since\s+off\s*;", static)
