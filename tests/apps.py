"""Apps built by the factory for tests: a throwaway instance folder, and an app on it.

The fixtures in tests/conftest.py use these; a test that needs an app with
other settings calls build_app itself.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import jinja2
from flask import Flask
from flask_migrate import upgrade

from saferoute import config, create_app
from saferoute.extensions import db
from saferoute.keys import generate_pair, write_once

MIGRATIONS = str(config.PACKAGE_DIR / "migrations")
_migrated: Path | None = None


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per test process, for every app in it (Jinja checks each source's hash).

    Tests build hundreds of apps, and each new app would compile every template it shows again:
    a quarter of a second a page, most of a view test's time.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


# Every app the tests make, by build_app or create_app, has the same Jinja settings, so they share one.
Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": CompiledTemplates()}


def make_instance(path: Path) -> Path:
    """A throwaway instance folder with the secrets `make run` would write."""
    write_once(path / "secret_key", b"test-secret-" + b"x" * 40)
    generate_pair(path)
    return path


def _migrated_sqlite() -> Path:
    """A SQLite file brought to the newest migration once per test process, to copy for each new app.

    The migrations themselves are tested where they are the subject (test_*_storage.py:
    down and up again, models and migrations agree, on SQLite and PostgreSQL).
    """
    global _migrated
    if _migrated is None:
        folder = Path(tempfile.mkdtemp(prefix="saferoute-migrated-"))
        atexit.register(shutil.rmtree, folder, True)
        instance = make_instance(folder / "instance")
        target = instance / "migrated.sqlite3"
        app = create_app(
            {"TESTING": True}, settings=_settings(instance, {"SAFEROUTE_DATABASE_URL": f"sqlite:///{target}"})
        )
        with app.app_context():
            upgrade(directory=MIGRATIONS)
            db.session.remove()
            db.engine.dispose()  # the last connection closed: the write-ahead log is folded into the file
        _migrated = target
    return _migrated


def _settings(instance: Path, environ: dict[str, str] | None) -> config.Settings:
    # English only unless a test asks for more: the language tests cover the rest.
    env = {"SAFEROUTE_DATABASE_URL": f"sqlite:///{instance / 'test.sqlite3'}", "SAFEROUTE_LANGUAGES": "en"}
    env.update(environ or {})
    return config.from_environ(env, instance=instance)


def build_app(instance: Path, environ: dict[str, str] | None = None, overrides: dict | None = None) -> Flask:
    """An app on `instance` with its database at the newest migration.

    A new SQLite file starts as a copy of one migrated database; an existing
    one, or any other database, is brought up to date by the migrations.
    """
    settings = _settings(instance, environ)
    url = settings.database_url
    fresh = url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists()
    if fresh:
        shutil.copy(_migrated_sqlite(), url.removeprefix("sqlite:///"))  # its owner-only mode too
    app = create_app({"TESTING": True, **(overrides or {})}, settings=settings)
    if not fresh:
        with app.app_context():
            upgrade(directory=MIGRATIONS)
    return app
