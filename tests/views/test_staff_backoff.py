"""Lock-out cannot be turned against staff: failures slow down where they come from; only wrong codes
after the right password lock an account; admins are told."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from saferoute.extensions import db
from saferoute.staff import passwords
from saferoute.staff.models import SignInBackoff
from tests.staff_support import COOKIE, audit_actions, make_user, post, sign_in

FAILED = "The name, password or code is not right."
WAIT = "There have been too many wrong tries from here."
LOCKED = "This account is locked until"
T0 = datetime(2026, 11, 23, 10, 0, 7, tzinfo=UTC)  # 10:00 in London
STRANGER = "203.0.113.9"
OFFICE = "198.51.100.20"


def wrong_code(totp, at=T0) -> str:
    near = {totp.at(at + timedelta(seconds=s)) for s in (-30, 0, 30)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in near)


def signed_in(response) -> bool:
    return response.status_code == 303 and response.headers["Location"] == "/staff/"


def test_wrong_passwords_from_a_stranger_do_not_stop_the_real_sign_in(staff_app, totp):
    with time_machine.travel(T0, tick=False) as clock:
        stranger = staff_app.test_client()
        for _ in range(10):  # twice what used to lock the account for everyone
            sign_in(stranger, "ana", totp, password="a guess at the password", address=STRANGER)
        clock.shift(timedelta(seconds=30))
        assert signed_in(sign_in(staff_app.test_client(), "ana", totp, address=OFFICE))
    assert ("ana", "locked_out", None, None) not in audit_actions(staff_app)


def test_a_stranger_on_the_same_address_does_not_stop_a_browser_that_signed_in_before(staff_app, totp):
    ana = staff_app.test_client()
    with time_machine.travel(T0, tick=False) as clock:
        assert signed_in(sign_in(ana, "ana", totp, address=OFFICE))
        post(ana, "/staff/sign-out", environ_base={"REMOTE_ADDR": OFFICE})
        assert ana.get_cookie(COOKIE) is None and ana.get_cookie("__Host-saferoute-known") is not None
        stranger = staff_app.test_client()
        for _ in range(8):
            sign_in(stranger, "ana", totp, password="a guess at the password", address=OFFICE)
        clock.shift(timedelta(seconds=31))
        fresh = sign_in(staff_app.test_client(), "ana", totp, address=OFFICE)
        assert fresh.status_code == 200 and WAIT in fresh.get_data(as_text=True), "a new browser there waits"
        assert signed_in(sign_in(ana, "ana", totp, address=OFFICE)), "the browser ana used before does not"


def test_failures_from_one_address_make_it_wait_longer_each_time(staff_app, totp, monkeypatch):
    checked = []
    real = staff_app.extensions[passwords.EXTENSION]

    class Counting:
        def verify(self, *args):
            checked.append(1)
            return real.hasher.verify(*args)

        def __getattr__(self, name):
            return getattr(real.hasher, name)

    monkeypatch.setitem(staff_app.extensions, passwords.EXTENSION, passwords.Passwords(Counting(), real.dummy_hash))
    client = staff_app.test_client()
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(5):
            assert FAILED in sign_in(client, "ana", totp, password="wrong password!").get_data(as_text=True)
        assert len(checked) == 5
        waiting = sign_in(client, "ana", totp).get_data(as_text=True)
        assert WAIT in waiting and "Try again after 10:01 (UK time)." in waiting, "even the right answers wait"
        assert len(checked) == 5, "nothing is checked while it waits"
        clock.shift(timedelta(minutes=1))
        sign_in(client, "ana", totp, password="wrong password!")
        assert "Try again after 10:03" in sign_in(client, "ana", totp).get_data(as_text=True), "twice as long"
        clock.shift(timedelta(minutes=2))
        assert signed_in(sign_in(client, "ana", totp))
    assert ("ana", "backoff", None, "this name here") in audit_actions(staff_app)
    assert ("ana", "sign_in_failed", None, "waiting") in audit_actions(staff_app)


def test_guessing_across_names_makes_the_address_wait(staff_app, totp):
    client = staff_app.test_client()
    with time_machine.travel(T0, tick=False):
        for name in ("bob", "cat", "dan", "eve", "fay"):
            sign_in(client, name, totp, address=STRANGER)
        assert WAIT in sign_in(client, "ana", totp, address=STRANGER).get_data(as_text=True)
        assert signed_in(sign_in(staff_app.test_client(), "ana", totp, address=OFFICE))
    assert ("-", "backoff", None, "this address") in audit_actions(staff_app)


def test_wrong_codes_after_the_right_password_lock_the_account_everywhere(staff_app, totp):
    with time_machine.travel(T0, tick=False) as clock:
        someone = staff_app.test_client()
        for _ in range(5):
            assert FAILED in sign_in(someone, "ana", totp, code=wrong_code(totp), address=STRANGER).get_data(
                as_text=True
            )
        assert ("ana", "locked_out", None, None) in audit_actions(staff_app)
        clock.shift(timedelta(seconds=30))
        ana = staff_app.test_client()
        locked = sign_in(ana, "ana", totp, address=OFFICE).get_data(as_text=True)
        assert LOCKED in locked and "10:15 (UK time)" in locked and "someone knows your password" in locked
        guess = sign_in(staff_app.test_client(), "ana", totp, password="a wrong password", address="192.0.2.1")
        assert LOCKED not in guess.get_data(as_text=True), "without the password, nothing says it is locked"
        clock.shift(timedelta(minutes=15))
        assert signed_in(sign_in(ana, "ana", totp, address=OFFICE))


def test_wrong_passwords_never_count_towards_the_account_lock(staff_app, totp):
    with time_machine.travel(T0, tick=False) as clock:
        for attempt in range(8):
            address = f"192.0.2.{attempt}"
            if attempt % 2:
                sign_in(staff_app.test_client(), "ana", totp, password="a wrong password", address=address)
            else:
                sign_in(staff_app.test_client(), "ana", totp, code=wrong_code(totp), address=address)
        assert ("ana", "locked_out", None, None) not in audit_actions(staff_app), "4 wrong codes, 4 wrong passwords"
        clock.shift(timedelta(seconds=30))
        assert signed_in(sign_in(staff_app.test_client(), "ana", totp, address=OFFICE))


def test_a_success_resets_the_code_count(staff_app, totp):
    with time_machine.travel(T0, tick=False) as clock:
        for attempt in range(4):
            sign_in(staff_app.test_client(), "ana", totp, code=wrong_code(totp), address=f"192.0.2.{attempt}")
        assert signed_in(sign_in(staff_app.test_client(), "ana", totp, address=OFFICE))
        clock.shift(timedelta(minutes=1))
        for attempt in range(4):
            later = wrong_code(totp, T0 + timedelta(minutes=1))
            sign_in(staff_app.test_client(), "ana", totp, code=later, address=f"192.0.2.{10 + attempt}")
        assert signed_in(sign_in(staff_app.test_client(), "ana", totp, address=OFFICE)), "4 more do not lock"


def test_unlock_lifts_a_lock_out(staff_app, totp):
    with time_machine.travel(T0, tick=False):
        for _ in range(5):
            sign_in(staff_app.test_client(), "ana", totp, code=wrong_code(totp), address=STRANGER)
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        result = staff_app.test_cli_runner().invoke(args=["staff", "unlock", "ana"])
        assert result.exit_code == 0 and "unlocked ana" in result.output
        assert ("cli", "unlock", None, "ana") in audit_actions(staff_app)
        assert signed_in(sign_in(staff_app.test_client(), "ana", totp, address=OFFICE))


def test_admins_are_told_about_lock_outs_and_back_off(staff_app, totp):
    root_totp = make_user(staff_app, "root", admin=True)
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(5):
            sign_in(staff_app.test_client(), "ana", totp, code=wrong_code(totp), address=STRANGER)
        for name in ("bob", "cat", "dan", "eve", "fay"):
            sign_in(staff_app.test_client(), name, totp, address="192.0.2.77")
        clock.shift(timedelta(seconds=30))
        admin, worker = staff_app.test_client(), staff_app.test_client()
        sign_in(admin, "root", root_totp, address=OFFICE)
        panel = admin.get("/staff/").get_data(as_text=True).split('id="warnings-title"')[1].split("</section>")[0]
        assert "ana: Account locked after too many wrong codes (someone knows the password)" in panel
        assert "Unknown name: Too many failed sign-ins: tries from there now wait (from one address, any name)" in panel
        clock.shift(timedelta(minutes=16))
        sign_in(worker, "ana", totp, address=OFFICE)
        assert 'id="warnings-title"' not in worker.get("/staff/").get_data(as_text=True), "for admins only"


def test_the_back_off_keeps_no_address_and_no_name(staff_app, totp):
    with time_machine.travel(T0, tick=False):
        sign_in(staff_app.test_client(), "ana", totp, password="a wrong password", address=STRANGER)
    with staff_app.app_context():
        rows = db.session.scalars(select(SignInBackoff)).all()
    assert len(rows) == 2
    for row in rows:
        assert len(row.key) == 64 and int(row.key, 16) >= 0
        assert STRANGER not in row.key and "ana" not in row.key
