"""Flask commands that need the app: `flask --app saferoute purge`.

(`flask keys` lives in keys.py as a plugin command, so it runs before any
secret exists; `flask db` comes from Flask-Migrate.)
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from .templating import now


@click.command("purge", help="Delete call-back requests past their delete-after time. Run it every hour.")
@with_appcontext
def purge_command() -> None:
    from .callback import store

    requests, keys = store.purge(now())
    # Counts only: never a reference or anything from a request.
    click.echo(f"purge: deleted {requests} request(s) and {keys} spent form key(s)")


def init_app(app: Flask) -> None:
    app.cli.add_command(purge_command)
