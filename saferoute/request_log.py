"""Request logging that cannot leak: method, route name, status and time only.

No client address, path, query string or form field is ever written: a path
can carry what a visitor typed, so unmatched requests are logged as '-'.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request

log = logging.getLogger("saferoute.requests")


def _start() -> None:
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    endpoint = request.endpoint or "-"
    elapsed = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    log.info(
        "%s %s %d %.1fms", request.method if request.method.isalpha() else "-", endpoint, response.status_code, elapsed
    )
    return response


def init_app(app: Flask) -> None:
    # Werkzeug's own request lines include the client address and full URL.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app.before_request(_start)
    app.after_request(_finish)
