"""Settings: defaults, refusals, and the secret the app never invents."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from saferoute import config
from saferoute.keys import write_once


def test_defaults(tmp_path):
    settings = config.from_environ({}, instance=tmp_path)
    assert settings.env == "development"
    assert settings.secret_key_file == tmp_path / "secret_key"
    assert settings.database_url == f"sqlite:///{tmp_path / 'saferoute.sqlite3'}"
    assert settings.exit_urls == {"": config.DEFAULT_EXIT_URL}
    assert settings.languages == ("en", "pl", "ro", "lt", "bg", "uk", "ru", "tr", "pt", "ar", "ur", "pa", "ne", "bn")
    assert settings.public_key_file == tmp_path / "hub_public.key"
    assert settings.private_key_file is None
    assert not settings.staff_enabled and not settings.behind_tls
    assert settings.ratelimit_storage_uri == "memory://"
    assert settings.retention_days == 30


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SAFEROUTE_ENV": "staging"}, "SAFEROUTE_ENV"),
        ({"SAFEROUTE_RETENTION_DAYS": "soon"}, "SAFEROUTE_RETENTION_DAYS"),
        ({"SAFEROUTE_RETENTION_DAYS": "0"}, "SAFEROUTE_RETENTION_DAYS"),
        ({"SAFEROUTE_EXIT_URL": "http://weather.example"}, "https://"),
        ({"SAFEROUTE_EXIT_URL": "pl=https://weather.example"}, "default address"),
        ({"SAFEROUTE_LANGUAGES": " "}, "SAFEROUTE_LANGUAGES"),
    ],
)
def test_bad_settings_are_refused_by_name(tmp_path, env, message):
    with pytest.raises(config.ConfigError, match=message):
        config.from_environ(env, instance=tmp_path)


def test_production_refuses_plain_http_and_a_loose_secret(tmp_path):
    write_once(tmp_path / "secret_key", b"s" * 64)
    settings = config.from_environ({"SAFEROUTE_ENV": "production"}, instance=tmp_path)
    with pytest.raises(config.ConfigError, match="SAFEROUTE_BEHIND_TLS"):
        config.check_production(settings)
    settings = config.from_environ({"SAFEROUTE_ENV": "production", "SAFEROUTE_BEHIND_TLS": "1"}, instance=tmp_path)
    config.check_production(settings)
    (tmp_path / "secret_key").chmod(0o644)
    with pytest.raises(config.ConfigError, match="chmod 600"):
        config.check_production(settings)


def test_production_public_site_refuses_the_private_key(tmp_path):
    write_once(tmp_path / "secret_key", b"s" * 64)
    env = {"SAFEROUTE_ENV": "production", "SAFEROUTE_BEHIND_TLS": "1", "SAFEROUTE_PRIVATE_KEY_FILE": "hub_private.key"}
    with pytest.raises(config.ConfigError, match="must not hold the private key"):
        config.check_production(config.from_environ(env, instance=tmp_path))


def test_missing_or_short_secret_is_refused(tmp_path):
    settings = config.from_environ({}, instance=tmp_path)
    with pytest.raises(config.ConfigError, match="no secret key"):
        config.read_secret_key(settings)
    (tmp_path / "secret_key").write_text("short")
    with pytest.raises(config.ConfigError, match="too short"):
        config.read_secret_key(settings)


def test_write_once_never_overwrites(tmp_path):
    target = tmp_path / "secret"
    write_once(target, b"first")
    with pytest.raises(FileExistsError):
        write_once(target, b"second")
    assert target.read_bytes() == b"first"
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert list(tmp_path.iterdir()) == [target], "no temporary file is left behind"


def _start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    root = Path(__file__).resolve().parents[2]
    return subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "SAFEROUTE_SECRET_KEY_FILE": str(tmp_path / "none"), **env},
    )


def test_missing_secret_stops_start_up_with_one_line(tmp_path):
    result = _start(tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"saferoute: cannot start: no secret key at {tmp_path / 'none'} "
        "(create one with: flask --app saferoute keys secret FILE)"
    ]


def test_malformed_directory_stops_start_up_with_one_line(tmp_path):
    write_once(tmp_path / "secret", b"s" * 64)
    broken = tmp_path / "area.toml"
    broken.write_text('area = "X"\ntimezone = "Europe/London"\n[[route]]\nid = "emergency"\n')
    result = _start(tmp_path, SAFEROUTE_SECRET_KEY_FILE=str(tmp_path / "secret"), SAFEROUTE_DIRECTORY=str(broken))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["saferoute: cannot start: route 'emergency': missing field 'kind'"]
