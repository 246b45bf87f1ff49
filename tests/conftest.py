"""Fixtures every test shares: an app built by the factory on a temp instance."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from saferoute import config, create_app
from saferoute.keys import generate_pair, write_once

from .pages import PageChecker
from .storage import PostgresServer, RedisServer


def make_instance(path: Path) -> Path:
    """A throwaway instance folder with the secrets `make run` would write."""
    write_once(path / "secret_key", b"test-secret-" + b"x" * 40)
    generate_pair(path)
    return path


def build_app(instance: Path, environ: dict[str, str] | None = None, overrides: dict | None = None) -> Flask:
    # English only unless a test asks for more: the language tests cover the rest.
    env = {"SAFEROUTE_DATABASE_URL": f"sqlite:///{instance / 'test.sqlite3'}", "SAFEROUTE_LANGUAGES": "en"}
    env.update(environ or {})
    settings = config.from_environ(env, instance=instance)
    app = create_app({"TESTING": True, **(overrides or {})}, settings=settings)
    with app.app_context():
        upgrade(directory=str(config.PACKAGE_DIR / "migrations"))
    return app


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    return make_instance(tmp_path / "instance")


@pytest.fixture
def app(instance: Path) -> Flask:
    return build_app(instance)


@pytest.fixture
def client(app: Flask):
    return app.test_client()


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
