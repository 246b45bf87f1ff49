"""Thin views: choose the language, render the page."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for

from .. import i18n
from ..cross_site import refuse_cross_site
from ..forms import error_list
from ..htmx import is_partial
from ..page_cache import cached_page
from ..services import directory, exit_url
from ..templating import render_page
from . import presenters
from .find import TITLE, SupportForm
from .guidance import CONTEXT
from .pages import BY_SLUG, PAGES

bp = Blueprint("help", __name__)
for _helper in (
    presenters.cards,
    presenters.chat_cards,
    presenters.checked_text,
    presenters.hours_line,
    presenters.proper_names,
):
    bp.add_app_template_global(_helper)


@bp.app_context_processor
def _navigation() -> dict:
    # Every page, error pages and other blueprints included, lists the guidance.
    return {"pages": PAGES}


i18n.lang_prefixed(bp)


@bp.get("/")
def root():
    code = i18n.best_match(request.accept_languages, i18n.served())
    response = redirect(url_for("help.home", lang=code), 303)
    response.vary.add("Accept-Language")
    return response


@bp.get("/exit")
def leave():
    """The exit without JavaScript: a plain redirect that carries no referrer."""
    wanted = request.args.get("lang", "")
    code = wanted if wanted in {lang.code for lang in i18n.served()} else i18n.current().code
    return redirect(exit_url(code), 303)


@bp.get("/<lang>/")
def home():
    return cached_page(lambda: render_page("help/home.html"))


@bp.route("/<lang>/find-support", methods=["GET", "POST"])
def find_support():
    """A POST changes nothing here: it only carries the choice out of the address bar."""
    form = SupportForm(formdata=request.form if request.method == "POST" else None, directory=directory())
    answer = None
    if request.method == "POST":
        refuse_cross_site()
        if form.validate():
            answer = form.answer()
    errors = error_list(form)
    return render_page(
        "help/find_support.html",
        block="panel",
        form=form,
        answer=answer,
        errors=errors,
        page_title=TITLE,
        needs=presenters.NEEDS,
        partial=is_partial(),
    )


@bp.get("/<lang>/<slug>")
def page(slug: str):
    found = BY_SLUG.get(slug)
    if found is None:
        abort(404)
    extra = CONTEXT.get(slug)
    return cached_page(lambda: render_page(found.template, page=found, **(extra() if extra else {})))
