"""Security headers on every response: pages, errors and static files alike.

Talisman writes CSP, HSTS, framing, referrer and permissions headers; it sets
no COOP, CORP or Cache-Control, so we add those. The CSP has no nonce: every
script is a file from our own origin, which 'self' already allows, and a nonce
beside 'self' would add nothing.
"""

from __future__ import annotations

import io

from flask import Flask, Response, abort, current_app, request

from .extensions import talisman

CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
}

# Powerful features, all denied. Only names Chromium recognises: an unknown one
# prints a console error on every page.
PERMISSIONS = dict.fromkeys(
    (
        "accelerometer",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ),
    "()",
)

EXTRA_HEADERS = {
    # Nothing we send may be kept: a shared device's cache is evidence.
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def _extra_headers(response: Response) -> Response:
    for name, value in EXTRA_HEADERS.items():
        response.headers[name] = value
    response.headers.pop("Expires", None)
    response.headers.pop("Last-Modified", None)
    response.headers.pop("ETag", None)
    return response


def _refuse_oversized() -> None:
    # Werkzeug only refuses a big body when a view reads it; refuse it for every route.
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None:
        if request.content_length > limit:
            abort(413)
    elif request.headers.get("Transfer-Encoding") and "wsgi.input_terminated" in request.environ:
        # A chunked body gives no length first, and Werkzeug would quietly stop reading
        # it at the limit: the form would arrive cut short. Read it all here (one byte
        # past the limit is enough to know), refuse a big one, and hand it on as an
        # ordinary body of known length.
        environ = request.environ
        try:
            body = environ["wsgi.input"].read(limit + 1)
        except Exception:  # whatever the server raises for broken chunks or a dropped client
            abort(400)
        if len(body) > limit:
            abort(413)
        del environ["wsgi.input_terminated"]
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        environ.update({"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))})


def init_app(app: Flask, behind_tls: bool) -> None:
    talisman.init_app(
        app,
        force_https=False,  # the TLS proxy redirects; the app must also run on plain loopback
        strict_transport_security=behind_tls,
        strict_transport_security_max_age=63072000,
        strict_transport_security_include_subdomains=True,
        strict_transport_security_preload=True,
        content_security_policy=CSP,
        frame_options="DENY",
        referrer_policy="no-referrer",
        permissions_policy=PERMISSIONS,
        document_policy={},
        session_cookie_secure=True,
        session_cookie_http_only=True,
        session_cookie_samesite="Strict",
        x_xss_protection=False,
    )
    app.before_request(_refuse_oversized)
    app.after_request(_extra_headers)
