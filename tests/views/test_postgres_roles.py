"""deploy/postgres-roles.sql on a real PostgreSQL: the public role cannot touch a staff table,
and the public site and the console each still work under their own role."""

from __future__ import annotations

import os
import re
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
import time_machine
from flask_migrate import upgrade
from sqlalchemy import select

from saferoute import config, create_app, ratelimit
from saferoute.callback.models import CallbackRequest
from saferoute.extensions import Base, db
from saferoute.limit_storage import LimitHit
from saferoute.staff.models import StaffUser
from tests.callback_support import normalised, reference_in, send, withdraw
from tests.staff_support import make_user, post, sign_in, staff_env

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "postgres-roles.sql"
# Each staff table, with one of its columns.
STAFF_TABLES = {
    "staff_users": "name",
    "staff_sessions": "data",
    "staff_audit": "actor",
    "staff_outcome": "outcome",
    "staff_sign_in_backoff": "failures",
}


@pytest.fixture
def roles_database(postgres_server, instance):
    """A database migrated by its owner, then given the roles exactly as docs/DEPLOY.md says."""
    name = f"roles_{os.getpid()}_{time.monotonic_ns()}"
    owner_url = postgres_server.create_database(name)
    owner = create_app({"TESTING": True}, settings=_settings(instance, owner_url, staff=True))
    with owner.app_context():
        upgrade(directory=str(config.PACKAGE_DIR / "migrations"))
        db.engine.dispose()
    subprocess.run(
        [
            str(postgres_server.bin / "psql"),
            f"postgresql://postgres@127.0.0.1:{postgres_server.port}/{name}",
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
            "-f",
            str(SCRIPT),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    yield lambda role: owner_url.replace("postgres@", f"{role}@", 1), name
    postgres_server.drop_database(name)


def _settings(instance: Path, url: str, staff: bool = False, **env: str):
    env = {"SAFEROUTE_DATABASE_URL": url, "SAFEROUTE_LANGUAGES": "en", **(staff_env(instance) if staff else {}), **env}
    return config.from_environ(env, instance=instance)


def _app(instance: Path, url: str, staff: bool = False, **env: str):
    return create_app({"TESTING": True}, settings=_settings(instance, url, staff, **env))


def _refused(conninfo: str, sql: str) -> bool:
    with psycopg.connect(conninfo, autocommit=True) as connection:
        try:
            connection.execute(sql)
        except psycopg.errors.InsufficientPrivilege:
            return True
    return False


def _conninfo(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def test_every_staff_table_is_checked():
    assert {name for name in Base.metadata.tables if name.startswith("staff_")} == set(STAFF_TABLES)


def test_the_public_role_cannot_read_or_write_a_staff_table(roles_database):
    url_for, _name = roles_database
    web = _conninfo(url_for("saferoute_web"))
    for table, column in STAFF_TABLES.items():
        assert _refused(web, f"SELECT {column} FROM {table}"), table
        assert _refused(web, f"INSERT INTO {table} DEFAULT VALUES"), table
        assert _refused(web, f"UPDATE {table} SET {column} = {column}"), table
        assert _refused(web, f"DELETE FROM {table}"), table
        assert _refused(web, f"TRUNCATE {table}"), table
    assert _refused(
        web,
        "INSERT INTO staff_sessions (token_hash, public_id, user_id, data, created_at, last_active_at, mac)"
        " VALUES ('x', 'x', 1, '{}', now(), now(), 'x')",
    )
    assert _refused(
        web,
        "INSERT INTO staff_users (name, is_admin, password_hash, totp_sealed, code_failures, session_epoch,"
        " created_at, mac) VALUES ('x', true, 'x', 'x', 0, 0, now(), 'x')",
    )
    assert _refused(web, "UPDATE callback_request SET contact_method = 'video'"), "nor change a stored request"
    assert _refused(web, "UPDATE callback_request SET first_attempt_at = now()"), "nor mark a first try"
    assert _refused(web, "UPDATE board_count SET key = 'x'"), "the board's counts: only a count can grow"
    assert _refused(web, "DELETE FROM board_count")
    assert _refused(web, "CREATE TABLE mine (id int)")


def test_the_console_role_cannot_rewrite_the_audit_log(roles_database):
    url_for, _name = roles_database
    staff = _conninfo(url_for("saferoute_staff"))
    assert _refused(staff, "UPDATE staff_audit SET actor = 'someone else'")
    assert _refused(staff, "DELETE FROM staff_audit")
    assert _refused(staff, "INSERT INTO callback_request (reference) VALUES ('x')")


def test_the_public_site_and_the_console_work_under_their_roles(roles_database, instance):
    url_for, _name = roles_database
    public = _app(instance, url_for("saferoute_web"))
    console = _app(instance, url_for("saferoute_staff"), staff=True)
    client = public.test_client()
    assert client.get("/healthz").get_data(as_text=True) == "ok\n"
    kept = reference_in(send(client).get_data(as_text=True))
    gone = reference_in(send(client).get_data(as_text=True))
    assert kept and gone

    totp = make_user(console, "ana")
    worker = console.test_client()
    assert sign_in(worker, "ana", totp).status_code == 303
    with console.app_context():
        ids = {r.reference: r.id for r in db.session.scalars(select(CallbackRequest))}
    for reference in (kept, gone):
        rid = ids[normalised(reference)]
        assert "Before you call" in worker.get(f"/staff/requests/{rid}").get_data(as_text=True)
        assert (
            post(worker, f"/staff/requests/{rid}/outcome", {"outcome": "no-answer", "note": "rang"}).status_code == 303
        )
    assert "Signed in as" in worker.get("/staff/").get_data(as_text=True)

    response = withdraw(client, gone)
    assert response.status_code == 200, "withdrawing deletes the console's outcomes for it too"
    with console.app_context():
        assert normalised(gone) not in {r.reference for r in db.session.scalars(select(CallbackRequest))}
        assert db.session.scalar(select(StaffUser)).name == "ana"
    with time_machine.travel(datetime.now(UTC) + timedelta(days=60)):
        purged = console.test_cli_runner().invoke(args=["purge"])
        assert re.fullmatch(
            r"purge: deleted 1 request\(s\), 1 spent form key\(s\) and [1-9][0-9]* old rate-limit count\(s\)\n",
            purged.output,
        ), purged.output
        assert public.test_cli_runner().invoke(args=["purge"]).exit_code == 0
    with console.app_context():
        assert db.session.scalar(select(CallbackRequest)) is None, "the console purged the last one, outcomes and all"
    for app in (public, console):
        with app.app_context():
            db.engine.dispose()


def test_a_limit_holds_under_each_role(roles_database, instance):
    """Each role counts its tries in rate_limit_hit (database://, the default). A count the role
    could not keep would let every try through: the site never stops a person for its own fault."""
    url_for, _name = roles_database
    public = _app(instance, url_for("saferoute_web"), SAFEROUTE_CALLBACK_RATE_LIMIT="2 per hour")
    console = _app(instance, url_for("saferoute_staff"), staff=True)
    assert public.config["RATELIMIT_STORAGE_URI"] == console.config["RATELIMIT_STORAGE_URI"] == "database://"
    client = public.test_client()
    assert [send(client).status_code for _ in range(3)] == [200, 200, 429]
    with console.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.7"}):
        assert [ratelimit.spend("test", "1 per hour") for _ in range(2)] == [True, False]
    with time_machine.travel(datetime.now(UTC) + timedelta(days=2)):
        for app in (public, console):
            assert app.test_cli_runner().invoke(args=["purge"]).exit_code == 0
    with public.app_context():
        assert db.session.scalars(select(LimitHit)).all() == [], "the old counts were purged"
    for app in (public, console):
        with app.app_context():
            db.engine.dispose()
