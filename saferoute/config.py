"""Settings: defaults, and the only place SAFEROUTE_* environment variables are read.

Every setting is listed in README.md with its default. Production refuses weak or
missing settings instead of quietly running with development defaults.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_INSTANCE = PACKAGE_DIR.parent / "instance"
DEFAULT_DIRECTORY = PACKAGE_DIR / "directory" / "kent.toml"
MIN_SECRET_BYTES = 32

# Each default once: from_environ reads these and README.md's table shows them
# (tests/unit/test_docs.py holds the two together). Relative files are in the instance folder.
DEFAULTS = {
    "SAFEROUTE_ENV": "development",
    "SAFEROUTE_SECRET_KEY_FILE": "secret_key",
    "SAFEROUTE_PUBLIC_KEY_FILE": "hub_public.key",
    "SAFEROUTE_EXIT_URL": "https://www.bbc.co.uk/weather",
    "SAFEROUTE_RATELIMIT_STORAGE_URI": "database://",
    "SAFEROUTE_CALLBACK_RATE_LIMIT": "5 per hour;20 per day",
    "SAFEROUTE_WITHDRAW_RATE_LIMIT": "10 per hour;30 per day",
}
DATABASE_FILE = "saferoute.sqlite3"  # in the instance folder, unless SAFEROUTE_DATABASE_URL says otherwise


@dataclass(frozen=True)
class Whole:
    """A setting that is a whole number: its default and the range that is refused outside."""

    default: int
    low: int
    high: int
    unit: str


WHOLE = {
    "SAFEROUTE_RETENTION_DAYS": Whole(30, 1, 365, "days"),
    "SAFEROUTE_CALLBACK_WINDOW_MINUTES": Whole(120, 15, 720, "minutes"),
    "SAFEROUTE_CALLBACK_LEAD_MINUTES": Whole(30, 0, 1440, "minutes"),
    "SAFEROUTE_CALLBACK_HORIZON_DAYS": Whole(7, 1, 28, "days"),
    "SAFEROUTE_STAFF_OPENS_PER_HOUR": Whole(30, 1, 1000, "requests"),
}


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
    callback_window_minutes: int
    callback_lead_minutes: int
    callback_horizon_days: int
    callback_rate_limit: str
    withdraw_rate_limit: str
    staff_opens_per_hour: int  # different requests, before the console slows an account (staff/pace.py)

    @property
    def production(self) -> bool:
        return self.env == "production"


def _text(env: Mapping[str, str], name: str) -> str:
    """A setting's value; unset or empty means its default."""
    return env.get(name) or DEFAULTS[name]


def _whole(env: Mapping[str, str], name: str) -> int:
    rule = WHOLE[name]
    try:
        value = int(env.get(name) or rule.default)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number of {rule.unit}") from None
    if not rule.low <= value <= rule.high:
        raise ConfigError(f"{name} must be between {rule.low} and {rule.high} {rule.unit}")
    return value


def _rate_limit(env: Mapping[str, str], name: str) -> str:
    from limits import parse_many

    value = _text(env, name)
    try:
        parse_many(value)
    except ValueError:
        raise ConfigError(f"{name}: {value!r} is not a rate limit like '5 per hour;20 per day'") from None
    return value


def _languages(env: Mapping[str, str]) -> tuple[str, ...]:
    """The URL codes to serve, in order: by default every language SafeRoute knows (i18n.KNOWN)."""
    from .i18n import KNOWN  # here, not at the top: i18n refuses unusable languages with ConfigError

    value = env.get("SAFEROUTE_LANGUAGES")
    if value is None:
        return tuple(KNOWN)
    codes = tuple(value.replace(",", " ").split())
    if not codes:
        raise ConfigError("SAFEROUTE_LANGUAGES must name at least one language")
    return codes


# Rate-limit stores: the app's own database (the default), Redis, or memory (one process only).
LIMIT_STORES = ("database", "redis", "rediss", "redis+unix", "redis+sentinel", "redis+cluster", "memory")


def _limit_store(env: Mapping[str, str]) -> str:
    value = _text(env, "SAFEROUTE_RATELIMIT_STORAGE_URI")
    if value.partition("://")[0] not in LIMIT_STORES:
        raise ConfigError(
            "SAFEROUTE_RATELIMIT_STORAGE_URI must be database:// (the app's database), redis://HOST:PORT or memory://"
        )
    return value


def from_environ(environ: Mapping[str, str] | None = None, instance: Path = DEFAULT_INSTANCE) -> Settings:
    """Read SAFEROUTE_* variables; relative paths are taken from the instance folder."""
    env = os.environ if environ is None else environ

    def path(name: str) -> Path:
        value = Path(_text(env, name))
        return value if value.is_absolute() else instance / value

    mode = _text(env, "SAFEROUTE_ENV")
    if mode not in {"development", "production"}:
        raise ConfigError("SAFEROUTE_ENV must be 'development' or 'production'")
    return Settings(
        env=mode,
        secret_key_file=path("SAFEROUTE_SECRET_KEY_FILE"),
        database_url=env.get("SAFEROUTE_DATABASE_URL") or f"sqlite:///{instance / DATABASE_FILE}",
        directory=Path(env.get("SAFEROUTE_DIRECTORY") or DEFAULT_DIRECTORY),
        exit_urls=parse_exit_urls(_text(env, "SAFEROUTE_EXIT_URL")),
        languages=_languages(env),
        public_key_file=path("SAFEROUTE_PUBLIC_KEY_FILE"),
        private_key_file=path("SAFEROUTE_PRIVATE_KEY_FILE") if env.get("SAFEROUTE_PRIVATE_KEY_FILE") else None,
        staff_enabled=_flag(env.get("SAFEROUTE_STAFF_ENABLED")),
        ratelimit_storage_uri=_limit_store(env),
        retention_days=_whole(env, "SAFEROUTE_RETENTION_DAYS"),
        behind_tls=_flag(env.get("SAFEROUTE_BEHIND_TLS")),
        callback_window_minutes=_whole(env, "SAFEROUTE_CALLBACK_WINDOW_MINUTES"),
        callback_lead_minutes=_whole(env, "SAFEROUTE_CALLBACK_LEAD_MINUTES"),
        callback_horizon_days=_whole(env, "SAFEROUTE_CALLBACK_HORIZON_DAYS"),
        callback_rate_limit=_rate_limit(env, "SAFEROUTE_CALLBACK_RATE_LIMIT"),
        withdraw_rate_limit=_rate_limit(env, "SAFEROUTE_WITHDRAW_RATE_LIMIT"),
        staff_opens_per_hour=_whole(env, "SAFEROUTE_STAFF_OPENS_PER_HOUR"),
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
    if settings.ratelimit_storage_uri.startswith("memory://"):
        # Each gunicorn worker would keep its own count: a limit of N would let N per worker through.
        raise ConfigError(
            "production needs a rate-limit store every worker shares: "
            "SAFEROUTE_RATELIMIT_STORAGE_URI=database:// (the default) or redis://HOST:PORT, not memory://"
        )
