"""Settings: defaults, and the only place SAFEROUTE_* environment variables are read.

Every setting is listed in README.md with its default. Production refuses weak or
missing settings instead of quietly running with development defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_INSTANCE = PACKAGE_DIR.parent / "instance"
DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather"
# English and the 13 languages chosen for Kent's communities (docs/TRANSLATIONS.md).
DEFAULT_LANGUAGES = "en pl ro lt bg uk ru tr pt ar ur pa ne bn"
MIN_SECRET_BYTES = 32


class ConfigError(Exception):
    """A setting is missing or unsafe; the message names it."""


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def parse_exit_urls(value: str) -> dict[str, str]:
    """Parse "URL [lang=URL ...]" into {"": default, lang: url}.

    The exit may lead somewhere different per language, but it must always lead
    off our site, over HTTPS, to a real page.
    """
    urls: dict[str, str] = {}
    for part in value.split():
        lang, sep, url = part.partition("=")
        if not sep:
            lang, url = "", part
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.netloc:
            raise ConfigError(f"SAFEROUTE_EXIT_URL: {url!r} is not an https:// address")
        urls[lang] = url
    if "" not in urls:
        raise ConfigError("SAFEROUTE_EXIT_URL needs a default address (one without lang=)")
    return urls


@dataclass(frozen=True)
class Settings:
    env: str
    secret_key_file: Path
    database_url: str
    directory: Path
    exit_urls: dict[str, str]
    languages: tuple[str, ...]
    public_key_file: Path
    private_key_file: Path | None
    staff_enabled: bool
    ratelimit_storage_uri: str
    retention_days: int
    behind_tls: bool
    callback_window_minutes: int = 120
    callback_lead_minutes: int = 30
    callback_horizon_days: int = 7
    callback_rate_limit: str = "5 per hour;20 per day"
    withdraw_rate_limit: str = "10 per hour;30 per day"

    @property
    def production(self) -> bool:
        return self.env == "production"


def _whole(env, name: str, default: int, low: int, high: int, unit: str) -> int:
    try:
        value = int(env.get(name, str(default)))
    except ValueError:
        raise ConfigError(f"{name} must be a whole number of {unit}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high} {unit}")
    return value


def _rate_limit(env, name: str, default: str) -> str:
    from limits import parse_many

    value = env.get(name) or default
    try:
        parse_many(value)
    except ValueError:
        raise ConfigError(f"{name}: {value!r} is not a rate limit like '5 per hour;20 per day'") from None
    return value


def from_environ(environ: dict[str, str] | None = None, instance: Path = DEFAULT_INSTANCE) -> Settings:
    """Read SAFEROUTE_* variables; relative paths are taken from the instance folder."""
    env = os.environ if environ is None else environ

    def path(name: str, default: str) -> Path:
        value = Path(env.get(name) or default)
        return value if value.is_absolute() else instance / value

    mode = env.get("SAFEROUTE_ENV", "development")
    if mode not in {"development", "production"}:
        raise ConfigError("SAFEROUTE_ENV must be 'development' or 'production'")
    try:
        retention = int(env.get("SAFEROUTE_RETENTION_DAYS", "30"))
    except ValueError:
        raise ConfigError("SAFEROUTE_RETENTION_DAYS must be a whole number of days") from None
    if not 1 <= retention <= 365:
        raise ConfigError("SAFEROUTE_RETENTION_DAYS must be between 1 and 365")
    private = env.get("SAFEROUTE_PRIVATE_KEY_FILE")
    languages = tuple(code for code in env.get("SAFEROUTE_LANGUAGES", DEFAULT_LANGUAGES).replace(",", " ").split())
    if not languages:
        raise ConfigError("SAFEROUTE_LANGUAGES must name at least one language")
    return Settings(
        env=mode,
        secret_key_file=path("SAFEROUTE_SECRET_KEY_FILE", "secret_key"),
        database_url=env.get("SAFEROUTE_DATABASE_URL") or f"sqlite:///{instance / 'saferoute.sqlite3'}",
        directory=Path(env.get("SAFEROUTE_DIRECTORY") or PACKAGE_DIR / "directory" / "kent.toml"),
        exit_urls=parse_exit_urls(env.get("SAFEROUTE_EXIT_URL") or DEFAULT_EXIT_URL),
        languages=languages,
        public_key_file=path("SAFEROUTE_PUBLIC_KEY_FILE", "hub_public.key"),
        private_key_file=path("SAFEROUTE_PRIVATE_KEY_FILE", private) if private else None,
        staff_enabled=_flag(env.get("SAFEROUTE_STAFF_ENABLED")),
        ratelimit_storage_uri=env.get("SAFEROUTE_RATELIMIT_STORAGE_URI", "memory://"),
        retention_days=retention,
        behind_tls=_flag(env.get("SAFEROUTE_BEHIND_TLS")),
        callback_window_minutes=_whole(env, "SAFEROUTE_CALLBACK_WINDOW_MINUTES", 120, 15, 720, "minutes"),
        callback_lead_minutes=_whole(env, "SAFEROUTE_CALLBACK_LEAD_MINUTES", 30, 0, 1440, "minutes"),
        callback_horizon_days=_whole(env, "SAFEROUTE_CALLBACK_HORIZON_DAYS", 7, 1, 28, "days"),
        callback_rate_limit=_rate_limit(env, "SAFEROUTE_CALLBACK_RATE_LIMIT", "5 per hour;20 per day"),
        withdraw_rate_limit=_rate_limit(env, "SAFEROUTE_WITHDRAW_RATE_LIMIT", "10 per hour;30 per day"),
    )


def read_secret_key(settings: Settings) -> bytes:
    """The app never invents a secret: `make run` (flask keys secret) writes it once."""
    try:
        key = settings.secret_key_file.read_bytes().strip()
    except FileNotFoundError:
        raise ConfigError(
            f"no secret key at {settings.secret_key_file} (create one with: flask --app saferoute keys secret FILE)"
        ) from None
    if len(key) < MIN_SECRET_BYTES:
        raise ConfigError(f"the secret key in {settings.secret_key_file} is too short")
    return key


def check_production(settings: Settings) -> None:
    """Production refuses the settings that are only acceptable on a laptop."""
    if not settings.production:
        return
    if settings.secret_key_file.stat().st_mode & 0o077:
        raise ConfigError(f"{settings.secret_key_file} must be readable by its owner only (chmod 600)")
    if not settings.behind_tls:
        raise ConfigError("production needs SAFEROUTE_BEHIND_TLS=1 (serve only behind HTTPS)")
    if settings.staff_enabled and settings.private_key_file is None:
        raise ConfigError("SAFEROUTE_STAFF_ENABLED needs SAFEROUTE_PRIVATE_KEY_FILE")
    if not settings.staff_enabled and settings.private_key_file is not None:
        raise ConfigError("the public site must not hold the private key: unset SAFEROUTE_PRIVATE_KEY_FILE")
