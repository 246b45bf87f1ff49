"""Thin views for a Clare's Law request: one form for each way in, sent as every sealed request is.

The form, the sending, the sealing and the withdrawal are the sealed-request
core's (callback/sending.py, callback/store.py); this module only says which
form and which pages. Offered where the directory says how long an answer
takes and the hub takes call-backs (Directory.clares_law_online).
"""

from __future__ import annotations

from flask import Blueprint, abort, request

from .. import i18n
from ..callback import reference as references
from ..callback import sending, store, text
from ..callback.safe_times import picker
from ..callback.sending import Pages
from ..clock import now
from ..forms import error_list
from ..services import directory
from .forms import AGE_HINT, ClaresLawForm
from .kind import CLARES_LAW_KIND
from .steps import next_steps
from .vocabulary import BY_WAY

bp = Blueprint("clares_law", __name__)
i18n.lang_prefixed(bp)
bp.context_processor(text.window_words)
bp.after_request(sending.full_page_replaces_body)

FORM = "clares-law-form"


def _way(code: str) -> str:
    if code not in BY_WAY or directory().clares_law_online is None:
        abort(404)
    return code


def _form(way: str, formdata=None) -> ClaresLawForm:
    zone = directory().timezone
    return ClaresLawForm(formdata=formdata, offered=sending.offered(), way=way, today=now().astimezone(zone).date())


def _pages(way: str) -> Pages:
    def form_page(form: ClaresLawForm, status: int = 200, notice=None):
        zone = directory().timezone
        return sending.render_panel(
            "clares_law/form.html",
            status,
            page_title=BY_WAY[way].title,
            way=BY_WAY[way],
            form=form,
            age_hint=AGE_HINT,
            times=picker(form.windows, zone, now().astimezone(zone).date()),
            steps=next_steps(directory().clares_law, way),
            errors=error_list(form, notice),
        )

    def sent_page(saved: store.Saved):
        return sending.render_panel(
            "clares_law/sent.html",
            page_title=sending.SENT,
            reference=references.format(saved.reference),
            chosen=saved.windows,
            repeat=not saved.created,
            steps=next_steps(directory().clares_law, way),
        )

    return Pages(form_page, sent_page)


@bp.route("/<lang>/clares-law/ask/<way>", methods=["GET", "POST"])
def form(way: str):
    way = _way(way)
    if request.method == "GET":
        return sending.blank(_form(way), FORM, _pages(way))
    return sending.send(CLARES_LAW_KIND, FORM, _form(way, request.form), _pages(way))
