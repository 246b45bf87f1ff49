"""`flask --app saferoute staff ...`: accounts are made and mended on the console host only."""

from __future__ import annotations

import io
import sys

import click
import segno
from flask import current_app
from flask.cli import with_appcontext

from . import accounts, auth
from .keyfile import EXTENSION


def _console_only() -> None:
    if EXTENSION not in current_app.extensions:
        raise click.ClickException(
            "staff commands run on the console host: set SAFEROUTE_STAFF_ENABLED=1 and "
            "SAFEROUTE_PRIVATE_KEY_FILE (the hub's private key)"
        )


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _show_secret(user, secret: str) -> None:
    uri = accounts.provisioning_uri(user, secret)
    click.echo(f"One-time-code secret for {user.name} (shown once; add it to an authenticator app):")
    click.echo(f"  secret: {secret}")
    click.echo(f"  uri:    {uri}")
    click.echo("Or scan this QR code:")
    drawing = io.StringIO()
    segno.make(uri, error="m").terminal(out=drawing, compact=True)
    click.echo(drawing.getvalue(), nl=False)


def _run(action):
    _console_only()
    try:
        return action()
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None


def _powers(user) -> str:
    return f"admin={'yes' if user.is_admin else 'no'}, disabled={'yes' if user.disabled else 'no'}"


def _warn_if_broken(changed: accounts.Changed) -> None:
    if changed.was_broken:
        click.echo(
            f"warning: {changed.user.name}'s record had been changed outside the console (or sealed under a "
            f"key no longer listed). It is sealed again as it is now: {_powers(changed.user)}. "
            "If that is not right, disable the account.",
            err=True,
        )


@click.group("staff")
def staff_cli() -> None:
    """The commands behind `flask staff` (saferoute/cli.py loads them when one is run)."""


@staff_cli.command("create", help="Create an account, then show its one-time-code secret once.")
@click.argument("name")
@click.option("--admin", is_flag=True, help="May read and export the audit log.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@with_appcontext
def create_command(name: str, admin: bool, password_stdin: bool) -> None:
    _console_only()
    password = _password(password_stdin)
    user, secret = _run(lambda: accounts.create(name, password, admin=admin))
    click.echo(f"created {'admin ' if admin else ''}account {user.name}")
    _show_secret(user, secret)


@staff_cli.command("reset-password", help="Set a new password and end the account's sessions.")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@with_appcontext
def reset_password_command(name: str, password_stdin: bool) -> None:
    _console_only()
    if auth.find(name) is None:
        raise click.ClickException(f"no account called {auth.normalise_name(name)!r}")
    password = _password(password_stdin)
    changed = _run(lambda: accounts.reset_password(name, password))
    _warn_if_broken(changed)
    click.echo(f"new password set for {changed.user.name}; their sessions have ended")


@staff_cli.command("reset-mfa", help="Give the account a new one-time-code secret (the old one stops working).")
@click.argument("name")
@with_appcontext
def reset_mfa_command(name: str) -> None:
    changed, secret = _run(lambda: accounts.reset_mfa(name))
    _warn_if_broken(changed)
    click.echo(f"new one-time-code secret for {changed.user.name}; their sessions have ended")
    _show_secret(changed.user, secret)


@staff_cli.command(
    "unlock", help=f"Lift a lock-out (after {auth.MAX_CODE_FAILURES} wrong codes in a row) before it runs out."
)
@click.argument("name")
@with_appcontext
def unlock_command(name: str) -> None:
    changed = _run(lambda: accounts.unlock(name))
    _warn_if_broken(changed)
    click.echo(f"unlocked {changed.user.name}")


@staff_cli.command("disable", help="Stop an account signing in and end its sessions.")
@click.argument("name")
@with_appcontext
def disable_command(name: str) -> None:
    changed = _run(lambda: accounts.disable(name))
    click.echo(f"disabled {changed.user.name}; their sessions have ended")


@staff_cli.command(
    "reseal",
    help="Seal every account and outcome that has no seal yet (once, after upgrading) or one under an "
    "older key (before removing that key). Lists, and leaves alone, any whose seal is wrong.",
)
@with_appcontext
def reseal_command() -> None:
    found = _run(accounts.reseal_all)
    for user in found.accounts:
        click.echo(f"sealed {user.name}: {_powers(user)}")
    click.echo(f"sealed {len(found.accounts)} account(s) and {found.outcomes} outcome(s)")
    for user in found.broken:
        click.echo(
            f"warning: {user.name}'s record was changed outside the console; it was left as it is "
            "(reset-password, reset-mfa or disable it)",
            err=True,
        )
