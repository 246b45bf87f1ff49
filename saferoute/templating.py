"""What every template can use, and one way to render a page or its htmx block."""

from __future__ import annotations

from flask import Flask, current_app, g, render_template, request, url_for
from jinja2_fragments.flask import render_block

from . import i18n
from .htmx import is_partial
from .services import directory, exit_url


def lang_url(code: str) -> str:
    """The same page in another language; pages outside a language go home."""
    endpoint = request.endpoint
    args = dict(request.view_args or {})
    if endpoint and "lang" in (request.url_rule.arguments if request.url_rule else ()):
        args["lang"] = code
        return url_for(endpoint, **args)
    return url_for("help.home", lang=code)


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
        # The exit without JavaScript: our own redirect, in this page's language.
        "exit_href": url_for("help.leave", lang=lang.code),
        "callback_enabled": "callback.form" in current_app.view_functions and directory().hub is not None,
    }


def init_app(app: Flask) -> None:
    app.context_processor(_context)
    # Globals, not context: imported macros see globals only.
    app.jinja_env.globals.update(
        lang_url=lang_url,
    )

    @app.url_defaults
    def _add_lang(endpoint: str, values: dict) -> None:
        if "lang" not in values and app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = g.get("lang") or i18n.current().code
