"""Route snapshot: removing or adding a URL is a decision, made here on purpose."""

from __future__ import annotations

PUBLIC_ROUTES = sorted([
    "GET /",
    "GET /<lang>/",
    "GET /<lang>/<slug>",
    "GET /<lang>/callback",
    "POST /<lang>/callback",
    "GET /<lang>/callback/withdraw",
    "POST /<lang>/callback/withdraw",
    "GET /exit",
    "GET /healthz",
    "GET /static/<path:filename>",
])


def routes(app) -> list[str]:
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append(f"{method} {rule.rule}")
    return sorted(found)


def test_public_routes_are_exactly_these(app):
    assert routes(app) == PUBLIC_ROUTES
