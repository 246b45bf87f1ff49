"""The hub's private key: loaded once on the console host, checked against the public key.

Only the staff console holds it. It opens sealed requests, and a key derived
from it seals each account's one-time-code secret, so the public site (which
shares the database) can neither read requests nor mint codes.
"""

from __future__ import annotations

import base64
import binascii

from flask import current_app
from nacl.encoding import RawEncoder
from nacl.hash import blake2b
from nacl.public import PrivateKey, PublicKey
from nacl.secret import SecretBox

from ..config import ConfigError, Settings

EXTENSION = "saferoute.private_key"


def load_private_key(settings: Settings, public: PublicKey) -> PrivateKey:
    """The staff console's key, checked against the public key; or ConfigError with one clear line."""
    if settings.private_key_file is None:
        raise ConfigError("SAFEROUTE_STAFF_ENABLED needs SAFEROUTE_PRIVATE_KEY_FILE (the hub's private key)")
    path = settings.private_key_file
    try:
        if settings.production and path.stat().st_mode & 0o077:
            raise ConfigError(f"{path} must be readable by its owner only (chmod 600)")
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise ConfigError(f"no hub private key at {path} (SAFEROUTE_PRIVATE_KEY_FILE)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the hub private key at {path}: {type(exc).__name__}") from None
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error:
        raw = b""
    if len(raw) != PrivateKey.SIZE:
        raise ConfigError(f"{path} is not a hub private key (32 bytes, base64, as written by flask keys generate)")
    private = PrivateKey(raw)
    if bytes(private.public_key) != bytes(public):
        raise ConfigError(f"the private key in {path} does not match the public key in {settings.public_key_file}")
    return private


def private_key() -> PrivateKey:
    return current_app.extensions[EXTENSION]


def _totp_box(key: PrivateKey) -> SecretBox:
    derived = blake2b(bytes(key), digest_size=32, person=b"saferoute-totp", encoder=RawEncoder)
    return SecretBox(derived)


def seal_totp_secret(secret: str, key: PrivateKey | None = None) -> bytes:
    return bytes(_totp_box(key or private_key()).encrypt(secret.encode()))


def open_totp_secret(sealed: bytes, key: PrivateKey | None = None) -> str:
    return _totp_box(key or private_key()).decrypt(sealed).decode()
