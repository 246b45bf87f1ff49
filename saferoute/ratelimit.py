"""Rate-limit keys: a keyed hash of the client address, so no raw IP is stored."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app, request


def hashed_address(address: str, secret: bytes) -> str:
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()[:32]


def client_key() -> str:
    # remote_addr is the proxy's view of the client (ProxyFix sets it behind TLS).
    return hashed_address(request.remote_addr or "unknown", current_app.config["RATELIMIT_KEY_SECRET"])
