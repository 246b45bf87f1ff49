"""What is stored: sealed requests, their windows in clear, and spent form keys.

One table holds every kind of request (saferoute/kinds.py). In clear only what
the staff queue sorts and filters on (kind, windows, contact method,
interpreter language, status, times), the reference and the form's
idempotency key. Everything a person typed is in `sealed`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import DateTime, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from ..extensions import Base


class Status(StrEnum):
    """Where a request stands. "new" when sent; the staff console moves it on (staff/casework.py)."""

    NEW = "new"
    TRIED = "tried"  # an attempt was recorded; still in the queue
    CLOSED = "closed"  # out of the queue, deleted after the retention time


OPEN = (Status.NEW, Status.TRIED)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in and out, on SQLite (which stores them naive) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store aware UTC times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class CallbackRequest(Base):
    __tablename__ = "callback_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)  # a code from saferoute/kinds.py, sealed too
    idempotency_key: Mapped[str] = mapped_column(String(32), unique=True)
    contact_method: Mapped[str] = mapped_column(String(16))  # a code from vocabulary.CONTACT_METHODS
    interpreter_language: Mapped[str | None] = mapped_column(String(16))  # a language code, bsl or other
    status: Mapped[str] = mapped_column(String(16), index=True)  # a Status
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    delete_after: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # Set by the staff console once it has compared the clear columns with the sealed
    # copy: its seal over them (staff/checking.py). Nobody else can write a valid one.
    checked_mac: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Set by the staff console at the first try to reach the person, for the board's figures
    # (board/): they are worked out from clear columns, so the public site can count a purge.
    first_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    windows: Mapped[list[CallbackWindow]] = relationship(
        back_populates="request",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CallbackWindow.starts_at",
        lazy="selectin",
    )

    @property
    def closed(self) -> bool:
        return self.status == Status.CLOSED


class CallbackWindow(Base):
    __tablename__ = "callback_window"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("callback_request.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())

    request: Mapped[CallbackRequest] = relationship(back_populates="windows")


class SpentFormKey(Base):
    """A withdrawn request's form key, kept only while its form could still be re-sent.

    Without it, sending the old form again (Back, then refresh) would quietly
    recreate a request the person had just withdrawn. Holds nothing personal.
    """

    __tablename__ = "callback_spent_key"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
