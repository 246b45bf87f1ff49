"""One table, many kinds (issue 14, point 6): a call-back stored before kinds existed stays openable
after the migration, on SQLite and on a real PostgreSQL server; the console trusts only the sealed kind."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine
from flask_migrate import downgrade, upgrade
from nacl.public import SealedBox

from saferoute import config
from saferoute.callback import reference as references
from saferoute.callback.models import CallbackRequest, UTCDateTime
from saferoute.extensions import db
from tests.clares_law_support import ONLINE
from tests.staff_support import PERSON, audit_actions, make_request, make_user, sign_in

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
MIGRATIONS = str(config.PACKAGE_DIR / "migrations")


@pytest.fixture
def app_environ(database_url):
    return {"SAFEROUTE_DATABASE_URL": database_url, **ONLINE}


def store_as_before_kinds(app, reference: str, start: datetime) -> int:
    """A call-back as the code before this migration stored it: no kind, in clear or sealed."""
    requests = sa.table(
        "callback_request",
        *(sa.column(name) for name in ("id", "reference", "idempotency_key", "contact_method")),
        *(sa.column(name) for name in ("interpreter_language", "status", "sealed")),
        *(sa.column(name, UTCDateTime()) for name in ("created_at", "updated_at", "delete_after")),
    )
    windows = sa.table(
        "callback_window",
        sa.column("request_id"),
        sa.column("starts_at", UTCDateTime()),
        sa.column("ends_at", UTCDateTime()),
    )
    end = start + timedelta(hours=2)
    payload = {
        "reference": reference,
        "windows": [start.strftime("%Y%m%dT%H%MZ")],
        "contact_method": "phone",
        "interpreter_language": None,
        **PERSON,
    }
    row = {
        "reference": reference,
        "idempotency_key": "before-kinds-key-0001",
        "contact_method": "phone",
        "interpreter_language": None,
        "status": "new",
        # Sealed as that code sealed it: format version 1, no kind, window starts only.
        "sealed": SealedBox(app.extensions["saferoute.public_key"]).encrypt(json.dumps({"v": 1, **payload}).encode()),
        "created_at": NOW - timedelta(hours=3),
        "updated_at": NOW - timedelta(hours=3),
        "delete_after": end + timedelta(days=30),
    }
    with db.engine.begin() as connection:
        request_id = connection.execute(requests.insert().values(row).returning(requests.c.id)).scalar_one()
        connection.execute(windows.insert().values(request_id=request_id, starts_at=start, ends_at=end))
    return request_id


def test_a_call_back_stored_before_kinds_stays_openable_after_the_migration(staff_app):
    with time_machine.travel(NOW, tick=False):
        with staff_app.app_context():
            downgrade(directory=MIGRATIONS, revision="0005")
            reference = references.new()
            request_id = store_as_before_kinds(staff_app, reference, NOW - timedelta(minutes=30))
            upgrade(directory=MIGRATIONS)
            assert db.session.get(CallbackRequest, request_id).kind == "callback"
        totp = make_user(staff_app, "ana")
        client = staff_app.test_client()
        assert sign_in(client, "ana", totp).status_code == 303
        page = client.get(f"/staff/requests/{request_id}").get_data(as_text=True)
    assert "Before you call" in page
    assert PERSON["name"] in page, "opened: its sealed answers are shown"
    assert ("ana", "view", reference, None) in audit_actions(staff_app)


def test_only_the_sealed_kind_is_trusted(staff_app):
    with time_machine.travel(NOW, tick=False):
        request_id = make_request(staff_app, [(NOW - timedelta(hours=1), NOW + timedelta(hours=1))])
        with staff_app.app_context():
            row = db.session.get(CallbackRequest, request_id)
            reference, row.kind = row.reference, "clares-law"  # a database writer's change
            db.session.commit()
        totp = make_user(staff_app, "ana")
        client = staff_app.test_client()
        sign_in(client, "ana", totp)
        page = client.get(f"/staff/requests/{request_id}").get_data(as_text=True)
    assert "The kind of request stored for the queue does not match what the person sent." in page
    assert "Call-back: Phone call." in page and "Who they are asking about" not in page
    assert ("ana", "tampered", reference, "kind") in audit_actions(staff_app)
