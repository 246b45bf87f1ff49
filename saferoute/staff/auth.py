"""Accounts and sign-in: Argon2 passwords, one-time codes used once, lock-out.

Plain functions over the database, usable from views, commands and tests.
Sign-in never says which part was wrong, or whether the name exists: an
unknown name still costs one Argon2 verification, so it takes as long.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyotp
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from nacl.exceptions import CryptoError
from sqlalchemy import or_, select, update

from ..database import rows_affected
from ..extensions import db
from . import audit, passwords
from .keyfile import open_totp_secret, seal_totp_secret
from .models import StaffUser
from .sessions import end_sessions_of

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD = 12
MAX_PASSWORD = 256
MIN_NAME, MAX_NAME = 2, 64
CODE_DIGITS = 6  # one-time codes, a new one every 30 seconds (RFC 6238's usual setting)
ISSUER = "SafeRoute hub"


class AccountError(Exception):
    """A command cannot do what was asked; the message says why."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def normalise_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def check_new_name(name: str) -> str:
    name = normalise_name(name)
    if not MIN_NAME <= len(name) <= MAX_NAME or not all(c.isalnum() or c in "._-" for c in name):
        raise AccountError(f"a name is {MIN_NAME} to {MAX_NAME} letters, digits, dots, dashes or underscores")
    return name


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"a password has at most {MAX_PASSWORD} characters")


def find(name: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(StaffUser.name == normalise_name(name)))


def provisioning_uri(user: StaffUser, secret: str) -> str:
    return pyotp.TOTP(secret, digits=CODE_DIGITS).provisioning_uri(name=user.name, issuer_name=ISSUER)


def new_totp(user: StaffUser) -> str:
    """A fresh one-time-code secret for `user`; the caller shows it once and commits."""
    secret = pyotp.random_base32(32)
    user.totp_sealed = seal_totp_secret(secret)
    user.totp_last_step = None
    return secret


def create(name: str, password: str, admin: bool = False) -> tuple[StaffUser, str]:
    name = check_new_name(name)
    check_new_password(password)
    if find(name) is not None:
        raise AccountError(f"an account called {name!r} already exists")
    user = StaffUser(
        name=name,
        is_admin=admin,
        password_hash=passwords.current().hasher.hash(password),
        totp_sealed=b"",
        failed_attempts=0,
        created_at=utcnow(),
    )
    secret = new_totp(user)
    db.session.add(user)
    audit.record(audit.CLI_ACTOR, "account_created", detail=f"{name}{' (admin)' if admin else ''}"[:64])
    db.session.commit()
    return user, secret


def _existing(name: str) -> StaffUser:
    user = find(name)
    if user is None:
        raise AccountError(f"no account called {normalise_name(name)!r}")
    return user


def reset_password(name: str, password: str) -> StaffUser:
    user = _existing(name)
    check_new_password(password)
    user.password_hash = passwords.current().hasher.hash(password)
    end_sessions_of(user.id)
    audit.record(audit.CLI_ACTOR, "password_reset", detail=user.name)
    db.session.commit()
    return user


def reset_mfa(name: str) -> tuple[StaffUser, str]:
    user = _existing(name)
    secret = new_totp(user)
    end_sessions_of(user.id)
    audit.record(audit.CLI_ACTOR, "mfa_reset", detail=user.name)
    db.session.commit()
    return user, secret


def unlock(name: str) -> StaffUser:
    user = _existing(name)
    user.locked_until = None
    user.failed_attempts = 0
    audit.record(audit.CLI_ACTOR, "unlock", detail=user.name)
    db.session.commit()
    return user


def disable(name: str) -> StaffUser:
    user = _existing(name)
    if user.disabled_at is None:
        user.disabled_at = utcnow()
    end_sessions_of(user.id)
    audit.record(audit.CLI_ACTOR, "account_disabled", detail=user.name)
    db.session.commit()
    return user


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


def sign_in(name: str, password: str, code: str, now: datetime | None = None) -> Attempt:
    """Check all three; count failures; lock after MAX_FAILURES. Commits and audits."""
    now = now or utcnow()
    user = find(name) if name.strip() else None
    password_ok = _password_ok(user, password)
    if user is None:
        audit.record(audit.UNKNOWN_ACTOR, "sign_in_failed", detail="unknown name", commit=True)
        return Attempt(None, False)
    if user.disabled:
        audit.record(user.name, "sign_in_failed", detail="disabled", commit=True)
        return Attempt(user, False)
    if user.locked(now):
        audit.record(user.name, "sign_in_failed", detail="locked", commit=True)
        return Attempt(user, False)
    step = _code_step(user, code, now) if password_ok else None
    if step is not None and not _claim_step(user, step):
        reason = "code used"
    elif step is None:
        reason = "password" if not password_ok else "code"
    else:
        reason = None
    if reason is not None:
        db.session.execute(
            update(StaffUser).where(StaffUser.id == user.id).values(failed_attempts=StaffUser.failed_attempts + 1)
        )
        db.session.refresh(user)
        audit.record(user.name, "sign_in_failed", detail=reason)
        if user.failed_attempts >= MAX_FAILURES:
            user.locked_until = now + LOCK_FOR
            user.failed_attempts = 0
            audit.record(user.name, "locked_out")
        db.session.commit()
        return Attempt(user, False)
    user.failed_attempts = 0
    user.locked_until = None
    user.last_sign_in_at = now
    hasher = passwords.current().hasher
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    audit.record(user.name, "sign_in")
    db.session.commit()
    return Attempt(user, True)


def _claim_step(user: StaffUser, step: int) -> bool:
    """Mark `step` used, atomically: of two sign-ins racing with one code, one wins."""
    claimed = rows_affected(
        update(StaffUser)
        .where(StaffUser.id == user.id, or_(StaffUser.totp_last_step.is_(None), StaffUser.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(user)
    return claimed == 1
