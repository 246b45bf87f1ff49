"""Readers for the directory file's fields: each checks one kind of value and names the entry and field.

Used by loader.py; every message reads "<where>: field '<key>' ...", so a
maintainer can find the mistake in the file.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from urllib.parse import urlsplit

from .hours import DAY_NAMES, Hours, parse_days
from .model import CONTACT_TYPES, UNKNOWN, Availability, Contact, DirectoryError, Source

_DIALLABLE = re.compile(r"^\+?[0-9]{3,15}$")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def text(entry: dict, key: str, where: str) -> str:
    """A required text field."""
    if key not in entry:
        raise DirectoryError(f"{where}: missing field '{key}'")
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise DirectoryError(f"{where}: field '{key}' must be a non-empty str")
    return value


def flag(entry: dict, key: str, where: str, default: bool = False) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise DirectoryError(f"{where}: field '{key}' must be true or false")
    return value


def words(entry: dict, key: str, where: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """A list of text values, each one of `allowed` when given."""
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DirectoryError(f"{where}: field '{key}' must be a list of text")
    for item in value:
        if allowed is not None and item not in allowed:
            raise DirectoryError(f"{where}: field '{key}' has '{item}', expected one of {', '.join(allowed)}")
    return tuple(value)


def choice(entry: dict, key: str, where: str, allowed: tuple[str, ...]) -> str | None:
    value = entry.get(key)
    if value is not None and value not in allowed:
        raise DirectoryError(f"{where}: field '{key}' is '{value}', expected one of {', '.join(allowed)}")
    return value


def day(entry: dict, key: str, where: str) -> date:
    """A required TOML date, like 2026-12-01."""
    if key not in entry:
        raise DirectoryError(f"{where}: missing field '{key}' (a date like 2026-12-01)")
    value = entry[key]
    if isinstance(value, datetime) or not isinstance(value, date):
        raise DirectoryError(f"{where}: field '{key}' must be a date like 2026-12-01")
    return value


def month(entry: dict, key: str, where: str) -> date | None:
    """An optional month ("2023-02") or date: when a source gave what it gave."""
    value = entry.get(key)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        return date.fromisoformat(f"{value}-01")
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    raise DirectoryError(f"{where}: field '{key}' must be a month like 2023-02 or a date")


def age(entry: dict, where: str) -> int | None:
    value = entry.get("min_age")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 120):
        raise DirectoryError(f"{where}: field 'min_age' must be a whole number of years")
    return value


def https(url: str, where: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise DirectoryError(f"{where}: '{url}' is not an https:// address")
    return url


def sources_of(raw: dict, where: str) -> tuple[Source, ...]:
    if "source" in raw and "sources" in raw:
        raise DirectoryError(f"{where}: give 'source' or 'sources', not both")
    tables = raw.get("sources", [raw["source"]] if "source" in raw else None)
    if tables is None:
        raise DirectoryError(f"{where}: missing field 'source'")
    return source_list(tables, "sources", where, "source")


def source_list(tables: object, key: str, where: str, name: str) -> tuple[Source, ...]:
    """A non-empty list of {title, url} tables; each named "<where> <name> N" in a message."""
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise DirectoryError(f"{where}: field '{key}' must be a list of {{title, url}} tables")
    found = []
    for i, table in enumerate(tables):
        place = f"{where} {name}" + (f" {i + 1}" if len(tables) > 1 else "")
        found.append(Source(text(table, "title", place), https(text(table, "url", place), f"{place} field 'url'")))
    return tuple(found)


def hours_table(raw: object, where: str) -> Hours:
    if not isinstance(raw, dict):
        raise DirectoryError(f"{where}: must be a table {{days, opens, closes}}")
    try:
        days = parse_days(text(raw, "days", where))
    except ValueError as exc:
        raise DirectoryError(f"{where}: field 'days' {exc} (use {', '.join(DAY_NAMES)} or a range)") from None
    times = []
    for key in ("opens", "closes"):
        try:
            times.append(time.fromisoformat(text(raw, key, where)))
        except ValueError:
            raise DirectoryError(f"{where}: field '{key}' must be a time like 08:00") from None
    if times[0] >= times[1]:
        raise DirectoryError(f"{where}: field 'closes' must be after 'opens'")
    return Hours(days=days, opens=times[0], closes=times[1])


def availability_of(raw: dict, where: str) -> Availability:
    hours = raw.get("hours", [])
    if not isinstance(hours, list):
        raise DirectoryError(f"{where}: field 'hours' must be a list")
    always_open = flag(raw, "always_open", where)
    if always_open and hours:
        raise DirectoryError(f"{where}: field 'hours' cannot be given with always_open = true")
    confirmed = flag(raw, "hours_confirmed", where, default=True)
    stated = month(raw, "hours_stated", where)
    if hours and not confirmed and stated is None:
        raise DirectoryError(f"{where}: field 'hours_stated' is needed when hours are not confirmed")
    return Availability(
        always_open=always_open,
        hours=tuple(hours_table(h, f"{where} hours {i + 1}") for i, h in enumerate(hours)),
        confirmed=confirmed,
        stated=stated,
        closed_bank_holidays=flag(raw, "closed_bank_holidays", where),
    )


def contact_of(raw: object, where: str) -> Contact:
    if not isinstance(raw, dict):
        raise DirectoryError(f"{where}: must be a table {{type, value}}")
    type_ = choice(raw, "type", where, CONTACT_TYPES) or text(raw, "type", where)
    value = text(raw, "value", where)
    if type_ in ("web", "chat"):
        https(value, f"{where} field 'value'")
    elif not _DIALLABLE.match(value):
        raise DirectoryError(f"{where}: field 'value' '{value}' is not a number that can be dialled")
    own_hours = {"hours", "always_open", "hours_confirmed", "hours_stated"} & raw.keys()
    if own_hours and type_ != "chat":
        raise DirectoryError(f"{where}: only a chat states its own hours ({', '.join(sorted(own_hours))})")
    # A chat never borrows its service's phone hours: without its own, they are not confirmed.
    own = (availability_of(raw, where) if own_hours else UNKNOWN) if type_ == "chat" else None
    return Contact(type=type_, value=value, label=raw.get("label", value), availability=own)


def ident(entry: dict, where: str) -> str:
    """An entry's id: lower-case words joined by '-', stable for ever (pages and referrals use it)."""
    value = text(entry, "id", where)
    if not _ID.match(value):
        raise DirectoryError(f"{where}: field 'id' '{value}' must be lower-case words joined by '-'")
    return value
