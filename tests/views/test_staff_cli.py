"""`flask --app saferoute staff ...`: accounts from the command line, with the secret shown once."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyotp
import pytest
import time_machine
from sqlalchemy import select, update

from saferoute.extensions import db
from saferoute.staff.models import StaffUser
from tests.staff_support import PASSWORD, audit_actions, build_staff_app, sign_in, staff_env


def run(app, *args: str, stdin: str | None = None):
    return app.test_cli_runner().invoke(args=["staff", *args], input=stdin)


def secret_in(output: str) -> str:
    return re.search(r"^  secret: ([A-Z2-7]+)$", output, re.M).group(1)


def test_create_prints_the_secret_once_as_text_uri_and_qr(staff_app):
    result = run(staff_app, "create", "ana", "--password-stdin", stdin=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    secret = secret_in(result.output)
    assert f"uri:    otpauth://totp/SafeRoute%20hub:ana?secret={secret}&issuer=SafeRoute%20hub" in result.output
    assert "█" in result.output or "▀" in result.output, "a QR code drawn in the terminal"
    assert PASSWORD not in result.output
    with staff_app.app_context():
        user = db.session.scalar(select(StaffUser))
        assert user.name == "ana" and not user.is_admin
        assert user.password_hash.startswith("$argon2id$")
        assert secret.encode() not in user.totp_sealed, "the secret is stored sealed"
    client = staff_app.test_client()
    assert sign_in(client, "ana", pyotp.TOTP(secret)).status_code == 303
    assert ("cli", "account_created", None, "ana") in audit_actions(staff_app)


def test_create_asks_for_the_password_twice_hidden(staff_app):
    result = run(staff_app, "create", "ben", "--admin", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output and "Repeat for confirmation:" in result.output
    assert PASSWORD not in result.output
    with staff_app.app_context():
        assert db.session.scalar(select(StaffUser)).is_admin


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["create", "x"], PASSWORD, "a name is 2 to 64"),
        (["create", "a b!"], PASSWORD, "a name is 2 to 64"),
        (["create", "carol"], "short", "at least 12 characters"),
        (["reset-password", "nobody"], PASSWORD, "no account called 'nobody'"),
        (["reset-mfa", "nobody"], None, "no account called 'nobody'"),
        (["unlock", "nobody"], None, "no account called 'nobody'"),
        (["disable", "nobody"], None, "no account called 'nobody'"),
    ],
)
def test_commands_refuse_clearly(staff_app, args, stdin, message):
    if args[0] == "create" or args[0] == "reset-password":
        args = [*args, "--password-stdin"]
    result = run(staff_app, *args, stdin=(stdin + "\n") if stdin else None)
    assert result.exit_code == 1 and message in result.output


def test_a_name_is_taken_once(staff_app):
    run(staff_app, "create", "ana", "--password-stdin", stdin=PASSWORD + "\n")
    result = run(staff_app, "create", "ANA", "--password-stdin", stdin=PASSWORD + "\n")
    assert result.exit_code == 1 and "already exists" in result.output


def test_reset_password_and_reset_mfa_end_sessions(staff_app):
    secret = secret_in(run(staff_app, "create", "ana", "--password-stdin", stdin=PASSWORD + "\n").output)
    client = staff_app.test_client()
    sign_in(client, "ana", pyotp.TOTP(secret))
    new_password = "a whole new passphrase"
    result = run(staff_app, "reset-password", "ana", "--password-stdin", stdin=new_password + "\n")
    assert result.exit_code == 0 and "their sessions have ended" in result.output
    assert client.get("/staff/").status_code == 303
    result = run(staff_app, "reset-mfa", "ana")
    assert result.exit_code == 0
    new_secret = secret_in(result.output)
    assert new_secret != secret and "otpauth://" in result.output
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=2), tick=False):
        assert sign_in(client, "ana", pyotp.TOTP(secret), password=new_password).status_code == 200, "old secret"
        assert sign_in(client, "ana", pyotp.TOTP(new_secret), password=PASSWORD).status_code == 200, "old password"
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=4), tick=False):
        assert sign_in(client, "ana", pyotp.TOTP(new_secret), password=new_password).status_code == 303
    actions = [a[1] for a in audit_actions(staff_app)]
    assert "password_reset" in actions and "mfa_reset" in actions


def test_staff_commands_refuse_on_the_public_site(app):
    result = app.test_cli_runner().invoke(args=["staff", "create", "ana", "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code == 1
    assert "staff commands run on the console host" in result.output


def test_the_real_command_line(instance):
    """As an administrator would type it, in a fresh process: with the production Argon2 parameters."""
    root = Path(__file__).resolve().parents[2]
    app = build_staff_app(instance)  # migrated database
    env = {
        "PATH": "/usr/bin:/bin",
        "SAFEROUTE_SECRET_KEY_FILE": str(instance / "secret_key"),
        "SAFEROUTE_PUBLIC_KEY_FILE": str(instance / "hub_public.key"),
        "SAFEROUTE_DATABASE_URL": f"sqlite:///{instance / 'test.sqlite3'}",
        **staff_env(instance),
    }
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "saferoute", "staff", "create", "dana", "--password-stdin"],
        cwd=root,
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"^  secret: [A-Z2-7]{32}$", result.stdout, re.M)
    with app.app_context():
        stored = db.session.scalar(select(StaffUser.password_hash).where(StaffUser.name == "dana"))
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def _write(app, **values) -> None:
    with app.app_context():
        db.session.execute(update(StaffUser).where(StaffUser.name == "ana").values(**values))
        db.session.commit()


def test_reseal_seals_the_accounts_an_upgrade_left_unsealed_and_lists_changed_ones(staff_app):
    secret = secret_in(run(staff_app, "create", "ana", "--password-stdin", stdin=PASSWORD + "\n").output)
    run(staff_app, "create", "ben", "--password-stdin", stdin=PASSWORD + "\n")
    _write(staff_app, mac="")  # as the migration leaves an account made before seals
    with staff_app.app_context():
        db.session.execute(update(StaffUser).where(StaffUser.name == "ben").values(mac="f" * 64))
        db.session.commit()
    assert sign_in(staff_app.test_client(), "ana", pyotp.TOTP(secret)).status_code == 200, "unsealed: refused"
    result = run(staff_app, "reseal")
    assert result.exit_code == 0
    assert (
        "sealed ana: admin=no, disabled=no" in result.output and "sealed 1 account(s) and 0 outcome(s)" in result.output
    )
    assert "warning: ben's record was changed outside the console; it was left as it is" in result.output
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=1), tick=False):
        assert sign_in(staff_app.test_client(), "ana", pyotp.TOTP(secret)).status_code == 303


def test_mending_a_changed_account_says_what_it_seals(staff_app):
    run(staff_app, "create", "ana", "--password-stdin", stdin=PASSWORD + "\n")
    _write(staff_app, is_admin=True)
    result = run(staff_app, "reset-mfa", "ana")
    assert result.exit_code == 0
    assert "warning: ana's record had been changed outside the console" in result.output
    assert "sealed again as it is now: admin=yes, disabled=no" in result.output
    assert "warning" not in run(staff_app, "unlock", "ana").output, "sealed now"


def test_reseal_moves_accounts_and_outcomes_to_a_new_key_before_the_old_one_goes(instance):
    from saferoute.keys import generate_pair
    from tests.staff_support import make_request, make_user, post

    old = build_staff_app(instance)
    totp = make_user(old, "ana")
    now = datetime.now(UTC)
    rid = make_request(old, [(now - timedelta(hours=1), now + timedelta(hours=1))])
    client = old.test_client()
    sign_in(client, "ana", totp)
    post(client, f"/staff/requests/{rid}/outcome", {"outcome": "no-answer"})
    new = instance.parent / "new"
    generate_pair(new)
    keys = {"SAFEROUTE_PUBLIC_KEY_FILE": str(new / "hub_public.key")}
    both = build_staff_app(
        instance, {**keys, "SAFEROUTE_PRIVATE_KEY_FILE": f"{new / 'hub_private.key'}:{instance / 'hub_private.key'}"}
    )
    result = run(both, "reseal")
    assert "sealed 1 account(s) and 1 outcome(s)" in result.output, result.output
    only_new = build_staff_app(instance, {**keys, "SAFEROUTE_PRIVATE_KEY_FILE": str(new / "hub_private.key")})
    client = only_new.test_client()
    with time_machine.travel(now + timedelta(minutes=1), tick=False):
        assert sign_in(client, "ana", totp).status_code == 303, "no reset-mfa needed"
        page = client.get(f"/staff/requests/{rid}").get_data(as_text=True)
    assert "Tried - no answer" in page and "Not recorded by this console" not in page
