"""Deleted means deleted: emptying SQLite's write-ahead log after a deletion.

secure_delete zeroes a deleted row, but the pages that held it stay in the WAL
file, and in the database file until the WAL is copied back into it (a
checkpoint). A reader holding an old snapshot holds that up, so the checkpoint
is retried until it completes. A request hands the work to one background
thread per database and answers at once: that also keeps how long a withdrawal
takes free of how much there was to copy back. `flask purge` waits for it.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import threading
import time

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from .database import BUSY_TIMEOUT_MS
from .extensions import db

log = logging.getLogger("saferoute.wal")
# Each try waits only this long for readers and writers, so no writer is held up for long.
TRY_MS = 50
_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def _checkpoint(engine: Engine) -> bool:
    """One try: copy the WAL back (without holding up writers), then empty it. True if it completed."""
    with engine.connect() as connection:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={TRY_MS}")
        try:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
            busy, _frames, _copied = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        except OperationalError as exc:
            if getattr(exc.orig, "sqlite_errorcode", None) not in _BUSY:
                raise
            busy = 1  # a writer held the lock at that instant
        finally:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    return busy == 0


class _Emptier:
    """The one thread that empties one database's WAL, until every deletion asked for is covered."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.asked = 0  # deletions asked for; a checkpoint that starts after the last one covers them all
        self.running = False
        self.engine: Engine | None = None

    def ask(self, engine: Engine) -> None:
        with self.lock:
            self.engine, self.asked = engine, self.asked + 1
            if self.running:
                return
            self.running = True
        threading.Thread(target=self._run, name="saferoute-wal", daemon=True).start()

    def _run(self) -> None:
        pause = 0.01
        while True:
            with self.lock:
                covering, engine = self.asked, self.engine
            try:
                done = engine is not None and _checkpoint(engine)
            except Exception as exc:  # the thread must not die silently with deletions still asked for
                log.error("could not empty the WAL (%s); the next deletion or purge tries again", type(exc).__name__)
                with self.lock:
                    self.running = False
                return
            with self.lock:
                if done and self.asked == covering:
                    self.running = False
                    return
            if done:
                pause = 0.01
            else:
                time.sleep(pause)
                pause = min(pause * 2, 2.0)


_emptiers: dict[str, _Emptier] = {}
_emptiers_lock = threading.Lock()


def empty_soon() -> None:
    """After a deletion, in a request: empty the WAL in the background, retrying until it completes."""
    engine = db.engine
    if engine.dialect.name != "sqlite":
        return
    with _emptiers_lock:
        emptier = _emptiers.setdefault(str(engine.url), _Emptier())
    emptier.ask(engine)


def empty_now(wait: float = math.inf) -> bool:
    """After a deletion, where nobody waits on it (`flask purge`): keep trying here. True if it completed."""
    engine = db.engine
    if engine.dialect.name != "sqlite":
        return True
    deadline = time.monotonic() + wait
    pause = 0.01
    while not _checkpoint(engine):
        if time.monotonic() >= deadline:
            return False
        time.sleep(pause)
        pause = min(pause * 2, 1.0)
    return True
