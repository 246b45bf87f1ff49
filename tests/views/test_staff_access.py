"""Who can reach the console: nobody on the public site; only signed-in staff on the console host."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from saferoute import config, create_app
from saferoute.config import ConfigError
from saferoute.help.pages import PAGES
from saferoute.keys import generate_pair
from saferoute.startup import app_or_exit
from tests.apps import build_app
from tests.pages import PageChecker
from tests.staff_support import (
    COOKIE,
    audit_actions,
    build_staff_app,
    make_request,
    make_user,
    post,
    sign_in,
    staff_env,
)

T0 = datetime(2026, 11, 23, 10, 0, 7, tzinfo=UTC)
PUBLIC_PAGES = ["/en/"] + [f"/en/{p.slug}" for p in PAGES] + ["/en/callback", "/en/callback/withdraw"]


def staff_urls(app, request_id: int = 1) -> list[tuple[str, str]]:
    """Every console route but sign-in, as (method, url)."""
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.rule.startswith("/staff") or rule.endpoint == "staff.sign_in":
                continue
            url = rule.rule.replace("<int:request_id>", str(request_id))
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((method, url))
    return found


def test_the_public_site_serves_no_staff_route(app):
    assert not [r.rule for r in app.url_map.iter_rules() if "staff" in r.rule]
    client = app.test_client()
    assert client.get("/staff", follow_redirects=True).status_code == 404  # /<lang> adds the slash first
    for url in ("/staff/", "/staff/sign-in", "/staff/audit", "/staff/requests/1", "/staff/queue/refresh"):
        assert client.get(url).status_code == 404
        assert "Set-Cookie" not in client.get(url).headers
    assert client.post("/staff/sign-in", data={"name": "x"}).status_code in (404, 405)  # only /<lang>/<slug> matches


IMPORTED_CONSOLE_MODULES = """
import sys
from wsgi import app  # as a gunicorn worker starts
client = app.test_client()
for url in ("/en/", "/en/helplines", "/en/callback", "/en/no-such-page", "/healthz", "/exit?lang=en"):
    assert client.get(url).status_code in (200, 303, 404), url
print(" ".join(sorted(name for name in sys.modules if name.startswith("saferoute.staff"))))
"""


def test_the_public_site_does_not_even_import_the_console(instance):
    """No console code (nor its Argon2 start-up cost) in a public worker: a fresh process, so no
    other test's imports can hide one."""
    build_app(instance)  # a migrated database
    env = {
        "PATH": "/usr/bin:/bin",
        "SAFEROUTE_SECRET_KEY_FILE": str(instance / "secret_key"),
        "SAFEROUTE_PUBLIC_KEY_FILE": str(instance / "hub_public.key"),
        "SAFEROUTE_DATABASE_URL": f"sqlite:///{instance / 'test.sqlite3'}",
        "SAFEROUTE_LANGUAGES": "en",
    }

    def imported(environ: dict[str, str]) -> list[str]:
        result = subprocess.run(
            [sys.executable, "-c", IMPORTED_CONSOLE_MODULES],
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            timeout=60,
            env=environ,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert imported(env) == []
    assert "saferoute.staff.auth" in imported({**env, **staff_env(instance)}), "the check sees the console's imports"


def test_the_private_key_alone_does_not_enable_the_console(instance):
    app = build_app(instance, {"SAFEROUTE_PRIVATE_KEY_FILE": str(instance / "hub_private.key")})
    assert app.test_client().get("/staff/sign-in").status_code == 404


def test_a_console_host_still_sets_no_cookie_on_public_pages(staff_app):
    checker = PageChecker(staff_app.test_client())  # cookies not allowed
    for url in PUBLIC_PAGES:
        checker(url)
    checker("/en/no-such-page", status=404)
    checker("/staff/no-such-page", status=404)


def test_a_signed_in_browser_gets_no_cookie_back_from_public_pages(staff_app):
    client = staff_app.test_client()
    sign_in(client, "ana", make_user(staff_app, "ana"))
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == 200 and "Set-Cookie" not in response.headers, url


def test_every_staff_route_refuses_an_anonymous_visitor(staff_app):
    make_request(staff_app, [(T0, T0 + timedelta(hours=2))])
    client = staff_app.test_client()
    urls = staff_urls(staff_app)
    assert len(urls) == 10
    for method, url in urls:
        response = client.open(url, method=method, headers={"Sec-Fetch-Site": "same-origin"})
        assert response.status_code == 303 and response.headers["Location"] == "/staff/sign-in", (method, url)
        assert "Set-Cookie" not in response.headers
        # As htmx 4 asks for a block of the page (the queue's refresh).
        partial = {"HX-Request": "true", "HX-Request-Type": "partial", "Sec-Fetch-Site": "same-origin"}
        htmx = client.open(url, method=method, headers=partial)
        assert htmx.status_code == 401 and htmx.headers["HX-Redirect"] == "/staff/sign-in"
    assert [a for a in audit_actions(staff_app) if a[1] == "view"] == []


def test_every_staff_route_refuses_an_expired_session(staff_app):
    with time_machine.travel(T0, tick=False) as clock:
        make_request(staff_app, [(T0, T0 + timedelta(hours=2))])
        client = staff_app.test_client()
        sign_in(client, "ana", make_user(staff_app, "ana", admin=True))
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/staff/").get_data(as_text=True)).group(1)
        clock.shift(timedelta(minutes=15, seconds=1))
        for method, url in staff_urls(staff_app):
            response = client.open(
                url,
                method=method,
                data={"csrf_token": token, "outcome": "done"},
                headers={"Sec-Fetch-Site": "same-origin"},
            )
            assert response.status_code == 303 and response.headers["Location"].startswith("/staff/sign-in"), url
    assert [a for a in audit_actions(staff_app) if a[1] in {"view", "outcome", "audit_export"}] == []


def test_only_admins_see_and_export_the_audit_log(staff_app):
    make_request(staff_app, [(T0, T0 + timedelta(hours=2))], note='=HYPERLINK("http://x")')
    worker, admin = staff_app.test_client(), staff_app.test_client()
    sign_in(worker, "ana", make_user(staff_app, "ana"))
    sign_in(admin, "root", make_user(staff_app, "root", admin=True))
    assert worker.get("/staff/audit").status_code == 403
    assert worker.get("/staff/audit.csv").status_code == 403
    assert "Audit log" not in worker.get("/staff/").get_data(as_text=True)
    worker.get("/staff/requests/1")
    page = PageChecker(admin, allow_cookie=True)("/staff/audit")
    assert "Opened a request" in page.text and "Signed in" in page.text
    assert re.search(r'<td><span class="ref">[0-9a-f]{12}</span></td>', page.html), "each row's session"
    assert "Failed sign-in" not in page.text
    assert "Audit log" in admin.get("/staff/").get_data(as_text=True)
    export = admin.get("/staff/audit.csv")
    assert export.status_code == 200 and export.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert export.headers["Content-Disposition"] == 'attachment; filename="saferoute-audit.csv"'
    lines = export.get_data(as_text=True).splitlines()
    assert lines[0] == "when_utc,who,what,reference,detail,session"
    assert any(re.search(r",ana,view,\w{4}-\w{4}-\w{4},,[0-9a-f]{12}$", line) for line in lines), "with its session"
    body = export.get_data(as_text=True)
    for content in ("07911", "7911 123456", "447911123456", "Sunflower", "HYPERLINK", "school run"):
        assert content not in body, "the audit log never holds what a request says"
    assert ("root", "audit_export", None, None) in audit_actions(staff_app)


def test_csv_cells_cannot_become_formulas():
    from saferoute.staff.audit import csv_rows
    from saferoute.staff.models import AuditEntry

    entry = AuditEntry(at=T0, actor="=cmd", action="view", reference="+1", detail="|x")
    text = "".join(csv_rows([entry]))
    assert "'=cmd" in text and "'+1" in text and "'|x" in text


def test_the_audit_log_pages(staff_app):
    from saferoute.extensions import db
    from saferoute.staff import audit

    with staff_app.app_context():
        for i in range(150):
            audit.record("ana", "view", f"AAAA{i:04d}BBBB", at=T0 + timedelta(seconds=i))
        db.session.commit()
    admin = staff_app.test_client()
    sign_in(admin, "root", make_user(staff_app, "root", admin=True))
    first = admin.get("/staff/audit").get_data(as_text=True)
    assert "Page 1 of 2" in first and "AAAA-0149-BBBB" in first and "AAAA-0040-BBBB" not in first
    second = admin.get("/staff/audit?page=2").get_data(as_text=True)
    assert "AAAA-0040-BBBB" in second and "Newer entries" in second
    assert admin.get("/staff/audit?page=x").status_code == 200


def _settings(instance: Path, **env: str):
    return config.from_environ({**staff_env(instance), **env}, instance=instance)


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda i: (i / "hub_private.key").unlink(), "no hub private key at"),
        (lambda i: (i / "hub_private.key").write_text("not a key\n"), "is not a hub private key"),
        (lambda i: (i / "hub_private.key").write_text("c2hvcnQ=\n"), "is not a hub private key"),
        (
            lambda i: (i / "hub_private.key").write_bytes((i.parent / "other" / "hub_private.key").read_bytes()),
            "does not match the public key",
        ),
    ],
)
def test_a_bad_private_key_stops_the_console(instance, prepare, message):
    generate_pair(instance.parent / "other")
    prepare(instance)
    with pytest.raises(ConfigError, match=message):
        create_app({"TESTING": True}, settings=_settings(instance))


def test_the_console_needs_the_private_key_file_setting(instance):
    settings = config.from_environ({"SAFEROUTE_STAFF_ENABLED": "1"}, instance=instance)
    with pytest.raises(ConfigError, match="SAFEROUTE_STAFF_ENABLED needs SAFEROUTE_PRIVATE_KEY_FILE"):
        create_app({"TESTING": True}, settings=settings)


def test_a_bad_private_key_stops_start_up_with_one_clear_line(instance, capsys):
    (instance / "hub_private.key").write_text("garbage\n")
    with pytest.raises(SystemExit) as stopped:
        app_or_exit(lambda: create_app(settings=_settings(instance)))
    assert stopped.value.code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [
        f"saferoute: cannot start: {instance / 'hub_private.key'} is not a hub private key "
        "(32 bytes, base64, as written by flask keys generate)"
    ]


def test_gunicorn_entry_point_stops_on_a_missing_key(instance):
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": "/usr/bin:/bin",
            "SAFEROUTE_SECRET_KEY_FILE": str(instance / "secret_key"),
            "SAFEROUTE_PUBLIC_KEY_FILE": str(instance / "hub_public.key"),
            "SAFEROUTE_DATABASE_URL": f"sqlite:///{instance / 'x.sqlite3'}",
            "SAFEROUTE_STAFF_ENABLED": "1",
            "SAFEROUTE_PRIVATE_KEY_FILE": str(instance / "missing.key"),
        },
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"saferoute: cannot start: no hub private key at {instance / 'missing.key'} (SAFEROUTE_PRIVATE_KEY_FILE)"
    ]


def test_production_wants_the_private_key_private(instance):
    (instance / "hub_private.key").chmod(0o644)
    (instance / "secret_key").chmod(0o600)
    settings = _settings(instance, SAFEROUTE_ENV="production", SAFEROUTE_BEHIND_TLS="1")
    with pytest.raises(ConfigError, match="chmod 600"):
        create_app({"TESTING": True}, settings=settings)


def test_the_console_is_english_whatever_the_browser_asks(staff_app):
    html = staff_app.test_client().get("/staff/sign-in", headers={"Accept-Language": "pl"}).get_data(as_text=True)
    assert '<html lang="en"' in html and "Sign in" in html


def test_the_cookie_is_sent_back_only_to_the_console_host(staff_app):
    client = staff_app.test_client()
    sign_in(client, "ana", make_user(staff_app, "ana"))
    cookie = client.get_cookie(COOKIE)
    assert cookie.secure and cookie.http_only and cookie.same_site == "Strict" and cookie.path == "/"
    assert cookie.domain in ("localhost", None, "")
    assert post(client, "/staff/sign-out").status_code == 303
    assert client.get_cookie(COOKIE) is None


def test_every_kind_of_action_is_audited(instance):
    """One walk through everything the console records: each action leaves exactly its entry."""
    from sqlalchemy import update

    from saferoute.callback.models import CallbackRequest
    from saferoute.extensions import db
    from saferoute.staff.audit import ACTIONS
    from saferoute.staff.models import StaffUser

    staff_app = build_staff_app(instance, {"SAFEROUTE_STAFF_OPENS_PER_HOUR": "1"})
    cli = staff_app.test_cli_runner()
    with time_machine.travel(T0, tick=False) as clock:
        ok = make_request(staff_app, [(T0, T0 + timedelta(hours=2))])
        broken = make_request(staff_app, [(T0, T0 + timedelta(hours=2))])
        with staff_app.app_context():
            db.session.get(CallbackRequest, broken).sealed = b"damaged"
            db.session.commit()
        totp = make_user(staff_app, "ana", admin=True)
        make_user(staff_app, "ben")
        client = staff_app.test_client()
        for _ in range(5):
            sign_in(client, "ana", totp, password="not the password")
        wrong = next(
            code
            for code in ("000000", "111111")
            if code not in {totp.at(T0 + timedelta(seconds=s)) for s in (-30, 0, 30)}
        )
        for number in range(5):
            sign_in(staff_app.test_client(), "ana", totp, code=wrong, address=f"192.0.2.{number}")
        cli.invoke(args=["staff", "unlock", "ana"])
        sign_in(client, "ana", totp, address="198.51.100.1")
        client.get(f"/staff/requests/{ok}")
        assert client.get(f"/staff/requests/{broken}").status_code == 429, "one an hour: the next one waits"
        clock.shift(timedelta(minutes=2))
        client.get(f"/staff/requests/{broken}")
        post(client, f"/staff/requests/{ok}/outcome", {"outcome": "done"})
        client.post("/staff/sign-out", headers={"Sec-Fetch-Site": "same-origin"})  # no CSRF token
        client.get("/staff/audit.csv")
        client.get("/staff/board")
        client.get("/staff/board.csv")
        post(client, "/staff/sign-out")
        with staff_app.app_context():
            db.session.execute(update(StaffUser).where(StaffUser.name == "ben").values(is_admin=True))
            db.session.commit()
        clock.shift(timedelta(seconds=30))
        sign_in(staff_app.test_client(), "ben", totp, address="198.51.100.2")
        cli.invoke(args=["staff", "reset-password", "ana", "--password-stdin"], input="another long password\n")
        cli.invoke(args=["staff", "reset-mfa", "ana"])
        cli.invoke(args=["staff", "disable", "ana"])
    recorded = audit_actions(staff_app)
    assert {action for _actor, action, _ref, _detail in recorded} == set(ACTIONS)
    with staff_app.app_context():
        refs = {r.id: r.reference for r in db.session.query(CallbackRequest)}
    assert ("ana", "view", refs[ok], None) in recorded
    assert ("ana", "cannot_decrypt", refs[broken], "damaged") in recorded
    assert ("ana", "outcome", refs[ok], "done") in recorded


def test_a_key_rotation_keeps_requests_and_accounts_working(instance):
    """docs/DEPLOY.md: during a rotation the console lists the new key, then the old one."""
    from sqlalchemy import select

    from saferoute.extensions import db
    from saferoute.staff.keyfile import _totp_box
    from saferoute.staff.models import StaffUser

    new = instance.parent / "new"
    generate_pair(new)
    old_app = build_staff_app(instance)
    totp = make_user(old_app, "ana")
    sealed_old = make_request(old_app, [(T0, T0 + timedelta(hours=2))])
    both = build_staff_app(
        instance,
        {
            "SAFEROUTE_PUBLIC_KEY_FILE": str(new / "hub_public.key"),
            "SAFEROUTE_PRIVATE_KEY_FILE": f"{new / 'hub_private.key'}:{instance / 'hub_private.key'}",
        },
    )
    sealed_new = make_request(both, [(T0, T0 + timedelta(hours=2))])
    client = both.test_client()
    with time_machine.travel(T0, tick=False):
        assert sign_in(client, "ana", totp).status_code == 303, "an account made under the old key still signs in"
        for rid in (sealed_old, sealed_new):
            assert "cannot be opened" not in client.get(f"/staff/requests/{rid}").get_data(as_text=True)
    with both.app_context():
        sealed = db.session.scalar(select(StaffUser)).totp_sealed
        new_key = both.extensions["saferoute.private_key"][0]
        assert _totp_box(new_key).decrypt(sealed), "the code secret was moved to the new key at sign-in"
    only_new = build_staff_app(
        instance,
        {
            "SAFEROUTE_PUBLIC_KEY_FILE": str(new / "hub_public.key"),
            "SAFEROUTE_PRIVATE_KEY_FILE": str(new / "hub_private.key"),
        },
    )
    client = only_new.test_client()
    with time_machine.travel(T0 + timedelta(minutes=1), tick=False):
        assert sign_in(client, "ana", totp).status_code == 303
        assert "cannot be opened" in client.get(f"/staff/requests/{sealed_old}").get_data(as_text=True)
        assert "cannot be opened" not in client.get(f"/staff/requests/{sealed_new}").get_data(as_text=True)


def test_the_first_listed_key_must_match_the_public_key(instance):
    new = instance.parent / "new"
    generate_pair(new)
    settings = config.from_environ(
        {
            "SAFEROUTE_STAFF_ENABLED": "1",
            "SAFEROUTE_PRIVATE_KEY_FILE": f"{instance / 'hub_private.key'}:{new / 'hub_private.key'}",
            "SAFEROUTE_PUBLIC_KEY_FILE": str(new / "hub_public.key"),
        },
        instance=instance,
    )
    with pytest.raises(ConfigError, match="does not match the public key"):
        create_app({"TESTING": True}, settings=settings)


def test_console_pages_carry_the_same_security_headers(staff_app):
    from tests.views.test_headers import CSP, EXPECTED

    client = staff_app.test_client()
    sign_in(client, "ana", make_user(staff_app, "ana"))
    for url in ("/staff/sign-in", "/staff/", "/staff/requests/999"):
        response = client.get(url)
        for name, value in EXPECTED.items():
            assert response.headers.get(name) == value, f"{url}: {name}"
        assert response.headers["Content-Security-Policy"] == CSP


def test_an_unexpected_error_is_a_plain_500_page_and_logs_only_its_type(staff_app, monkeypatch, captured_logs):
    from saferoute.staff import queue

    client = staff_app.test_client()
    sign_in(client, "ana", make_user(staff_app, "ana"))

    def broken(*args, **kwargs):
        raise RuntimeError("+447911123456 should never be logged")

    monkeypatch.setattr(queue, "load", broken)
    page = PageChecker(client, allow_cookie=True)("/staff/", status=500)
    assert page.title == "Something went wrong - SafeRoute hub console"
    assert "unhandled RuntimeError in the staff console" in captured_logs.text
    assert "447911123456" not in captured_logs.text


def test_refused_console_actions_are_audited(staff_app):
    from saferoute.callback.models import CallbackRequest
    from saferoute.extensions import db
    from tests.staff_support import csrf_token

    worker = staff_app.test_client()
    sign_in(worker, "ana", make_user(staff_app, "ana"))
    rid = make_request(staff_app, [(T0, T0 + timedelta(hours=2))])
    with staff_app.app_context():
        ref = db.session.get(CallbackRequest, rid).reference
    assert worker.get("/staff/audit").status_code == 403
    token = csrf_token(worker.get("/staff/").get_data(as_text=True))
    cross = worker.post("/staff/sign-out", data={"csrf_token": token}, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    no_token = worker.post(
        f"/staff/requests/{rid}/outcome", data={"outcome": "done"}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert no_token.status_code == 400
    recorded = audit_actions(staff_app)
    assert ("ana", "refused", None, "admin only") in recorded
    assert ("ana", "refused", None, "cross-site") in recorded
    assert ("ana", "refused", ref, "csrf") in recorded
    stranger = staff_app.test_client()
    for _ in range(40):
        assert stranger.post("/staff/sign-in", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert audit_actions(staff_app).count(("-", "refused", None, "cross-site")) == 30, "a flood cannot fill the log"
