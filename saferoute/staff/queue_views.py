"""The queue and one request at a time (built on the callback model)."""

from __future__ import annotations

from flask import render_template

from . import bp


@bp.get("/")
def queue():
    return render_template("staff/queue.html")


@bp.get("/queue/refresh")
def queue_refresh():
    return render_template("staff/queue.html")
