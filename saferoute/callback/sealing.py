"""Sealing: requests are encrypted to the hub's public key before they are stored.

The web site holds the public key only, so neither it nor anyone who copies
its database can open a stored request; only the staff console, which holds
the private key, can. A call-back request is padded to a size that depends
only on how many windows were chosen (stored in clear anyway), so its length
says nothing about what was typed: with the default rules, every one is the
same size (payload.padded_size).
"""

from __future__ import annotations

import json
from pathlib import Path

from nacl.public import PrivateKey, PublicKey, SealedBox

from ..keys import read_key

# Bytes of JSON before sealing: the smallest size, a call-back request with every window the default
# rules offer (safe contact with who not to speak to, and why they asked). The one rule for a request's
# size is payload.padded_size: this, plus more windows, plus a kind's own room (RequestKind.typed_room).
PADDED_SIZE = 5120
FORMAT_VERSION = 2  # sealed into every payload; 2 seals each window with its end
READABLE = (1, FORMAT_VERSION)  # 1 sealed window starts only: the console still reads it (payload.py)
_VERSION = "v"


def load_public_key(path: Path) -> PublicKey:
    """The hub's public key, or ConfigError naming the file (the app refuses to start)."""
    return PublicKey(read_key(path, "hub public key", "create a pair with: flask --app saferoute keys generate DIR"))


def encode(value: object) -> bytes:
    """JSON as it is sealed: compact, and UTF-8 as typed (what payload.padded_size counts)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def seal(payload: dict, key: PublicKey, size: int | None = None) -> bytes:
    """Encrypt `payload` to `key`, padded to `size` bytes (or to whole blocks of PADDED_SIZE).

    A payload bigger than the `size` asked for is refused, never quietly grown:
    its length would tell what was typed.
    """
    data = encode({_VERSION: FORMAT_VERSION, **payload})
    if size is None:
        size = max(PADDED_SIZE, -(-len(data) // PADDED_SIZE) * PADDED_SIZE)
    elif len(data) > size:
        raise ValueError(f"a sealed payload must fit {size} bytes")
    return SealedBox(key).encrypt(data.ljust(size, b" "))


def unseal(sealed: bytes, key: PrivateKey) -> dict:
    """For the staff console (and tests): the web site never has the private key."""
    return json.loads(SealedBox(key).decrypt(sealed))


def version_of(payload: object) -> int | None:
    """The format an opened payload says it is in, if it is one this code reads (not True, nor 1.0)."""
    version = payload.get(_VERSION) if isinstance(payload, dict) else None
    return version if type(version) is int and version in READABLE else None
