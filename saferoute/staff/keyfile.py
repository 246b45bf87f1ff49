"""The hub's private key: loaded once on the console host, checked against the public key.

Only the staff console holds it. It opens sealed requests, and a key derived
from it seals each account's one-time-code secret, so the public site (which
shares the database) can neither read requests nor mint codes.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from nacl.encoding import RawEncoder
from nacl.exceptions import CryptoError
from nacl.hash import blake2b
from nacl.public import PrivateKey, PublicKey
from nacl.secret import SecretBox

from ..config import ConfigError, Settings
from ..keys import read_key

EXTENSION = "saferoute.private_key"


def _read_private(path: Path, production: bool) -> PrivateKey:
    try:
        loose = production and path.stat().st_mode & 0o077
    except OSError:
        loose = False  # read_key names a missing or unreadable file
    if loose:
        raise ConfigError(f"{path} must be readable by its owner only (chmod 600)")
    return PrivateKey(read_key(path, "hub private key", "SAFEROUTE_PRIVATE_KEY_FILE"))


def key_paths(setting: Path) -> list[Path]:
    """SAFEROUTE_PRIVATE_KEY_FILE is one path, or during a key rotation several joined by ':'
    (the current key first). Relative ones are taken from the first one's folder."""
    first, *others = str(setting).split(":")
    base = Path(first)
    return [base] + [Path(p) if Path(p).is_absolute() else base.parent / p for p in others if p]


def load_private_keys(settings: Settings, public: PublicKey) -> list[PrivateKey]:
    """The console's keys, the first matching the public key; or ConfigError with one clear line."""
    if settings.private_key_file is None:
        raise ConfigError("SAFEROUTE_STAFF_ENABLED needs SAFEROUTE_PRIVATE_KEY_FILE (the hub's private key)")
    paths = key_paths(settings.private_key_file)
    keys = [_read_private(path, settings.production) for path in paths]
    if bytes(keys[0].public_key) != bytes(public):
        raise ConfigError(f"the private key in {paths[0]} does not match the public key in {settings.public_key_file}")
    return keys


def private_key() -> PrivateKey:
    """The current key: the one whose public half the site seals with now."""
    return current_app.extensions[EXTENSION][0]


def private_keys() -> list[PrivateKey]:
    """Every key the console holds, current first (older ones only during a rotation)."""
    return current_app.extensions[EXTENSION]


def derive(key: PrivateKey, purpose: bytes) -> bytes:
    """A 32-byte key for one purpose, derived from the private key: held only where it is."""
    return blake2b(bytes(key), digest_size=32, person=purpose, encoder=RawEncoder)


def _totp_box(key: PrivateKey) -> SecretBox:
    return SecretBox(derive(key, b"saferoute-totp"))


def seal_totp_secret(secret: str, key: PrivateKey | None = None) -> bytes:
    return bytes(_totp_box(key or private_key()).encrypt(secret.encode()))


def open_totp_secret(sealed: bytes) -> tuple[str, bool]:
    """The secret, and whether it was sealed under the current key (else: seal it again)."""
    for index, key in enumerate(private_keys()):
        try:
            return _totp_box(key).decrypt(sealed).decode(), index == 0
        except CryptoError:
            continue
    raise CryptoError("sealed under no key the console holds")
