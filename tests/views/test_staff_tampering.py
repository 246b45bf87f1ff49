"""The console trusts only the sealed copy: a database writer who changes the clear columns, or forges
an outcome, misleads neither the request page nor the queue; a malformed payload is never a 500."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime, timedelta

import pytest
from nacl.public import SealedBox
from sqlalchemy import insert, select, update

from saferoute.callback.models import CallbackRequest, CallbackWindow
from saferoute.callback.sealing import PADDED_SIZE
from saferoute.extensions import db
from saferoute.staff import checking
from saferoute.staff.models import Outcome
from tests.pages import PageChecker
from tests.staff_support import PERSON, audit_actions, make_request, make_user, post, sign_in

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # Monday, 12:00 in London
HOUR = timedelta(hours=1)
TOMORROW = (NOW + 22 * HOUR, NOW + 24 * HOUR)  # Tuesday 10:00 to 12:00


pytestmark = pytest.mark.usefixtures("clock")  # from before the app is built


def write(app, *statements) -> None:
    with app.app_context():
        for statement in statements:
            db.session.execute(statement)
        db.session.commit()


def reference_of(app, rid: int) -> str:
    with app.app_context():
        return db.session.get(CallbackRequest, rid).reference


def shown(ref: str) -> str:
    return "-".join(ref[i : i + 4] for i in range(0, len(ref), 4))


def group_html(html: str, key: str) -> str:
    return html.split(f'id="group-{key}"')[1].split("</section>")[0] if f'id="group-{key}"' in html else ""


def test_a_window_moved_in_the_database_is_flagged_and_the_sealed_one_used(worker, staff_app):
    rid = make_request(staff_app, [TOMORROW])
    ref = reference_of(staff_app, rid)
    worker.get("/staff/")  # the console has seen it once, and sealed its check
    write(
        staff_app,
        update(CallbackWindow)
        .where(CallbackWindow.request_id == rid)
        .values(starts_at=NOW - HOUR, ends_at=NOW + HOUR),  # "call now", next to the real number
    )
    queue = worker.get("/staff/").get_data(as_text=True)
    assert shown(ref) not in group_html(queue, "due"), "the forged time does not make it due"
    upcoming = group_html(queue, "upcoming")
    assert shown(ref) in upcoming and "Tuesday 24 November, 10:00 to 12:00" in upcoming
    assert "Changed in the database" in upcoming
    page = PageChecker(worker, allow_cookie=True)(f"/staff/requests/{rid}").text
    assert "This request was changed after it arrived" in page
    assert "The times stored for the queue do not match the times the person chose." in page
    assert "Not yet." in page and "Tuesday 24 November, 10:00 to 12:00" in page
    assert "open now" not in page and "11:00" not in page
    assert ("ana", "tampered", ref, "windows") in audit_actions(staff_app)
    admin = staff_app.test_client()
    sign_in(admin, "root", make_user(staff_app, "root", admin=True), address="192.0.2.1")
    panel = admin.get("/staff/").get_data(as_text=True).split('id="warnings-title"')[1].split("</section>")[0]
    assert f'ana: Found changed outside the console (windows), request <span class="ref">{shown(ref)}</span>' in panel


def test_a_window_stretched_in_the_database_is_flagged(worker, staff_app):
    rid = make_request(staff_app, [(NOW - HOUR, NOW + HOUR)])
    write(staff_app, update(CallbackWindow).where(CallbackWindow.request_id == rid).values(ends_at=NOW + 10 * HOUR))
    page = worker.get(f"/staff/requests/{rid}").get_data(as_text=True)
    assert "A safe time is open now, until 13:00." in page and "22:00" not in page
    assert ("ana", "tampered", reference_of(staff_app, rid), "windows") in audit_actions(staff_app)


def test_a_contact_method_or_interpreter_changed_in_the_database_is_flagged(worker, staff_app):
    rid = make_request(staff_app, [(NOW - HOUR, NOW + HOUR)], method="phone", language="pl")
    write(
        staff_app,
        update(CallbackRequest)
        .where(CallbackRequest.id == rid)
        .values(contact_method="video", interpreter_language=None),
    )
    queue = group_html(worker.get("/staff/").get_data(as_text=True), "due")
    assert "Phone call" in queue and "Video call" not in queue and "Polish" in queue
    assert "Changed in the database" in queue
    page = worker.get(f"/staff/requests/{rid}").get_data(as_text=True)
    assert "The contact method stored for the queue does not match" in page
    assert "The interpreter stored for the queue does not match" in page
    assert "send the video call link" not in page and "Phone call." in page and "Polish" in page
    assert ("ana", "tampered", reference_of(staff_app, rid), "contact method, interpreter") in audit_actions(staff_app)
    assert worker.get("/staff/?language=none").get_data(as_text=True).count(shown(reference_of(staff_app, rid))) == 0


def test_a_status_written_into_the_database_neither_hides_nor_brings_back_a_request(worker, staff_app):
    hidden = make_request(staff_app, [(NOW - HOUR, NOW + HOUR)])
    closed = make_request(staff_app, [(NOW - HOUR, NOW + HOUR)])
    post(worker, f"/staff/requests/{closed}/outcome", {"outcome": "done"})
    write(
        staff_app,
        update(CallbackRequest).where(CallbackRequest.id == hidden).values(status="closed"),
        update(CallbackRequest).where(CallbackRequest.id == closed).values(status="new"),
    )
    due = group_html(worker.get("/staff/").get_data(as_text=True), "due")
    assert shown(reference_of(staff_app, hidden)) in due and "Changed in the database" in due
    assert shown(reference_of(staff_app, closed)) not in due
    assert shown(reference_of(staff_app, closed)) in worker.get("/staff/?status=closed").get_data(as_text=True)
    page = html.unescape(worker.get(f"/staff/requests/{hidden}").get_data(as_text=True))
    assert "Its stored status does not match the console's own record" in page
    again = post(worker, f"/staff/requests/{closed}/outcome", {"outcome": "no-answer"}, page_url="/staff/")
    assert again.status_code == 303, "still closed: nothing is recorded"
    with staff_app.app_context():
        assert db.session.scalars(select(Outcome.outcome).where(Outcome.request_id == closed)).all() == ["done"]


def test_an_outcome_written_into_the_database_is_ignored(worker, staff_app):
    rid = make_request(staff_app, [(NOW - HOUR, NOW + HOUR)])
    write(
        staff_app,
        insert(Outcome).values(
            request_id=rid, at=NOW, staff_name="ana", outcome="stop", note_sealed=None, mac="0" * 64
        ),
        update(CallbackRequest).where(CallbackRequest.id == rid).values(status="closed"),
    )
    due = group_html(worker.get("/staff/").get_data(as_text=True), "due")
    assert shown(reference_of(staff_app, rid)) in due, "not closed by a forged outcome"
    page = worker.get(f"/staff/requests/{rid}").get_data(as_text=True)
    assert "Not recorded by this console" in page and "Record what happened" in page


def _sealed(app, data: object, version: int | None = 2) -> bytes:
    body = data if version is None else {"v": version, **data}  # type: ignore[dict-item]
    raw = json.dumps(body).encode().ljust(PADDED_SIZE, b" ")
    return SealedBox(app.extensions["saferoute.public_key"]).encrypt(raw)


def _whole(app, rid: int) -> dict:
    with app.app_context():
        request = db.session.get(CallbackRequest, rid)
        return {
            "reference": request.reference,
            "windows": [
                [w.starts_at.strftime("%Y%m%dT%H%MZ"), int((w.ends_at - w.starts_at).total_seconds() // 60)]
                for w in request.windows
            ],
            "contact_method": request.contact_method,
            "interpreter_language": request.interpreter_language,
            **PERSON,
        }


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d.pop("phone"),
        lambda d: d.update(phone="call me maybe"),
        lambda d: d.update(phone=447911123456),
        lambda d: d.update(windows=[["tomorrow", "later"]]),
        lambda d: d.update(windows=[]),
        lambda d: d.update(windows=[["20261123T1400Z", -60]]),
        lambda d: d.update(windows=[["20261123T1400Z", True]]),
        lambda d: d.update(windows=[["20261123T1400Z", 120.5]]),
        lambda d: d.update(windows=[["00010101T0000Z", 60]]),  # no UK time for it: once a 500 for the queue
        lambda d: d.update(name="Jo\ud800"),  # half a character: no page can carry it
        lambda d: d.update(someone_else=[]),
        lambda d: d.update(voicemail="no"),
        lambda d: d.update(contact_method="carrier pigeon"),
        lambda d: d.update(someone_else=None),
        lambda d: d.update(interpreter_language="xx"),
        lambda d: d.update(note="x" * 5000),
        lambda d: d.update(name=["Jo"]),
        lambda d: d.pop("reference"),
        lambda d: d.update(v=99),
    ],
)
def test_a_malformed_payload_cannot_be_opened_and_can_still_be_closed(worker, staff_app, spoil):
    rid = make_request(staff_app, [(NOW - HOUR, NOW + HOUR)])
    data = _whole(staff_app, rid)
    version = data.pop("v", 2)
    spoil(data)
    data.setdefault("v", version)
    write(
        staff_app,
        update(CallbackRequest).where(CallbackRequest.id == rid).values(sealed=_sealed(staff_app, data, None)),
    )
    queue = worker.get("/staff/")
    assert queue.status_code == 200 and shown(reference_of(staff_app, rid)) in group_html(
        queue.get_data(as_text=True), "check"
    )
    page = worker.get(f"/staff/requests/{rid}")
    assert page.status_code == 200 and "This request cannot be opened" in page.get_data(as_text=True)
    assert ("ana", "cannot_decrypt", reference_of(staff_app, rid), "malformed") in audit_actions(staff_app)
    closing = post(
        worker, f"/staff/requests/{rid}/outcome", {"outcome": "unreadable"}, page_url=f"/staff/requests/{rid}"
    )
    assert closing.status_code == 303
    with staff_app.app_context():
        assert db.session.get(CallbackRequest, rid).status == "closed"


@pytest.mark.parametrize(
    "body",
    [b"[1, 2]", b"null", b"not json at all", "\u00e9".encode("latin-1"), b"[" * 100_000 + b"]" * 100_000],
)
def test_a_sealed_part_that_is_not_a_request_at_all_cannot_be_opened(worker, staff_app, body):
    rid = make_request(staff_app, [(NOW - HOUR, NOW + HOUR)])
    sealed = SealedBox(staff_app.extensions["saferoute.public_key"]).encrypt(body)
    write(staff_app, update(CallbackRequest).where(CallbackRequest.id == rid).values(sealed=sealed))
    assert worker.get("/staff/").status_code == 200
    page = worker.get(f"/staff/requests/{rid}")
    assert page.status_code == 200 and "This request cannot be opened" in page.get_data(as_text=True)


def test_the_queue_opens_a_request_once_and_again_only_when_it_changed(worker, staff_app, monkeypatch):
    rid = make_request(staff_app, [TOMORROW])
    opened = []
    real = checking.open_sealed
    monkeypatch.setattr(checking, "open_sealed", lambda sealed: opened.append(1) or real(sealed))
    worker.get("/staff/")
    worker.get("/staff/queue/refresh", headers={"HX-Request": "true", "HX-Request-Type": "partial"})
    assert len(opened) == 1, "checked once, then trusted while its seal holds"
    with staff_app.app_context():
        assert db.session.get(CallbackRequest, rid).checked_mac
    write(staff_app, update(CallbackRequest).where(CallbackRequest.id == rid).values(interpreter_language="bsl"))
    worker.get("/staff/")
    worker.get("/staff/")
    assert len(opened) == 3, "a changed row no longer fits its seal, so it is opened each time"
    assert "view" not in {action for _actor, action, _ref, _detail in audit_actions(staff_app)}, "nothing shown"


def test_a_request_sealed_before_windows_had_ends_still_opens(worker, staff_app):
    rid = make_request(staff_app, [(NOW - HOUR, NOW + HOUR)])
    data = _whole(staff_app, rid)
    data["windows"] = [start for start, _end in data["windows"]]
    write(
        staff_app, update(CallbackRequest).where(CallbackRequest.id == rid).values(sealed=_sealed(staff_app, data, 1))
    )
    page = worker.get(f"/staff/requests/{rid}").get_data(as_text=True)
    assert "Before you call" in page and "changed after it arrived" not in page
    write(staff_app, update(CallbackWindow).where(CallbackWindow.request_id == rid).values(ends_at=NOW + 9 * HOUR))
    page = worker.get(f"/staff/requests/{rid}").get_data(as_text=True)
    assert "changed after it arrived" in page and "until 13:00" in page, "no longer than one window"
