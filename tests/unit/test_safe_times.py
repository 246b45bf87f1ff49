"""Safe times on their own: the field and the presenter, in a form that is not the call-back form."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from saferoute.callback.safe_times import SafeTimesField, part_of, picker
from saferoute.callback.windows import Rules, offered
from saferoute.directory import Hours
from saferoute.directory.hours import parse_days

LONDON = ZoneInfo("Europe/London")
MONDAY_0600 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
TWO_HOURS = Rules(length=timedelta(hours=2), lead=timedelta(minutes=30), horizon=timedelta(days=7))


class AnotherRequest(FlaskForm):
    """Any form that asks for safe times: the field knows nothing of call-backs."""

    class Meta:
        csrf = False

    contact_times = SafeTimesField("When is it safe to contact you?", none_chosen="Choose a time to contact you")


def hours(*spans: tuple[int, int]) -> tuple[Hours, ...]:
    return tuple(Hours(parse_days("mon-sun"), time(opens), time(closes)) for opens, closes in spans)


@pytest.fixture
def request_context(app):
    with app.test_request_context("/en/"):
        yield


def form_with(windows, sent: list[str] | None = None) -> AnotherRequest:
    form = AnotherRequest(formdata=MultiDict([("contact_times", v) for v in sent]) if sent is not None else None)
    form.contact_times.offered = windows
    return form


@pytest.mark.parametrize(
    ("clock", "part"),
    [((8, 0), "morning"), ((11, 59), "morning"), ((12, 0), "afternoon"), ((17, 59), "afternoon"), ((18, 0), "evening")],
)
def test_a_window_belongs_to_the_part_of_the_day_it_starts_in(clock, part):
    assert part_of(datetime(2026, 11, 23, *clock, tzinfo=LONDON)).key == part


def test_the_field_checks_each_value_against_the_offer_in_its_own_words(request_context):
    windows = offered(hours((8, 22)), LONDON, MONDAY_0600, TWO_HOURS)
    form = form_with(windows, [])
    assert not form.validate()
    assert form.contact_times.errors == ["Choose a time to contact you"]
    form = form_with(windows, [f"{windows[0].value} {windows[1].value}", windows[1].value])
    assert form.validate()
    assert form.contact_times.chosen == windows[:2], "a part and a window it holds: each window once"
    assert form.contact_times.anchor == f"contact_times-{windows[0].value}-part"


def test_the_presenter_lays_out_a_week_of_parts_with_their_usual_times(request_context):
    windows = offered(hours((8, 22)), LONDON, MONDAY_0600 + timedelta(hours=7), TWO_HOURS)  # Monday 13:00
    form = form_with(windows)
    shown = picker(form.contact_times, LONDON, date(2026, 11, 23))
    assert [(c.key, c.name, c.times) for c in shown.columns] == [
        ("morning", "Morning", "08:00 to 12:00"),
        ("afternoon", "Afternoon", "12:00 to 18:00"),
        ("evening", "Evening", "18:00 to 22:00"),
    ]
    today = shown.days[0]
    assert (today.name, today.short) == ("Today, Monday 23 November", "Today")
    morning, afternoon, evening = today.parts
    assert morning is None, "Monday morning has passed: an empty cell keeps the columns in line"
    assert (afternoon.times, afternoon.usual) == ("14:00 to 18:00", False)
    assert afternoon.value.split() == ["20261123T1400Z", "20261123T1600Z"]
    assert evening.usual and evening.id == "contact_times-20261123T1800Z-part"
    assert shown.days[1].short == "Tomorrow" and shown.days[2].short == "Wednesday 25"
    next_monday = shown.days[-1]
    assert len(shown.days) == 8 and [p is None for p in next_monday.parts] == [False, False, True]
    assert (next_monday.parts[1].times, next_monday.parts[1].usual) == ("12:00 to 14:00", False), "up to a week ahead"
    assert not shown.exact_open


def test_hours_with_a_gap_show_both_spans_and_fewer_columns(request_context):
    windows = offered(hours((8, 10), (11, 12)), LONDON, MONDAY_0600, TWO_HOURS)
    shown = picker(form_with(windows).contact_times, LONDON, date(2026, 11, 23))
    assert [c.key for c in shown.columns] == ["morning"]
    assert shown.columns[0].times == "08:00 to 10:00, 11:00 to 12:00"


def test_a_choice_only_exact_boxes_can_show_opens_them(request_context):
    windows = offered(hours((8, 22)), LONDON, MONDAY_0600, TWO_HOURS)
    form = form_with(windows, [windows[0].value, windows[2].value, windows[3].value, windows[4].value])
    form.validate()
    shown = picker(form.contact_times, LONDON, date(2026, 11, 23))
    monday = shown.days[0]
    assert [p.checked for p in monday.parts] == [False, True, False], "the whole afternoon: 12, 14 and 16"
    assert [w.checked for w in monday.windows[:5]] == [True, False, False, False, False]
    assert shown.exact_open, "08:00 alone is ticked below, so the exact times start open"


@pytest.mark.parametrize(("locale", "shown"), [("en_GB", "Wednesday 25"), ("pl", "śr., 25"), ("lt", "25, tr")])
def test_a_rows_day_is_the_weekday_in_full_unless_the_language_writes_it_as_a_long_word(locale, shown):
    from babel.dates import format_date

    from saferoute.callback.text import _short_day_pattern

    assert format_date(date(2026, 11, 25), _short_day_pattern(locale), locale=locale) == shown
