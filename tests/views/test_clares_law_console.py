"""Clare's Law requests in the console (issue 14, point 7): the queue shows each request's kind and a
Clare's Law request's days left, ordered by them among the others; opening one shows who it is about
first, then safe contact; its outcomes fit the process and are audited like call-back outcomes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from saferoute.callback.models import CallbackRequest
from saferoute.extensions import db
from saferoute.staff.presenters import audit_detail
from tests.callback_support import SAME_ORIGIN, reference_in
from tests.clares_law_support import AT_RISK, SOMEONE_URL, SUBJECT, answers
from tests.pages import PageChecker
from tests.staff_support import audit_actions, make_request, make_user, post, sign_in

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # 06:00 in London, a Monday
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


pytestmark = pytest.mark.usefixtures("clock")  # conftest's: time stands still at NOW


def signed_in(staff_app):
    """A worker's browser on the console, signed in."""
    client = staff_app.test_client()
    sign_in(client, "ana", make_user(staff_app, "ana"))
    return client


def sent_request(staff_app) -> int:
    """A Clare's Law request sent through the public form, as a person would."""
    public = staff_app.test_client()
    html = public.get(SOMEONE_URL).get_data(as_text=True)
    shown = reference_in(public.post(SOMEONE_URL, data=answers(html), headers=SAME_ORIGIN).get_data(as_text=True))
    with staff_app.app_context():
        return db.session.scalar(
            db.select(CallbackRequest.id).where(CallbackRequest.reference == shown.replace("-", ""))
        )


def group_rows(html: str, key: str) -> list[str]:
    section = html.split(f'id="group-{key}"')[1].split("</section>")[0]
    return re.findall(r'<tr id="row-(\d+)">', section)


def test_the_queue_shows_each_kind_and_the_days_left(staff_app):
    client = signed_in(staff_app)
    clares = sent_request(staff_app)
    callback = make_request(staff_app, [(NOW + 3 * HOUR, NOW + 5 * HOUR)])
    html = PageChecker(client, allow_cookie=True)("/staff/").html
    row = html.split(f'<tr id="row-{clares}">')[1].split("</tr>")[0]
    assert "Clare&#39;s Law" in row and "28 of 28 days left" in row
    other = html.split(f'<tr id="row-{callback}">')[1].split("</tr>")[0]
    assert "Call-back" in other and "days left" not in other
    assert SUBJECT not in html and AT_RISK not in html, "nothing from inside a request in the queue"


def test_fewest_days_left_first_among_the_others(staff_app):
    client = signed_in(staff_app)
    missed = [(NOW - 26 * HOUR, NOW - 24 * HOUR)]
    old_callback = make_request(staff_app, [(NOW - 50 * HOUR, NOW - 48 * HOUR)], created=NOW - 3 * DAY)
    recent_callback = make_request(staff_app, missed, created=NOW - 2 * DAY)
    clares_later = make_request(staff_app, missed, kind="clares-law", created=NOW - 5 * DAY)
    clares_sooner = make_request(staff_app, missed, kind="clares-law", created=NOW - 20 * DAY)
    # Upcoming: a Clare's Law request whose answer time runs out before a call-back's window opens.
    callback_first_window = make_request(staff_app, [(NOW + 2 * DAY, NOW + 2 * DAY + 2 * HOUR)])
    overdue = make_request(
        staff_app, [(NOW + 3 * DAY, NOW + 3 * DAY + 2 * HOUR)], kind="clares-law", created=NOW - 30 * DAY
    )
    html = client.get("/staff/").get_data(as_text=True)
    assert group_rows(html, "missed") == [str(i) for i in (clares_sooner, clares_later, recent_callback, old_callback)]
    assert group_rows(html, "upcoming") == [str(overdue), str(callback_first_window)]
    assert "2 days overdue (of 28)" in html and "8 of 28 days left" in html


def test_opening_one_shows_who_it_is_about_first_then_safe_contact(staff_app):
    client = signed_in(staff_app)
    request_id = sent_request(staff_app)
    html = PageChecker(client, allow_cookie=True)(f"/staff/requests/{request_id}").html
    assert "Answer due: 28 of 28 days left." in html
    about = html.index("Who they are asking about")
    assert about < html.index("Before you call") < html.index("How to contact them")
    for shown in (SUBJECT, "Born 14 March 1990", "Ex-partner", AT_RISK, "Friend", "About the partner of someone"):
        assert html.index(shown, about) < html.index("Before you call"), shown
    radios = re.findall(r'name="outcome" type="radio" value="([^"]+)"', html)
    assert radios == [
        "checks-started",
        "more-information",
        "not-reached",
        "disclosure-arranged",
        "nothing-to-disclose",
        "referred-on",
    ]


def test_an_outcome_is_recorded_and_audited_like_a_call_backs(staff_app):
    client = signed_in(staff_app)
    request_id = sent_request(staff_app)
    with staff_app.app_context():
        reference = db.session.get(CallbackRequest, request_id).reference
    page = f"/staff/requests/{request_id}"
    assert post(client, f"{page}/outcome", {"outcome": "checks-started"}, page_url=page).status_code == 303
    assert post(client, f"{page}/outcome", {"outcome": "no-answer"}, page_url=page).status_code == 200, (
        "a call-back's outcome is not offered for this kind"
    )
    assert post(client, f"{page}/outcome", {"outcome": "disclosure-arranged"}, page_url=page).status_code == 303
    with staff_app.app_context():
        row = db.session.get(CallbackRequest, request_id)
        assert row.status == "closed" and row.delete_after == NOW + timedelta(days=30)
    outcomes = [(a, d) for _who, a, ref, d in audit_actions(staff_app) if ref == reference and a == "outcome"]
    assert outcomes == [("outcome", "checks-started"), ("outcome", "disclosure-arranged")]
    assert audit_detail("outcome", "disclosure-arranged") == "Disclosure arranged", "the audit log in words"
