"""Call-back windows: inside the hub's hours, in Europe/London, across the clock changes."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from saferoute.callback.windows import Rules, by_day, choose, offered
from saferoute.directory import Hours
from saferoute.directory.hours import parse_days

LONDON = ZoneInfo("Europe/London")
KENT_HUB = (Hours(parse_days("mon-sun"), time(8), time(22)),)
DEFAULT = Rules(length=timedelta(hours=2), lead=timedelta(minutes=30), horizon=timedelta(days=7))


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(window):
    start, end = window.local(LONDON)
    return start.strftime("%a %d %H:%M"), end.strftime("%H:%M")


def test_two_hour_windows_from_eight_to_ten_every_day_for_a_week():
    now = utc(2026, 11, 23, 6, 0)  # Monday 06:00 in London (GMT)
    windows = offered(KENT_HUB, LONDON, now, DEFAULT)
    assert local(windows[0]) == ("Mon 23 08:00", "10:00")
    assert local(windows[6]) == ("Mon 23 20:00", "22:00")
    assert len(windows) == 7 * 7  # 7 windows a day; the 8th day's first window starts after the horizon
    assert all(w.end - w.start == timedelta(hours=2) for w in windows)
    assert all(a.end <= b.start for a, b in itertools.pairwise(windows)), "in order, no overlaps"
    assert windows[-1].start <= now + timedelta(days=7)


def test_windows_too_close_or_past_are_not_offered():
    now = utc(2026, 11, 23, 9, 31)  # 09:31: 08:00 has begun, 10:00 is 29 minutes away
    first = offered(KENT_HUB, LONDON, now, DEFAULT)[0]
    assert local(first) == ("Mon 23 12:00", "14:00")
    now = utc(2026, 11, 23, 9, 30)  # exactly the lead time before 10:00 is still allowed
    assert local(offered(KENT_HUB, LONDON, now, DEFAULT)[0]) == ("Mon 23 10:00", "12:00")


def test_late_at_night_the_first_window_is_tomorrow_morning():
    windows = offered(KENT_HUB, LONDON, utc(2026, 11, 23, 21, 45), DEFAULT)
    assert local(windows[0]) == ("Tue 24 08:00", "10:00")


def test_window_length_lead_and_horizon_come_from_settings():
    rules = Rules(length=timedelta(minutes=90), lead=timedelta(hours=3), horizon=timedelta(days=1))
    windows = offered(KENT_HUB, LONDON, utc(2026, 11, 23, 6, 0), rules)
    assert local(windows[0]) == ("Mon 23 09:30", "11:00"), "08:00 is within the 3-hour lead"
    # 14 hours do not divide into 90 minutes: the day's last window is shorter and ends at closing;
    # Tuesday's first window starts after the one-day horizon.
    assert local(windows[-1]) == ("Mon 23 21:30", "22:00")


@pytest.mark.parametrize(
    ("now", "before", "after"),
    [
        # Clocks go forward at 01:00 GMT on Sunday 29 March 2026: 8am is 08:00Z on Saturday, 07:00Z on Sunday.
        (utc(2026, 3, 27, 12, 0), utc(2026, 3, 28, 8, 0), utc(2026, 3, 29, 7, 0)),
        # Clocks go back at 01:00 GMT on Sunday 25 October 2026: 8am is 07:00Z on Saturday, 08:00Z on Sunday.
        (utc(2026, 10, 23, 12, 0), utc(2026, 10, 24, 7, 0), utc(2026, 10, 25, 8, 0)),
    ],
)
def test_eight_am_stays_eight_am_across_the_clock_changes(now, before, after):
    windows = offered(KENT_HUB, LONDON, now, DEFAULT)
    starts = {w.start for w in windows}
    assert before in starts and after in starts
    for window in windows:
        start, end = window.local(LONDON)
        assert time(8) <= start.time() and end.time() <= time(22) and end.time() != time(0)
        assert window.end - window.start == timedelta(hours=2), "every window is two real hours"
    assert by_day(windows, LONDON)[1][0].isoformat() in {"2026-03-28", "2026-10-24"}


def test_a_window_across_the_skipped_hour_is_still_real():
    # A night service (00:00-04:00) on the night the clocks go forward: 01:00-02:00 does not exist.
    night = (Hours(parse_days("mon-sun"), time(0), time(4)),)
    rules = Rules(length=timedelta(hours=2), lead=timedelta(0), horizon=timedelta(days=2))
    windows = offered(night, LONDON, utc(2026, 3, 28, 12, 0), rules)
    sunday = [w for w in windows if w.start.astimezone(LONDON).date().isoformat() == "2026-03-29"]
    assert sunday, "the night of the change still has windows"
    assert all(w.end > w.start for w in windows)
    assert all(a.end <= b.start for a, b in itertools.pairwise(windows))
    assert sum(((w.end - w.start) for w in sunday), timedelta()) == timedelta(hours=3), "00:00-04:00 is 3 real hours"


def test_windows_are_grouped_by_local_day():
    windows = offered(KENT_HUB, LONDON, utc(2026, 11, 23, 6, 0), DEFAULT)
    days = by_day(windows, LONDON)
    assert len(days) == 7
    assert [len(group) for _day, group in days] == [7] * 7


def test_choose_keeps_offered_windows_and_rejects_the_rest():
    windows = offered(KENT_HUB, LONDON, utc(2026, 11, 23, 6, 0), DEFAULT)
    values = [windows[3].value, windows[1].value, windows[1].value, "20200101T0800Z", "99999999T9999Z", "x" * 500]
    chosen, rejected = choose(values, windows)
    assert chosen == [windows[1], windows[3]], "sorted, without duplicates"
    assert rejected == ["20200101T0800Z", "99999999T9999Z", "x" * 500]
    assert windows[0].value == "20261123T0800Z"
