"""Opening hours, computed in the directory's time zone.

Times are wall-clock times in that zone, so 8am stays 8am across the clock
changes; we only ever compare aware datetimes.
"""

from __future__ import annotations

from collections.abc import Iterator
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


def spans(
    hours: tuple[Hours, ...], zone: ZoneInfo, start: date, days: int, closed: frozenset[date] = frozenset()
) -> Iterator[tuple[datetime, datetime]]:
    """Every opening span from `start` for `days` days, in order, skipping `closed` days."""
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day in closed:
            continue
        found = [s for h in hours if (s := h.span_on(day, zone))]
        yield from sorted(found)
