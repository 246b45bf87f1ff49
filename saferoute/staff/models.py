"""Staff accounts, their server-side sessions, sign-in back-off, outcomes and the audit log.

The public site shares this database but never holds the private key, so the
one-time-code secrets are sealed with a key derived from it (see keyfile.py):
a copy of the database alone cannot mint codes. Accounts, sessions and
outcomes carry a seal (`mac`, see integrity.py) over the values that grant
power, so a database writer cannot forge or change them either. The audit log
has no foreign key to anything: it outlives the accounts and requests it mentions.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..callback.models import UTCDateTime
from ..extensions import Base


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    password_hash: Mapped[str] = mapped_column(String(255))
    # SecretBox(key derived from the hub's private key) of the base32 TOTP secret.
    totp_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    # The last one-time-code time-step accepted: a code (or an older one) never works twice.
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Wrong codes in a row after the right password: only someone who knows the
    # password can add to it, so only they can lock the account (see auth.py).
    code_failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Moves on at "sign out everywhere", a reset or a disable: every session sealed before it ends.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The console's seal over the fields that grant power. It is also the row's version:
    # an update applies only if the row still has the seal it was read with, so two
    # sign-ins at once can never leave a row whose seal does not match.
    mac: Mapped[str] = mapped_column(String(64))

    __mapper_args__ = {"version_id_col": mac, "version_id_generator": False}  # noqa: RUF012  (SQLAlchemy's own)

    @property
    def disabled(self) -> bool:
        return self.disabled_at is not None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    def sealed_values(self) -> tuple:
        return (
            self.name,
            self.is_admin,
            self.password_hash,
            self.totp_sealed,
            self.totp_last_step,
            self.code_failures,
            self.locked_until,
            self.disabled_at,
            self.session_epoch,
        )


class StaffSession(Base):
    """One signed-in browser. The cookie holds a random token; only its SHA-256 is stored.

    Before sign-in there is no row: the sign-in form's session lives in a signed cookie.
    """

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Written to the audit log with everything done in this session; says nothing about the token.
    public_id: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    data: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Moves only on a staff action: background refreshes of the queue leave it alone.
    last_active_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # Over the token's hash, the account (its name and session epoch), the data and both times.
    mac: Mapped[str] = mapped_column(String(64))


class SignInBackoff(Base):
    """Failed sign-ins counted per client address and per (name, client), for the back-off.

    `key` is a keyed hash (see throttle.py): never an address, never a typed name.
    """

    __tablename__ = "staff_sign_in_backoff"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    wait_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AuditEntry(Base):
    """Who did what, when, to which reference. Never what a request says."""

    __tablename__ = "staff_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # A staff name, "cli" for a command, or "-" for a name that matches no account
    # (what was typed is never stored: it may be a password typed in the wrong box).
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # A short code from a fixed list (an outcome, "locked"), never free text.
    detail: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The public id of the console session (or of the sign-in form's cookie) it happened in.
    session: Mapped[str | None] = mapped_column(String(16), nullable=True)


Index("ix_staff_audit_reference", AuditEntry.reference)


class Outcome(Base):
    """What happened when the hub tried to call. Deleted with its request (the audit log keeps the fact)."""

    __tablename__ = "staff_outcome"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("callback_request.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    staff_name: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(32))
    # The staff member's short note, sealed to the hub's public key like the request.
    note_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # The console's seal over all of it and the request's reference: a writer cannot add
    # an outcome (and so close a request, or leave a note) or move one to another request.
    mac: Mapped[str] = mapped_column(String(64))

    def sealed_values(self, reference: str) -> tuple:
        return (reference, self.at, self.staff_name, self.outcome, self.note_sealed)
