"""Storage, on SQLite and on a real PostgreSQL: sealed at rest, one request per form, purged on time.

Every test here runs twice (see `database_url` in tests/conftest.py).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
import time_machine
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from nacl.public import SealedBox
from sqlalchemy import func, select

from saferoute import config
from saferoute.callback import reference as references
from saferoute.callback.models import CallbackRequest, CallbackWindow, SpentFormKey, UTCDateTime
from saferoute.extensions import db
from tests.callback_support import (
    CODE_WORD,
    FORM_URL,
    NOTE,
    PHONE_E164,
    SAME_ORIGIN,
    answers,
    reference_in,
    send,
    sent_at_once,
    windows_in,
    withdraw,
)
from tests.staff_support import PERSON, audit_actions, make_request, make_user, sign_in

MONDAY_0600 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
SECRETS = [PHONE_E164, PHONE_E164[1:], "7911123456", "7911 123456", CODE_WORD, NOTE, "Quokka"]


@pytest.fixture
def app_environ(database_url):
    return {"SAFEROUTE_DATABASE_URL": database_url, "SAFEROUTE_CALLBACK_RATE_LIMIT": "1000 per hour"}


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_models_and_migrations_agree(app):
    # The staff tables refer to callback_request: without their models, run alone, this saw them as removed.
    import saferoute.staff.models  # noqa: F401

    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = [d for d in compare_metadata(context, db.metadata) if "callback" in str(d)]
    assert differences == []


def test_nothing_typed_is_in_the_database_in_clear(app, client, database_url, instance, request):
    shown = reference_in(send(client, interpreter="other", interpreter_other="Quokka language").get_data(as_text=True))
    send(client, contact="video")
    assert count(app, CallbackRequest) == 2
    if database_url.startswith("sqlite"):
        files = [instance / "test.sqlite3", instance / "test.sqlite3-wal"]
        raw = b"".join(f.read_bytes() for f in files if f.exists())
        assert shown.replace("-", "").encode() in raw, "the reference is there: we did read the data"
        for secret in SECRETS:
            assert secret.encode() not in raw, secret
    else:
        server = request.getfixturevalue("postgres_server")
        dump = server.dump(urlsplit(database_url).path.lstrip("/"))
        assert shown.replace("-", "") in dump and "callback_request" in dump
        for secret in SECRETS:
            assert secret not in dump, secret


def test_times_are_stored_as_utc_and_read_back_aware(app, client):
    with time_machine.travel(MONDAY_0600, tick=False):
        send(client)
    with app.app_context():
        row = db.session.scalar(select(CallbackRequest))
        assert row.created_at == MONDAY_0600 and row.created_at.tzinfo is not None
        assert [w.starts_at.hour for w in row.windows] == [10, 12]
        assert row.delete_after == datetime(2026, 12, 23, 14, 0, tzinfo=UTC)
        # The queue can sort and filter on the windows in clear.
        first = db.session.scalar(select(func.min(CallbackWindow.starts_at)))
        assert first.replace(tzinfo=UTC) == datetime(2026, 11, 23, 10, tzinfo=UTC)


def test_a_double_tap_creates_one_request(app):
    data = answers(app.test_client().get(FORM_URL).get_data(as_text=True))
    seen = sent_at_once(app, FORM_URL, data)
    assert len(seen) == 6 and len(set(seen)) == 1 and seen[0]
    assert count(app, CallbackRequest) == 1


def test_withdrawing_deletes_the_request_and_its_windows(app, client):
    shown = reference_in(send(client).get_data(as_text=True))
    withdraw(client, shown)
    assert count(app, CallbackRequest) == 0 and count(app, CallbackWindow) == 0
    assert count(app, SpentFormKey) == 1


def test_purge_deletes_requests_past_their_time_and_nothing_else(app, client):
    runner = app.test_cli_runner()
    with time_machine.travel(MONDAY_0600, tick=False):
        html = client.get(FORM_URL).get_data(as_text=True)
        offered = windows_in(html)
        for windows in ([offered[1]], [offered[1], offered[30]]):  # last windows end Mon 12:00, Fri 14:00
            assert reference_in(
                client.post(
                    FORM_URL,
                    data=answers(client.get(FORM_URL).get_data(as_text=True), windows=windows),
                    headers=SAME_ORIGIN,
                ).get_data(as_text=True)
            )
        withdraw(client, reference_in(send(client, windows=[offered[2]]).get_data(as_text=True)))
        result = runner.invoke(args=["purge"])
        assert result.exit_code == 0
        assert result.output == "purge: deleted 0 request(s), 0 spent form key(s) and 0 old rate-limit count(s)\n"
    assert count(app, CallbackRequest) == 2 and count(app, SpentFormKey) == 1
    with time_machine.travel(MONDAY_0600 + timedelta(days=30, hours=6, minutes=1), tick=False):
        assert (
            runner.invoke(args=["purge"]).output
            == "purge: deleted 1 request(s), 1 spent form key(s) and 5 old rate-limit count(s)\n"
        )
    assert count(app, CallbackRequest) == 1 and count(app, CallbackWindow) == 2
    with time_machine.travel(MONDAY_0600 + timedelta(days=34, hours=14, minutes=1), tick=False):
        assert (
            runner.invoke(args=["purge"]).output
            == "purge: deleted 1 request(s), 0 spent form key(s) and 0 old rate-limit count(s)\n"
        )
    assert count(app, CallbackRequest) == 0 and count(app, CallbackWindow) == 0


def test_when_two_copies_race_the_loser_gets_the_winners_request(app, monkeypatch):
    from nacl.public import PrivateKey

    from saferoute.callback import store
    from saferoute.callback.kind import CALLBACK_KIND
    from saferoute.callback.windows import Window

    window = Window(datetime(2026, 11, 24, 8, tzinfo=UTC), datetime(2026, 11, 24, 10, tzinfo=UTC))
    kwargs = {
        "kind": CALLBACK_KIND,
        "key": "k" * 22,
        "windows": [window],
        "contact_method": "phone",
        "interpreter_language": None,
        "private": {"phone": PHONE_E164},
        "public_key": PrivateKey.generate().public_key,
        "now": MONDAY_0600,
        "retention": timedelta(days=30),
    }
    with app.app_context():
        first = store.save(**kwargs)
        # The second copy looked before the first was committed: it saw nothing, then hit the unique key.
        real_by_key, looked = store.by_key, []

        def by_key_late(key):
            looked.append(key)
            return None if len(looked) == 1 else real_by_key(key)

        monkeypatch.setattr(store, "by_key", by_key_late)
        second = store.save(**kwargs)
        assert len(looked) == 2, "the unique form key stopped the second insert"
        assert first.created and not second.created
        assert second.request.reference == first.request.reference
        assert db.session.scalar(select(func.count()).select_from(CallbackRequest)) == 1


def wal_emptied(database: Path, seconds: float = 10) -> bool:
    """Wait for the WAL to be emptied (a background thread does it after a withdrawal)."""
    wal = database.with_name(database.name + "-wal")
    deadline = time.monotonic() + seconds
    while wal.stat().st_size and time.monotonic() < deadline:
        time.sleep(0.05)
    return wal.stat().st_size == 0


def test_a_withdrawn_request_leaves_nothing_behind_in_the_sqlite_files(app, client, database_url, instance):
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL frees the space at VACUUM; the sealed data needs the private key in any case")
    shown = reference_in(send(client).get_data(as_text=True))
    with app.app_context():
        sealed = db.session.scalar(select(CallbackRequest.sealed))
    withdraw(client, shown)
    assert wal_emptied(instance / "test.sqlite3")
    raw = b"".join(f.read_bytes() for f in instance.glob("test.sqlite3*"))
    assert sealed[:32] not in raw and sealed[-32:] not in raw
    assert shown.replace("-", "").encode() not in raw


def test_a_reader_holding_a_transaction_does_not_leave_a_withdrawn_request_in_the_wal(
    app, client, database_url, instance
):
    if not database_url.startswith("sqlite"):
        pytest.skip("the WAL is SQLite's")
    shown = reference_in(send(client).get_data(as_text=True))
    with app.app_context():
        sealed = db.session.scalar(select(CallbackRequest.sealed))
    path = instance / "test.sqlite3"
    reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM callback_request").fetchone() == (1,)  # holds that snapshot
    # Longer than one try could ever wait (the old single checkpoint gave up after 5 s).
    threading.Timer(6, reader.rollback).start()
    assert "Request withdrawn" in withdraw(client, shown).get_data(as_text=True)
    emptied = wal_emptied(path, seconds=30)
    reader.close()
    assert emptied, "the WAL was emptied once the reader let go"
    raw = b"".join(f.read_bytes() for f in instance.glob("test.sqlite3*"))
    assert sealed[:32] not in raw and sealed[-32:] not in raw
    assert shown.replace("-", "").encode() not in raw


# One table, many kinds (issue 14, point 6): a call-back stored before kinds existed stays openable after
# the migration; the console trusts only the sealed kind.

KINDS_NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
MIGRATIONS = str(config.PACKAGE_DIR / "migrations")


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
        "created_at": KINDS_NOW - timedelta(hours=3),
        "updated_at": KINDS_NOW - timedelta(hours=3),
        "delete_after": end + timedelta(days=30),
    }
    with db.engine.begin() as connection:
        request_id = connection.execute(requests.insert().values(row).returning(requests.c.id)).scalar_one()
        connection.execute(windows.insert().values(request_id=request_id, starts_at=start, ends_at=end))
    return request_id


def test_a_call_back_stored_before_kinds_stays_openable_after_the_migration(staff_app):
    with time_machine.travel(KINDS_NOW, tick=False):
        with staff_app.app_context():
            downgrade(directory=MIGRATIONS, revision="0005")
            reference = references.new()
            request_id = store_as_before_kinds(staff_app, reference, KINDS_NOW - timedelta(minutes=30))
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
    with time_machine.travel(KINDS_NOW, tick=False):
        request_id = make_request(staff_app, [(KINDS_NOW - timedelta(hours=1), KINDS_NOW + timedelta(hours=1))])
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
