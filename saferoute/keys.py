"""Key files: write a secret once, atomically; read a key back; make the hub's pair.

The app itself never invents a secret: `flask keys` (cli.py) writes them.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from nacl.encoding import Base64Encoder
from nacl.public import PrivateKey

if TYPE_CHECKING:
    from .config import Settings

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


def private_keys_in(folders: Iterable[Path], public: bytes) -> list[Path]:
    """Files in `folders` that are a hub private key: named as `flask keys generate` names
    one (hub_private.key, or a copy such as hub_private.key.new), or holding the private
    half of `public` under any name."""
    files = [path for folder in dict.fromkeys(folders) if folder.is_dir() for path in sorted(folder.iterdir())]
    return [path for path in files if path.name.startswith(PRIVATE_NAME) or _private_half_of(path, public)]


def _private_half_of(path: Path, public: bytes) -> bool:
    try:
        if not path.is_file() or path.stat().st_size > 256:
            return False
        raw = base64.b64decode(path.read_bytes().strip(), validate=True)
    except (OSError, binascii.Error):
        return False
    return len(raw) == KEY_SIZE and bytes(PrivateKey(raw).public_key) == public


def refuse_private_keys(settings: Settings, public: bytes) -> None:
    """The public site refuses to start beside the hub's private key (in its instance folder,
    where its secret and public key are): whoever took that server could read every request."""
    from .config import ConfigError

    found = private_keys_in([settings.secret_key_file.parent, settings.public_key_file.parent], public)
    if found:
        raise ConfigError(f"the public site must not hold the hub's private key: move {found[0]} to the console host")


def generate_pair(directory: Path) -> tuple[Path, Path]:
    public, private = directory / PUBLIC_NAME, directory / PRIVATE_NAME
    if public.exists() or private.exists():
        raise FileExistsError(f"{public if public.exists() else private} already exists")
    key = PrivateKey.generate()
    write_once(private, key.encode(Base64Encoder) + b"\n")
    write_once(public, key.public_key.encode(Base64Encoder) + b"\n")
    return public, private
