"""The hub's staff console: sign-in, the callback queue, one request at a time, the audit log.

Served only where SAFEROUTE_STAFF_ENABLED is set together with
SAFEROUTE_PRIVATE_KEY_FILE (the console host). The public deployment has no
/staff route at all. The console is English-only.
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("staff", __name__, url_prefix="/staff")


def init_app(app: Flask) -> None:
    """Bind the console to `app`: key, password hashing, sessions in the database, CSRF, routes."""
    from .. import services
    from ..extensions import csrf
    from . import passwords
    from .keyfile import EXTENSION, load_private_keys
    from .sessions import DatabaseSessionInterface

    app.extensions[EXTENSION] = load_private_keys(services.settings(app), services.public_key(app))
    passwords.init_app(app)
    app.session_interface = DatabaseSessionInterface()
    # How often an open queue page asks for a fresh list (tests make it quicker).
    app.config.setdefault("STAFF_QUEUE_REFRESH_SECONDS", 30)
    # CSRF is checked by the console's own before_request (views.py), not app-wide:
    # the public forms are cookie-free and carry their own signed tokens.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    # Flask-WTF's HTTPS referrer check cannot pass: every page sends Referrer-Policy:
    # no-referrer. Sec-Fetch-Site and SameSite=Strict do that job instead.
    app.config["WTF_CSRF_SSL_STRICT"] = False
    csrf.init_app(app)

    # Their decorators put template helpers and routes on bp, before it is registered.
    from . import board_views, display, queue_views, support_views, views  # noqa: F401

    app.register_blueprint(bp)
