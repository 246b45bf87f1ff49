"""`flask keys`: write secrets once, atomically. The app itself never invents one.

Registered as a Flask plugin command so it runs before any secret exists.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from pathlib import Path

import click
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


@click.group("keys", help="Create the secret key and the hub's key pair.")
def keys_cli() -> None:
    pass


@keys_cli.command("secret", help="Write a new random secret key to FILE (never overwrites).")
@click.argument("file", type=click.Path(path_type=Path))
def secret_command(file: Path) -> None:
    try:
        write_once(file, secrets.token_urlsafe(48).encode() + b"\n")
    except FileExistsError:
        raise click.ClickException(f"{file} already exists; it was left as it is") from None
    click.echo(f"wrote a secret key to {file}")


@keys_cli.command("generate", help="Write the hub's key pair into DIR (never overwrites).")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def generate_command(directory: Path) -> None:
    try:
        public, private = generate_pair(directory)
    except FileExistsError as exc:
        raise click.ClickException(f"{exc}; nothing was changed") from None
    click.echo(f"public key:  {public}\n  goes on the public web servers (SAFEROUTE_PUBLIC_KEY_FILE)")
    click.echo(f"private key: {private}\n  goes ONLY on the staff console host (SAFEROUTE_PRIVATE_KEY_FILE);")
    click.echo("  keep an offline copy: without it no stored request can ever be read")
