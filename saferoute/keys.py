"""Key files: write a secret once, atomically; read a key back; make the hub's pair.

The app itself never invents a secret: `flask keys` (cli.py) writes them.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from pathlib import Path

from nacl.encoding import Base64Encoder
from nacl.public import PrivateKey

KEY_SIZE = 32  # bytes of a Curve25519 key, public or private
PUBLIC_NAME = "hub_public.key"
PRIVATE_NAME = "hub_private.key"


def write_once(path: Path, data: bytes) -> None:
    """Write `data` to `path` only if it does not exist, never leaving half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)  # fails if the file appeared meanwhile: first writer wins
    finally:
        tmp.unlink(missing_ok=True)


def read_key(path: Path, what: str, missing: str) -> bytes:
    """The 32 raw bytes of a base64 key file, or ConfigError naming the file (start-up stops)."""
    from .config import ConfigError

    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise ConfigError(f"no {what} at {path} ({missing})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the {what} at {path}: {type(exc).__name__}") from None
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error:
        raw = b""
    if len(raw) != KEY_SIZE or raw == bytes(KEY_SIZE):
        raise ConfigError(f"{path} is not a {what} (32 bytes, base64, as written by flask keys generate)")
    return raw


def generate_pair(directory: Path) -> tuple[Path, Path]:
    public, private = directory / PUBLIC_NAME, directory / PRIVATE_NAME
    if public.exists() or private.exists():
        raise FileExistsError(f"{public if public.exists() else private} already exists")
    key = PrivateKey.generate()
    write_once(private, key.encode(Base64Encoder) + b"\n")
    write_once(public, key.public_key.encode(Base64Encoder) + b"\n")
    return public, private
