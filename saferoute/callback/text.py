"""Windows in words, in the reader's language and the hub's time zone (Babel does the formatting)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from flask_babel import format_date, format_time, gettext

from .windows import Window


def day_name(day: date, today: date) -> str:
    """ "Today, Monday 23 November", "Tomorrow, ...", "Wednesday 25 November" """
    name = format_date(day, "EEEE d MMMM")
    if day == today:
        return gettext("Today, %(day)s", day=name)
    if day == today + timedelta(days=1):
        return gettext("Tomorrow, %(day)s", day=name)
    return name


def time_range(window: Window, zone: ZoneInfo) -> str:
    start, end = window.local(zone)
    return gettext(
        "%(start)s to %(end)s",
        start=format_time(start, "short", rebase=False),
        end=format_time(end, "short", rebase=False),
    )


def in_words(window: Window, zone: ZoneInfo, today: date) -> str:
    """ "Tomorrow, Tuesday 24 November, 08:00 to 10:00" """
    return gettext(
        "%(day)s, %(times)s",
        day=day_name(window.start.astimezone(zone).date(), today),
        times=time_range(window, zone),
    )
