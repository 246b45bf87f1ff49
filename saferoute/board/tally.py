"""Counting for the board as things happen, in the same transaction as what is counted.

Each count goes into its week and its month (UK time) and nowhere else: no
reference, no time of day. A request's method and interpreter language are
counted apart (two rows that cannot be joined), not as one combination. A
withdrawal is never written down: figures.py finds it as a request received
that is neither still here nor purged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..services import directory
from . import periods
from .models import Count

RECEIVED = "received"  # key: the kind
RECEIVED_METHOD = "received-method"  # key: the contact method
RECEIVED_LANGUAGE = "received-language"  # key: the interpreter language, or NO_INTERPRETER
PURGED = "purged"  # key: the kind; in the period the request was received
MISSED = "missed"  # key: the kind; in the period its last chosen time ended
RESULT = "result"  # key: a result code (staff/outcomes.py)
ACTION = "action"  # key: an action code, or "referred"
REFERRAL = "referral"  # key: a directory route id
FIRST_ATTEMPT = "first-attempt"  # key: whole minutes from the first chosen time to the first try
NO_INTERPRETER = "none"


def _zone():
    return directory().timezone


def add(*counted: tuple[str, str, datetime]) -> None:
    """Add one to each (measure, key, moment)'s count in its week and month, in one statement.
    The caller commits."""
    rows: Counter[tuple[str, date, str, str]] = Counter()
    for measure, key, moment in counted:
        for period, starts in periods.starts_for(moment, _zone()).items():
            rows[(period, starts, measure, key)] += 1
    if not rows:
        return
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    statement = insert(Count).values(
        [{"period": p, "starts": s, "measure": m, "key": k, "count": n} for (p, s, m, k), n in rows.items()]
    )
    statement = statement.on_conflict_do_update(
        index_elements=[Count.period, Count.starts, Count.measure, Count.key],
        set_={"count": Count.count + statement.excluded.count},
    )
    db.session.connection().execute(statement)


def received(kind: str, method: str, language: str | None, at: datetime) -> None:
    add((RECEIVED, kind, at), (RECEIVED_METHOD, method, at), (RECEIVED_LANGUAGE, language or NO_INTERPRETER, at))


def recorded(result: str, actions: Iterable[str], referrals: Iterable[str], waited: int | None, at: datetime) -> None:
    """An outcome: its result, what was done, where they were referred, and (on a first try) the wait."""
    add(
        (RESULT, result, at),
        *((ACTION, action, at) for action in actions),
        *((REFERRAL, route_id, at) for route_id in referrals),
        *([(FIRST_ATTEMPT, str(waited), at)] if waited is not None else []),
    )


def purged(leaving: Iterable[tuple[str, datetime, datetime | None]]) -> None:
    """Requests deleted at the end of their retention time (never a withdrawal):
    (kind, received at, missed at or None) for each."""
    add(
        *(
            counted
            for kind, received_at, missed_at in leaving
            for counted in [(PURGED, kind, received_at), *([(MISSED, kind, missed_at)] if missed_at else [])]
        )
    )
