"""Queue groups, worked out in Europe/London from the stored (UTC) windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from saferoute.callback.windows import Window
from saferoute.staff.casework import dial
from saferoute.staff.display import age
from saferoute.staff.queue import place

LONDON = ZoneInfo("Europe/London")
UTC = UTC


def w(start: datetime, hours: int = 2) -> Window:
    return Window(start, start + timedelta(hours=hours))


NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # 12:00 in London (GMT)


def test_a_window_open_now_is_due_even_with_later_ones():
    windows = [w(NOW - timedelta(hours=1)), w(NOW + timedelta(days=1))]
    assert place(windows, NOW, LONDON) == ("due", windows[0], [windows[1]])


def test_the_start_is_inside_and_the_end_is_not():
    assert place([w(NOW)], NOW, LONDON)[0] == "due"
    assert place([w(NOW - timedelta(hours=2))], NOW, LONDON)[0] == "missed"


def test_later_today_upcoming_and_missed():
    assert place([w(NOW + timedelta(hours=3))], NOW, LONDON)[0] == "today"
    assert place([w(NOW + timedelta(hours=12))], NOW, LONDON)[0] == "upcoming"  # 00:00 tomorrow
    past, future = w(NOW - timedelta(days=1)), w(NOW + timedelta(hours=5))
    assert place([past, future], NOW, LONDON) == ("today", future, [])
    assert place([past, w(NOW - timedelta(hours=3))], NOW, LONDON)[0] == "missed"


def test_today_means_today_in_london_not_in_utc():
    # 23:30 UTC on 1 July is 00:30 on 2 July in London (BST): 08:00 BST that day is "later today".
    now = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    eight_am = datetime(2026, 7, 2, 7, 0, tzinfo=UTC)
    assert place([w(eight_am)], now, LONDON)[0] == "today"
    # and 22:30 UTC on 1 July (23:30 BST, still 1 July): the same window is tomorrow.
    assert place([w(eight_am)], now - timedelta(hours=1), LONDON)[0] == "upcoming"


def test_across_the_autumn_clock_change():
    # 25 Oct 2026: clocks go back at 02:00 BST. 00:30 UTC is 01:30 BST; 09:00 UTC is 09:00 GMT, same day.
    now = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert place([w(datetime(2026, 10, 25, 9, 0, tzinfo=UTC))], now, LONDON)[0] == "today"


def test_no_windows_is_refused():
    with pytest.raises(ValueError):
        place([], NOW, LONDON)


@pytest.mark.parametrize(
    ("number", "method", "href", "shown"),
    [
        ("+447911123456", "phone", "tel:+447911123456", "07911 123456"),
        ("+447911123456", "video", "tel:+447911123456", "07911 123456"),
        ("+447911123456", "textphone", "tel:1800207911123456", "18002 07911 123456"),
        ("+441632960001", "textphone", "tel:1800201632960001", "18002 01632 960001"),
        ("+48601234567", "phone", "tel:+48601234567", "+48 601 234 567"),
        ("+48601234567", "textphone", "tel:+48601234567", "+48 601 234 567"),
    ],
)
def test_how_to_dial(number, method, href, shown):
    found = dial(number, method)
    assert (found.href, found.shown) == (href, shown)
    assert found.relay == href.startswith("tel:18002")
    assert found.international == number.startswith("+48")


def test_age_in_words():
    assert age(NOW, NOW) == "just now"
    assert age(NOW - timedelta(minutes=1), NOW) == "1 minute ago"
    assert age(NOW - timedelta(minutes=59), NOW) == "59 minutes ago"
    assert age(NOW - timedelta(hours=1), NOW) == "1 hour ago"
    assert age(NOW - timedelta(hours=47), NOW) == "47 hours ago"
    assert age(NOW - timedelta(days=3), NOW) == "3 days ago"
    assert age(NOW + timedelta(minutes=5), NOW) == "just now", "a clock a little ahead is not the future"
