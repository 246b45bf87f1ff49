"""Fixtures every test shares, defined here once: apps on a temp instance, clients, servers.

Helpers live in support modules (tests/apps.py, staff_support.py, ...), never here:
a test module imports helpers, and asks for fixtures by name.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest
import time_machine
from flask import Flask

from saferoute.extensions import db

from .apps import build_app, make_instance
from .pages import PageChecker
from .staff_support import build_staff_app, make_user, sign_in
from .storage import PostgresServer, RedisServer


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    return make_instance(tmp_path / "instance")


def _close(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app_environ() -> dict[str, str]:
    """SAFEROUTE_* settings for `app` and `staff_app`: a module overrides this fixture to change them."""
    return {}


@pytest.fixture
def app(instance: Path, app_environ: dict[str, str]):
    """The public site."""
    app = build_app(instance, app_environ)
    yield app
    _close(app)


@pytest.fixture
def app_on_each_database(instance: Path, database_url: str):
    """The public site, once on SQLite and once on PostgreSQL (see `database_url`)."""
    app = build_app(instance, {"SAFEROUTE_DATABASE_URL": database_url})
    yield app
    _close(app)


@pytest.fixture
def staff_app(instance: Path, app_environ: dict[str, str]):
    """The console host (the public pages and /staff), with cheap password hashing."""
    app = build_staff_app(instance, app_environ)
    yield app
    _close(app)


@pytest.fixture
def staff_client(staff_app: Flask):
    """A hub worker (not an admin) signed in to the console."""
    from .staff_support import make_user, sign_in

    client = staff_app.test_client()
    sign_in(client, "ana", make_user(staff_app, "ana"))
    return client


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@pytest.fixture
def clock(request):
    """Time stands still at the module's NOW (a module that asks for this sets NOW)."""
    with time_machine.travel(request.module.NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def totp(staff_app: Flask):
    """An account, "ana", on the console host: its one-time-code generator."""
    return make_user(staff_app, "ana")


@pytest.fixture
def worker(staff_app: Flask):
    """A browser signed in to the console as "ana"."""
    client = staff_app.test_client()
    sign_in(client, "ana", make_user(staff_app, "ana"))
    return client


@pytest.fixture
def page(client) -> PageChecker:
    """Fetch a page and check what every page must satisfy (see tests/pages.py)."""
    return PageChecker(client)


@pytest.fixture
def captured_logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """Each storage test runs twice: on SQLite in the instance folder, and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'instance' / 'test.sqlite3'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"t_{os.getpid()}_{time.monotonic_ns()}"
    url = server.create_database(name)
    yield url
    server.drop_database(name)
