"""Rate-limit counts in the app's own database (`database://`, the default).

Every gunicorn worker on a machine shares the SQLite file, and every app server
shares PostgreSQL, so a limit of N lets N through however many processes serve
the site, with no Redis to run. Each try is one row: the keyed hash of the
client's address (never the address), when it was made and when it stops
counting. Rows are deleted once they stop counting (by the next try with the
same key, and by `flask purge` for keys that never come back).

Each try is counted and checked in one transaction, so two workers cannot both
take the last one: SQLite holds its write lock from the first statement (a
delete), PostgreSQL takes an advisory lock on the key.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager

from limits.storage import MovingWindowSupport, Storage
from sqlalchemy import Connection, Float, Index, String, delete, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import Base, db


class LimitHit(Base):
    __tablename__ = "rate_limit_hit"
    __table_args__ = (Index("ix_rate_limit_hit_key", "key", "expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))  # limit, scope and keyed hash of the client: see ratelimit.py
    at: Mapped[float] = mapped_column(Float)  # seconds since the epoch
    expires_at: Mapped[float] = mapped_column(Float, index=True)


def _lock_id(key: str) -> int:
    """A 64-bit number for PostgreSQL's advisory lock on this key."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


def purge(now: float) -> int:
    """Delete every try that no longer counts (for `flask purge`); how many there were."""
    with db.engine.begin() as connection:
        return connection.execute(delete(LimitHit).where(LimitHit.expires_at <= now)).rowcount


class DatabaseStorage(Storage, MovingWindowSupport):
    """A `limits` storage over the app's database (resolved per request, so each app uses its own)."""

    STORAGE_SCHEME = ["database"]  # noqa: RUF012 (how limits registers a storage)
    URI = "database://"

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    @contextmanager
    def _key_locked(self, key: str, now: float) -> Iterator[Connection]:
        """A transaction that no other worker can count or add tries for `key` in until it ends."""
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(select(func.pg_advisory_xact_lock(_lock_id(key))))
            # On SQLite this first write takes the database's write lock for the whole transaction.
            connection.execute(delete(LimitHit).where(LimitHit.key == key, LimitHit.expires_at <= now))
            yield connection

    @staticmethod
    def _live(connection: Connection, key: str, now: float) -> tuple[int, float | None, float | None]:
        """How many tries still count for `key`, the oldest one's time, and when the first stops counting."""
        row = connection.execute(
            select(func.count(), func.min(LimitHit.at), func.min(LimitHit.expires_at)).where(
                LimitHit.key == key, LimitHit.expires_at > now
            )
        ).one()
        return row[0], row[1], row[2]

    @staticmethod
    def _add(connection: Connection, key: str, at: float, expires_at: float, amount: int) -> None:
        connection.execute(insert(LimitHit), [{"key": key, "at": at, "expires_at": expires_at}] * amount)

    # The moving window: at most `limit` tries in any `expiry` seconds.

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount > limit:
            return False
        now = time.time()
        with self._key_locked(key, now) as connection:
            used, _oldest, _first_expiry = self._live(connection, key, now)
            if used + amount > limit:
                return False
            self._add(connection, key, now, now + expiry, amount)
        return True

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now = time.time()
        with db.engine.connect() as connection:
            used, oldest, _first_expiry = self._live(connection, key, now)
        return (oldest if oldest is not None else now), used

    # A fixed window, from the first try: `limits` asks every storage for one.

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self._key_locked(key, now) as connection:
            used, _oldest, ends = self._live(connection, key, now)
            self._add(connection, key, now, ends if ends is not None else now + expiry, amount)
        return used + amount

    def get(self, key: str) -> int:
        with db.engine.connect() as connection:
            return self._live(connection, key, time.time())[0]

    def get_expiry(self, key: str) -> float:
        now = time.time()
        with db.engine.connect() as connection:
            ends = self._live(connection, key, now)[2]
        return ends if ends is not None else now

    # Housekeeping.

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(LimitHit)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(LimitHit).where(LimitHit.key == key))
