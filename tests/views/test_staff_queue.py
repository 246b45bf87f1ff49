"""The queue, one request at a time, outcomes, retention and what cannot be opened."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from saferoute.callback import store
from saferoute.callback.models import CallbackRequest
from saferoute.callback.sealing import unseal
from saferoute.extensions import db
from saferoute.staff.keyfile import private_key
from saferoute.staff.models import AuditEntry, Outcome
from tests.pages import PageChecker
from tests.staff_support import PERSON, audit_actions, build_staff_app, make_request, make_user, post, sign_in

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # 12:00 in London
HOUR = timedelta(hours=1)
HX = {"HX-Request": "true", "HX-Request-Type": "partial"}


@pytest.fixture(autouse=True)
def clock():
    """Every test here runs at NOW, from before its app is built."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def client(staff_app):
    client = staff_app.test_client()
    sign_in(client, "ana", make_user(staff_app, "ana"))
    return client


def reference_of(app, request_id: int) -> str:
    with app.app_context():
        return db.session.get(CallbackRequest, request_id).reference


def formatted(ref: str) -> str:
    return "-".join(ref[i : i + 4] for i in range(0, len(ref), 4))


def group_html(html: str, key: str) -> str:
    return html.split(f'id="group-{key}"')[1].split("</section>")[0]


@pytest.fixture
def requests(staff_app):
    app = staff_app
    return {
        "due_late": make_request(app, [(NOW - HOUR, NOW + 2 * HOUR)], created=NOW - 3 * HOUR),
        "due_soon": make_request(
            app, [(NOW - HOUR, NOW + HOUR), (NOW + 24 * HOUR, NOW + 26 * HOUR)], language="pl", created=NOW - 2 * HOUR
        ),
        "later": make_request(app, [(NOW + 3 * HOUR, NOW + 5 * HOUR)], method="textphone", language="bsl"),
        "upcoming": make_request(app, [(NOW + 48 * HOUR, NOW + 50 * HOUR)], method="video"),
        "missed": make_request(app, [(NOW - 26 * HOUR, NOW - 24 * HOUR)], created=NOW - 30 * HOUR),
    }


def test_the_queue_groups_and_counts_by_window(client, staff_app, requests):
    page = PageChecker(client, allow_cookie=True)("/staff/")
    html = page.html
    counts = re.findall(r'class="count count-(\w+)">[^<]+<strong>(\d+)</strong>', html)
    assert counts == [("due", "2"), ("today", "1"), ("upcoming", "1"), ("missed", "1")]
    assert "2 due now, 1 later today, 1 upcoming, 1 missed." in html
    due = group_html(html, "due")
    soon, late = (
        formatted(reference_of(staff_app, requests["due_soon"])),
        formatted(reference_of(staff_app, requests["due_late"])),
    )
    assert due.index(soon) < due.index(late), "closing soonest first"
    assert "13:00" in due and "and 1 more time" in due and "Polish" in due
    later = group_html(html, "today")
    assert "Today, Monday 23 November, 15:00 to 17:00" in later and "Textphone or Relay UK" in later
    assert "British Sign Language" in later
    assert "Wednesday 25 November, 12:00 to 14:00" in group_html(html, "upcoming")
    assert "Sunday 22 November, 10:00 to 12:00" in group_html(html, "missed")
    assert "30 hours ago" in group_html(html, "missed")


def test_the_queue_shows_only_what_is_stored_in_clear(client, requests):
    html = client.get("/staff/").get_data(as_text=True)
    for secret in ("07911", "7911 123456", "447911123456", PERSON["name"], PERSON["note"]):
        assert secret not in html


def test_the_queue_is_refreshed_by_htmx_without_counting_as_activity(client, staff_app, requests):
    html = client.get("/staff/").get_data(as_text=True)
    poller = re.search(r'<div id="queue"[^>]*>', html).group(0)
    assert 'hx-get="/staff/queue/refresh?status=open"' in poller and 'hx-trigger="every 30s"' in poller
    make_request(staff_app, [(NOW + 4 * HOUR, NOW + 6 * HOUR)])
    block = client.get("/staff/queue/refresh?status=open", headers=HX)
    text = block.get_data(as_text=True)
    assert block.status_code == 200 and text.lstrip().startswith('<div id="queue"')
    assert "<html" not in text and "<h1>" not in text
    assert "later today <strong>2</strong>" in text.replace("Later today", "later today")
    plain = client.get("/staff/queue/refresh?status=open&language=pl")
    assert plain.status_code == 303 and plain.headers["Location"] == "/staff/?status=open&language=pl"


def test_filters_work_without_javascript(client, staff_app, requests):
    html = client.get("/staff/?status=open&language=pl").get_data(as_text=True)
    assert formatted(reference_of(staff_app, requests["due_soon"])) in html
    assert formatted(reference_of(staff_app, requests["due_late"])) not in html
    assert 'hx-get="/staff/queue/refresh?status=open&amp;language=pl"' in html, "the refresh keeps the filters"
    none = client.get("/staff/?language=none").get_data(as_text=True)
    assert formatted(reference_of(staff_app, requests["due_late"])) in none
    assert formatted(reference_of(staff_app, requests["due_soon"])) not in none
    assert client.get("/staff/?status=nonsense&language=%3Cb%3E").status_code == 200


def test_the_status_filter(client, staff_app, requests):
    post(client, f"/staff/requests/{requests['missed']}/outcome", {"outcome": "done"})
    post(client, f"/staff/requests/{requests['later']}/outcome", {"outcome": "no-answer"})
    closed = client.get("/staff/?status=closed").get_data(as_text=True)
    assert formatted(reference_of(staff_app, requests["missed"])) in closed
    assert "Deleted after" in closed and "Wed 23 Dec 2026, 12:00" in closed
    assert formatted(reference_of(staff_app, requests["due_late"])) not in closed
    tried = client.get("/staff/?status=tried").get_data(as_text=True)
    assert formatted(reference_of(staff_app, requests["later"])) in tried
    assert "Tried - no answer" in tried
    assert formatted(reference_of(staff_app, requests["due_late"])) not in tried
    new = client.get("/staff/?status=new").get_data(as_text=True)
    assert formatted(reference_of(staff_app, requests["later"])) not in new


def test_one_request_opens_with_the_safety_answers_first(client, staff_app, requests):
    page = PageChecker(client, allow_cookie=True)(f"/staff/requests/{requests['due_soon']}")
    html = page.html
    safety = html.index("Before you call")
    assert safety < html.index('href="tel:')
    for answer in (
        "No. Do not leave a voicemail.",
        "Yes, you may send a text message.",
        "No. Do not say who is calling.",
        "Say it is a wrong number.",
    ):
        assert safety < html.index(answer) < html.index('href="tel:')
    assert "tel:+447911123456" in page.links
    assert PERSON["name"] in html and PERSON["note"] in html and "Polish" in html
    assert "A safe time is open now, until 13:00." in html
    ref = reference_of(staff_app, requests["due_soon"])
    assert ("ana", "view", ref, None) in audit_actions(staff_app)


def test_textphone_requests_dial_through_relay_uk(client, requests):
    html = client.get(f"/staff/requests/{requests['later']}").get_data(as_text=True)
    assert 'href="tel:1800207911123456"' in html and "18002 07911 123456" in html
    assert "Not yet." in html and "Do not call before then." in html
    assert "British Sign Language" in html


def test_video_and_a_first_name_to_ask_for(client, staff_app):
    rid = make_request(
        staff_app,
        [(NOW - HOUR, NOW + HOUR)],
        method="video",
        someone_else="ask-for-you",
        name="Jo",
        language="other",
        interpreter_other="Tigrinya",
    )
    html = client.get(f"/staff/requests/{rid}").get_data(as_text=True)
    assert "send the video call link by text message" in html
    assert "Ask for “Jo” by first name." in html
    assert "Another language: Tigrinya" in html


def test_a_missed_request_warns_not_to_call(client, requests):
    html = client.get(f"/staff/requests/{requests['missed']}").get_data(as_text=True)
    assert "Every time this person chose has passed." in html


def test_a_request_that_cannot_be_opened_is_shown_as_such_and_audited(client, staff_app, requests):
    damaged, swapped = requests["due_late"], requests["later"]
    with staff_app.app_context():
        db.session.get(CallbackRequest, damaged).sealed = b"\x00" * 4144
        # A sealed blob moved onto another row opens, but belongs to another reference.
        db.session.get(CallbackRequest, swapped).sealed = db.session.get(CallbackRequest, requests["upcoming"]).sealed
        db.session.commit()
    queue = client.get("/staff/").get_data(as_text=True)
    check = group_html(queue, "check")
    for rid, why in ((damaged, "damaged"), (swapped, "belongs to another request")):
        assert formatted(reference_of(staff_app, rid)) in check and why in check, "listed first, without a time"
        assert formatted(reference_of(staff_app, rid)) not in group_html(queue, "due")
    for rid, problem in ((damaged, "damaged"), (swapped, "moved")):
        page = PageChecker(client, allow_cookie=True)(f"/staff/requests/{rid}")
        assert "This request cannot be opened" in page.text
        assert not any(link.startswith("tel:") for link in page.links)
        assert "Times they chose" not in page.text and "safe time" not in page.text, "no time from the clear columns"
        assert ("ana", "cannot_decrypt", reference_of(staff_app, rid), problem) in audit_actions(staff_app)
        assert [e.attrs["value"] for e in page.all("input", type="radio")] == ["unreadable"]
    response = post(
        client, f"/staff/requests/{damaged}/outcome", {"outcome": "done"}, page_url=f"/staff/requests/{damaged}"
    )
    assert response.status_code == 200 and "Choose what happened" in response.get_data(as_text=True), (
        "only closing it is offered"
    )
    response = post(
        client, f"/staff/requests/{damaged}/outcome", {"outcome": "unreadable"}, page_url=f"/staff/requests/{damaged}"
    )
    assert response.status_code == 303
    with staff_app.app_context():
        assert db.session.get(CallbackRequest, damaged).status == "closed"


@pytest.mark.parametrize("code", ["no-answer", "someone-else", "not-safe"])
def test_a_try_keeps_the_request_in_the_queue(client, staff_app, requests, code):
    rid = requests["due_late"]
    response = post(client, f"/staff/requests/{rid}/outcome", {"outcome": code, "note": "Rang once, 12:00"})
    assert response.status_code == 303 and response.headers["Location"] == "/staff/"
    html = client.get("/staff/").get_data(as_text=True)
    ref = reference_of(staff_app, rid)
    assert formatted(ref) in group_html(html, "due")
    assert f"Recorded for {formatted(ref)}" in html and "left the queue" not in html
    with staff_app.app_context():
        request = db.session.get(CallbackRequest, rid)
        assert request.status == "tried"
        assert request.delete_after == NOW - HOUR + 3 * HOUR + timedelta(days=30), "deletion is unchanged"
    assert ("ana", "outcome", ref, code) in audit_actions(staff_app)
    view = client.get(f"/staff/requests/{rid}").get_data(as_text=True)
    assert "Rang once, 12:00" in view and "ana" in view.split("What has happened so far")[1]


@pytest.mark.parametrize("code", ["done", "stop"])
def test_closing_removes_it_from_the_queue_and_starts_the_deletion_clock(client, staff_app, requests, code):
    rid = requests["due_late"]
    response = post(client, f"/staff/requests/{rid}/outcome", {"outcome": code})
    assert response.status_code == 303
    html = client.get("/staff/").get_data(as_text=True)
    ref = reference_of(staff_app, rid)
    assert formatted(ref) not in group_html(html, "due")
    assert f"Recorded for {formatted(ref)}" in html and "It has left the queue." in html
    with staff_app.app_context():
        request = db.session.get(CallbackRequest, rid)
        assert request.status == "closed" and request.delete_after == NOW + timedelta(days=30)
    again = post(client, f"/staff/requests/{rid}/outcome", {"outcome": "no-answer"}, page_url=f"/staff/requests/{rid}")
    assert again.status_code == 303
    with staff_app.app_context():
        assert db.session.get(CallbackRequest, rid).status == "closed", "a closed request stays closed"


def test_retention_follows_the_setting(instance, clock):
    app = build_staff_app(instance, {"SAFEROUTE_RETENTION_DAYS": "7"})
    client = app.test_client()
    sign_in(client, "ana", make_user(app, "ana"))
    rid = make_request(app, [(NOW - HOUR, NOW + HOUR)])
    post(client, f"/staff/requests/{rid}/outcome", {"outcome": "done"})
    with app.app_context():
        assert db.session.get(CallbackRequest, rid).delete_after == NOW + timedelta(days=7)


def test_the_staff_note_is_sealed_like_the_request(client, staff_app, requests):
    rid = requests["due_late"]
    note = "Partner home early; try Thursday"
    post(client, f"/staff/requests/{rid}/outcome", {"outcome": "not-safe", "note": note})
    with staff_app.app_context():
        outcome = db.session.scalar(select(Outcome).where(Outcome.request_id == rid))
        assert note.encode() not in outcome.note_sealed and b"Thursday" not in outcome.note_sealed
        assert unseal(outcome.note_sealed, private_key())["note"] == note
    assert note in client.get(f"/staff/requests/{rid}").get_data(as_text=True)
    database = staff_app.config["SAFEROUTE"].database_url.removeprefix("sqlite:///")
    with staff_app.app_context():
        db.session.remove()
        db.engine.dispose()
    for path in (database, database + "-wal"):
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            continue
        assert b"Thursday" not in raw


def test_an_outcome_must_be_chosen_and_the_note_kept_short(client, staff_app, requests):
    rid = requests["due_late"]
    response = post(client, f"/staff/requests/{rid}/outcome", {"note": "x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<title>Error: Request" in html
    assert 'href="#outcome-0">Choose what happened' in html, "the link lands on the first answer"
    response = post(client, f"/staff/requests/{rid}/outcome", {"outcome": "done", "note": "x" * 501})
    assert response.status_code == 200 and "500 characters or fewer" in response.get_data(as_text=True)
    with staff_app.app_context():
        assert db.session.get(CallbackRequest, rid).status == "new"


def test_a_withdrawn_request_is_gone(client, staff_app, requests):
    rid = requests["due_late"]
    ref = reference_of(staff_app, rid)
    client.get(f"/staff/requests/{rid}")
    with staff_app.app_context():
        assert store.withdraw(ref, NOW, timedelta(days=8))
    page = PageChecker(client, allow_cookie=True)(f"/staff/requests/{rid}", status=404)
    assert "withdrawn" in page.text
    assert post(client, f"/staff/requests/{rid}/outcome", {"outcome": "done"}).status_code == 404


def test_the_audit_log_outlives_the_request(client, staff_app, requests, clock):
    rid = requests["due_late"]
    ref = reference_of(staff_app, rid)
    client.get(f"/staff/requests/{rid}")
    post(client, f"/staff/requests/{rid}/outcome", {"outcome": "done", "note": "spoke"})
    clock.shift(timedelta(days=31))
    with staff_app.app_context():
        store.purge(datetime.now(UTC))
        assert db.session.get(CallbackRequest, rid) is None
        assert db.session.scalars(select(Outcome).where(Outcome.request_id == rid)).all() == [], "outcomes go too"
        assert {e.action for e in db.session.scalars(select(AuditEntry).where(AuditEntry.reference == ref))} == {
            "view",
            "outcome",
        }
