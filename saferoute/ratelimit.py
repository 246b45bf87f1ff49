"""Rate limits: who a client is, where its tries are counted, and spending one.

A client is a keyed hash of its IPv4 address or of its IPv6 /64 (one home or
phone is given a whole /64 and can take a new address in it at will), so no
address is ever stored. Tries are counted where every worker and app server
sees the same count (the app's database by default, or Redis), in a moving
window: "10 per hour" means at most 10 in any 60 minutes.

A public form spends a try only where its view says so: after the post has
shown it came from one of our own pages with a good token. Forged or refused
posts never use up a person's tries.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging

from flask import Flask, current_app, request
from limits import parse_many
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger("saferoute.ratelimit")
EXTENSION = "saferoute.ratelimit"
STRATEGY = "moving-window"


def client_network(address: str | None) -> str:
    """The address a limit counts: IPv4 as it is (also when written as IPv6), IPv6 by its /64."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return f"{ipaddress.IPv6Address(int(ip) >> 64 << 64)}/64"
    return str(ip)


def hashed_address(address: str, secret: bytes) -> str:
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()[:32]


def client_key() -> str:
    # remote_addr is the proxy's view of the client (ProxyFix sets it behind TLS).
    return hashed_address(client_network(request.remote_addr), current_app.config["RATELIMIT_KEY_SECRET"])


def spend(scope: str, limits: str) -> bool:
    """Spend one try from each of `limits` ("5 per hour;20 per day") for this client.

    False when one of them has no try left (the ones after it are not spent).
    """
    if not current_app.config["RATELIMIT_ENABLED"]:
        return True
    limiter: MovingWindowRateLimiter = current_app.extensions[EXTENSION]
    key = client_key()
    try:
        return all(limiter.hit(item, key, scope) for item in parse_many(limits))
    except StorageError as exc:
        # Better to let a person through than to stop them because a count could not be kept.
        log.warning("rate-limit store failed (%s): the try was allowed", type(exc.storage_error).__name__)
        return True


def init_app(app: Flask) -> None:
    """Count public tries in the configured store; the console's sign-in limit counts there too."""
    from .extensions import limiter
    from .limit_storage import DatabaseStorage

    uri = app.config["RATELIMIT_STORAGE_URI"]
    if uri == DatabaseStorage.URI:
        app.extensions[EXTENSION] = MovingWindowRateLimiter(DatabaseStorage(wrap_exceptions=True))
    else:
        app.extensions[EXTENSION] = MovingWindowRateLimiter(storage_from_string(uri, wrap_exceptions=True))
    app.config["RATELIMIT_STRATEGY"] = STRATEGY
    limiter.init_app(app)
