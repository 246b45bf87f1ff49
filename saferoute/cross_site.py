"""One check against forged posts, for the public forms and the staff console alike.

A state-changing request is refused when the browser says it came from another
site: Sec-Fetch-Site (every current browser), or failing that Origin. A request
with neither (an old browser, a plain client) passes this check, and must still
carry a valid token: the public forms' signed token (callback/guard.py), or the
console's CSRF token.
"""

from __future__ import annotations

from flask import Request, abort, request


def is_cross_site(incoming: Request) -> bool:
    """True when a request did not come from one of our own pages."""
    fetch_site = incoming.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site != "same-origin"
    origin = incoming.headers.get("Origin")
    if origin is not None:
        return origin != f"{incoming.scheme}://{incoming.host}"
    return False


def refuse_cross_site() -> None:
    """403 for this request if it came from another site."""
    if is_cross_site(request):
        abort(403)
