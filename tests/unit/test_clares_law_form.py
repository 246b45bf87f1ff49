"""The Clare's Law form's own questions (issue 14, point 2 and its bad input): who it is about,
checked in plain words, every answer kept; its age box; the days left to answer."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from saferoute.callback import payload
from saferoute.callback.deadline import days_left
from saferoute.callback.forms import NAME_MAX
from saferoute.clares_law import age as ages
from saferoute.clares_law.forms import AREA_MAX, OTHER_NAMES_MAX, SUBJECT_NAME_MAX, ClaresLawForm
from saferoute.clares_law.vocabulary import OWN, SOMEONE
from saferoute.kinds import CALLBACK, CLARES_LAW, REQUEST_KINDS
from saferoute.staff.outcomes import BY_CODE, RESULTS, UNREADABLE, results_for

TODAY = date(2026, 12, 1)
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def form(app):
    """Build the form for one way in from answers, and validate it."""

    def build(way: str = OWN, **answers) -> ClaresLawForm:
        built = ClaresLawForm(formdata=MultiDict(answers), offered=[], way=way, today=TODAY)
        built.validate()
        return built

    with app.test_request_context("/en/"):
        yield build


def errors(built: ClaresLawForm) -> dict[str, str]:
    return {field.name: str(field.errors[0]) for field in built if field.errors}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("35", ages.Age(years=35)),
        ("about 35", ages.Age(years=35)),
        ("٣٥", ages.Age(years=35)),
        ("1990", ages.Age(born_year=1990)),
        ("14 3 1990", ages.Age(born=date(1990, 3, 14))),
        ("14/03/1990", ages.Age(born=date(1990, 3, 14))),
        ("1990-03-14", ages.Age(born=date(1990, 3, 14))),
    ],
)
def test_an_age_a_year_or_a_date_of_birth(typed, found):
    assert ages.parse(typed, TODAY) == found
    assert ages.read_sealed(found.sealed()) == found


@pytest.mark.parametrize("typed", ["old", "500", "3", "14 3 90", "31 2 1990", "3 1990", "1 2 3 4", "1800", "0 0 0"])
def test_what_is_not_an_age_is_refused_never_guessed(typed):
    with pytest.raises(ages.NotAnAge):
        ages.parse(typed, TODAY)


@pytest.mark.parametrize("typed", ["2 12 2026", "2030", "2099-01-01"])
def test_a_birth_after_today_is_refused_as_such(typed):
    with pytest.raises(ages.NotYet):
        ages.parse(typed, TODAY)


def test_only_the_name_and_the_link_are_needed_about_them(form):
    built = form(subject_name="  Sam   <b>Rivers</b> ", relation="ex-partner")
    found = errors(built)
    assert not {"subject_name", "other_names", "age", "area", "relation"} & found.keys()
    assert built.about() == {
        "way": OWN,
        "subject_name": "Sam Rivers",
        "other_names": "",
        "age": "",
        "area": "",
        "relation": "ex-partner",
        "at_risk_name": "",
        "knows_at_risk": "",
    }


def test_they_come_first_then_safe_contact(form):
    names = [field.name for field in form()]
    assert names[:5] == ["subject_name", "other_names", "age", "area", "relation"]
    assert "at_risk_name" not in names, "the first way in asks nothing about a third person"
    assert names.index("windows") > names.index("relation")
    someone = [field.name for field in form(SOMEONE)]
    assert someone[:7] == [*names[:5], "at_risk_name", "knows_at_risk"]


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({}, "subject_name", "Enter their full name"),
        ({"subject_name": "   "}, "subject_name", "Enter their full name"),
        ({"subject_name": "<i>?!</i> 123"}, "subject_name", "Enter their name in letters"),
        ({"subject_name": "x" * 10_000}, "subject_name", f"Their name must be {SUBJECT_NAME_MAX} characters or fewer"),
        ({"age": "2 12 2027"}, "age", "Their date of birth must be in the past"),
        ({"age": "a long time ago"}, "age", "Enter their age, like 35, or their date of birth, like 14 3 1990"),
        ({"age": "1" * 10_000}, "age", "Enter their age, like 35, or their date of birth, like 14 3 1990"),
        ({"relation": "boss"}, "relation", "Choose how they are linked to you"),
    ],
)
def test_bad_answers_get_a_clear_message_and_are_kept(form, answers, field, message):
    built = form(**answers)
    assert errors(built)[field] == message
    if field == "subject_name" and answers.get("subject_name", "").startswith("x"):
        assert built.subject_name.data == answers["subject_name"], "what was too long is shown back as typed"


def test_the_second_way_in_asks_about_the_person_at_risk_but_needs_nothing(form):
    built = form(SOMEONE, subject_name="Sam Rivers", relation="partner", at_risk_name="Jo", knows_at_risk="neighbour")
    assert not {"at_risk_name", "knows_at_risk", "relation"} & errors(built).keys()
    assert built.about()["at_risk_name"] == "Jo"
    assert built.about()["knows_at_risk"] == "neighbour"
    assert "knows_at_risk" not in errors(form(SOMEONE, subject_name="Sam", relation="partner"))
    assert (
        errors(form(SOMEONE, relation="boss"))["relation"]
        == "Choose how they are linked to the person you are worried about"
    )
    assert errors(form(SOMEONE, knows_at_risk="spy"))["knows_at_risk"] == "Choose how you know them, or leave it blank"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(["subject_name", "other_names", "age", "area", "relation", "at_risk_name", "knows_at_risk"]),
        st.text(max_size=300),
    ),
    st.sampled_from([OWN, SOMEONE]),
)
def test_any_answers_are_checked_without_failing(form, answers, way):
    built = form(way, **answers)
    if not errors(built).keys() & {"subject_name", "age", "relation", "knows_at_risk"}:
        about = built.about()
        assert about["subject_name"] and about["relation"]


def test_days_left_count_the_hubs_calendar_days():
    arrived = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)  # 23:30 in London, still 1 December
    assert days_left(arrived, 28, arrived, LONDON).left == 28
    assert days_left(arrived, 28, datetime(2026, 12, 28, 9, tzinfo=UTC), LONDON).words == "1 of 28 days left"
    assert days_left(arrived, 28, datetime(2026, 12, 29, 9, tzinfo=UTC), LONDON).words == "Last day of 28"
    assert days_left(arrived, 28, datetime(2026, 12, 31, 9, tzinfo=UTC), LONDON).words == "2 days overdue (of 28)"
    assert days_left(arrived, 28, datetime(2026, 12, 5, tzinfo=UTC), LONDON) < days_left(
        arrived, 28, datetime(2026, 12, 4, tzinfo=UTC), LONDON
    )


def test_clares_law_outcomes_fit_the_process_and_no_code_means_two_things():
    assert [o.label for o in results_for(CLARES_LAW)] == [
        "Checks started",
        "More information needed",
        "Tried - could not reach",
        "Disclosure arranged",
        "Nothing to disclose",
        "Referred on",
    ]
    assert not {o.code for o in results_for(CLARES_LAW)} & {o.code for o in results_for(CALLBACK)}
    # One list: every result tagged with its kinds, and unreadable for a request that cannot be opened.
    assert len(BY_CODE) == len(RESULTS) + 1 == sum(len(results_for(kind)) for kind in REQUEST_KINDS) + 1
    assert results_for(None) == results_for("no-such-kind") == (UNREADABLE,)


def test_the_longest_clares_law_answers_fit_the_room_its_kind_keeps():
    widest = "\U0001f600"  # 4 bytes in UTF-8, the most there is
    about = {
        "way": SOMEONE,
        "subject_name": widest * SUBJECT_NAME_MAX,
        "other_names": widest * OTHER_NAMES_MAX,
        "age": "1990-03-14",
        "area": widest * AREA_MAX,
        "relation": "ex-partner",
        "at_risk_name": widest * NAME_MAX,
        "knows_at_risk": "neighbour",
    }
    callback_room = payload.TYPED_ROOM
    kind = REQUEST_KINDS["clares-law"]
    assert len(json.dumps(about, ensure_ascii=False, separators=(",", ":")).encode()) <= kind.typed_room
    assert payload.padded_size(10, kind.typed_room) > payload.padded_size(10) >= callback_room
