"""The database: SQLite hardening on every connection, and emptying SQLite's WAL after a deletion."""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask
from sqlalchemy import Delete, Update, event
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.exc import OperationalError

from .extensions import db

log = logging.getLogger("saferoute.database")
BUSY_TIMEOUT_MS = 5000
# How long a request waits for readers to let go of old pages before a background
# thread takes over the retrying; each try itself waits only briefly, so writers
# are never held up for long.
CHECKPOINT_WAIT = 1.0
CHECKPOINT_TRY_MS = 50
_retrying: set[str] = set()
_retrying_lock = threading.Lock()


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


def _checkpoint(engine: Engine) -> bool:
    """One try at copying the WAL into the database file and emptying it; True if it completed."""
    with engine.connect() as connection:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={CHECKPOINT_TRY_MS}")
        try:
            busy, _frames, _copied = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        except OperationalError:  # locked by a writer at this instant
            busy = 1
        finally:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return busy == 0


def _keep_trying(engine: Engine) -> None:
    name = str(engine.url)
    with _retrying_lock:
        if name in _retrying:
            return  # one thread is already at it, and its checkpoint will cover this deletion too
        _retrying.add(name)
    log.warning("a reader held the WAL past a deletion: emptying it in the background")

    def retry() -> None:
        pause = 0.1
        try:
            while not _checkpoint(engine):
                time.sleep(pause)
                pause = min(pause * 2, 2.0)
        finally:
            with _retrying_lock:
                _retrying.discard(name)

    threading.Thread(target=retry, name="saferoute-wal-checkpoint", daemon=True).start()


def empty_wal(wait: float | None = None) -> bool:
    """After a deletion, make sure what was deleted survives nowhere (SQLite only).

    secure_delete zeroes deleted rows, but the pages that held them stay in the
    WAL file, and in the database file until the WAL is copied back. A reader
    holding an old snapshot blocks that, so it is retried until it completes:
    here for up to `wait` seconds, then in a background thread. True when it
    completed here.
    """
    engine = db.engine
    if engine.dialect.name != "sqlite":
        return True
    deadline = time.monotonic() + (CHECKPOINT_WAIT if wait is None else wait)
    pause = 0.01
    while not _checkpoint(engine):
        if time.monotonic() >= deadline:
            _keep_trying(engine)
            return False
        time.sleep(pause)
        pause = min(pause * 2, 0.2)
    return True


def init_app(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
