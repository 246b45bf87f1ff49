"""Error pages: every one still shows the exit and the emergency numbers."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger("saferoute.errors")


def _render(error: HTTPException):
    code = error.code or 500
    return render_template("errors/error.html", code=code), code


def _unexpected(error: Exception):
    # The type only: a message or traceback can carry what a visitor typed.
    log.error("unhandled %s", type(error).__name__)
    return _render(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _render)
    app.register_error_handler(Exception, _unexpected)
