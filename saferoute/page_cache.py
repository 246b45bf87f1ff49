"""Guidance pages rendered once a minute per address, not once a request.

A guidance page depends only on its address (the language and the page), on
what the app loaded at start-up (directory, settings, catalogues), and on the
minute: the opening hours are whole minutes, so "open now" cannot change
inside one. Rendering was most of the cost of a home page request (Jinja:
gettext, url_for and macro calls), so each worker renders a page once a minute
and then serves the text. Nothing differs between two responses in a minute
(the CSP has no nonce: security.py).

Nothing personal is kept: these pages take no input, and the call-back forms,
which carry a token per visitor, are never cached.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Flask, current_app, request

from .clock import now

_EXTENSION = "saferoute.page_cache"


class MinuteCache:
    """Pages by address for the current minute; a new minute starts empty."""

    def __init__(self) -> None:
        # One tuple, replaced whole, so a thread never sees one minute's pages under another.
        self._state: tuple[datetime | None, dict[str, str]] = (None, {})

    def page(self, address: str, render: Callable[[], str]) -> str:
        minute = now().replace(second=0, microsecond=0)
        current, pages = self._state
        if current != minute:
            pages = {}
            self._state = (minute, pages)
        html = pages.get(address)
        if html is None:
            html = pages[address] = render()
        return html


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = MinuteCache()


def cached_page(render: Callable[[], str]) -> str:
    """This request's page: from this minute's cache, or rendered now (and kept for the minute)."""
    return current_app.extensions[_EXTENSION].page(request.path, render)
