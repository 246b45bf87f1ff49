"""A database writer cannot become staff: what it inserts or changes carries no valid seal.

Each test plays a compromised public web server: it can write any row of the
shared database, but does not hold the hub's private key.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, update

from saferoute.extensions import db
from saferoute.staff.models import StaffSession, StaffUser
from tests.staff_support import COOKIE, audit_actions, make_user, post, sign_in

NOW = datetime(2026, 11, 23, 10, 0, 7, tzinfo=UTC)


def write(app, statement) -> None:
    with app.app_context():
        db.session.execute(statement)
        db.session.commit()


def account(app, name: str) -> dict:
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.name == name))
        return {column.key: getattr(user, column.key) for column in StaffUser.__table__.columns}


def sessions(app) -> list[dict]:
    with app.app_context():
        return [
            {column.key: getattr(row, column.key) for column in StaffSession.__table__.columns}
            for row in db.session.scalars(select(StaffSession)).all()
        ]


def signed_in(client) -> bool:
    response = client.get("/staff/")
    return response.status_code == 200 and "Signed in as" in response.get_data(as_text=True)


def test_a_session_row_minted_with_a_token_of_the_writers_choosing_is_refused(staff_app, clock):
    make_user(staff_app, "root", admin=True)
    sign_in(staff_app.test_client(), "ana", make_user(staff_app, "ana"))
    admin = account(staff_app, "root")
    [real] = sessions(staff_app)
    for number, mac in enumerate(("0" * 64, real["mac"])):
        token = f"the-writers-own-token-{number}"
        write(
            staff_app,
            insert(StaffSession).values(
                token_hash=hashlib.sha256(token.encode()).hexdigest(),
                public_id=f"forged{number}",
                user_id=admin["id"],
                data="{}",
                created_at=NOW,
                last_active_at=NOW,
                mac=mac,
            ),
        )
        attacker = staff_app.test_client()
        attacker.set_cookie(COOKIE, token, domain="localhost", path="/", secure=True)
        assert not signed_in(attacker)
        assert attacker.get("/staff/audit").status_code == 303
    assert audit_actions(staff_app).count(("-", "tampered", None, "session")) >= 2


def test_a_session_cannot_be_moved_to_another_account(staff_app, clock):
    make_user(staff_app, "root", admin=True)
    worker = staff_app.test_client()
    sign_in(worker, "ana", make_user(staff_app, "ana"))
    assert signed_in(worker) and worker.get("/staff/audit").status_code == 403
    write(staff_app, update(StaffSession).values(user_id=account(staff_app, "root")["id"]))
    assert worker.get("/staff/audit").status_code == 303, "refused, not an admin page"
    assert not signed_in(worker)


@pytest.mark.parametrize(
    ("change", "what"),
    [
        ({"is_admin": True}, "an admin flag"),
        ({"password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJO"}, "a password"),
        ({"session_epoch": 0, "totp_last_step": None}, "an older state"),
    ],
)
def test_an_account_changed_by_a_database_write_opens_nothing(staff_app, clock, change, what):
    totp = make_user(staff_app, "ana")
    worker = staff_app.test_client()
    sign_in(worker, "ana", totp)
    write(staff_app, update(StaffUser).values(session_epoch=StaffUser.session_epoch + 1))
    write(staff_app, update(StaffUser).values(**change))
    assert not signed_in(worker), f"{what}: the session it had ends"
    clock.shift(timedelta(seconds=30))
    response = sign_in(staff_app.test_client(), "ana", totp)
    assert response.status_code == 200, f"{what}: it cannot sign in"
    assert ("ana", "tampered", None, "account") in audit_actions(staff_app)


def test_a_lock_out_cannot_be_lifted_by_a_database_write(staff_app, clock):
    totp = make_user(staff_app, "ana")
    near = {totp.at(NOW + timedelta(seconds=s)) for s in (-30, 0, 30)}
    wrong = next(code for code in ("000000", "111111", "222222") if code not in near)
    for number in range(5):
        sign_in(staff_app.test_client(), "ana", totp, code=wrong, address=f"192.0.2.{number}")
    assert ("ana", "locked_out", None, None) in audit_actions(staff_app)
    write(staff_app, update(StaffUser).values(locked_until=None, code_failures=0))
    clock.shift(timedelta(seconds=30))
    assert sign_in(staff_app.test_client(), "ana", totp).status_code == 200
    assert ("ana", "tampered", None, "account") in audit_actions(staff_app)


def test_a_disabled_account_cannot_be_re_enabled_by_a_database_write(staff_app, clock):
    totp = make_user(staff_app, "ana")
    assert staff_app.test_cli_runner().invoke(args=["staff", "disable", "ana"]).exit_code == 0
    write(staff_app, update(StaffUser).values(disabled_at=None))
    assert sign_in(staff_app.test_client(), "ana", totp).status_code == 200
    assert ("ana", "tampered", None, "account") in audit_actions(staff_app)


def test_a_code_secret_or_a_seal_cannot_be_moved_between_accounts(staff_app, clock):
    make_user(staff_app, "ana")
    ben_totp = make_user(staff_app, "ben")  # an insider who knows their own codes
    ben = account(staff_app, "ben")
    write(staff_app, update(StaffUser).where(StaffUser.name == "ana").values(totp_sealed=ben["totp_sealed"]))
    assert sign_in(staff_app.test_client(), "ana", ben_totp).status_code == 200
    write(
        staff_app,
        update(StaffUser).where(StaffUser.name == "ana").values(totp_sealed=ben["totp_sealed"], mac=ben["mac"]),
    )
    clock.shift(timedelta(seconds=30))
    assert sign_in(staff_app.test_client(), "ana", ben_totp, address="192.0.2.1").status_code == 200
    assert ("ana", "sign_in", None, None) not in audit_actions(staff_app)


def test_a_session_row_put_back_after_sign_out_is_refused(staff_app, clock):
    worker = staff_app.test_client()
    sign_in(worker, "ana", make_user(staff_app, "ana"))
    [saved] = sessions(staff_app)
    token = worker.get_cookie(COOKIE).value
    post(worker, "/staff/sign-out")
    assert sessions(staff_app) == []
    write(staff_app, insert(StaffSession).values(**saved))
    thief = staff_app.test_client()  # someone who kept the cookie
    thief.set_cookie(COOKIE, token, domain="localhost", path="/", secure=True)
    assert not signed_in(thief)


def test_a_forged_known_browser_cookie_does_not_skip_the_back_off(staff_app, clock):
    totp = make_user(staff_app, "ana")
    user_id = account(staff_app, "ana")["id"]
    stranger = staff_app.test_client()
    stranger.set_cookie(
        "__Host-saferoute-known", f"{user_id}.{int(NOW.timestamp())}.{'a' * 32}", domain="localhost", secure=True
    )
    for _ in range(5):
        sign_in(stranger, "ana", totp, password="a wrong password")
    assert "too many wrong tries from here" in sign_in(stranger, "ana", totp).get_data(as_text=True)


def test_signing_out_of_an_account_changed_meanwhile_still_ends_its_sessions(staff_app, clock):
    from saferoute.staff import auth

    sign_in(staff_app.test_client(), "ana", make_user(staff_app, "ana"))
    user = account(staff_app, "ana")
    write(staff_app, update(StaffUser).values(is_admin=True))  # between the page loading and the click
    with staff_app.app_context():
        auth.sign_out_everywhere(user["id"], "ana")
    assert sessions(staff_app) == []
    assert ("ana", "sign_out", None, None) in audit_actions(staff_app)
