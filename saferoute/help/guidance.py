"""What a guidance page needs beyond its words: rows already resolved for the template.

Routes named in check.py become links to our pages, the call-back (shown where
the layout's `callback_enabled` says it is offered, as on every page), or a route
from the directory (its number shown by the help macros). A route the directory
does not have is left out, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..clares_law import presenters as clares_law
from ..directory import Route as DirectoryRoute
from ..services import directory
from . import abuse, check
from .pages import BY_SLUG

CALLBACK_TEXT = _l("Ask the police to call you back at a safe time")


@dataclass(frozen=True)
class Link:
    """A link to follow, a directory route to call (`call`), or the call-back (`callback`)."""

    text: object = None
    href: str = ""
    call: DirectoryRoute | None = None
    callback: bool = False


@dataclass(frozen=True)
class Answer:
    question: check.Question
    routes: tuple[Link, ...]


def link(route: check.Route) -> Link | None:
    if isinstance(route, check.Call):
        found = directory().get(route.route)
        return Link(call=found) if found and found.phone else None
    if isinstance(route, check.Guide):
        return Link(BY_SLUG[route.slug].title, url_for("help.page", slug=route.slug, _anchor=route.section))
    return Link(CALLBACK_TEXT, callback=True)


def links(routes: tuple[check.Route, ...]) -> tuple[Link, ...]:
    return tuple(found for found in map(link, routes) if found is not None)


def is_this_abuse() -> dict:
    return {
        "forms": abuse.FORMS,
        "answers": [Answer(question, links(question.routes)) for question in check.QUESTIONS],
        "any_yes": links(check.ANY_YES),
    }


# The pages that need more than their words, by slug.
CONTEXT = {"is-this-abuse": is_this_abuse, "clares-law": clares_law.page}
