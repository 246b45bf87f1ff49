"""Weeks (Monday to Sunday) and calendar months in the hub's time zone.

A moment belongs to the local date it falls on, so a request at 00:30 on a
Monday in British Summer Time (23:30 on Sunday in UTC) counts in the new
week: tested across both clock changes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

WEEK, MONTH = "week", "month"
PERIODS = (WEEK, MONTH)


def start_of(period: str, day: date) -> date:
    if period == WEEK:
        return day - timedelta(days=day.weekday())
    if period == MONTH:
        return day.replace(day=1)
    raise ValueError(period)


def starts_for(moment: datetime, zone: ZoneInfo) -> dict[str, date]:
    """The week and the month `moment` falls in, each by its first day."""
    day = moment.astimezone(zone).date()
    return {period: start_of(period, day) for period in PERIODS}


def after(period: str, starts: date) -> date:
    """The first day of the next period."""
    if period == WEEK:
        return starts + timedelta(days=7)
    return (starts.replace(day=28) + timedelta(days=4)).replace(day=1)


def before(period: str, starts: date) -> date:
    return start_of(period, starts - timedelta(days=1))


def recent(period: str, today: date, count: int) -> list[date]:
    """The last `count` periods up to and including today's, oldest first."""
    found = [start_of(period, today)]
    while len(found) < count:
        found.append(before(period, found[-1]))
    return found[::-1]


def name(period: str, starts: date) -> str:
    """ "Week of Mon 30 Mar 2026", "March 2026" """
    if period == WEEK:
        return f"Week of {starts:%a} {starts.day} {starts:%b %Y}"
    return f"{starts:%B %Y}"


def short_name(period: str, starts: date) -> str:
    """For a chart's axis: "30 Mar", "Mar 26" """
    if period == WEEK:
        return f"{starts.day} {starts:%b}"
    return f"{starts:%b %y}"
