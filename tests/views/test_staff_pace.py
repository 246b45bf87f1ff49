"""An account opening more than a set number of requests in an hour is slowed, and admins are told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from saferoute.callback.models import CallbackRequest
from saferoute.extensions import db
from tests.staff_support import audit_actions, make_request, make_user, sign_in

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


pytestmark = pytest.mark.usefixtures("clock")  # from before the app is built


@pytest.fixture
def app_environ() -> dict[str, str]:
    return {"SAFEROUTE_STAFF_OPENS_PER_HOUR": "3"}


def test_past_the_number_an_account_opens_one_new_request_every_two_minutes(staff_app, clock):
    ids = [make_request(staff_app, [(NOW + HOUR, NOW + 3 * HOUR)]) for _ in range(6)]
    client = staff_app.test_client()
    sign_in(client, "ana", make_user(staff_app, "ana"))
    with staff_app.app_context():
        references = [db.session.get(CallbackRequest, rid).reference for rid in ids]
    for rid in ids[:3]:
        assert client.get(f"/staff/requests/{rid}").status_code == 200
    slowed = client.get(f"/staff/requests/{ids[3]}")
    text = slowed.get_data(as_text=True)
    assert slowed.status_code == 429 and "Before you call" not in text
    assert "You have opened 3 different requests in the last hour" in text and "after Mon 23 Nov 2026, 12:02:00" in text
    assert client.get(f"/staff/requests/{ids[0]}").status_code == 200, "one already opened this hour opens at once"
    clock.shift(timedelta(minutes=2))
    assert client.get(f"/staff/requests/{ids[3]}").status_code == 200
    assert client.get(f"/staff/requests/{ids[4]}").status_code == 429
    clock.shift(timedelta(minutes=2))
    assert client.get(f"/staff/requests/{ids[4]}").status_code == 200
    for _ in range(5):  # an hour on, busy enough to stay signed in
        clock.shift(timedelta(minutes=12))
        client.get("/staff/")
    assert client.get(f"/staff/requests/{ids[5]}").status_code == 200, "an hour later the count has gone"
    recorded = audit_actions(staff_app)
    assert recorded.count(("ana", "open_limit", None, "3 an hour")) == 1, "admins are told once"
    assert [a[2] for a in recorded if a[1] == "open_slowed"] == [references[3], references[4]]
    assert len([a for a in recorded if a[1] == "view"]) == 7, "a slowed open shows nothing"


def test_admins_see_who_was_slowed(staff_app, clock):
    ids = [make_request(staff_app, [(NOW + HOUR, NOW + 3 * HOUR)]) for _ in range(4)]
    worker, admin = staff_app.test_client(), staff_app.test_client()
    sign_in(worker, "ana", make_user(staff_app, "ana"))
    sign_in(admin, "root", make_user(staff_app, "root", admin=True), address="192.0.2.1")
    for rid in ids:
        worker.get(f"/staff/requests/{rid}")
    clock.shift(timedelta(minutes=2))
    worker.get(f"/staff/requests/{ids[3]}")
    panel = admin.get("/staff/").get_data(as_text=True).split('id="warnings-title"')[1].split("</section>")[0]
    assert "ana: Opened more requests in an hour than the console allows: now slowed (3 an hour)" in panel
