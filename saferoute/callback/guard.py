"""Forgery protection without a cookie: a signed form token.

No public page sets a cookie, so there is no session to hold a CSRF secret.
Instead a post is refused when the browser says it came from another site
(cross_site.py), and each form carries a signed, time-limited token whose
random key doubles as the idempotency key: the same form sent twice is
recognised and creates one request.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

# Long enough to fill the form slowly with interruptions; an older form is shown
# again with its answers and a fresh token, so nothing typed is lost.
TOKEN_MAX_AGE = timedelta(hours=3)


@dataclass(frozen=True)
class TokenCheck:
    key: str | None  # the idempotency key, when the signature is ours (even if old)
    fresh: bool  # signed by us and young enough to act on

    @property
    def expired(self) -> bool:
        return self.key is not None and not self.fresh


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"saferoute.{purpose}")


def issue(purpose: str) -> str:
    return _serializer(purpose).dumps({"k": secrets.token_urlsafe(16)})


def check(purpose: str, token: str | None) -> TokenCheck:
    serializer = _serializer(purpose)
    if not token or len(token) > 200:
        return TokenCheck(None, False)
    try:
        data = serializer.loads(token, max_age=int(TOKEN_MAX_AGE.total_seconds()))
        fresh = True
    except SignatureExpired as exc:
        if exc.payload is None:
            return TokenCheck(None, False)
        try:
            data = serializer.load_payload(exc.payload)
        except BadSignature:
            return TokenCheck(None, False)
        fresh = False
    except BadSignature:
        return TokenCheck(None, False)
    key = data.get("k") if isinstance(data, dict) else None
    if not isinstance(key, str) or not 16 <= len(key) <= 32:
        return TokenCheck(None, False)
    return TokenCheck(key, fresh)
