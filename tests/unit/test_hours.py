"""'Open now' in Europe/London, with frozen time around both clock changes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from saferoute.directory import open_status
from saferoute.directory.hours import Hours, parse_days

LONDON = ZoneInfo("Europe/London")
HUB = (Hours(days=parse_days("mon-sun"), opens=datetime(2000, 1, 1, 8).time(), closes=datetime(2000, 1, 1, 22).time()),)
WEEKDAYS = (
    Hours(days=parse_days("mon-fri"), opens=datetime(2000, 1, 1, 8).time(), closes=datetime(2000, 1, 1, 20).time()),
)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "open_now", "boundary"),
    [
        # Sunday 29 March 2026: clocks go forward at 01:00 UTC. 07:30 UTC is 08:30 BST.
        (utc(2026, 3, 29, 6, 59), False, datetime(2026, 3, 29, 8, 0, tzinfo=LONDON)),
        (utc(2026, 3, 29, 7, 0), True, datetime(2026, 3, 29, 22, 0, tzinfo=LONDON)),
        (utc(2026, 3, 29, 20, 59), True, datetime(2026, 3, 29, 22, 0, tzinfo=LONDON)),
        (utc(2026, 3, 29, 21, 0), False, datetime(2026, 3, 30, 8, 0, tzinfo=LONDON)),
        # Saturday 28 March, still GMT: 07:30 UTC is 07:30 GMT, before opening.
        (utc(2026, 3, 28, 7, 30), False, datetime(2026, 3, 28, 8, 0, tzinfo=LONDON)),
        # Sunday 25 October 2026: clocks go back at 01:00 UTC. 07:30 UTC is 07:30 GMT.
        (utc(2026, 10, 25, 7, 30), False, datetime(2026, 10, 25, 8, 0, tzinfo=LONDON)),
        (utc(2026, 10, 25, 8, 0), True, datetime(2026, 10, 25, 22, 0, tzinfo=LONDON)),
        (utc(2026, 10, 24, 21, 30), False, datetime(2026, 10, 25, 8, 0, tzinfo=LONDON)),
        (utc(2026, 10, 24, 20, 59), True, datetime(2026, 10, 24, 22, 0, tzinfo=LONDON)),
    ],
)
def test_hub_open_now_across_clock_changes(now, open_now, boundary):
    status = open_status(HUB, LONDON, now)
    assert status.open_now is open_now
    assert (status.closes if open_now else status.next_opens) == boundary


def test_weekday_line_is_closed_all_weekend_and_opens_monday():
    saturday_noon = utc(2026, 11, 28, 12, 0)
    status = open_status(WEEKDAYS, LONDON, saturday_noon)
    assert not status.open_now
    assert status.next_opens == datetime(2026, 11, 30, 8, 0, tzinfo=LONDON)


def test_always_open_needs_no_hours():
    assert open_status((), LONDON, utc(2026, 1, 1, 3, 0), always_open=True).always


def test_day_ranges():
    assert parse_days("mon-fri") == frozenset(range(5))
    assert parse_days("sat") == frozenset({5})
    with pytest.raises(ValueError):
        parse_days("someday")
