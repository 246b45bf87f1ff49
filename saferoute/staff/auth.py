"""Accounts and sign-in: Argon2 passwords, one-time codes used once, back-off, sealed accounts.

Plain functions over the database, usable from views, commands and tests.
Sign-in never says which part was wrong, or whether the name exists: an
unknown name still costs one Argon2 verification, so it takes as long.

Every account row carries the console's seal over the fields that grant power
(integrity.py). A row whose seal does not match cannot sign in or keep a
session, and is never sealed again by anything but a command on the console
host. Wrong passwords only slow down where they come from (throttle.py); the
account is locked only by wrong codes after the right password.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pyotp
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from nacl.exceptions import CryptoError
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from . import audit, integrity, passwords, throttle
from .integrity import Seal
from .keyfile import open_totp_secret, seal_totp_secret
from .models import StaffUser
from .sessions import end_rows_of

MAX_CODE_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
MAX_PASSWORD = 256
MIN_NAME, MAX_NAME = 2, 64
CODE_DIGITS = 6  # one-time codes, a new one every 30 seconds (RFC 6238's usual setting)
T = TypeVar("T")


class Tampered(Exception):
    """The account row does not carry the console's seal: it was changed outside the console."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def normalise_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def find(name: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(StaffUser.name == normalise_name(name)))


def seal_state(user: StaffUser) -> Seal:
    return integrity.check("account", user.mac, *user.sealed_values())


def reseal(user: StaffUser) -> None:
    user.mac = integrity.seal("account", *user.sealed_values())


def update(user_id: int, change: Callable[[StaffUser], T], *, mend: bool = False) -> T:
    """Apply `change` to the account as it is now, seal it again and commit.

    The write applies only if the row still carries the seal it was read with
    (the seal is the row's version), so two changes at once are applied one after
    the other, never mixed. A row whose seal is broken is refused (Tampered),
    unless a command on the console host is mending it.
    """
    for _attempt in range(5):
        user = db.session.get(StaffUser, user_id, populate_existing=True)
        if user is None:
            raise Tampered
        if seal_state(user) is Seal.BROKEN and not mend:
            db.session.rollback()
            raise Tampered
        result = change(user)
        reseal(user)
        try:
            db.session.commit()
            return result
        except StaleDataError:
            db.session.rollback()
    raise RuntimeError("the account kept changing")


def end_sessions(user: StaffUser) -> None:
    """Within a change: end every session of the account, and any copy of one put back later."""
    user.session_epoch += 1
    end_rows_of(user.id)


def sign_out_everywhere(user_id: int, name: str) -> None:
    def change(user: StaffUser) -> None:
        end_sessions(user)
        audit.record(user.name, "sign_out")

    try:
        update(user_id, change)
    except Tampered:  # changed outside the console meanwhile: its sessions end all the same
        end_rows_of(user_id)
        audit.record(name, "sign_out")
        db.session.commit()


def _password_ok(user: StaffUser | None, password: str) -> bool:
    hashing = passwords.current()
    try:
        hashing.hasher.verify(user.password_hash if user else hashing.dummy_hash, password[:MAX_PASSWORD])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return user is not None


def _code_step(user: StaffUser, code: str, now: datetime) -> int | None:
    """The time-step `code` belongs to (one step either side of now), if it is right."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == CODE_DIGITS):
        return None
    try:
        secret, current_key = open_totp_secret(user.totp_sealed)
    except CryptoError:  # sealed under a key the console no longer holds: staff reset-mfa
        return None
    totp = pyotp.TOTP(secret, digits=CODE_DIGITS)
    now_step = totp.timecode(now)
    for step in (now_step - 1, now_step, now_step + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            if not current_key:  # a key rotation is under way: move it to the new key
                user.totp_sealed = seal_totp_secret(secret)
            return step
    return None


@dataclass
class Attempt:
    user: StaffUser | None
    ok: bool
    wait_until: datetime | None = None  # too many tries from here: nothing was checked
    locked_until: datetime | None = None  # the right password, but wrong codes locked the account
    known_cookie: str | None = None  # signed in: the browser's known-browser cookie, renewed


def _refusal(user: StaffUser | None, password_ok: bool) -> str | None:
    """Why an attempt fails before its code is looked at; the same answer to the person either way."""
    if user is None:
        return "unknown name"
    if seal_state(user) is Seal.BROKEN:
        return "tampered"
    if user.disabled:
        return "disabled"
    return None if password_ok else "password"


def sign_in(
    name: str,
    password: str,
    code: str,
    client: str,
    known_cookie: str | None = None,
    now: datetime | None = None,
    session_id: str | None = None,
) -> Attempt:
    """Check all three, with back-off; commits and audits. `client`: the address, as a keyed hash;
    `session_id`: the public id the new session will have, for the audit log."""
    now = now or utcnow()
    user = find(name) if name.strip() else None
    actor = user.name if user else audit.UNKNOWN_ACTOR
    where = throttle.buckets(name, client, throttle.known_for(known_cookie, user, now))
    waiting = throttle.wait_until(where, now)
    if waiting is not None:
        audit.record(actor, "sign_in_failed", detail="waiting", commit=True)
        return Attempt(user, False, wait_until=waiting)
    password_ok = _password_ok(user, password)
    reason = _refusal(user, password_ok)
    if reason is None and user is not None and user.locked(now):
        # Said only to someone with the right password: a stranger learns nothing from it.
        audit.record(actor, "sign_in_failed", detail="locked", commit=True)
        return Attempt(user, False, locked_until=user.locked_until)
    if reason is None and user is not None:
        try:
            reason = update(user.id, lambda fresh: _use_code(fresh, code, password, now, session_id))
        except Tampered:
            reason = "tampered"
    if reason is None and user is not None:
        throttle.succeeded(where)
        db.session.commit()
        return Attempt(user, True, known_cookie=throttle.remember(known_cookie, user, now))
    if reason not in {"code", "code used"}:  # those are recorded with the account's change
        audit.record(actor, "sign_in_failed", detail=reason)
    if reason == "tampered":
        audit.record(actor, "tampered", detail="account")
    for bucket in throttle.failed(where, now):  # commits
        audit.record(actor, "backoff", detail="this address" if bucket == "shared" else "this name here", commit=True)
    return Attempt(user, False)


def _use_code(user: StaffUser, code: str, password: str, now: datetime, session_id: str | None) -> str | None:
    """Within an account change: the code used (None), or why not; wrong codes lock the account."""
    step = _code_step(user, code, now)
    if step is not None and (user.totp_last_step is None or user.totp_last_step < step):
        user.totp_last_step = step  # this code, and every older one, never works again
        user.code_failures = 0
        user.locked_until = None
        user.last_sign_in_at = now
        hasher = passwords.current().hasher
        if hasher.check_needs_rehash(user.password_hash):
            user.password_hash = hasher.hash(password)
        audit.record(user.name, "sign_in", session=session_id)
        return None
    reason = "code" if step is None else "code used"
    audit.record(user.name, "sign_in_failed", detail=reason)
    user.code_failures += 1
    if user.code_failures >= MAX_CODE_FAILURES:
        user.code_failures = 0
        user.locked_until = now + LOCK_FOR
        audit.record(user.name, "locked_out")
    return reason
