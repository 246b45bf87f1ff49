"""Sending a sealed request, for every kind: one path from a post to the form again or the sent page.

A kind's view builds its form and says how to show it and what to show once
sent (`Pages`); everything else is the same for every kind: the forgery
checks, the signed token that doubles as the idempotency key, the honeypot, a
form withdrawn in another tab, sealing and storing, the rate limit and the
answer to it. Every refusal shows the form again with what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import g
from flask_babel import lazy_gettext as _l

from .. import ratelimit
from ..clock import now
from ..cross_site import refuse_cross_site
from ..htmx import is_partial
from ..services import directory, public_key, settings
from ..templating import render_page
from . import guard, store, windows
from .forms import CallbackForm
from .kind import RequestKind

SENT = _l("Your request is sent")
LIMIT_SCOPE = "callback"  # one pool of tries for every kind of request
INVALID = 200  # the form again, with errors. Not 4xx: a browser reports those as console errors

EXPIRED = _l(
    "This form was open for a long time, so for your safety please send it again. Your answers are still here."
)
CHECK_AGAIN = _l("Something went wrong with this form. Please check your answers and send it again.")
SPENT = _l("This request was withdrawn. If you still want us to call, check your answers and send the form again.")
TOO_MANY = _l(
    "Too many requests have been sent from here. Please wait an hour, then try again. Your answers are still here."
)


@dataclass(frozen=True)
class Pages:
    """How one kind shows its form (with a status and a notice about the whole form) and its sent page."""

    form: Callable[[CallbackForm, int, Any], Any]
    sent: Callable[[store.Saved], Any]


def offered() -> list[windows.Window]:
    """The windows a person may choose now, for any kind of request."""
    d = directory()
    if d.hub is None:
        return []
    return windows.offered(d.hub.hours, d.timezone, now(), windows.Rules.from_settings(settings()))


def render_panel(template: str, status: int = 200, **context):
    """A sealed-request page: whole, or its panel block alone for an htmx swap."""
    g.callback_block = partial = is_partial()
    context.setdefault("errors", [])
    return render_page(template, block="panel", partial=partial, **context), status


def full_page_replaces_body(response):
    """After each request to a sealed-request blueprint: an error page (403, 413, 500 ...)
    answering an htmx post is a whole page, so it replaces the body instead of nesting
    inside the form's block."""
    if is_partial() and not g.get("callback_block"):
        response.headers["HX-Retarget"] = "body"
        response.headers["HX-Reswap"] = "innerHTML show:top"
    return response


def blank(form: CallbackForm, purpose: str, pages: Pages):
    form.token.data = guard.issue(purpose)
    return pages.form(form, 200, None)


def _spent(form: CallbackForm, purpose: str, pages: Pages):
    """This form's request was withdrawn: the answers again, to send as a new request if wanted."""
    form.token.data = guard.issue(purpose)
    return pages.form(form, INVALID, SPENT)


def send(kind: RequestKind, purpose: str, form: CallbackForm, pages: Pages):
    """A posted form of this kind: stored once, sealed, or shown again with its answers."""
    refuse_cross_site()
    token = guard.check(purpose, form.token.data)
    if token.key and (existing := store.by_key(token.key)) is not None:
        return pages.sent(store.Saved.of(existing, created=False))  # a refresh, a double tap, a late retry
    if not token.fresh or token.key is None:
        form.validate()
        form.token.data = guard.issue(purpose)
        return pages.form(form, INVALID, EXPIRED if token.expired else CHECK_AGAIN)
    if form.leave_blank.data:
        form.leave_blank.data = ""
        form.validate()
        return pages.form(form, INVALID, CHECK_AGAIN)
    if not form.validate():
        return pages.form(form, INVALID, None)
    if store.spent(token.key):
        return _spent(form, purpose, pages)
    # Only a whole, good form from our own page spends a try: forged, refused and mistaken posts never
    # do. Every kind draws on one pool: asking in another form does not give more tries.
    if not ratelimit.spend(LIMIT_SCOPE, settings().callback_rate_limit):
        return pages.form(form, 429, TOO_MANY)
    try:
        saved = store.save(
            kind=kind,
            key=token.key,
            windows=form.windows.chosen,
            contact_method=form.contact_method,
            interpreter_language=form.interpreter.data or None,
            private=form.private(),
            public_key=public_key(),
            now=now(),
            retention=timedelta(days=settings().retention_days),
        )
    except store.FormSpent:  # withdrawn a moment ago, by another tab
        return _spent(form, purpose, pages)
    return pages.sent(saved)
