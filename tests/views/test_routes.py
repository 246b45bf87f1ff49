"""Route snapshot: removing or adding a URL is a decision, made here on purpose."""

from __future__ import annotations

PUBLIC_ROUTES = sorted(
    [
        "GET /",
        "GET /<lang>/",
        "GET /<lang>/<slug>",
        "GET /<lang>/find-support",
        "POST /<lang>/find-support",
        "GET /<lang>/callback",
        "POST /<lang>/callback",
        "GET /<lang>/callback/withdraw",
        "POST /<lang>/callback/withdraw",
        "GET /<lang>/clares-law/ask/<way>",
        "POST /<lang>/clares-law/ask/<way>",
        "GET /exit",
        "GET /healthz",
        "GET /static/<path:filename>",
    ]
)

# The console host serves the public site and, under /staff, the hub's console.
STAFF_ROUTES = sorted(
    [
        *PUBLIC_ROUTES,
        "GET /staff/",
        "GET /staff/audit",
        "GET /staff/audit.csv",
        "GET /staff/board",
        "GET /staff/board.csv",
        "GET /staff/queue/refresh",
        "GET /staff/requests/<int:request_id>",
        "POST /staff/requests/<int:request_id>/outcome",
        "GET /staff/sign-in",
        "POST /staff/sign-in",
        "POST /staff/sign-out",
        "GET /staff/support",
    ]
)


def routes(app) -> list[str]:
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append(f"{method} {rule.rule}")
    return sorted(found)


def test_public_routes_are_exactly_these(app):
    assert routes(app) == PUBLIC_ROUTES


def test_the_console_adds_exactly_these_and_only_when_enabled(instance):
    from tests.staff_support import build_staff_app

    assert routes(build_staff_app(instance)) == STAFF_ROUTES
