"""The board's figures on generated requests over months, across both clock changes.

Every expected figure is worked out here from the generated events alone,
in the hub's time zone, without the code under test.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from saferoute.board import figures, periods, tally
from saferoute.callback import store
from saferoute.callback.models import CallbackRequest
from saferoute.extensions import db
from saferoute.kinds import CALLBACK, CLARES_LAW
from saferoute.staff import casework, outcomes
from tests.staff_support import make_request

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 2, 2, tzinfo=UTC)
PURGE_AT = datetime(2026, 9, 1, tzinfo=UTC)
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
METHODS = ("phone", "video", "textphone")
LANGUAGES = (None, None, None, "pl", "ro", "bsl")
CODES = ("no-answer", "someone-else", "not-safe", "done", "stop")
ACTIONS = ("advice", "crime-report", "marac")
SERVICES = ("kidas", "oasis", "galop")
# Moments either side of midnight UK time when the clocks change, where UTC's date is another day.
EDGES = (
    datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # Sunday 00:30 GMT: week of 23 March
    datetime(2026, 3, 29, 23, 30, tzinfo=UTC),  # Monday 00:30 BST: week of 30 March
    datetime(2026, 9, 30, 23, 30, tzinfo=UTC),  # 1 October 00:30 BST: October, not September
    datetime(2026, 10, 24, 23, 30, tzinfo=UTC),  # Sunday 25 October 00:30 BST: still the week of 19th
    datetime(2026, 10, 25, 23, 30, tzinfo=UTC),  # Sunday 25 October 23:30 GMT: the week of 19th too
    datetime(2026, 10, 31, 23, 30, tzinfo=UTC),  # 31 October 23:30 GMT: October
)


def local_start(period: str, moment: datetime) -> date:
    day = moment.astimezone(LONDON).date()
    return day - timedelta(days=day.weekday()) if period == "week" else day.replace(day=1)


class Expected:
    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], Counter] = {}
        self.waits: dict[tuple[str, date], list[int]] = {}

    def add(self, name: str, moment: datetime, key: str = "") -> None:
        for period in ("week", "month"):
            self.counts.setdefault((name, key), Counter())[(period, local_start(period, moment))] += 1

    def get(self, name: str, period: str, starts: date, key: str = "") -> int:
        return self.counts.get((name, key), Counter())[(period, starts)]


def generate(app, rng: random.Random) -> Expected:
    expected = Expected()
    made = []
    moments = [START + timedelta(minutes=rng.randrange(0, 60 * 24 * 280)) for _ in range(80)]
    for created in sorted([*moments, *EDGES]):
        method, language = rng.choice(METHODS), rng.choice(LANGUAGES)
        first = created + timedelta(hours=rng.choice((1, 3, 20)))
        windows = [(first, first + timedelta(hours=2))]
        if rng.random() < 0.5:
            windows.append((first + timedelta(days=1), first + timedelta(days=1, hours=3)))
        request_id = make_request(app, windows, method=method, language=language, created=created)
        expected.add("received", created)
        expected.add("method", created, method)
        expected.add("language", created, language or "none")
        made.append((request_id, created, windows))
    with app.app_context():
        for request_id, created, windows in made:
            request = db.session.get(CallbackRequest, request_id)
            at, first_try = windows[0][0], None
            for _ in range(rng.choice((0, 0, 1, 2, 3))):
                at += timedelta(minutes=rng.randrange(-30, 600))
                code = rng.choice(CODES)
                done = tuple(rng.sample(ACTIONS, rng.randrange(0, 3))) if code == "done" else ()
                referred = tuple(rng.sample(SERVICES, rng.randrange(0, 3))) if code == "done" else ()
                casework.record(request, code, "", "ana", at, 30, done, referred)
                expected.add("result", at, code)
                for action in (*done, *(("referred",) if referred else ())):
                    expected.add("action", at, action)
                for service in referred:
                    expected.add("referral", at, service)
                if code != "stop" and first_try is None:
                    first_try = at
                    minutes = int((at - windows[0][0]).total_seconds() // 60)
                    for period in ("week", "month"):
                        expected.waits.setdefault((period, local_start(period, at)), []).append(minutes)
                if outcomes.BY_CODE[code].closes:
                    break
            last_end = max(end for _start, end in windows)
            withdrawn = rng.random() < 0.2
            if withdrawn:
                assert store.withdraw(request.reference, created + timedelta(hours=1), timedelta(days=8))
                expected.add("withdrawn", created)
            elif last_end <= NOW and (first_try is None or first_try >= last_end):
                expected.add("missed", last_end)
        purged, _keys = store.purge(PURGE_AT)
        assert purged > 10  # the figures below include many that are gone
    return expected


@pytest.fixture
def generated(staff_app):
    return generate(staff_app, random.Random(15))


def test_figures_on_months_of_generated_requests(staff_app, generated):
    expected = generated
    with staff_app.app_context():
        for period, count in (("week", 45), ("month", 11)):
            starts = periods.recent(period, NOW.astimezone(LONDON).date(), count)
            found = figures.compute(period, starts, NOW, LONDON)
            for s in starts:
                assert found.total(tally.RECEIVED, s) == expected.get("received", period, s), (period, s)
                assert found.total(figures.WITHDRAWN, s) == expected.get("withdrawn", period, s), (period, s)
                assert found.total(tally.MISSED, s) == expected.get("missed", period, s), (period, s)
                for method in METHODS:
                    assert found.of(tally.RECEIVED_METHOD, method, s) == expected.get("method", period, s, method)
                for language in ("none", "pl", "ro", "bsl"):
                    assert found.of(tally.RECEIVED_LANGUAGE, language, s) == expected.get(
                        "language", period, s, language
                    )
                for code in CODES:
                    assert found.of(tally.RESULT, code, s) == expected.get("result", period, s, code)
                for action in (*ACTIONS, "referred"):
                    assert found.of(tally.ACTION, action, s) == expected.get("action", period, s, action)
                for service in SERVICES:
                    assert found.of(tally.REFERRAL, service, s) == expected.get("referral", period, s, service)
                assert sorted(found.waits.get(s, [])) == sorted(expected.waits.get((period, s), []))
            assert sum(found.total(tally.RECEIVED, s) for s in starts) == 80 + len(EDGES)


def test_the_clock_changes_put_each_request_in_its_uk_week_and_month(staff_app):
    for created in EDGES:
        make_request(staff_app, [(created + timedelta(hours=1), created + timedelta(hours=2))], created=created)
    with staff_app.app_context():
        weeks = figures.compute("week", periods.recent("week", date(2026, 11, 2), 33), NOW, LONDON)
        months = figures.compute("month", periods.recent("month", date(2026, 11, 1), 10), NOW, LONDON)
    received = {s: weeks.total(tally.RECEIVED, s) for s in weeks.starts if weeks.total(tally.RECEIVED, s)}
    assert received == {
        date(2026, 3, 23): 1,  # Sunday 29 March, 00:30 GMT
        date(2026, 3, 30): 1,  # Monday 30 March, 00:30 BST (still Sunday in UTC)
        date(2026, 9, 28): 1,  # Thursday 1 October, 00:30 BST
        date(2026, 10, 19): 2,  # Sunday 25 October, before and after the clocks went back
        date(2026, 10, 26): 1,  # Saturday 31 October
    }
    by_month = {s: months.total(tally.RECEIVED, s) for s in months.starts if months.total(tally.RECEIVED, s)}
    assert by_month == {date(2026, 3, 1): 2, date(2026, 10, 1): 4}  # none in September


def test_a_wait_across_the_spring_clock_change_is_real_time(staff_app):
    start = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 00:30 GMT
    request_id = make_request(staff_app, [(start, start + timedelta(hours=3))], created=start - timedelta(hours=1))
    with staff_app.app_context():
        request = db.session.get(CallbackRequest, request_id)
        casework.record(request, "no-answer", "", "ana", datetime(2026, 3, 29, 1, 30, tzinfo=UTC), 30)  # 02:30 BST
        casework.record(request, "no-answer", "", "ana", datetime(2026, 3, 29, 2, 0, tzinfo=UTC), 30)  # not the first
        found = figures.compute("week", [date(2026, 3, 23)], NOW, LONDON)
    assert found.waits[date(2026, 3, 23)] == [60]
    assert found.of(tally.RESULT, "no-answer", date(2026, 3, 23)) == 2


def test_a_withdrawal_writes_nothing_and_is_still_counted(staff_app):
    from sqlalchemy import select

    from saferoute.board.models import Count

    created = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    request_id = make_request(
        staff_app, [(created + timedelta(hours=2), created + timedelta(hours=4))], created=created
    )
    with staff_app.app_context():
        before = {(c.period, c.starts, c.measure, c.key): c.count for c in db.session.scalars(select(Count))}
        reference = db.session.get(CallbackRequest, request_id).reference
        assert store.withdraw(reference, created + timedelta(hours=1), timedelta(days=8))
        after = {(c.period, c.starts, c.measure, c.key): c.count for c in db.session.scalars(select(Count))}
        assert after == before
        found = figures.compute("week", [date(2026, 11, 23)], NOW, LONDON)
    assert found.total(figures.WITHDRAWN, date(2026, 11, 23)) == 1
    assert found.total(tally.RECEIVED, date(2026, 11, 23)) == 1
    # What is kept: the kind, the method and the language, each apart, by week and month only.
    assert {(measure, key) for (_p, _s, measure, key) in after} == {
        (tally.RECEIVED, CALLBACK),
        (tally.RECEIVED_METHOD, "phone"),
        (tally.RECEIVED_LANGUAGE, tally.NO_INTERPRETER),
    }


def test_received_and_results_are_counted_for_each_kind(staff_app):
    created = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    span = [(created + timedelta(hours=2), created + timedelta(hours=4))]
    make_request(staff_app, span, created=created)
    clares = make_request(staff_app, span, created=created, kind=CLARES_LAW)
    with staff_app.app_context():
        request = db.session.get(CallbackRequest, clares)
        casework.record(request, "checks-started", "", "ana", created + timedelta(hours=3), 30)
        week = date(2026, 11, 23)
        found = figures.compute("week", [week], NOW, LONDON)
    assert (found.of(tally.RECEIVED, CALLBACK, week), found.of(tally.RECEIVED, CLARES_LAW, week)) == (1, 1)
    assert found.of(tally.RESULT, "checks-started", week) == 1
