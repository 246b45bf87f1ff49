"""Storing, finding, withdrawing and purging requests. Plain functions over the session."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from nacl.public import PublicKey
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from .. import wal
from ..board import live as board_live
from ..board import tally
from ..database import rows_affected
from ..extensions import db
from . import payload
from . import reference as references
from .kind import RequestKind
from .models import CallbackRequest, CallbackWindow, SpentFormKey, Status
from .sealing import seal
from .windows import Window


@dataclass(frozen=True)
class Saved:
    request: CallbackRequest
    created: bool  # False when this form had already been sent
    reference: str  # as stored (no dashes)
    windows: list[Window]

    @classmethod
    def of(cls, request: CallbackRequest, created: bool) -> Saved:
        return cls(request, created, request.reference, [Window(w.starts_at, w.ends_at) for w in request.windows])


class FormSpent(Exception):
    """This form's request was withdrawn: sending the form again must not recreate it."""


def by_key(key: str) -> CallbackRequest | None:
    return db.session.scalar(select(CallbackRequest).where(CallbackRequest.idempotency_key == key))


def spent(key: str) -> bool:
    """True when this form's request was withdrawn: sending it again must not bring it back."""
    return db.session.get(SpentFormKey, key) is not None


def save(
    *,
    kind: RequestKind,
    key: str,
    windows: list[Window],
    contact_method: str,
    interpreter_language: str | None,
    private: dict,
    public_key: PublicKey,
    now: datetime,
    retention: timedelta,
) -> Saved:
    """Store a sealed request once per form key; the same form again gets the same request back."""
    existing = by_key(key)
    if existing is not None:
        return Saved.of(existing, created=False)
    if spent(key):
        raise FormSpent
    for _attempt in range(3):
        ref = references.new()
        request = CallbackRequest(
            reference=ref,
            kind=kind.code,
            idempotency_key=key,
            contact_method=contact_method,
            interpreter_language=interpreter_language,
            status=Status.NEW,
            # The reference, kind, windows, method and interpreter are sealed too: the console trusts
            # only the sealed copy, and can tell if one was moved onto another row.
            sealed=seal(
                payload.contents(ref, kind.code, now, windows, contact_method, interpreter_language, private),
                public_key,
                size=payload.padded_size(len(windows), kind.typed_room),
            ),
            created_at=now,
            updated_at=now,
            delete_after=max(w.end for w in windows) + retention,
            windows=[CallbackWindow(starts_at=w.start, ends_at=w.end) for w in windows],
        )
        db.session.add(request)
        saved = Saved(request, True, ref, sorted(windows))  # read before the commit expires the row
        try:
            tally.received(kind.code, contact_method, interpreter_language, now)  # flushes the request first
            db.session.commit()
            return saved
        except IntegrityError:
            # Either the same form arrived twice at once (a double tap) and the
            # other copy won, or, once in a great while, the reference was taken.
            db.session.rollback()
            existing = by_key(key)
            if existing is not None:
                return Saved.of(existing, created=False)
    raise RuntimeError("could not store the request")


def withdraw(reference: str, now: datetime, spent_for: timedelta) -> bool:
    """Delete the request with this (normalised) reference at once. True if there was one.

    Both answers take the same time: the same statements run whether or not the
    reference exists (an unknown one spends a random key no form has, as a real
    one spends its form's key), and emptying the WAL, whose cost depends on what
    was deleted, happens after the answer (see wal.py).
    """
    key = db.session.scalar(select(CallbackRequest.idempotency_key).where(CallbackRequest.reference == reference))
    spent = key or secrets.token_urlsafe(16)
    if db.session.get(SpentFormKey, spent) is None:
        db.session.add(SpentFormKey(key=spent, expires_at=now + spent_for))
    # Its windows and outcomes go with it (ON DELETE CASCADE).
    db.session.execute(delete(CallbackRequest).where(CallbackRequest.reference == reference))
    try:
        db.session.commit()
    except IntegrityError:  # withdrawn twice at the same moment: the other one did it
        db.session.rollback()
    wal.empty_soon()
    return key is not None


def purge(now: datetime) -> tuple[int, int]:
    """Delete requests past their delete-after time, and spent form keys past theirs.

    The board's counts of what is deleted are written in the same transaction. Returns once
    the WAL is empty too: nobody is kept waiting by it.
    """
    board_live.count_purge(now)
    requests = rows_affected(delete(CallbackRequest).where(CallbackRequest.delete_after <= now))
    keys = rows_affected(delete(SpentFormKey).where(SpentFormKey.expires_at <= now))
    db.session.commit()
    if requests:
        wal.empty_now()
    return requests, keys
