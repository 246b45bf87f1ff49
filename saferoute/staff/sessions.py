"""Server-side sessions for the staff console, stored in the database.

The cookie (`__Host-saferoute-staff`, Secure, HttpOnly, SameSite=Strict) holds
only a random token; the database holds its SHA-256, the session's data (the
CSRF token) and its times. Deleting the rows ends a session everywhere.

Public pages never get a session: outside /staff the interface hands Flask a
throwaway dict that is never saved, so no cookie is ever sent there.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import UTC, datetime, timedelta

from flask import Flask, Request, Response, session
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy import delete, or_, select, update
from werkzeug.datastructures import CallbackDict

from ..database import rows_affected
from ..extensions import db
from .models import StaffSession

PREFIX = "/staff"
IDLE = timedelta(minutes=15)
ABSOLUTE = timedelta(hours=8)


def utcnow() -> datetime:
    return datetime.now(UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_staff_path(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


class PublicSession(dict, SessionMixin):
    """Outside the console: accepts writes, keeps nothing, sends no cookie."""

    modified = False
    accessed = False


class ConsoleSession(CallbackDict, SessionMixin):
    def __init__(self, data: dict | None = None, row: StaffSession | None = None, expired: bool = False) -> None:
        def on_update(this: ConsoleSession) -> None:
            this.modified = True

        super().__init__(data or {}, on_update)
        self.row_id: int | None = row.id if row else None
        self.user_id: int | None = row.user_id if row else None
        self.created_at: datetime | None = row.created_at if row else None
        self.last_active_at: datetime | None = row.last_active_at if row else None
        # Set when the cookie named a session that had run out: the sign-in page says why.
        self.expired = expired
        self.modified = False
        self.touched = False
        self.rotate = False
        self.ended = False

    def touch(self) -> None:
        """A staff action: the idle clock starts again."""
        self.touched = True

    def start(self, user_id: int) -> None:
        """Signed in: a fresh token and a fresh absolute clock (no session fixation)."""
        self.clear()
        self.user_id = user_id
        self.rotate = True

    def end(self) -> None:
        self.clear()
        self.user_id = None
        self.ended = True


def console_session() -> ConsoleSession:
    """This request's session: every request under /staff has a console session."""
    current = session
    if not isinstance(current, ConsoleSession):
        raise RuntimeError("a console session exists only under /staff")
    return current


def end_sessions_of(user_id: int) -> int:
    """Sign out everywhere. The caller commits."""
    return rows_affected(delete(StaffSession).where(StaffSession.user_id == user_id))


def purge_expired(now: datetime | None = None) -> None:
    now = now or utcnow()
    db.session.execute(
        delete(StaffSession).where(
            or_(StaffSession.last_active_at < now - IDLE, StaffSession.created_at < now - ABSOLUTE)
        )
    )


def run_out(row: StaffSession, now: datetime) -> bool:
    return row.last_active_at <= now - IDLE or row.created_at <= now - ABSOLUTE


class DatabaseSessionInterface(SessionInterface):
    null_session_class = PublicSession  # type: ignore[assignment]

    def _cookie_name(self, app: Flask) -> str:
        return app.config["SESSION_COOKIE_NAME"]

    def open_session(self, app: Flask, request: Request):
        if not is_staff_path(request.path):
            return PublicSession()
        token = request.cookies.get(self._cookie_name(app))
        if not token or len(token) > 128:
            return ConsoleSession()
        row = db.session.scalar(select(StaffSession).where(StaffSession.token_hash == token_hash(token)))
        if row is None:
            return ConsoleSession(expired=True)
        if run_out(row, utcnow()):
            signed_in = row.user_id is not None
            db.session.delete(row)
            db.session.commit()
            return ConsoleSession(expired=signed_in)
        try:
            data = json.loads(row.data)
        except ValueError:
            data = {}
        return ConsoleSession(data if isinstance(data, dict) else {}, row)

    def _set_cookie(self, app: Flask, response: Response, token: str) -> None:
        # __Host-: Secure, Path=/ and no Domain, or the browser refuses it. No expiry
        # date: the browser forgets it when it closes; the server ends it sooner.
        response.set_cookie(self._cookie_name(app), token, path="/", secure=True, httponly=True, samesite="Strict")

    def _delete_cookie(self, app: Flask, response: Response) -> None:
        response.delete_cookie(self._cookie_name(app), path="/", secure=True, httponly=True, samesite="Strict")

    def save_session(self, app: Flask, session, response: Response) -> None:
        if not isinstance(session, ConsoleSession):
            return
        row_id, now = session.row_id, utcnow()
        if session.ended:
            if row_id is not None:
                db.session.execute(delete(StaffSession).where(StaffSession.id == row_id))
                db.session.commit()
            self._delete_cookie(app, response)
            return
        if row_id is None and not session and session.user_id is None:
            if session.expired:
                self._delete_cookie(app, response)
            return  # nothing worth a session: no row, no cookie
        data = json.dumps(dict(session), separators=(",", ":"))
        if row_id is not None and not session.rotate:
            values: dict = {}
            if session.modified:
                values["data"] = data
            if session.touched:
                values["last_active_at"] = now
            if values:
                found = rows_affected(update(StaffSession).where(StaffSession.id == row_id).values(**values))
                db.session.commit()
                if not found:  # ended elsewhere while this request ran
                    self._delete_cookie(app, response)
            return
        if row_id is not None:
            db.session.execute(delete(StaffSession).where(StaffSession.id == row_id))
        purge_expired(now)
        token = secrets.token_urlsafe(32)
        db.session.add(
            StaffSession(
                token_hash=token_hash(token), user_id=session.user_id, data=data, created_at=now, last_active_at=now
            )
        )
        db.session.commit()
        self._set_cookie(app, response, token)
