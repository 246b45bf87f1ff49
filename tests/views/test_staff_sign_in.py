"""Staff sign-in: good, bad password, bad code, reused code, lock-out, expiry, sign-out everywhere."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from saferoute.config import ConfigError
from saferoute.extensions import db
from saferoute.staff import auth, passwords
from saferoute.staff.models import StaffSession
from tests.pages import PageChecker
from tests.staff_support import COOKIE, PASSWORD, audit_actions, build_staff_app, csrf_token, make_user, post, sign_in

FAILED = "The name, password or code is not right."
T0 = datetime(2026, 11, 23, 10, 0, 7, tzinfo=UTC)


@pytest.fixture
def client(staff_app):
    return staff_app.test_client()


def signed_in(client) -> bool:
    response = client.get("/staff/")
    return response.status_code == 200 and "Signed in as" in response.get_data(as_text=True)


def session_rows(app) -> list[StaffSession]:
    with app.app_context():
        return db.session.scalars(select(StaffSession)).all()


def test_good_sign_in_sets_a_host_cookie_and_stores_only_its_hash(staff_app, client, totp):
    response = sign_in(client, "ana", totp)
    assert response.status_code == 303 and response.headers["Location"] == "/staff/"
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{COOKIE}=")]
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert attributes == {"secure", "httponly", "path", "samesite"}
    assert "Path=/" in cookie and "SameSite=Strict" in cookie and "Domain" not in cookie and "Expires" not in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    rows = session_rows(staff_app)
    assert [r.token_hash for r in rows] == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in {r.token_hash for r in rows}
    assert signed_in(client)
    assert ("ana", "sign_in", None, None) in audit_actions(staff_app)


def test_sign_in_starts_a_new_session_not_the_anonymous_one(client, totp):
    client.get("/staff/sign-in")
    before = client.get_cookie(COOKIE).value
    sign_in(client, "ana", totp)
    assert client.get_cookie(COOKIE).value != before, "the session token must change at sign-in (fixation)"


def test_name_is_not_case_or_space_sensitive(client, totp):
    assert sign_in(client, "  Ana ", totp).status_code == 303


@pytest.mark.parametrize(
    ("name", "password", "code", "detail"),
    [
        ("ana", "wrong password here", None, "password"),
        ("ana", PASSWORD, "000000", "code"),
        ("ana", PASSWORD, "12ab56", "code"),
        ("nobody", PASSWORD, None, "unknown name"),
    ],
)
def test_bad_sign_ins_say_the_same_thing_and_are_audited(staff_app, client, totp, name, password, code, detail):
    if code == "000000" and totp.now() == "000000":
        code = "111111"
    response = sign_in(client, name, totp, password=password, code=code)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert FAILED in html and "<title>Error: Sign in" in html
    assert not signed_in(client)
    actor = "-" if name == "nobody" else "ana"
    assert (actor, "sign_in_failed", None, detail) in audit_actions(staff_app)
    assert "nobody" not in str(audit_actions(staff_app)), "what was typed as a name is never stored"


def test_an_unknown_name_costs_a_password_check_too(staff_app, client, totp, monkeypatch):
    calls = []
    real = staff_app.extensions[passwords.EXTENSION]

    class Counting:
        def verify(self, hashed, password):
            calls.append(hashed)
            return real.hasher.verify(hashed, password)

    monkeypatch.setitem(staff_app.extensions, passwords.EXTENSION, passwords.Passwords(Counting(), real.dummy_hash))
    sign_in(client, "nobody", totp)
    assert calls == [real.dummy_hash]


def test_passwords_use_argon2id_at_production_strength_unless_the_factory_is_told(instance):
    """The one place the console's real Argon2 parameters run: every other test hashes cheaply."""
    cheap = build_staff_app(instance)
    totp = make_user(cheap, "ana")
    with cheap.app_context():
        assert auth.find("ana").password_hash.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    real = build_staff_app(instance, overrides={"STAFF_PASSWORD_PARAMETERS": passwords.PRODUCTION})
    assert real.extensions[passwords.EXTENSION].dummy_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert sign_in(real.test_client(), "ana", totp).status_code == 303
    with real.app_context():
        assert auth.find("ana").password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$"), "rehashed on sign-in"
    assert sign_in(real.test_client(), "ana", totp, at=datetime.now(UTC) + timedelta(seconds=30)).status_code == 303


def test_production_refuses_cheap_password_hashing(instance):
    (instance / "secret_key").chmod(0o600)
    (instance / "hub_private.key").chmod(0o600)
    environ = {"SAFEROUTE_ENV": "production", "SAFEROUTE_BEHIND_TLS": "1"}
    with pytest.raises(ConfigError, match="weaker than Argon2id"):
        build_staff_app(instance, environ)
    assert build_staff_app(instance, environ, {"STAFF_PASSWORD_PARAMETERS": passwords.PRODUCTION})


def test_a_code_works_once(staff_app, totp):
    first, second = staff_app.test_client(), staff_app.test_client()
    with time_machine.travel(T0, tick=False):
        code = totp.now()
        assert sign_in(first, "ana", totp, code=code).status_code == 303
        response = sign_in(second, "ana", totp, code=code)
        assert response.status_code == 200 and FAILED in response.get_data(as_text=True)
    assert ("ana", "sign_in_failed", None, "code used") in audit_actions(staff_app)
    with time_machine.travel(T0 + timedelta(seconds=31), tick=False):
        assert sign_in(second, "ana", totp).status_code == 303, "the next code works"


def test_an_older_code_does_not_work_after_a_newer_one(staff_app, totp):
    with time_machine.travel(T0 + timedelta(seconds=30), tick=False):
        assert sign_in(staff_app.test_client(), "ana", totp).status_code == 303
        older = totp.at(T0)  # still inside the one-step window, but before the one used
        assert sign_in(staff_app.test_client(), "ana", totp, code=older).status_code == 200


def test_codes_one_step_either_side_are_accepted(staff_app, totp):
    with time_machine.travel(T0, tick=False):
        assert (
            sign_in(staff_app.test_client(), "ana", totp, code=totp.at(T0 - timedelta(seconds=30))).status_code == 303
        )
    with time_machine.travel(T0 + timedelta(minutes=5), tick=False):
        late = totp.at(T0 + timedelta(minutes=5, seconds=30))
        assert sign_in(staff_app.test_client(), "ana", totp, code=late).status_code == 303
    with time_machine.travel(T0 + timedelta(minutes=10), tick=False):
        too_old = totp.at(T0 + timedelta(minutes=9))
        assert sign_in(staff_app.test_client(), "ana", totp, code=too_old).status_code == 200


def test_idle_for_15_minutes_ends_the_session(staff_app, client, totp):
    with time_machine.travel(T0, tick=False) as clock:
        sign_in(client, "ana", totp)
        clock.shift(timedelta(minutes=14))
        assert signed_in(client), "an action within 15 minutes keeps the session"
        clock.shift(timedelta(minutes=14))
        assert signed_in(client)
        clock.shift(timedelta(minutes=15, seconds=1))
        response = client.get("/staff/")
        assert response.status_code == 303 and response.headers["Location"] == "/staff/sign-in?ended=1"
        assert (
            "Max-Age=0" in response.headers["Set-Cookie"]
            or "Expires=Thu, 01 Jan 1970" in response.headers["Set-Cookie"]
        )
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "You were signed out" in page
    assert all(row.user_id is None for row in session_rows(staff_app)), "the ended session's row is gone"


def test_background_refreshes_do_not_keep_a_session_alive(client, totp):
    htmx = {"HX-Request": "true", "HX-Request-Type": "partial"}
    with time_machine.travel(T0, tick=False) as clock:
        sign_in(client, "ana", totp)
        for _ in range(7):
            clock.shift(timedelta(minutes=2))
            assert client.get("/staff/queue/refresh", headers=htmx).status_code == 200
        clock.shift(timedelta(minutes=1, seconds=1))  # 15 minutes since the last staff action
        response = client.get("/staff/queue/refresh", headers=htmx)
        assert response.status_code == 401
        assert response.headers["HX-Redirect"] == "/staff/sign-in?ended=1", "htmx takes the whole page to sign-in"
        assert not signed_in(client)


def test_after_8_hours_the_session_ends_however_active(client, totp):
    with time_machine.travel(T0, tick=False) as clock:
        sign_in(client, "ana", totp)
        for _ in range(47):
            clock.shift(timedelta(minutes=10))
            assert signed_in(client)
        clock.shift(timedelta(minutes=10))  # 8 hours since sign-in
        response = client.get("/staff/")
        assert response.status_code == 303 and response.headers["Location"].startswith("/staff/sign-in")


def test_sign_out_ends_every_session_of_that_account(staff_app, totp):
    laptop, desk, other = staff_app.test_client(), staff_app.test_client(), staff_app.test_client()
    other_totp = make_user(staff_app, "ben")
    with time_machine.travel(T0, tick=False) as clock:
        sign_in(laptop, "ana", totp)
        clock.shift(timedelta(seconds=30))
        sign_in(desk, "ana", totp)
        sign_in(other, "ben", other_totp)
        response = post(laptop, "/staff/sign-out")
        assert response.status_code == 303 and response.headers["Location"] == "/staff/sign-in?signed_out=1"
        assert "You have signed out on every device" in laptop.get("/staff/sign-in?signed_out=1").get_data(as_text=True)
        assert not signed_in(laptop)
        assert not signed_in(desk), "signing out ends the account's sessions everywhere"
        assert signed_in(other), "other people's sessions are untouched"
    assert ("ana", "sign_out", None, None) in audit_actions(staff_app)


def test_a_disabled_account_is_signed_out_and_cannot_sign_in(staff_app, client, totp):
    with time_machine.travel(T0, tick=False) as clock:
        sign_in(client, "ana", totp)
        assert staff_app.test_cli_runner().invoke(args=["staff", "disable", "ana"]).exit_code == 0
        assert not signed_in(client)
        clock.shift(timedelta(seconds=30))
        assert sign_in(client, "ana", totp).status_code == 200
    assert ("ana", "sign_in_failed", None, "disabled") in audit_actions(staff_app)


def test_posts_need_the_csrf_token_and_the_same_site(staff_app, client, totp):
    sign_in(client, "ana", totp)
    assert client.post("/staff/sign-out", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 400
    assert signed_in(client)
    token = client.get("/staff/").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    cross = client.post("/staff/sign-out", data={"csrf_token": token}, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    # A browser that sends no Sec-Fetch-Site is judged by its Origin, as on the public forms.
    other = client.post("/staff/sign-out", data={"csrf_token": token}, headers={"Origin": "https://evil.example"})
    assert other.status_code == 403
    assert signed_in(client)


def test_an_expired_sign_in_form_is_shown_again_with_a_fresh_token(client, totp):
    response = client.post(
        "/staff/sign-in",
        data={"name": "ana", "password": PASSWORD, "code": totp.now()},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Your sign-in form had expired" in html
    assert 'name="csrf_token"' in html


def test_sign_in_is_rate_limited(client, totp):
    # Frozen: a slow machine must not carry the 11 tries across a minute boundary.
    with time_machine.travel(datetime(2026, 11, 23, 12, 0, 5, tzinfo=UTC), tick=False):
        statuses = [sign_in(client, f"nobody{i}", totp).status_code for i in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429


def test_console_pages_keep_every_page_promise(client, totp):
    checker = PageChecker(client, allow_cookie=True)
    sign_in_page = checker("/staff/sign-in")
    assert sign_in_page.title == "Sign in - SafeRoute hub console"
    assert sign_in_page.all("html")[0].attrs["lang"] == "en"
    code = sign_in_page.by_id("code")
    assert code.attrs["autocomplete"] == "one-time-code" and code.attrs["inputmode"] == "numeric"
    sign_in(client, "ana", totp)
    queue = checker("/staff/")
    assert queue.all("a")[0].attrs["href"] == "#main", "the skip link comes first"


def test_a_visit_to_the_sign_in_page_writes_no_row(staff_app, client):
    from sqlalchemy import func

    def rows() -> dict[str, int]:
        with staff_app.app_context():
            return {
                table.name: db.session.scalar(select(func.count()).select_from(table))
                for table in db.metadata.sorted_tables
            }

    before = rows()
    for _ in range(3):
        response = client.get("/staff/sign-in")
        assert response.status_code == 200
    assert rows() == before
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None and cookie.value.startswith("a."), "the form's token travels in a signed cookie"
    assert cookie.secure and cookie.http_only and cookie.same_site == "Strict"


def test_a_sign_in_cookie_not_signed_by_the_console_is_an_expired_form(client, totp):
    page = client.get("/staff/sign-in").get_data(as_text=True)
    real = client.get_cookie(COOKIE).value
    client.set_cookie(COOKIE, real[:-3] + ("xyz" if not real.endswith("xyz") else "abc"), secure=True)
    response = client.post(
        "/staff/sign-in",
        data={"csrf_token": csrf_token(page), "name": "ana", "password": PASSWORD, "code": totp.now()},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 200 and "Your sign-in form had expired" in response.get_data(as_text=True)


def test_audit_rows_carry_the_session_they_happened_in(staff_app, totp):
    from saferoute.staff.models import AuditEntry

    laptop, desk = staff_app.test_client(), staff_app.test_client()
    with time_machine.travel(T0, tick=False) as clock:
        sign_in(laptop, "ana", totp, password="not the password")
        sign_in(laptop, "ana", totp)
        clock.shift(timedelta(seconds=30))
        sign_in(desk, "ana", totp)
        post(laptop, "/staff/sign-out")
    with staff_app.app_context():
        entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        sessions = {row.user_id: row.public_id for row in db.session.scalars(select(StaffSession))}
    failed, first, second, out = (e for e in entries if e.action != "account_created")
    assert (failed.action, first.action, second.action, out.action) == (
        "sign_in_failed",
        "sign_in",
        "sign_in",
        "sign_out",
    )
    assert all(e.session and len(e.session) == 12 for e in (failed, first, second, out))
    assert len({failed.session, first.session, second.session}) == 3, "a new id at each sign-in"
    assert out.session == first.session, "signing out is recorded in the laptop's session"
    assert sessions == {}, "and it ended both"
