"""Thin views for the call-back form and withdrawal; the work is in the modules beside this one.

Every answer to a post is either the form again (with what was typed, the
errors and a fresh token where needed), the result panel, or a clear error
page (sending.py, the same for every kind of request). With htmx only the
panel block is sent and swapped in place. One withdraw page serves every kind.
"""

from __future__ import annotations

from flask import Blueprint, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from .. import i18n, ratelimit
from ..clock import now
from ..cross_site import refuse_cross_site
from ..forms import error_list
from ..services import directory, settings
from . import guard, sending, store, text
from . import reference as references
from .forms import CallbackForm, WithdrawForm
from .kind import CALLBACK_KIND
from .safe_times import picker

bp = Blueprint("callback", __name__)
i18n.lang_prefixed(bp)
bp.context_processor(text.window_words)
bp.after_request(sending.full_page_replaces_body)

FORM, WITHDRAW = "callback-form", "callback-withdraw"
TOO_MANY_WITHDRAW = _l("Too many tries. Please wait an hour, then try again.")


# The call-back form ------------------------------------------------------------------------------


def _form_page(form: CallbackForm, status: int = 200, notice=None):
    zone = directory().timezone
    return sending.render_panel(
        "callback/form.html",
        status,
        page_title=_l("Ask for a safe call back"),
        form=form,
        times=picker(form.windows, zone, now().astimezone(zone).date()),
        errors=error_list(form, notice),
    )


def _sent_page(saved: store.Saved):
    return sending.render_panel(
        "callback/sent.html",
        page_title=sending.SENT,
        reference=references.format(saved.reference),
        chosen=saved.windows,
        repeat=not saved.created,
    )


PAGES = sending.Pages(_form_page, _sent_page)


@bp.route("/<lang>/callback", methods=["GET", "POST"])
def form():
    if directory().hub is None:
        return sending.render_panel(
            "callback/unavailable.html",
            sent=request.method == "POST",
            page_title=gettext("Call-backs are not offered in %(area)s", area=directory().area),
        )
    if request.method == "GET":
        return sending.blank(CallbackForm(formdata=None, offered=sending.offered()), FORM, PAGES)
    return sending.send(CALLBACK_KIND, FORM, CallbackForm(formdata=request.form, offered=sending.offered()), PAGES)


# Withdrawing: one page for every kind of request --------------------------------------------------


def _withdraw_page(form: WithdrawForm, status: int = 200, notice=None):
    return sending.render_panel(
        "callback/withdraw.html",
        status,
        form=form,
        errors=error_list(form, notice),
        example=references.EXAMPLE,
        page_title=_l("Withdraw a request"),
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
        return _withdraw_page(form, sending.INVALID, sending.EXPIRED if token.expired else sending.CHECK_AGAIN)
    if form.leave_blank.data:
        form.leave_blank.data = ""
        return _withdraw_page(form, sending.INVALID, sending.CHECK_AGAIN)
    if not form.validate() or form.normalised is None:
        return _withdraw_page(form, sending.INVALID)
    # Only now does a try count: a hostile page's forged posts can never use up a person's tries.
    if not ratelimit.spend("withdraw", settings().withdraw_rate_limit):
        return _withdraw_page(form, 429, TOO_MANY_WITHDRAW)
    # The same answer whether or not there was such a request, of whichever kind.
    store.withdraw(form.normalised, now(), guard.TOKEN_MAX_AGE)
    return sending.render_panel("callback/withdrawn.html", page_title=_l("Request withdrawn"))
