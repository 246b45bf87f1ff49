"""Sealing: requests are encrypted to the hub's public key before they are stored.

The web site holds the public key only, so neither it nor anyone who copies
its database can open a stored request; only the staff console, which holds
the private key, can. Every sealed payload is padded to the same size so its
length says nothing about how long the note or name was.
"""

from __future__ import annotations

import json
from pathlib import Path

from nacl.public import PrivateKey, PublicKey, SealedBox

from ..keys import read_key

PADDED_SIZE = 4096  # bytes of JSON before sealing: more than the longest form allows
FORMAT_VERSION = 1  # sealed into every payload: a reader refuses a format it does not know
_VERSION = "v"


def load_public_key(path: Path) -> PublicKey:
    """The hub's public key, or ConfigError naming the file (the app refuses to start)."""
    return PublicKey(read_key(path, "hub public key", "create a pair with: flask --app saferoute keys generate DIR"))


def seal(payload: dict, key: PublicKey) -> bytes:
    data = json.dumps({_VERSION: FORMAT_VERSION, **payload}, ensure_ascii=False, separators=(",", ":")).encode()
    size = max(PADDED_SIZE, -(-len(data) // PADDED_SIZE) * PADDED_SIZE)
    return SealedBox(key).encrypt(data.ljust(size, b" "))


def unseal(sealed: bytes, key: PrivateKey) -> dict:
    """For the staff console (and tests): the web site never has the private key."""
    return json.loads(SealedBox(key).decrypt(sealed))


def is_current(payload: object) -> bool:
    """An opened payload in the format this code writes."""
    return isinstance(payload, dict) and payload.get(_VERSION) == FORMAT_VERSION
