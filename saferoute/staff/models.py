"""Staff accounts, their server-side sessions, and the audit log.

The public site shares this database but never holds the private key, so the
one-time-code secrets are sealed with a key derived from it (see keyfile.py):
a copy of the database alone cannot mint codes. The audit log has no foreign
key to anything: it outlives the accounts and requests it mentions.
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
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    @property
    def disabled(self) -> bool:
        return self.disabled_at is not None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


class StaffSession(Base):
    """One browser's session. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Empty until sign-in (the sign-in form's CSRF token needs a session first).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    data: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Moves only on a staff action: background refreshes of the queue leave it alone.
    last_active_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


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
