"""The four hour states, in Europe/London, with frozen time: around the clock changes and bank holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from saferoute.directory import Availability, BankHolidays, hours_state
from saferoute.directory.hours import Hours, parse_days
from saferoute.directory.status import ALWAYS, OPEN, OPENS, UNCONFIRMED

LONDON = ZoneInfo("Europe/London")


def hours(days: str, opens: str, closes: str) -> Hours:
    return Hours(days=parse_days(days), opens=time.fromisoformat(opens), closes=time.fromisoformat(closes))


HUB = Availability(hours=(hours("mon-sun", "08:00", "22:00"),))
WEEKDAYS = Availability(hours=(hours("mon-fri", "08:00", "20:00"),))
# The National Stalking Helpline: weekdays 9:30 to 4pm, Wednesdays from 1pm, closed on bank holidays.
STALKING = Availability(
    hours=(hours("mon-tue", "09:30", "16:00"), hours("wed", "13:00", "16:00"), hours("thu-fri", "09:30", "16:00")),
    closed_bank_holidays=True,
)
HOLIDAYS = BankHolidays(frozenset({date(2026, 12, 25), date(2026, 12, 28)}), date(2026, 12, 31), (), date(2026, 12, 1))


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "state", "boundary"),
    [
        # Sunday 29 March 2026: clocks go forward at 01:00 UTC. 07:00 UTC is 08:00 BST.
        (utc(2026, 3, 29, 6, 59), OPENS, datetime(2026, 3, 29, 8, 0, tzinfo=LONDON)),
        (utc(2026, 3, 29, 7, 0), OPEN, datetime(2026, 3, 29, 22, 0, tzinfo=LONDON)),
        (utc(2026, 3, 29, 20, 59), OPEN, datetime(2026, 3, 29, 22, 0, tzinfo=LONDON)),
        (utc(2026, 3, 29, 21, 0), OPENS, datetime(2026, 3, 30, 8, 0, tzinfo=LONDON)),
        # Saturday 28 March, still GMT: 07:30 UTC is 07:30 GMT, before opening.
        (utc(2026, 3, 28, 7, 30), OPENS, datetime(2026, 3, 28, 8, 0, tzinfo=LONDON)),
        # Sunday 25 October 2026: clocks go back at 01:00 UTC. 07:30 UTC is 07:30 GMT.
        (utc(2026, 10, 25, 7, 30), OPENS, datetime(2026, 10, 25, 8, 0, tzinfo=LONDON)),
        (utc(2026, 10, 25, 8, 0), OPEN, datetime(2026, 10, 25, 22, 0, tzinfo=LONDON)),
        (utc(2026, 10, 24, 21, 30), OPENS, datetime(2026, 10, 25, 8, 0, tzinfo=LONDON)),
        (utc(2026, 10, 24, 20, 59), OPEN, datetime(2026, 10, 24, 22, 0, tzinfo=LONDON)),
    ],
)
def test_hub_open_now_across_clock_changes(now, state, boundary):
    found = hours_state(HUB, LONDON, now)
    assert found.state == state
    assert (found.closes if state == OPEN else found.opens) == boundary


def test_weekday_line_opens_monday_after_a_weekend():
    found = hours_state(WEEKDAYS, LONDON, utc(2026, 11, 28, 12, 0))  # a Saturday
    assert found.state == OPENS
    assert found.opens == datetime(2026, 11, 30, 8, 0, tzinfo=LONDON)


def test_24_hours_needs_no_hours():
    assert hours_state(Availability(always_open=True), LONDON, utc(2026, 1, 1, 3, 0)).state == ALWAYS


@pytest.mark.parametrize(
    "availability",
    [
        Availability(),  # no hours at all
        Availability(hours=WEEKDAYS.hours, confirmed=False, stated=date(2020, 5, 1)),  # sources disagree, or old
    ],
    ids=["no-hours", "unconfirmed"],
)
def test_hours_not_confirmed_is_never_open_or_closed(availability):
    for moment in (utc(2026, 12, 1, 10, 0), utc(2026, 12, 1, 23, 0), utc(2026, 12, 5, 12, 0)):
        assert hours_state(availability, LONDON, moment).state == UNCONFIRMED


@pytest.mark.parametrize(
    ("now", "state", "boundary"),
    [
        # Thursday 24 December, 10:00: open until 4pm.
        (utc(2026, 12, 24, 10, 0), OPEN, datetime(2026, 12, 24, 16, 0, tzinfo=LONDON)),
        # Christmas Day and the Boxing Day substitute (Monday 28th) are closed: next is Tuesday 29th.
        (utc(2026, 12, 25, 10, 0), OPENS, datetime(2026, 12, 29, 9, 30, tzinfo=LONDON)),
        # A Wednesday opens at 1pm.
        (utc(2026, 12, 2, 10, 0), OPENS, datetime(2026, 12, 2, 13, 0, tzinfo=LONDON)),
        (utc(2026, 12, 2, 13, 30), OPEN, datetime(2026, 12, 2, 16, 0, tzinfo=LONDON)),
    ],
)
def test_closed_on_bank_holidays(now, state, boundary):
    found = hours_state(STALKING, LONDON, now, HOLIDAYS)
    assert found.state == state
    assert (found.closes if state == OPEN else found.opens) == boundary


def test_past_the_bank_holidays_we_know_of_hours_are_not_confirmed():
    # Thursday 31 December, after closing: the next opening is in 2027, past the list.
    assert hours_state(STALKING, LONDON, utc(2026, 12, 31, 17, 0), HOLIDAYS).state == UNCONFIRMED
    assert hours_state(STALKING, LONDON, utc(2027, 1, 4, 10, 0), HOLIDAYS).state == UNCONFIRMED
    assert hours_state(STALKING, LONDON, utc(2026, 12, 2, 10, 0), None).state == UNCONFIRMED


def test_day_ranges():
    assert parse_days("mon-fri") == frozenset(range(5))
    assert parse_days("sat") == frozenset({5})
    with pytest.raises(ValueError):
        parse_days("someday")
