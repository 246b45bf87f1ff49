"""Sessions for the staff console: signed-in ones in the database, sealed; none before sign-in.

The cookie (`__Host-saferoute-staff`, Secure, HttpOnly, SameSite=Strict) holds
only a random token; the database holds its SHA-256, the session's data (the
CSRF token), its times, and the console's seal over all of that and the
account's name and session epoch (integrity.py). A row a database writer
inserts or changes has no valid seal, so it opens nothing; a row copied back
after "sign out everywhere" carries an old epoch, so it opens nothing either.

Before sign-in nothing is stored: the sign-in form's CSRF token and a public
session id travel in the same cookie, signed with a key only the console holds
and good for an hour. So a visit to the sign-in page writes no row.

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
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, or_, select, update
from werkzeug.datastructures import CallbackDict

from ..database import rows_affected
from ..extensions import db
from . import integrity
from .integrity import Seal
from .keyfile import derive, private_key
from .models import StaffSession, StaffUser

PREFIX = "/staff"
IDLE = timedelta(minutes=15)
ABSOLUTE = timedelta(hours=8)
SIGN_IN_FORM_LIFETIME = timedelta(hours=1)  # as long as Flask-WTF's CSRF token lives
ANONYMOUS = "a."  # how a signed pre-sign-in cookie starts; a signed-in token never contains a dot


def utcnow() -> datetime:
    return datetime.now(UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_public_id() -> str:
    return secrets.token_hex(6)


def is_staff_path(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


def seal_of(row: StaffSession, user: StaffUser) -> str:
    return integrity.seal("session", *_sealed_values(row, user))


def _sealed_values(row: StaffSession, user: StaffUser) -> tuple:
    return (
        row.token_hash,
        row.public_id,
        user.id,
        user.name,
        user.session_epoch,
        row.created_at,
        row.last_active_at,
        row.data,
    )


class PublicSession(dict, SessionMixin):
    """Outside the console: accepts writes, keeps nothing, sends no cookie."""

    modified = False
    accessed = False


class ConsoleSession(CallbackDict, SessionMixin):
    def __init__(
        self,
        data: dict | None = None,
        row: StaffSession | None = None,
        expired: bool = False,
        public_id: str | None = None,
    ) -> None:
        def on_update(this: ConsoleSession) -> None:
            this.modified = True

        super().__init__(data or {}, on_update)
        self.row_id: int | None = row.id if row else None
        self.row_mac: str | None = row.mac if row else None
        self.user_id: int | None = row.user_id if row else None
        self.created_at: datetime | None = row.created_at if row else None
        self.last_active_at: datetime | None = row.last_active_at if row else None
        # Written to the audit log with everything done here; a new one at sign-in.
        self.public_id: str | None = row.public_id if row else public_id
        # Set when the cookie named a session that had run out: the sign-in page says why.
        self.expired = expired
        self.modified = False
        self.touched = False
        self.rotate = False
        self.ended = False

    def touch(self) -> None:
        """A staff action: the idle clock starts again."""
        self.touched = True

    def start(self, user_id: int, public_id: str) -> None:
        """Signed in: a fresh token, id and absolute clock (no session fixation)."""
        self.clear()
        self.user_id = user_id
        self.public_id = public_id
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


def end_rows_of(user_id: int) -> int:
    """Delete the account's session rows. The caller moves its epoch on and commits."""
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


def _anonymous() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(derive(private_key(), b"saferoute-anon"), salt="staff sign-in form")


def _sound(row: StaffSession) -> StaffUser | None:
    """The row's account, if the row and the account both carry the console's seal."""
    from . import auth

    user = db.session.get(StaffUser, row.user_id)
    if user is None or auth.seal_state(user) is Seal.BROKEN:
        return None
    if integrity.check("session", row.mac, *_sealed_values(row, user)) is Seal.BROKEN:
        return None
    return user


class DatabaseSessionInterface(SessionInterface):
    null_session_class = PublicSession  # type: ignore[assignment]

    def _cookie_name(self, app: Flask) -> str:
        return app.config["SESSION_COOKIE_NAME"]

    def open_session(self, app: Flask, request: Request):
        if not is_staff_path(request.path):
            return PublicSession()
        token = request.cookies.get(self._cookie_name(app))
        if not token or len(token) > 1024:
            return ConsoleSession()
        if token.startswith(ANONYMOUS):
            return self._open_anonymous(token)
        row = db.session.scalar(select(StaffSession).where(StaffSession.token_hash == token_hash(token)))
        if row is None:
            return ConsoleSession(expired=True)
        if _sound(row) is None:
            from . import audit

            # Inserted or changed by something other than this console: refused, and admins told.
            audit.record(audit.UNKNOWN_ACTOR, "tampered", detail="session", commit=True)
            return ConsoleSession(expired=True)
        if run_out(row, utcnow()):
            db.session.delete(row)
            db.session.commit()
            return ConsoleSession(expired=True)
        try:
            data = json.loads(row.data)
        except ValueError:
            data = {}
        return ConsoleSession(data if isinstance(data, dict) else {}, row)

    def _open_anonymous(self, token: str) -> ConsoleSession:
        try:
            payload = _anonymous().loads(
                token.removeprefix(ANONYMOUS), max_age=int(SIGN_IN_FORM_LIFETIME.total_seconds())
            )
        except BadSignature:  # SignatureExpired included: the form had expired
            return ConsoleSession()
        if not isinstance(payload, dict) or not isinstance(payload.get("d"), dict):
            return ConsoleSession()
        public_id = payload.get("sid") if isinstance(payload.get("sid"), str) else None
        return ConsoleSession(payload["d"], public_id=public_id)

    def _set_cookie(self, app: Flask, response: Response, token: str) -> None:
        # __Host-: Secure, Path=/ and no Domain, or the browser refuses it. No expiry
        # date: the browser forgets it when it closes; the server ends it sooner.
        response.set_cookie(self._cookie_name(app), token, path="/", secure=True, httponly=True, samesite="Strict")

    def _delete_cookie(self, app: Flask, response: Response) -> None:
        response.delete_cookie(self._cookie_name(app), path="/", secure=True, httponly=True, samesite="Strict")

    def save_session(self, app: Flask, session, response: Response) -> None:
        if not isinstance(session, ConsoleSession):
            return
        if session.ended:
            if session.row_id is not None:
                db.session.execute(delete(StaffSession).where(StaffSession.id == session.row_id))
                db.session.commit()
            self._delete_cookie(app, response)
        elif session.rotate:
            self._start(app, session, response)
        elif session.row_id is not None:
            if (session.modified or session.touched) and not self._save_row(session):
                self._delete_cookie(app, response)  # ended elsewhere while this request ran
        elif session.modified and session:
            session.public_id = session.public_id or new_public_id()
            signed = _anonymous().dumps({"d": dict(session), "sid": session.public_id})
            self._set_cookie(app, response, ANONYMOUS + signed)
        elif session.expired:
            self._delete_cookie(app, response)

    def _start(self, app: Flask, session: ConsoleSession, response: Response) -> None:
        now = utcnow()
        if session.row_id is not None:
            db.session.execute(delete(StaffSession).where(StaffSession.id == session.row_id))
        purge_expired(now)
        user = db.session.get(StaffUser, session.user_id)
        if user is None:
            return
        token = secrets.token_urlsafe(32)
        row = StaffSession(
            token_hash=token_hash(token),
            public_id=session.public_id or new_public_id(),
            user_id=user.id,
            data=json.dumps(dict(session), separators=(",", ":")),
            created_at=now,
            last_active_at=now,
        )
        row.mac = seal_of(row, user)
        db.session.add(row)
        db.session.commit()
        self._set_cookie(app, response, token)

    def _save_row(self, session: ConsoleSession) -> bool:
        """Write the new data or activity time, sealed again. False if the row is gone."""
        for _attempt in range(3):
            row = db.session.get(StaffSession, session.row_id, populate_existing=True)
            user = _sound(row) if row is not None else None
            if row is None or user is None:
                return False
            changed = StaffSession(
                token_hash=row.token_hash,
                public_id=row.public_id,
                user_id=row.user_id,
                created_at=row.created_at,
                data=json.dumps(dict(session), separators=(",", ":")) if session.modified else row.data,
                last_active_at=max(row.last_active_at, utcnow()) if session.touched else row.last_active_at,
            )
            # Only over the row as read: two requests at once never leave a row its seal does not fit.
            written = rows_affected(
                update(StaffSession)
                .where(StaffSession.id == row.id, StaffSession.mac == row.mac)
                .values(data=changed.data, last_active_at=changed.last_active_at, mac=seal_of(changed, user))
                .execution_options(synchronize_session=False)
            )
            db.session.commit()
            if written:
                return True
        return False
