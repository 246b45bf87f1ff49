"""How fast one account opens requests: past a set number an hour, one new request every few minutes.

Reading requests one has no reason to read is what a curious insider does. A
hub worker opens a request, calls, records what happened; dozens in an hour
is not that. Past SAFEROUTE_STAFF_OPENS_PER_HOUR different requests in the
last hour, an account may open one more new request every SLOW_EVERY.
Opening one it already opened this hour is never slowed. Admins are told
(on the queue page) when an account first goes past the number.

Counted from the audit log, which is what the console writes when it opens a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from ..extensions import db
from .models import AuditEntry

WINDOW = timedelta(hours=1)
SLOW_EVERY = timedelta(minutes=2)
OPENING = ("view", "cannot_decrypt")  # the audit actions that mean a request was opened


@dataclass(frozen=True)
class Pace:
    opened: int  # different requests opened in the last hour, before this one
    wait_until: datetime | None  # when this one may be opened, if not now
    first_over: bool = False  # this open takes the account past the number: tell admins


def check(actor: str, reference: str, now: datetime, per_hour: int) -> Pace:
    rows = db.session.execute(
        select(AuditEntry.reference, AuditEntry.at)
        .where(AuditEntry.actor == actor, AuditEntry.action.in_(OPENING), AuditEntry.at > now - WINDOW)
        .order_by(AuditEntry.at)
    ).all()
    first: dict[str | None, datetime] = {}
    for opened_ref, at in rows:
        first.setdefault(opened_ref, at)
    if reference in first or len(first) < per_hour:
        return Pace(len(first), None)
    next_at = max(first.values()) + SLOW_EVERY
    if now < next_at:
        return Pace(len(first), next_at)
    return Pace(len(first), None, first_over=len(first) == per_hour)
