"""The one answer to "does this request want a block of a page, not the whole page?"

htmx 4 says so in HX-Request-Type: "partial" for a targeted swap, "full" when it
swaps the body (boosted links and forms). Public pages and the console ask
here. (htmx-flask was dropped: it knows htmx 2's headers, not this one.)
"""

from __future__ import annotations

from flask import request


def is_partial() -> bool:
    """A targeted htmx swap wants just a block; boosted navigation wants the whole page."""
    return request.headers.get("HX-Request-Type") == "partial" and not request.headers.get("HX-Boosted")
