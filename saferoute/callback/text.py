"""Windows in words, in the reader's language and the hub's time zone (Babel does the formatting)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.dates import match_skeleton
from flask_babel import format_date, get_locale, gettext

from ..clock import now
from ..services import directory
from .windows import Window


@lru_cache(maxsize=2048)
def _clock(locale: str, hour: int, minute: int) -> str:
    # A form shows ~50 windows but only a handful of distinct times: format each once.
    return babel_format_time(time(hour, minute), "short", locale=locale)


def clock(moment: datetime) -> str:
    """A wall-clock time as the reader's language writes it ("08:00" in British English)."""
    return _clock(str(get_locale()), moment.hour, moment.minute)


@lru_cache(maxsize=32)
def _day_pattern(locale: str) -> str:
    """The language's own order for weekday, day and month, with both names in full.

    CLDR's skeletons give each language's order and joining words ("d 'de' MMMM");
    some only offer short names there, so widen them: plain words read better.
    """
    skeletons = Locale.parse(locale).datetime_skeletons
    pattern = skeletons[match_skeleton("MMMMEd", skeletons)].pattern
    pattern = re.sub(r"E+", "EEEE", pattern)
    pattern = re.sub(r"c+", "cccc", pattern)
    return re.sub(r"(?<!M)M{3}(?!M)", "MMMM", pattern)


def day_name(day: date, today: date) -> str:
    """ "Today, Monday 23 November", "Tomorrow, ...", "Wednesday 25 November" """
    name = format_date(day, _day_pattern(str(get_locale())))
    if day == today:
        return gettext("Today, %(day)s", day=name)
    if day == today + timedelta(days=1):
        return gettext("Tomorrow, %(day)s", day=name)
    return name


# Letters in a word that still fits a phone's first column (Wednesday); longer ones are shortened.
LONGEST_WORD = 9


@lru_cache(maxsize=32)
def _short_day_pattern(locale: str) -> str:
    """Weekday and day ("Wednesday 25"), short enough for the start of a row on a phone.

    Where the language's weekday names are long words (poniedziałek, ketvirtadienis) they
    would break mid-word there: use the language's own short weekday instead ("pon., 25").
    """
    skeletons = Locale.parse(locale).datetime_skeletons
    short = skeletons[match_skeleton("Ed", skeletons)].pattern
    full = re.sub(r"c+", "cccc", re.sub(r"E+", "EEEE", short))
    monday = date(2026, 11, 23)  # any week: its seven weekday names
    week = [babel_format_date(monday + timedelta(days=n), full, locale=locale) for n in range(7)]
    # Letters, not code points: a vowel sign or virama takes no width of its own.
    longest = max(
        sum(1 for char in word if not unicodedata.category(char).startswith("M"))
        for name in week
        for word in re.split(r"[\s,.\-،]+", name)
    )
    return full if longest <= LONGEST_WORD else short


def short_day_name(day: date, today: date) -> str:
    """ "Today", "Tomorrow", "Wednesday 25": enough to tell apart the days of a week, in little room."""
    if day == today:
        return gettext("Today")
    if day == today + timedelta(days=1):
        return gettext("Tomorrow")
    return format_date(day, _short_day_pattern(str(get_locale())))


def time_range(window: Window, zone: ZoneInfo) -> str:
    start, end = window.local(zone)
    return gettext("%(start)s to %(end)s", start=clock(start), end=clock(end))


def in_words(window: Window, zone: ZoneInfo, today: date) -> str:
    """ "Tomorrow, Tuesday 24 November, 08:00 to 10:00" """
    return gettext(
        "%(day)s, %(times)s",
        day=day_name(window.start.astimezone(zone).date(), today),
        times=time_range(window, zone),
    )


def window_words() -> dict:
    """For the templates of every form with windows: days and times in words, in the hub's time zone."""
    zone = directory().timezone
    today = now().astimezone(zone).date()
    return {"in_words": lambda window: in_words(window, zone, today)}
