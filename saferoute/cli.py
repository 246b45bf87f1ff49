"""Flask commands: `flask keys ...`, and `flask --app saferoute purge`, `... directory stale`, `... staff`.

`flask keys` is a plugin command (pyproject.toml), so it runs before any secret
exists: it must not need the app. `purge` runs inside the app. (`flask staff`
is in staff/cli.py; `flask db` comes from Flask-Migrate.)
"""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from .clock import now
from .keys import generate_pair, write_once
from .services import directory

directory_cli = AppGroup("directory", help="The directory of help routes and services.")


@click.command(
    "purge",
    help="Delete call-back requests past their delete-after time, and old rate-limit counts. Run it every hour.",
)
@with_appcontext
def purge_command() -> None:
    from . import limit_storage
    from .callback import store

    moment = now()
    tries = limit_storage.purge(moment.timestamp())
    requests, keys = store.purge(moment)
    # Counts only: never a reference or anything from a request.
    click.echo(f"purge: deleted {requests} request(s), {keys} spent form key(s) and {tries} old rate-limit count(s)")


@directory_cli.command("stale")
@click.option("--days", type=click.IntRange(min=0), default=180, show_default=True, help="Older than this is due.")
def stale_command(days: int) -> None:
    """List entries whose facts were checked more than DAYS ago, with their sources, oldest first."""
    from .directory.stale import due

    zone = directory().timezone
    found = due(directory(), now().astimezone(zone).date(), days)
    for item in found:
        click.echo(f"{item.what}: {item.name} ({item.reason}, on {item.checked.isoformat()})")
        for source in item.sources:
            click.echo(f"    {source.url}")
    click.echo(f"directory stale: {len(found)} to check again (older than {days} days)")


class StaffCommands(click.Group):
    """`flask staff ...`, imported only when run: building the public site never imports the console."""

    def _commands(self) -> click.Group:
        from .staff.cli import staff_cli

        return staff_cli

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._commands().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._commands().get_command(ctx, cmd_name)


def init_app(app: Flask) -> None:
    app.cli.add_command(purge_command)
    app.cli.add_command(directory_cli)
    app.cli.add_command(StaffCommands("staff", help="Manage staff console accounts (on the console host)."))


@click.group("keys", help="Create the secret key and the hub's key pair.")
def keys_cli() -> None:
    pass


@keys_cli.command("secret", help="Write a new random secret key to FILE (never overwrites).")
@click.argument("file", type=click.Path(path_type=Path))
def secret_command(file: Path) -> None:
    try:
        write_once(file, secrets.token_urlsafe(48).encode() + b"\n")
    except FileExistsError:
        raise click.ClickException(f"{file} already exists; it was left as it is") from None
    click.echo(f"wrote a secret key to {file}")


@keys_cli.command("generate", help="Write the hub's key pair into DIR (never overwrites).")
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
def generate_command(folder: Path) -> None:
    try:
        public, private = generate_pair(folder)
    except FileExistsError as exc:
        raise click.ClickException(f"{exc}; nothing was changed") from None
    click.echo(f"public key:  {public}\n  goes on the public web servers (SAFEROUTE_PUBLIC_KEY_FILE)")
    click.echo(f"private key: {private}\n  goes ONLY on the staff console host (SAFEROUTE_PRIVATE_KEY_FILE);")
    click.echo("  keep an offline copy: without it no stored request can ever be read")
