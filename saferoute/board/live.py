"""The requests still stored, read for the board from their clear columns only.

Never the sealed column, and nothing of the console's: the queries name the
columns they read, all on the request and its windows, so the public site
(which purges too, and may read nothing else) can count what it deletes.
Purging counts from here, so the figures survive the deletion.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..callback.models import CallbackRequest, CallbackWindow
from ..extensions import db
from . import facts, tally


@dataclass(frozen=True)
class Live:
    kind: str
    received_at: datetime
    first_start: datetime
    ends: tuple[datetime, ...]
    first_attempt: datetime | None

    def missed_at(self, now: datetime) -> datetime | None:
        return facts.missed_at(self.ends, self.first_attempt, now)


def requests(due_before: datetime | None = None) -> list[Live]:
    """Every stored request (or those due for deletion by `due_before`), by its clear columns."""
    query = select(
        CallbackRequest.id, CallbackRequest.kind, CallbackRequest.created_at, CallbackRequest.first_attempt_at
    )
    if due_before is not None:
        query = query.where(CallbackRequest.delete_after <= due_before)
    rows = db.session.execute(query).all()
    ids = [row.id for row in rows]
    windows: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for chunk in _chunks(ids):
        for window in db.session.execute(
            select(CallbackWindow.request_id, CallbackWindow.starts_at, CallbackWindow.ends_at).where(
                CallbackWindow.request_id.in_(chunk)
            )
        ):
            windows[window.request_id].append((window.starts_at, window.ends_at))
    found = []
    for row in rows:
        spans = windows.get(row.id)
        if not spans:
            continue  # a request has windows; a row without any is not one we stored
        found.append(
            Live(
                kind=row.kind,
                received_at=row.created_at,
                first_start=min(start for start, _end in spans),
                ends=tuple(end for _start, end in spans),
                first_attempt=row.first_attempt_at,
            )
        )
    return found


def count_purge(now: datetime) -> None:
    """Before the purge deletes them: count the requests it will delete. The caller commits."""
    tally.purged((request.kind, request.received_at, request.missed_at(now)) for request in requests(due_before=now))


def _chunks(ids: list[int], size: int = 500):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
