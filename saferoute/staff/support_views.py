"""Find support inside the console: a page of its own, and a block the request page swaps in (htmx)."""

from __future__ import annotations

from flask import request

from .. import services
from ..templating import render_page
from . import bp
from .signposting import LookupForm


@bp.get("/support")
def support():
    directory = services.directory()
    form = LookupForm(request.args, directory=directory)
    answer = form.answer(directory) if form.asked else None
    return render_page(
        "staff/support.html",
        block="results",
        form=form,
        answer=answer,
        invalid=form.asked and answer is None,
        back_to=form.request_id(),
    )
