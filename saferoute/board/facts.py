"""Facts the board counts, worked out from what a request keeps in clear: its windows and first try."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime


def waited_minutes(first_window_start: datetime, attempt: datetime) -> int:
    """Whole minutes from the start of the first chosen time to the first try (negative if before it).

    Real elapsed time: a clock change in between neither adds nor takes an hour."""
    return int((attempt - first_window_start).total_seconds() // 60)


def missed_at(window_ends: Sequence[datetime], attempt: datetime | None, now: datetime) -> datetime | None:
    """When every chosen time had passed with no try to call: the end of the last one; None if not missed."""
    last = max(window_ends)
    if last > now or (attempt is not None and attempt < last):
        return None
    return last
