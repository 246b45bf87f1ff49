"""Database connection settings: SQLite hardening, applied on every connection, and its files kept private."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from flask import Flask
from sqlalchemy import Delete, Update, event
from sqlalchemy.engine import CursorResult, Engine, make_url

from . import services
from .config import ConfigError
from .extensions import db

BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers and the writer work at once; secure_delete overwrites
    # deleted requests instead of leaving them in free pages of the file.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def rows_affected(statement: Delete | Update) -> int:
    """Run an UPDATE or DELETE in the current session; how many rows it touched."""
    result = db.session.execute(statement)
    if not isinstance(result, CursorResult):
        raise TypeError("an UPDATE or DELETE gives a cursor result")
    return result.rowcount


def sqlite_file(url: str) -> Path | None:
    """The file an SQLite URL names; None for another database or one held in memory."""
    parts = make_url(url)
    if parts.get_backend_name() != "sqlite" or parts.database in (None, "", ":memory:"):
        return None
    return Path(parts.database)


def keep_private(path: Path, production: bool) -> None:
    """Create the database file readable by its owner only, before SQLite does (SQLite gives
    the -wal and -shm files it makes the database file's mode). Production refuses any of
    the three that others can read: the clear columns say who asked for a call and when."""
    if path.parent.is_dir():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    if not production:
        return
    for file in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
        if file.exists() and file.stat().st_mode & 0o077:
            raise ConfigError(f"{file} must be readable by its owner only (chmod 600 it and its -wal and -shm)")


def init_app(app: Flask) -> None:
    production = services.settings(app).production
    path = sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    if path is not None:
        keep_private(path, production)
    db.init_app(app)
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
