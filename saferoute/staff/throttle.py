"""Sign-in back-off: wrong tries slow down where they come from, never the account everywhere.

Failures are counted per client address (every name tried from there) and per
name and address. A browser that has signed in to an account before (a "known
browser": its cookie carries the console's seal) has its own count for that
account instead, so a stranger who shares the office's address cannot slow
the people who work there. After FREE_TRIES failures each further one doubles
the wait, from FIRST_WAIT up to LONGEST_WAIT; a count is forgotten a day after
its last failure.

So wrong passwords only ever slow down where they come from. The account
itself is locked only by wrong codes after the right password (auth.py), and
only someone who has the password can do that.

Counts are keyed by an HMAC (a key only the console holds) of the address or
name: the table never holds an address or anything typed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from . import integrity
from .keyfile import derive, private_key
from .models import SignInBackoff, StaffUser

FREE_TRIES = 5
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
FORGET_AFTER = timedelta(days=1)
KNOWN_COOKIE = "__Host-saferoute-known"
KNOWN_FOR = timedelta(days=90)
KNOWN_KEPT = 5  # accounts one browser is remembered for (a shared desk)
_TOKEN = re.compile(r"[0-9]{1,12}\.[0-9]{1,12}\.[0-9a-f]{32}")


def _key(*parts: str) -> str:
    message = json.dumps(parts, separators=(",", ":")).encode()
    return hmac.new(derive(private_key(), b"saferoute-wait"), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Buckets:
    """Where a sign-in attempt's failures are counted."""

    own: str  # this name from this address, or this known browser for this account
    shared: str | None  # this address, for every name (None for a known browser)

    @property
    def keys(self) -> list[str]:
        return [key for key in (self.own, self.shared) if key]


def buckets(name: str, client: str, known: str | None) -> Buckets:
    if known:
        return Buckets(own=_key("known", known), shared=None)
    return Buckets(own=_key("name", " ".join(name.split()).casefold(), client), shared=_key("client", client))


def wait_until(where: Buckets, now: datetime) -> datetime | None:
    """When this attempt may be checked, if it must wait."""
    rows = db.session.scalars(select(SignInBackoff).where(SignInBackoff.key.in_(where.keys))).all()
    waits = [row.wait_until for row in rows if row.wait_until is not None and row.wait_until > now]
    return max(waits, default=None)


def _wait_for(failures: int) -> timedelta:
    return min(FIRST_WAIT * 2 ** min(failures - FREE_TRIES, 12), LONGEST_WAIT)


def failed(where: Buckets, now: datetime) -> list[str]:
    """Count a failure everywhere it belongs; commits. Which buckets ("own", "shared") began to wait now."""
    db.session.execute(delete(SignInBackoff).where(SignInBackoff.last_failure_at < now - FORGET_AFTER))
    began = []
    for kind, key in (("own", where.own), ("shared", where.shared)):
        if key and _count(key, now) == FREE_TRIES:
            began.append(kind)
    return began


def _count(key: str, now: datetime) -> int:
    for _attempt in range(3):
        row = db.session.get(SignInBackoff, key, populate_existing=True)
        if row is None:
            row = SignInBackoff(key=key, failures=0, last_failure_at=now)
            db.session.add(row)
        row.failures += 1
        row.last_failure_at = now
        if row.failures >= FREE_TRIES:
            row.wait_until = now + _wait_for(row.failures)
        failures = row.failures
        try:
            db.session.commit()
            return failures
        except IntegrityError:  # the same key counted at the same moment: count again on top of it
            db.session.rollback()
    return 0


def succeeded(where: Buckets) -> None:
    """The right person got in from here: their own count starts again. The address's does not,
    or one account could clear the way for guessing at another. The caller commits."""
    db.session.execute(delete(SignInBackoff).where(SignInBackoff.key == where.own))


def _known_mac(user: StaffUser, issued: int) -> str:
    return integrity.seal("known browser", user.id, user.name, issued)[:32]


def known_for(cookie: str | None, user: StaffUser | None, now: datetime) -> str | None:
    """The id of this browser's token for `user`, if it carries one the console sealed and it is fresh."""
    if not cookie or user is None:
        return None
    for token in cookie.split("~")[:KNOWN_KEPT]:
        user_id, _, rest = token.partition(".")
        issued, _, mac = rest.partition(".")
        if not (user_id == str(user.id) and issued.isdigit() and len(mac) == 32):
            continue
        age = now - datetime.fromtimestamp(int(issued), UTC)
        if timedelta(0) <= age < KNOWN_FOR and hmac.compare_digest(mac, _known_mac(user, int(issued))):
            return mac
    return None


def remember(cookie: str | None, user: StaffUser, now: datetime) -> str:
    """The cookie's new value: a fresh token for `user`, and the other accounts' tokens kept."""
    issued = int(now.timestamp())
    others = [
        token
        for token in (cookie or "").split("~")[:KNOWN_KEPT]
        if _TOKEN.fullmatch(token) and not token.startswith(f"{user.id}.")
    ]
    return "~".join([f"{user.id}.{issued}.{_known_mac(user, issued)}", *others[: KNOWN_KEPT - 1]])
