"""Seals on what the console writes, so that a database writer cannot forge it.

The public site shares the database, and anyone who takes over a public web
server can write any row it can reach. So every row that grants power (an
account, a session, a recorded outcome) and the console's "checked" mark on a
request carry an HMAC keyed from the hub's private key, which only the console
host holds. A row whose seal does not match is treated as if it were not there.

A seal proves the console wrote those values, not that they are the newest:
see docs/SECURITY.md for what an old, validly sealed row put back can and
cannot do.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from enum import Enum

from nacl.public import PrivateKey

from .keyfile import derive, private_keys

PURPOSE = b"saferoute-seal"


class Seal(Enum):
    GOOD = "good"
    OLD_KEY = "old key"  # right, but under a key being rotated out: seal it again
    BROKEN = "broken"  # missing, or not written by this console


def _plain(value: object) -> object:
    """One exact text form per value, the same on SQLite and PostgreSQL."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    raise TypeError(f"cannot seal a {type(value).__name__}")


def _mac(key: PrivateKey, kind: str, fields: Sequence[object]) -> str:
    # The kind comes first, so a seal made for one kind of row never fits another.
    message = json.dumps([kind, *map(_plain, fields)], separators=(",", ":")).encode()
    return hmac.new(derive(key, PURPOSE), message, hashlib.sha256).hexdigest()


def seal(kind: str, *fields: object) -> str:
    """The seal over `fields`, under the current key."""
    return _mac(private_keys()[0], kind, fields)


def check(kind: str, mac: str | None, *fields: object) -> Seal:
    if not mac:
        return Seal.BROKEN
    for index, key in enumerate(private_keys()):
        if hmac.compare_digest(_mac(key, kind, fields), mac):
            return Seal.GOOD if index == 0 else Seal.OLD_KEY
    return Seal.BROKEN
