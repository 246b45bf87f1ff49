"""What every template can use, and one way to render a page or its htmx block."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, current_app, g, render_template, request, url_for
from flask_babel import format_date, format_time, gettext
from jinja2_fragments.flask import render_block

from . import i18n
from .directory import Directory, Route, open_status


def directory() -> Directory:
    return current_app.extensions["saferoute.directory"]


def exit_url(lang: str) -> str:
    urls = current_app.config["SAFEROUTE"].exit_urls
    return urls.get(lang, urls[""])


def now() -> datetime:
    return datetime.now(UTC)


def route_status(route: Route):
    return open_status(route.hours, directory().timezone, now(), route.always_open)


def lang_url(code: str) -> str:
    """The same page in another language; pages outside a language go home."""
    endpoint = request.endpoint
    args = dict(request.view_args or {})
    if endpoint and "lang" in (request.url_rule.arguments if request.url_rule else ()):
        args["lang"] = code
        return url_for(endpoint, **args)
    return url_for("help.home", lang=code)


def local_time(moment: datetime) -> str:
    return format_time(moment.astimezone(directory().timezone), "short", rebase=False)


def opens_text(moment: datetime) -> str:
    """ "Closed now. Opens today at 8:00", "... tomorrow at ...", "... on Saturday at ..." """
    zone = directory().timezone
    local, today = moment.astimezone(zone), now().astimezone(zone).date()
    when = local_time(local)
    if local.date() == today:
        return gettext("Closed now. Opens today at %(time)s", time=when)
    if (local.date() - today).days == 1:
        return gettext("Closed now. Opens tomorrow at %(time)s", time=when)
    return gettext("Closed now. Opens on %(day)s at %(time)s", day=format_date(local, "EEEE", rebase=False), time=when)


def is_partial() -> bool:
    """A targeted htmx swap (HX-Request-Type: partial) wants just a block;
    boosted navigation wants the whole page (htmx takes its <body>)."""
    return request.headers.get("HX-Request-Type") == "partial" and not request.headers.get("HX-Boosted")


def render_page(template: str, block: str | None = None, **context) -> str:
    """One template serves both: the whole page, or only `block` for an htmx swap."""
    if block and is_partial():
        return render_block(template, block, **context)
    return render_template(template, **context)


def _context() -> dict:
    lang = i18n.current()
    return {
        "lang": lang,
        "languages": i18n.served(),
        "directory": directory(),
        "exit_url": exit_url(lang.code),
        "callback_enabled": "callback.form" in current_app.view_functions and directory().hub is not None,
    }


def init_app(app: Flask) -> None:
    app.context_processor(_context)
    # Globals, not context: imported macros see globals only.
    app.jinja_env.globals.update(
        lang_url=lang_url,
        route_status=route_status,
        local_time=local_time,
        opens_text=opens_text,
    )

    @app.url_defaults
    def _add_lang(endpoint: str, values: dict) -> None:
        if "lang" not in values and app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = g.get("lang") or i18n.current().code
