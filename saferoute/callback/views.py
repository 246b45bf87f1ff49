"""Thin views for the call-back form and withdrawal; the work is in the modules beside this one.

Every answer to a post is either the form again (with what was typed, the
errors and a fresh token where needed), the result panel, or a clear error
page. With htmx only the panel block is sent and swapped in place.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, g, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from .. import i18n, ratelimit
from ..clock import now
from ..cross_site import refuse_cross_site
from ..forms import error_list
from ..htmx import is_partial
from ..services import directory, public_key, settings
from ..templating import render_page
from . import guard, store, text, windows
from . import reference as references
from .forms import CallbackForm, WithdrawForm
from .safe_times import picker

bp = Blueprint("callback", __name__)
i18n.lang_prefixed(bp)

FORM, WITHDRAW = "callback-form", "callback-withdraw"
INVALID = 200  # the form again, with errors. Not 4xx: a browser reports those as console errors

EXPIRED = _l(
    "This form was open for a long time, so for your safety please send it again. Your answers are still here."
)
CHECK_AGAIN = _l("Something went wrong with this form. Please check your answers and send it again.")
SPENT = _l("This request was withdrawn. If you still want us to call, check your answers and send the form again.")
TOO_MANY = _l(
    "Too many requests have been sent from here. Please wait an hour, then try again. Your answers are still here."
)
TOO_MANY_WITHDRAW = _l("Too many tries. Please wait an hour, then try again.")


def _render(template: str, status: int = 200, **context):
    g.callback_block = partial = is_partial()
    context.setdefault("errors", [])
    return render_page(template, block="panel", partial=partial, **context), status


@bp.context_processor
def _in_words() -> dict:
    zone = directory().timezone
    today = now().astimezone(zone).date()
    return {
        "in_words": lambda window: text.in_words(window, zone, today),
    }


@bp.after_request
def _full_page_replaces_body(response):
    # An error page (403, 413, 500 ...) answering an htmx post is a whole page:
    # swap it for the body instead of nesting it inside the form's block.
    if is_partial() and not g.get("callback_block"):
        response.headers["HX-Retarget"] = "body"
        response.headers["HX-Reswap"] = "innerHTML show:top"
    return response


# The call-back form ------------------------------------------------------------------------------


def _offered() -> list[windows.Window]:
    d = directory()
    if d.hub is None:
        return []
    return windows.offered(d.hub.hours, d.timezone, now(), windows.Rules.from_settings(settings()))


def _form_page(form: CallbackForm, status: int = 200, notice=None):
    zone = directory().timezone
    return _render(
        "callback/form.html",
        status,
        page_title=_l("Ask for a safe call back"),
        form=form,
        times=picker(form.windows, zone, now().astimezone(zone).date()),
        errors=error_list(form, notice),
    )


def _sent_page(saved: store.Saved):
    return _render(
        "callback/sent.html",
        page_title=_l("Your request is sent"),
        reference=references.format(saved.reference),
        chosen=saved.windows,
        repeat=not saved.created,
    )


def _spent_page(form: CallbackForm):
    """This form's request was withdrawn: the answers again, to send as a new request if wanted."""
    form.token.data = guard.issue(FORM)
    return _form_page(form, INVALID, SPENT)


@bp.route("/<lang>/callback", methods=["GET", "POST"])
def form():
    if directory().hub is None:
        return _render(
            "callback/unavailable.html",
            sent=request.method == "POST",
            page_title=gettext("Call-backs are not offered in %(area)s", area=directory().area),
        )
    if request.method == "GET":
        form = CallbackForm(formdata=None, offered=_offered())
        form.token.data = guard.issue(FORM)
        return _form_page(form)

    refuse_cross_site()
    form = CallbackForm(formdata=request.form, offered=_offered())
    token = guard.check(FORM, form.token.data)
    if token.key and (existing := store.by_key(token.key)) is not None:
        return _sent_page(store.Saved.of(existing, created=False))  # a refresh, a double tap, a late retry
    if not token.fresh or token.key is None:
        form.validate()
        form.token.data = guard.issue(FORM)
        return _form_page(form, INVALID, EXPIRED if token.expired else CHECK_AGAIN)
    if form.leave_blank.data:
        form.leave_blank.data = ""
        form.validate()
        return _form_page(form, INVALID, CHECK_AGAIN)
    if not form.validate():
        return _form_page(form, INVALID)
    if store.spent(token.key):
        return _spent_page(form)
    # Only a whole, good form from our own page spends a try: forged, refused and mistaken posts never do.
    if not ratelimit.spend("callback", settings().callback_rate_limit):
        return _form_page(form, 429, TOO_MANY)
    try:
        saved = store.save(
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
        return _spent_page(form)
    return _sent_page(saved)


# Withdrawing -------------------------------------------------------------------------------------


def _withdraw_page(form: WithdrawForm, status: int = 200, notice=None):
    return _render(
        "callback/withdraw.html",
        status,
        form=form,
        errors=error_list(form, notice),
        example=references.EXAMPLE,
        page_title=_l("Withdraw a call-back request"),
    )


@bp.route("/<lang>/callback/withdraw", methods=["GET", "POST"])
def withdraw():
    if request.method == "GET":
        form = WithdrawForm(formdata=None)
        form.token.data = guard.issue(WITHDRAW)
        return _withdraw_page(form)

    refuse_cross_site()
    form = WithdrawForm(formdata=request.form)
    token = guard.check(WITHDRAW, form.token.data)
    if not token.fresh:
        form.token.data = guard.issue(WITHDRAW)
        return _withdraw_page(form, INVALID, EXPIRED if token.expired else CHECK_AGAIN)
    if form.leave_blank.data:
        form.leave_blank.data = ""
        return _withdraw_page(form, INVALID, CHECK_AGAIN)
    if not form.validate() or form.normalised is None:
        return _withdraw_page(form, INVALID)
    # Only now does a try count: a hostile page's forged posts can never use up a person's tries.
    if not ratelimit.spend("withdraw", settings().withdraw_rate_limit):
        return _withdraw_page(form, 429, TOO_MANY_WITHDRAW)
    # The same answer whether or not there was such a request.
    store.withdraw(form.normalised, now(), guard.TOKEN_MAX_AGE)
    return _render("callback/withdrawn.html", page_title=_l("Request withdrawn"))
