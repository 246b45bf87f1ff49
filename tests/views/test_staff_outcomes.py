"""Recording what was done: each result, what a completed contact did, referrals by directory id, sealed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from saferoute.board import figures, tally
from saferoute.callback.models import CallbackRequest
from saferoute.callback.sealing import unseal
from saferoute.extensions import db
from saferoute.staff import outcomes
from saferoute.staff.keyfile import private_key
from saferoute.staff.models import Outcome
from saferoute.staff.signposting import referrable
from tests.pages import PageChecker
from tests.staff_support import audit_actions, make_request, post

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # Monday, 12:00 in London


@pytest.fixture
def request_id(staff_app):
    """A request whose first chosen time began 45 minutes ago; the test runs at NOW."""
    with time_machine.travel(NOW, tick=False):
        yield make_request(
            staff_app, [(NOW - timedelta(minutes=45), NOW + timedelta(hours=2))], created=NOW - timedelta(hours=3)
        )


def stored(app, request_id: int) -> tuple[CallbackRequest, list[Outcome]]:
    with app.app_context():
        request = db.session.get(CallbackRequest, request_id)
        found = db.session.scalars(select(Outcome).where(Outcome.request_id == request_id)).all()
        db.session.expunge_all()
        return request, list(found)


@pytest.mark.parametrize("result", outcomes.results_for("callback"))
def test_each_result_is_recorded_and_audited(staff_app, staff_client, request_id, result):
    response = post(staff_client, f"/staff/requests/{request_id}/outcome", {"outcome": result.code})
    assert response.status_code == 303
    request, recorded = stored(staff_app, request_id)
    assert [o.outcome for o in recorded] == [result.code]
    assert request.status == ("closed" if result.closes else "tried")
    assert request.first_attempt_at == (NOW if result.attempt else None)
    assert audit_actions(staff_app)[-1] == ("ana", "outcome", request.reference, result.code)
    page = PageChecker(staff_client, allow_cookie=True)(f"/staff/requests/{request_id}")
    assert result.label in page.text


def test_a_completed_contact_records_what_was_done_and_where_sealed(staff_app, staff_client, request_id):
    page = PageChecker(staff_client, allow_cookie=True)(f"/staff/requests/{request_id}")
    directory = staff_app.extensions["saferoute.directory"]
    offered = [e.attrs["value"] for e in page.all("input", name="referred")]
    assert offered == [route.id for route in referrable(directory)], "the referral list is the directory's"
    assert [e.attrs["value"] for e in page.all("input", name="done")] == [a.code for a in outcomes.ACTIONS]
    response = post(
        staff_client,
        f"/staff/requests/{request_id}/outcome",
        {"outcome": "done", "done": ["advice", "marac"], "referred": ["oasis", "galop"], "note": "Safe word agreed"},
        page_url=f"/staff/requests/{request_id}",
    )
    assert response.status_code == 303
    _request, (outcome,) = stored(staff_app, request_id)
    with staff_app.app_context():
        opened = unseal(outcome.note_sealed, private_key())
    assert opened["done"] == ["advice", "marac"] and opened["referred"] == ["galop", "oasis"]
    # Nothing of it in clear: the row holds the result code, its time and who.
    for word in (b"advice", b"marac", b"oasis", b"galop", b"Safe word"):
        assert word not in outcome.note_sealed
    assert outcome.outcome == "done"
    page = PageChecker(staff_client, allow_cookie=True)(f"/staff/requests/{request_id}")
    assert "Done: Advice given; Multi-agency risk assessment conference (MARAC) referral made." in page.text
    assert "Referred to: Galop; Oasis Domestic Abuse Service." in page.text
    with staff_app.app_context():
        found = figures.compute("week", [date(2026, 11, 23)], NOW, directory.timezone)
    week = date(2026, 11, 23)
    assert found.of(tally.REFERRAL, "oasis", week) == found.of(tally.REFERRAL, "galop", week) == 1
    assert found.of(tally.ACTION, "referred", week) == found.of(tally.ACTION, "marac", week) == 1
    assert found.waits[week] == [45]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": "no-answer", "done": ["advice"]}, "Tick what was done only with"),
        ({"outcome": "not-safe", "referred": ["oasis"]}, "Tick what was done only with"),
        ({"outcome": "done", "done": ["evidence-taken"]}, "Tick what was done from the list"),
        ({"outcome": "done", "referred": ["emergency"]}, "Tick services from the list"),
    ],
)
def test_what_was_done_only_from_the_lists_and_only_after_a_completed_contact(
    staff_app, staff_client, request_id, data, message
):
    response = post(staff_client, f"/staff/requests/{request_id}/outcome", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<title>Error: Request" in html and message in html
    assert stored(staff_app, request_id)[1] == []
    # What was ticked stays ticked.
    for value in data.get("done", []) + data.get("referred", []):
        if f'value="{value}"' in html:
            assert f'value="{value}" checked' in html


def test_an_unreadable_request_offers_no_actions_or_referrals(staff_app, staff_client, request_id):
    with staff_app.app_context():
        db.session.get(CallbackRequest, request_id).sealed = b"damaged"
        db.session.commit()
    page = PageChecker(staff_client, allow_cookie=True)(f"/staff/requests/{request_id}")
    assert not page.all("input", name="done") and not page.all("input", name="referred")
    response = post(
        staff_client, f"/staff/requests/{request_id}/outcome", {"outcome": "unreadable", "done": ["advice"]}
    )
    assert response.status_code == 200 and stored(staff_app, request_id)[1] == []


def test_why_they_asked_and_who_not_to_speak_to_come_first(staff_app, staff_client):
    with time_machine.travel(NOW, tick=False):
        told = make_request(
            staff_app, [(NOW, NOW + timedelta(hours=2))], purpose="video", avoid="Her brother, Kit Marlowe-Tern"
        )
        untold = make_request(staff_app, [(NOW, NOW + timedelta(hours=2))])  # sealed before these were asked
        page = PageChecker(staff_client, allow_cookie=True)(f"/staff/requests/{told}")
        html = page.html
        first_answer = html.index('id="avoid"')
        assert html.index("Before you call") < first_answer < html.index('id="purpose"') < html.index("voicemail")
        assert (
            page.by_id("avoid").text == "Her brother, Kit Marlowe-Tern" and page.by_id("avoid").attrs["class"] == "no"
        )
        assert page.by_id("purpose").text == "For a video call with an officer"
        page = PageChecker(staff_client, allow_cookie=True)(f"/staff/requests/{untold}")
        assert page.by_id("avoid").text == "No one named." and page.by_id("purpose").text == "Not said"
