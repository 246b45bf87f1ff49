"""Database connection settings: SQLite hardening, applied on every connection."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Delete, Update, event
from sqlalchemy.engine import CursorResult, Engine

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


def init_app(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
