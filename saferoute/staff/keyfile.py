"""The hub's private key: loaded once on the console host, checked against the public key.

Only the staff console holds it. It opens sealed requests, and a key derived
from it seals each account's one-time-code secret, so the public site (which
shares the database) can neither read requests nor mint codes.
"""

from __future__ import annotations

import binascii
from pathlib import Path

from flask import current_app
from nacl.encoding import Base64Encoder, RawEncoder
from nacl.exceptions import CryptoError
from nacl.hash import blake2b
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox

from ..config import ConfigError, Settings

EXTENSION = "saferoute.private_key"


def _read_key(path: Path, what: str, kind):
    try:
        raw = path.read_bytes().strip()
    except FileNotFoundError:
        raise ConfigError(f"no {what} at {path}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read the {what} at {path}: {exc.strerror}") from None
    try:
        return kind(raw, encoder=Base64Encoder)
    except (binascii.Error, ValueError, TypeError, CryptoError):
        raise ConfigError(f"{path} does not hold a {what} (expected one written by `flask keys generate`)") from None


def load_private_key(settings: Settings) -> PrivateKey:
    """The staff console's key, or ConfigError with one clear line."""
    if settings.private_key_file is None:
        raise ConfigError("SAFEROUTE_STAFF_ENABLED needs SAFEROUTE_PRIVATE_KEY_FILE (the hub's private key)")
    path = settings.private_key_file
    if settings.production and path.exists() and path.stat().st_mode & 0o077:
        raise ConfigError(f"{path} must be readable by its owner only (chmod 600)")
    private = _read_key(path, "private key", PrivateKey)
    public = _read_key(settings.public_key_file, "public key", PublicKey)
    if bytes(private.public_key) != bytes(public):
        raise ConfigError(
            f"the private key in {path} does not match the public key in {settings.public_key_file}"
        )
    return private


def private_key() -> PrivateKey:
    return current_app.extensions[EXTENSION]


def open_sealed(blob: bytes, key: PrivateKey | None = None) -> bytes:
    """Open a sealed box. Raises nacl CryptoError when it cannot be opened."""
    return SealedBox(key or private_key()).decrypt(blob)


def seal(data: bytes, key: PrivateKey | None = None) -> bytes:
    """Seal for the hub, exactly as the public site does (the public half is enough)."""
    return SealedBox((key or private_key()).public_key).encrypt(data)


def _totp_box(key: PrivateKey) -> SecretBox:
    derived = blake2b(bytes(key), digest_size=32, person=b"saferoute-totp", encoder=RawEncoder)
    return SecretBox(derived)


def seal_totp_secret(secret: str, key: PrivateKey | None = None) -> bytes:
    return bytes(_totp_box(key or private_key()).encrypt(secret.encode()))


def open_totp_secret(sealed: bytes, key: PrivateKey | None = None) -> str:
    return _totp_box(key or private_key()).decrypt(sealed).decode()
