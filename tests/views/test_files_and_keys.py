"""Files and keys where they belong: a private database, and no private key on the public site."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from flask_migrate import upgrade

from saferoute import config, create_app
from saferoute.config import ConfigError
from tests.apps import MIGRATIONS, build_app
from tests.callback_support import reference_in, send

PRODUCTION = {"SAFEROUTE_ENV": "production", "SAFEROUTE_BEHIND_TLS": "1"}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask():
    """The common default, under which SQLite would make its files readable by everyone."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_database_and_its_wal_and_shm_are_readable_by_their_owner_only(instance, loose_umask):
    database = instance / "new.sqlite3"
    env = {"SAFEROUTE_DATABASE_URL": f"sqlite:///{database}", "SAFEROUTE_LANGUAGES": "en"}
    app = create_app({"TESTING": True}, settings=config.from_environ(env, instance=instance))
    with app.app_context():
        upgrade(directory=MIGRATIONS)  # as `flask db upgrade` makes it on a new machine
    assert reference_in(send(app.test_client()).get_data(as_text=True))
    files = [database, database.with_name("new.sqlite3-wal"), database.with_name("new.sqlite3-shm")]
    assert all(file.exists() for file in files)
    assert {file.name: mode(file) for file in files} == {file.name: 0o600 for file in files}


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_production_refuses_a_database_others_can_read(instance, loose_umask, suffix):
    build_app(instance).test_client().get("/healthz")  # the files exist
    (instance / "hub_private.key").unlink()
    loose = instance / f"test.sqlite3{suffix}"
    loose.touch()
    loose.chmod(0o644)
    with pytest.raises(ConfigError, match=re.escape(f"test.sqlite3{suffix} must be readable by its owner only")):
        build_app(instance, PRODUCTION)
    loose.chmod(0o600)
    build_app(instance, PRODUCTION)


def test_make_run_may_keep_both_keys_for_development(instance):
    assert (instance / "hub_private.key").exists()
    assert build_app(instance).test_client().get("/healthz").status_code == 200


def test_the_public_site_refuses_to_start_beside_a_private_key(instance, tmp_path):
    private = instance / "hub_private.key"
    with pytest.raises(ConfigError, match=r"must not hold the hub's private key: move .*hub_private\.key"):
        build_app(instance, PRODUCTION)
    private.rename(instance / "backup.txt")  # the same key under another name
    with pytest.raises(ConfigError, match=r"backup\.txt"):
        build_app(instance, PRODUCTION)
    console_host = tmp_path / "console"
    console_host.mkdir()
    shutil.move(instance / "backup.txt", console_host / "hub_private.key")
    assert build_app(instance, PRODUCTION).test_client().get("/healthz").status_code == 200


def test_the_console_may_keep_the_private_key_in_its_instance_folder(instance):
    (instance / "hub_private.key").chmod(0o600)
    env = {**PRODUCTION, "SAFEROUTE_STAFF_ENABLED": "1", "SAFEROUTE_PRIVATE_KEY_FILE": "hub_private.key"}
    assert build_app(instance, env).test_client().get("/healthz").status_code == 200
