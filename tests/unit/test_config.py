"""Settings: defaults, refusals, and the secret the app never invents."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from saferoute import config
from saferoute.i18n import KNOWN
from saferoute.keys import write_once


def test_defaults(tmp_path):
    settings = config.from_environ({}, instance=tmp_path)
    assert settings.env == "development"
    assert settings.secret_key_file == tmp_path / "secret_key"
    assert settings.database_url == f"sqlite:///{tmp_path / 'saferoute.sqlite3'}"
    assert settings.directory == config.PACKAGE_DIR / "directory" / "kent.toml"
    assert settings.exit_urls == {"": "https://www.bbc.co.uk/weather"}
    assert settings.languages == tuple(KNOWN), "every language SafeRoute knows, English first"
    assert settings.languages[0] == "en"
    assert settings.public_key_file == tmp_path / "hub_public.key"
    assert settings.private_key_file is None
    assert not settings.staff_enabled and not settings.behind_tls
    assert settings.ratelimit_storage_uri == "database://"
    assert settings.retention_days == 30
    assert (settings.callback_window_minutes, settings.callback_lead_minutes, settings.callback_horizon_days) == (
        120,
        30,
        7,
    )
    assert settings.callback_rate_limit == "5 per hour;20 per day"
    assert settings.withdraw_rate_limit == "10 per hour;30 per day"


def test_an_empty_setting_means_its_default(tmp_path):
    empty = dict.fromkeys([*config.DEFAULTS, *config.WHOLE], "")
    assert config.from_environ(empty, instance=tmp_path) == config.from_environ({}, instance=tmp_path)


@pytest.mark.parametrize(
    ("name", "value", "accepted"),
    [
        ("SAFEROUTE_RETENTION_DAYS", "1", True),
        ("SAFEROUTE_RETENTION_DAYS", "365", True),
        ("SAFEROUTE_RETENTION_DAYS", "366", False),
        ("SAFEROUTE_RETENTION_DAYS", "-1", False),
        ("SAFEROUTE_CALLBACK_WINDOW_MINUTES", "15", True),
        ("SAFEROUTE_CALLBACK_WINDOW_MINUTES", "14", False),
        ("SAFEROUTE_CALLBACK_WINDOW_MINUTES", "720", True),
        ("SAFEROUTE_CALLBACK_WINDOW_MINUTES", "721", False),
        ("SAFEROUTE_CALLBACK_LEAD_MINUTES", "0", True),
        ("SAFEROUTE_CALLBACK_LEAD_MINUTES", "1440", True),
        ("SAFEROUTE_CALLBACK_LEAD_MINUTES", "1441", False),
        ("SAFEROUTE_CALLBACK_HORIZON_DAYS", "1", True),
        ("SAFEROUTE_CALLBACK_HORIZON_DAYS", "0", False),
        ("SAFEROUTE_CALLBACK_HORIZON_DAYS", "28", True),
        ("SAFEROUTE_CALLBACK_HORIZON_DAYS", "29", False),
    ],
)
def test_whole_numbers_are_refused_outside_their_range(tmp_path, name, value, accepted):
    if accepted:
        settings = config.from_environ({name: value}, instance=tmp_path)
        assert getattr(settings, name.removeprefix("SAFEROUTE_").lower()) == int(value)
        return
    rule = config.WHOLE[name]
    with pytest.raises(config.ConfigError) as refused:
        config.from_environ({name: value}, instance=tmp_path)
    assert str(refused.value) == f"{name} must be between {rule.low} and {rule.high} {rule.unit}"


@pytest.mark.parametrize("name", list(config.WHOLE))
@pytest.mark.parametrize("value", ["soon", "2.5", "1e3", "30 days"])
def test_whole_numbers_must_be_whole_numbers(tmp_path, name, value):
    with pytest.raises(config.ConfigError, match=f"^{name} must be a whole number of (days|minutes|requests)$"):
        config.from_environ({name: value}, instance=tmp_path)


@pytest.mark.parametrize("name", ["SAFEROUTE_CALLBACK_RATE_LIMIT", "SAFEROUTE_WITHDRAW_RATE_LIMIT"])
@pytest.mark.parametrize("value", ["5 per fortnight", "five per hour", "5/hour;", "per hour", "5 per hour;;x"])
def test_rate_limits_that_do_not_parse_are_refused_by_name(tmp_path, name, value):
    with pytest.raises(config.ConfigError) as refused:
        config.from_environ({name: value}, instance=tmp_path)
    assert str(refused.value) == f"{name}: {value!r} is not a rate limit like '5 per hour;20 per day'"


@pytest.mark.parametrize("value", ["3 per minute", "5/hour", "5 per hour;20 per day", "1 per second; 100 per day"])
def test_rate_limits_in_the_limits_syntax_are_kept(tmp_path, value):
    settings = config.from_environ({"SAFEROUTE_CALLBACK_RATE_LIMIT": value}, instance=tmp_path)
    assert settings.callback_rate_limit == value


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
