"""How the console shows times: UK time (the directory's zone), in words."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from . import bp


def zone():
    return current_app.extensions["saferoute.directory"].timezone


def clock(moment: datetime) -> str:
    return moment.astimezone(zone()).strftime("%H:%M")


@bp.app_template_global()
def staff_datetime(moment: datetime) -> str:
    """ "Sat 23 Nov 2026, 14:05" in UK time."""
    local = moment.astimezone(zone())
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"
