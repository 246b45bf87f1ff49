"""The one clock. Every "now" the app uses is read here, always aware and in UTC.

Time zones are for showing times (the directory's zone); decisions compare
aware UTC datetimes. Tests travel in time with time-machine, which moves this too.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
