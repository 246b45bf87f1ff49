"""Making and mending accounts: what `flask staff ...` does on the console host.

These are the only changes that may seal an account whose seal is broken
(`mend`): a person at the console host's command line is trusted to say what
an account should be. Each says so when it does (`Changed.was_broken`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyotp
from nacl.exceptions import CryptoError
from sqlalchemy import select

from ..extensions import db
from . import audit, integrity, passwords
from .auth import (
    CODE_DIGITS,
    MAX_NAME,
    MAX_PASSWORD,
    MIN_NAME,
    end_sessions,
    find,
    normalise_name,
    reseal,
    seal_state,
    update,
    utcnow,
)
from .integrity import Seal
from .keyfile import open_totp_secret, seal_totp_secret
from .models import Outcome, StaffUser

MIN_PASSWORD = 12
ISSUER = "SafeRoute hub"


class AccountError(Exception):
    """A command cannot do what was asked; the message says why."""


@dataclass(frozen=True)
class Changed:
    user: StaffUser
    was_broken: bool  # its seal did not match before: it was changed outside the console


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


def provisioning_uri(user: StaffUser, secret: str) -> str:
    return pyotp.TOTP(secret, digits=CODE_DIGITS).provisioning_uri(name=user.name, issuer_name=ISSUER)


def new_totp(user: StaffUser) -> str:
    """A fresh one-time-code secret for `user`; the caller shows it once and seals the account."""
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
        code_failures=0,
        session_epoch=0,
        created_at=utcnow(),
    )
    secret = new_totp(user)
    reseal(user)
    db.session.add(user)
    audit.record(audit.CLI_ACTOR, "account_created", detail=f"{name}{' (admin)' if admin else ''}"[:64])
    db.session.commit()
    return user, secret


def _change(name: str, action: str, change) -> Changed:
    user = find(name)
    if user is None:
        raise AccountError(f"no account called {normalise_name(name)!r}")
    was_broken = seal_state(user) is Seal.BROKEN

    def apply(fresh: StaffUser):
        result = change(fresh)
        audit.record(audit.CLI_ACTOR, action, detail=fresh.name)
        return result

    update(user.id, apply, mend=True)
    return Changed(user, was_broken)


def reset_password(name: str, password: str) -> Changed:
    check_new_password(password)
    hashed = passwords.current().hasher.hash(password)

    def change(user: StaffUser) -> None:
        user.password_hash = hashed
        end_sessions(user)

    return _change(name, "password_reset", change)


def reset_mfa(name: str) -> tuple[Changed, str]:
    secrets: list[str] = []

    def change(user: StaffUser) -> None:
        secrets[:] = [new_totp(user)]
        end_sessions(user)

    changed = _change(name, "mfa_reset", change)
    return changed, secrets[0]


def unlock(name: str) -> Changed:
    def change(user: StaffUser) -> None:
        user.locked_until = None
        user.code_failures = 0

    return _change(name, "unlock", change)


def disable(name: str) -> Changed:
    def change(user: StaffUser) -> None:
        if user.disabled_at is None:
            user.disabled_at = utcnow()
        end_sessions(user)

    return _change(name, "account_disabled", change)


@dataclass
class Resealed:
    accounts: list[StaffUser]  # sealed now: unsealed before (an upgrade), or under a key being retired
    outcomes: int
    broken: list[StaffUser]  # a seal that is wrong: left alone (mend them one by one)


def reseal_all() -> Resealed:
    """After the upgrade that brought seals, and before an old key is removed: seal every account
    and outcome that has no seal yet, or one under an older key, with the current key (and move
    the accounts' code secrets to it)."""
    found = Resealed([], 0, [])
    for user in db.session.scalars(select(StaffUser).order_by(StaffUser.name)).all():
        state = seal_state(user)
        if state is Seal.BROKEN and user.mac:
            found.broken.append(user)
        elif state is not Seal.GOOD or not _code_secret_current(user):
            update(user.id, _move_code_secret, mend=True)
            found.accounts.append(user)
    for outcome, reference in db.session.execute(_outcomes_with_references()).all():
        state = integrity.check("outcome", outcome.mac, *outcome.sealed_values(reference))
        if state is Seal.OLD_KEY or not outcome.mac:
            outcome.mac = integrity.seal("outcome", *outcome.sealed_values(reference))
            found.outcomes += 1
    db.session.commit()
    return found


def _code_secret_current(user: StaffUser) -> bool:
    try:
        return open_totp_secret(user.totp_sealed)[1]
    except CryptoError:
        return True  # nothing to move


def _move_code_secret(user: StaffUser) -> None:
    """During a key rotation: the one-time-code secret to the current key too."""
    try:
        secret, current = open_totp_secret(user.totp_sealed)
    except CryptoError:
        return  # under no key the console holds: only reset-mfa mends that
    if not current:
        user.totp_sealed = seal_totp_secret(secret)


def _outcomes_with_references():
    from ..callback.models import CallbackRequest

    return select(Outcome, CallbackRequest.reference).join(CallbackRequest, CallbackRequest.id == Outcome.request_id)
