"""The console's tables on SQLite and on a real PostgreSQL server: migrations, the flow, what is stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from saferoute import config
from saferoute.callback import store
from saferoute.callback.models import CallbackRequest
from saferoute.extensions import db
from saferoute.staff.models import AuditEntry, Outcome, StaffSession, StaffUser
from tests.staff_support import audit_actions, make_request, make_user, post, sign_in

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
NOTE = "Quietly: partner works nights"
STAFF_TABLES = {"staff_users", "staff_sessions", "staff_audit", "staff_outcome"}


@pytest.fixture
def app_environ(database_url):
    return {"SAFEROUTE_DATABASE_URL": database_url}


def test_models_and_migrations_agree(staff_app):
    with staff_app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert [d for d in differences if "staff" in str(d)] == []


def test_the_migration_goes_down_and_up_again(staff_app):
    migrations = str(config.PACKAGE_DIR / "migrations")
    with staff_app.app_context():
        downgrade(directory=migrations, revision="0002")
        assert not STAFF_TABLES & set(inspect(db.engine).get_table_names())
        upgrade(directory=migrations)
        assert set(inspect(db.engine).get_table_names()) >= STAFF_TABLES


def test_the_whole_flow_and_what_it_stores(staff_app, database_url, instance, request):
    with time_machine.travel(NOW, tick=False):
        totp = make_user(staff_app, "ana")
        rid = make_request(staff_app, [(NOW - timedelta(hours=1), NOW + timedelta(hours=1))])
        client = staff_app.test_client()
        sign_in(client, "ana", totp, password="not the password")
        assert sign_in(client, "ana", totp).status_code == 303
        assert "Before you call" in client.get(f"/staff/requests/{rid}").get_data(as_text=True)
        assert post(client, f"/staff/requests/{rid}/outcome", {"outcome": "done", "note": NOTE}).status_code == 303
        with staff_app.app_context():
            ref = db.session.get(CallbackRequest, rid).reference
            assert db.session.get(CallbackRequest, rid).delete_after == NOW + timedelta(days=30)
            assert db.session.scalar(select(func.count(StaffSession.id))) == 1
            user = db.session.scalar(select(StaffUser))
            assert user.code_failures == 0 and user.totp_last_step == totp.timecode(NOW)
            assert user.last_sign_in_at == NOW
        if database_url.startswith("sqlite"):
            raw = b"".join(p.read_bytes() for p in instance.glob("test.sqlite3*"))
            assert ref.encode() in raw and NOTE.encode() not in raw and b"partner works" not in raw
        else:
            dump = request.getfixturevalue("postgres_server").dump(urlsplit(database_url).path.lstrip("/"))
            assert ref in dump and "staff_outcome" in dump
            assert NOTE not in dump and "partner works" not in dump
        post(client, "/staff/sign-out")
        with staff_app.app_context():
            assert db.session.scalar(select(func.count(StaffSession.id))) == 0
    with time_machine.travel(NOW + timedelta(days=31), tick=False), staff_app.app_context():
        store.purge(datetime.now(UTC))
        assert db.session.scalar(select(func.count(Outcome.id))) == 0, "outcomes go with their request"
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.reference == ref)) == 2
    assert ("ana", "sign_in_failed", None, "password") in audit_actions(staff_app)
