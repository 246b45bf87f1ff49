"""Opening hours and "open now", computed in the directory's time zone.

Times are wall-clock times in that zone, so 8am stays 8am across the clock
changes; we only ever compare aware datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_days(text: str) -> frozenset[int]:
    """ "mon-fri" -> {0..4}; "sat" -> {5}; "mon-sun" -> every day (Monday is 0)."""
    start, _, end = text.strip().lower().partition("-")
    try:
        first = DAY_NAMES.index(start)
        last = DAY_NAMES.index(end) if end else first
    except ValueError:
        raise ValueError(f"'{text}' is not a day or a day range") from None
    if last < first:
        raise ValueError(f"'{text}' runs backwards")
    return frozenset(range(first, last + 1))


@dataclass(frozen=True)
class Hours:
    days: frozenset[int]
    opens: time
    closes: time

    def span_on(self, day: date, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
        if day.weekday() not in self.days:
            return None
        return (
            datetime.combine(day, self.opens, tzinfo=zone),
            datetime.combine(day, self.closes, tzinfo=zone),
        )


@dataclass(frozen=True)
class OpenStatus:
    open_now: bool
    always: bool = False
    closes: datetime | None = None
    next_opens: datetime | None = None


def spans(hours: tuple[Hours, ...], zone: ZoneInfo, start: date, days: int):
    """Every opening span from `start` for `days` days, in order."""
    for offset in range(days):
        day = start + timedelta(days=offset)
        found = [s for h in hours if (s := h.span_on(day, zone))]
        yield from sorted(found)


def open_status(hours: tuple[Hours, ...], zone: ZoneInfo, now: datetime, always_open: bool = False) -> OpenStatus:
    if always_open:
        return OpenStatus(open_now=True, always=True)
    local = now.astimezone(zone)
    for opens, closes in spans(hours, zone, local.date(), 8):
        if opens <= local < closes:
            return OpenStatus(open_now=True, closes=closes)
        if local < opens:
            return OpenStatus(open_now=False, next_opens=opens)
    return OpenStatus(open_now=False)
