"""The audit log: who did what, when, to which reference. Never the content.

Entries are written in the same transaction as what they record where there
is one; `record(..., commit=True)` for actions that change nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from flask import g, has_app_context
from sqlalchemy import func, select

from .. import spreadsheet
from ..callback.reference import format as format_reference
from ..extensions import db
from .models import AuditEntry
from .problems import REASONS

# What each action code means, in the words the audit page shows.
ACTIONS = {
    "sign_in": "Signed in",
    "sign_in_failed": "Failed sign-in",
    "backoff": "Too many failed sign-ins: tries from there now wait",
    # No number: an entry must stay true if the lock-out rule (auth.py) changes later.
    "locked_out": "Account locked after too many wrong codes (someone knows the password)",
    "tampered": "Found changed outside the console",
    "sign_out": "Signed out everywhere",
    "unlock": "Account unlocked",
    "account_created": "Account created",
    "password_reset": "Password reset",
    "mfa_reset": "One-time-code secret reset",
    "account_disabled": "Account disabled",
    "view": "Opened a request",
    "cannot_decrypt": "Request could not be opened",
    "open_limit": "Opened more requests in an hour than the console allows: now slowed",
    "open_slowed": "Opening slowed: had to wait",
    "outcome": "Recorded an outcome",
    "audit_export": "Exported the audit log",
    "refused": "Refused",
    "board_view": "Looked at the board's figures",
    "board_export": "Exported the board's figures",
}
# The short codes in `detail`, in words, for the actions that write one (outcome codes are worded by
# casework.py; other actions' details, such as an account's name, are shown as they are).
DETAILS = {
    "password": "wrong password",
    "code": "wrong code",
    "code used": "code already used",
    "unknown name": "no such account",
    "locked": "account locked",
    "disabled": "account disabled",
    "waiting": "had to wait: too many failures from there",
    "tampered": "the account was changed outside the console",
    "this address": "from one address, any name",
    "this name here": "one name, from one address or browser",
    "cross-site": "sent from another site",
    "admin only": "an admin-only page",
    "csrf": "form token missing or expired",
    **{problem.value: words for problem, words in REASONS.items()},
    "account": "an account",
    "session": "a session",
}
UNKNOWN_ACTOR = "-"
CLI_ACTOR = "cli"
PAGE_SIZE = 100
CSV_COLUMNS = ("when_utc", "who", "what", "reference", "detail", "session")
# Shown to admins on the queue page when they happened in the last day.
WARNINGS = ("backoff", "locked_out", "tampered", "open_limit")
WARNINGS_FOR = timedelta(days=1)
WARNINGS_SHOWN = 20


def record(
    actor: str,
    action: str,
    reference: str | None = None,
    detail: str | None = None,
    *,
    commit: bool = False,
    at: datetime | None = None,
    session: str | None = None,
) -> AuditEntry:
    """`session`: the console session it happened in; by default this request's."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(
        at=at or datetime.now(UTC),
        actor=actor[:64],
        action=action,
        reference=reference,
        detail=detail,
        session=session or (g.get("staff_session_id") if has_app_context() else None),
    )
    db.session.add(entry)
    if commit:
        db.session.commit()
    return entry


def recent_warnings(now: datetime) -> list[AuditEntry]:
    """What admins are shown on the queue: lock-outs, back-off, tampering, heavy opening; last day, newest first."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action.in_(WARNINGS), AuditEntry.at > now - WARNINGS_FOR)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(WARNINGS_SHOWN)
        )
    )


def page(number: int = 1, size: int = PAGE_SIZE) -> tuple[list[AuditEntry], int]:
    """Newest first: one page of entries and the number of pages."""
    total = db.session.scalar(select(func.count(AuditEntry.id))) or 0
    pages = max(1, -(-total // size))
    number = min(max(1, number), pages)
    entries = db.session.scalars(
        select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).offset((number - 1) * size).limit(size)
    ).all()
    return list(entries), pages


def csv_rows(entries: Iterable[AuditEntry]) -> Iterable[str]:
    """The log as CSV lines, every text cell formula-safe (spreadsheet.py, as the board's export)."""
    return spreadsheet.lines(
        CSV_COLUMNS,
        (
            [
                entry.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                entry.actor,
                entry.action,
                format_reference(entry.reference) if entry.reference else "",
                entry.detail or "",
                entry.session or "",
            ]
            for entry in entries
        ),
    )


def all_entries() -> Iterable[AuditEntry]:
    return db.session.scalars(
        select(AuditEntry).order_by(AuditEntry.at, AuditEntry.id).execution_options(yield_per=500)
    )
