"""How the console shows times and counts: UK time (the directory's zone), in words."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ..services import directory
from . import bp


def zone() -> ZoneInfo:
    return directory().timezone


def clock(moment: datetime) -> str:
    return moment.astimezone(zone()).strftime("%H:%M")


@bp.app_template_global()
def staff_datetime(moment: datetime, seconds: bool = False) -> str:
    """ "Mon 23 Nov 2026, 14:05" (or 14:05:09) in UK time."""
    local = moment.astimezone(zone())
    return (
        f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M:%S}"
        if seconds
        else f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"
    )


@bp.app_template_filter("reference")
def reference(value: str | None) -> str:
    """K7QM3XPD9RTV -> K7QM-3XPD-9RTV, as the person was shown it."""
    from ..callback.reference import format as format_reference

    return format_reference(value) if value else ""


def plural(count: int, one: str, many: str) -> str:
    """ "1 try", "2 tries" (the console is English only)."""
    return f"{count} {one if count == 1 else many}"


def duration(span: timedelta) -> str:
    """ "15 minutes", "1 hour", "8 hours" """
    minutes = int(span.total_seconds() // 60)
    if minutes and minutes % 60 == 0:
        return plural(minutes // 60, "hour", "hours")
    return plural(minutes, "minute", "minutes")


def age(since: datetime, now: datetime) -> str:
    """ "12 minutes ago", "3 hours ago", "2 days ago" """
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{plural(minutes, 'minute', 'minutes')} ago"
    hours = minutes // 60
    if hours < 48:
        return f"{plural(hours, 'hour', 'hours')} ago"
    return f"{hours // 24} days ago"


@bp.app_template_filter("staff_clock")
def staff_clock(moment: datetime) -> str:
    return clock(moment)
