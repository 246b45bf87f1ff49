"""Sealing: only the private key opens a request; the site starts only with a valid public key."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import pytest
from nacl.encoding import Base64Encoder
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey

from saferoute import config
from saferoute.callback.sealing import FORMAT_VERSION, PADDED_SIZE, load_public_key, seal, unseal, version_of
from saferoute.keys import generate_pair, write_once
from tests.apps import build_app


def test_sealed_payload_opens_only_with_the_hub_private_key(tmp_path):
    public_file, private_file = generate_pair(tmp_path)
    public = load_public_key(public_file)
    private = PrivateKey(private_file.read_bytes().strip(), encoder=Base64Encoder)
    payload = {"phone": "+447911123456", "note": "Zoë ∑ <b>"}
    sealed = seal(payload, public)
    assert b"447911123456" not in sealed and b"note" not in sealed
    assert unseal(sealed, private) == {"v": FORMAT_VERSION, **payload}
    with pytest.raises(CryptoError):
        unseal(sealed, PrivateKey.generate())


def test_a_reader_knows_only_the_formats_this_code_reads(tmp_path):
    public_file, private_file = generate_pair(tmp_path)
    private = PrivateKey(private_file.read_bytes().strip(), encoder=Base64Encoder)
    assert version_of(unseal(seal({"note": "x"}, load_public_key(public_file)), private)) == FORMAT_VERSION
    assert version_of({"v": 1, "note": "x"}) == 1
    for other in (
        {"v": FORMAT_VERSION + 1, "note": "x"},
        {"v": "1"},
        {"v": True},
        {"v": 1.0},
        {"note": "x"},
        ["v", 1],
        None,
    ):
        assert version_of(other) is None, other


def test_a_payload_bigger_than_its_size_is_refused_not_grown(tmp_path):
    public = load_public_key(generate_pair(tmp_path)[0])
    assert len(seal({"note": "x" * 100}, public, size=PADDED_SIZE)) == PADDED_SIZE + 48
    with pytest.raises(ValueError, match="must fit"):
        seal({"note": "x" * PADDED_SIZE}, public, size=PADDED_SIZE)


def test_every_sealed_payload_has_the_same_size(tmp_path):
    public = load_public_key(generate_pair(tmp_path)[0])
    short = seal({"note": ""}, public)
    long = seal({"note": "ű" * 500, "name": "x" * 40}, public)
    assert len(short) == len(long) == PADDED_SIZE + 48
    assert seal({"note": ""}, public) != short, "sealing is randomised"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no hub public key"),
        (b"not base64 at all!", "is not a hub public key"),
        (base64.b64encode(b"short"), "is not a hub public key"),
        (base64.b64encode(bytes(32)), "is not a hub public key"),
        (b"\xff\xfe", "cannot read the hub public key"),
    ],
)
def test_a_missing_or_invalid_public_key_is_refused_by_name(tmp_path, content, message):
    path = tmp_path / "hub_public.key"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(config.ConfigError, match=message):
        load_public_key(path)


def test_the_app_refuses_to_start_without_the_public_key(tmp_path):
    instance = tmp_path / "instance"
    write_once(instance / "secret_key", b"s" * 64)
    with pytest.raises(config.ConfigError, match="no hub public key"):
        build_app(instance)


def test_start_up_without_the_public_key_is_one_clear_line(tmp_path):
    write_once(tmp_path / "secret", b"s" * 64)
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": "/usr/bin:/bin",
            "SAFEROUTE_SECRET_KEY_FILE": str(tmp_path / "secret"),
            "SAFEROUTE_PUBLIC_KEY_FILE": str(tmp_path / "missing.key"),
            "SAFEROUTE_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"saferoute: cannot start: no hub public key at {tmp_path / 'missing.key'} "
        "(create a pair with: flask --app saferoute keys generate DIR)"
    ]


def test_the_web_app_never_loads_the_private_key(app):
    assert "saferoute.public_key" in app.extensions
    assert not any(isinstance(value, PrivateKey) for value in app.extensions.values())
