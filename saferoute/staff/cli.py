"""`flask --app saferoute staff ...`: accounts are made and mended on the console host only."""

from __future__ import annotations

import io
import sys

import click
import segno
from flask import current_app
from flask.cli import with_appcontext

from . import auth
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
    uri = auth.provisioning_uri(user, secret)
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
    except auth.AccountError as exc:
        raise click.ClickException(str(exc)) from None


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
    user, secret = _run(lambda: auth.create(name, password, admin=admin))
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
    user = _run(lambda: auth.reset_password(name, password))
    click.echo(f"new password set for {user.name}; their sessions have ended")


@staff_cli.command("reset-mfa", help="Give the account a new one-time-code secret (the old one stops working).")
@click.argument("name")
@with_appcontext
def reset_mfa_command(name: str) -> None:
    user, secret = _run(lambda: auth.reset_mfa(name))
    click.echo(f"new one-time-code secret for {user.name}; their sessions have ended")
    _show_secret(user, secret)


@staff_cli.command(
    "unlock", help=f"Lift a lock-out (after {auth.MAX_FAILURES} failed sign-ins in a row) before it runs out."
)
@click.argument("name")
@with_appcontext
def unlock_command(name: str) -> None:
    user = _run(lambda: auth.unlock(name))
    click.echo(f"unlocked {user.name}")


@staff_cli.command("disable", help="Stop an account signing in and end its sessions.")
@click.argument("name")
@with_appcontext
def disable_command(name: str) -> None:
    user = _run(lambda: auth.disable(name))
    click.echo(f"disabled {user.name}; their sessions have ended")
