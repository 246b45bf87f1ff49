"""The loader that refuses a malformed directory file.

A mistake in the file could send someone in danger to a dead number, so every
entry is checked at start-up and an error names the entry and the field.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .hours import DAY_NAMES, Hours, parse_days
from .model import (
    CONTACT_TYPES,
    KINDS,
    OFFERS,
    UNKNOWN,
    WAYS_IN,
    WHO,
    Availability,
    BankHolidays,
    Contact,
    Directory,
    DirectoryError,
    Place,
    Route,
    Source,
)
from .support import NEED_IDS

# The pages are written around these: an area's directory must say how each works there.
REQUIRED_IDS = (
    "emergency",
    "silent-solution",
    "non-emergency",
    "textphone-emergency",
    "textphone-non-emergency",
    "relay-uk",
    "emergency-sms",
    "bsl-999",
    "in-person",
)
ROUTE_FIELDS = {
    "id",
    "name",
    "kind",
    "contacts",
    "source",
    "sources",
    "checked",
    "hours",
    "always_open",
    "hours_confirmed",
    "hours_stated",
    "closed_bank_holidays",
    "who",
    "free",
    "needs",
    "areas",
    "offers",
    "way_in",
    "run_by",
    "languages",
    "address",
    "point_men_to",
    "through",
    "min_age",
}
_DIALLABLE = re.compile(r"^\+?[0-9]{3,15}$")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _need(entry: dict, key: str, where: str) -> str:
    """A required text field."""
    if key not in entry:
        raise DirectoryError(f"{where}: missing field '{key}'")
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise DirectoryError(f"{where}: field '{key}' must be a non-empty str")
    return value


def _flag(entry: dict, key: str, where: str, default: bool = False) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise DirectoryError(f"{where}: field '{key}' must be true or false")
    return value


def _words(entry: dict, key: str, where: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """A list of text values, each one of `allowed` when given."""
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DirectoryError(f"{where}: field '{key}' must be a list of text")
    for item in value:
        if allowed is not None and item not in allowed:
            raise DirectoryError(f"{where}: field '{key}' has '{item}', expected one of {', '.join(allowed)}")
    return tuple(value)


def _choice(entry: dict, key: str, where: str, allowed: tuple[str, ...]) -> str | None:
    value = entry.get(key)
    if value is not None and value not in allowed:
        raise DirectoryError(f"{where}: field '{key}' is '{value}', expected one of {', '.join(allowed)}")
    return value


def _date(entry: dict, key: str, where: str) -> date:
    """A required TOML date, like 2026-12-01."""
    if key not in entry:
        raise DirectoryError(f"{where}: missing field '{key}' (a date like 2026-12-01)")
    value = entry[key]
    if isinstance(value, datetime) or not isinstance(value, date):
        raise DirectoryError(f"{where}: field '{key}' must be a date like 2026-12-01")
    return value


def _month(entry: dict, key: str, where: str) -> date | None:
    """An optional month ("2023-02") or date: when a source gave what it gave."""
    value = entry.get(key)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        return date.fromisoformat(f"{value}-01")
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    raise DirectoryError(f"{where}: field '{key}' must be a month like 2023-02 or a date")


def _age(entry: dict, where: str) -> int | None:
    value = entry.get("min_age")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 120):
        raise DirectoryError(f"{where}: field 'min_age' must be a whole number of years")
    return value


def _https(url: str, where: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise DirectoryError(f"{where}: '{url}' is not an https:// address")
    return url


def _sources(raw: dict, where: str) -> tuple[Source, ...]:
    if "source" in raw and "sources" in raw:
        raise DirectoryError(f"{where}: give 'source' or 'sources', not both")
    tables = raw.get("sources", [raw["source"]] if "source" in raw else None)
    if tables is None:
        raise DirectoryError(f"{where}: missing field 'source'")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise DirectoryError(f"{where}: field 'sources' must be a list of {{title, url}} tables")
    found = []
    for i, table in enumerate(tables):
        place = f"{where} source" + (f" {i + 1}" if len(tables) > 1 else "")
        found.append(Source(_need(table, "title", place), _https(_need(table, "url", place), f"{place} field 'url'")))
    return tuple(found)


def _hours(raw: object, where: str) -> Hours:
    if not isinstance(raw, dict):
        raise DirectoryError(f"{where}: must be a table {{days, opens, closes}}")
    try:
        days = parse_days(_need(raw, "days", where))
    except ValueError as exc:
        raise DirectoryError(f"{where}: field 'days' {exc} (use {', '.join(DAY_NAMES)} or a range)") from None
    times = []
    for key in ("opens", "closes"):
        try:
            times.append(time.fromisoformat(_need(raw, key, where)))
        except ValueError:
            raise DirectoryError(f"{where}: field '{key}' must be a time like 08:00") from None
    if times[0] >= times[1]:
        raise DirectoryError(f"{where}: field 'closes' must be after 'opens'")
    return Hours(days=days, opens=times[0], closes=times[1])


def _availability(raw: dict, where: str) -> Availability:
    hours = raw.get("hours", [])
    if not isinstance(hours, list):
        raise DirectoryError(f"{where}: field 'hours' must be a list")
    always_open = _flag(raw, "always_open", where)
    if always_open and hours:
        raise DirectoryError(f"{where}: field 'hours' cannot be given with always_open = true")
    confirmed = _flag(raw, "hours_confirmed", where, default=True)
    stated = _month(raw, "hours_stated", where)
    if hours and not confirmed and stated is None:
        raise DirectoryError(f"{where}: field 'hours_stated' is needed when hours are not confirmed")
    return Availability(
        always_open=always_open,
        hours=tuple(_hours(h, f"{where} hours {i + 1}") for i, h in enumerate(hours)),
        confirmed=confirmed,
        stated=stated,
        closed_bank_holidays=_flag(raw, "closed_bank_holidays", where),
    )


def _contact(raw: object, where: str) -> Contact:
    if not isinstance(raw, dict):
        raise DirectoryError(f"{where}: must be a table {{type, value}}")
    type_ = _choice(raw, "type", where, CONTACT_TYPES) or _need(raw, "type", where)
    value = _need(raw, "value", where)
    if type_ in ("web", "chat"):
        _https(value, f"{where} field 'value'")
    elif not _DIALLABLE.match(value):
        raise DirectoryError(f"{where}: field 'value' '{value}' is not a number that can be dialled")
    own_hours = {"hours", "always_open", "hours_confirmed", "hours_stated"} & raw.keys()
    if own_hours and type_ != "chat":
        raise DirectoryError(f"{where}: only a chat states its own hours ({', '.join(sorted(own_hours))})")
    # A chat never borrows its service's phone hours: without its own, they are not confirmed.
    availability = (_availability(raw, where) if own_hours else UNKNOWN) if type_ == "chat" else None
    return Contact(type=type_, value=value, label=raw.get("label", value), availability=availability)


def _route(raw: object, index: int, places: tuple[str, ...]) -> Route:
    where = f"route {index + 1}"
    if not isinstance(raw, dict):
        raise DirectoryError(f"{where}: must be a table")
    route_id = _need(raw, "id", where)
    if not _ID.match(route_id):
        raise DirectoryError(f"{where}: field 'id' '{route_id}' must be lower-case words joined by '-'")
    where = f"route '{route_id}'"
    kind = _choice(raw, "kind", where, KINDS) or _need(raw, "kind", where)
    contacts = raw.get("contacts", [])
    if not isinstance(contacts, list):
        raise DirectoryError(f"{where}: field 'contacts' must be a list")
    who = _choice(raw, "who", where, WHO)
    if kind in ("helpline", "local") and who is None:
        raise DirectoryError(f"{where}: field 'who' must be one of {', '.join(WHO)}")
    areas = places if raw.get("areas") == "all" else _words(raw, "areas", where)
    for area in areas:
        if area not in places:
            raise DirectoryError(f"{where}: field 'areas' has '{area}', which is not a [[place]] in this directory")
    if kind == "local" and not areas:
        raise DirectoryError(f"{where}: a local service needs field 'areas' (place ids, or \"all\")")
    offers = _words(raw, "offers", where, OFFERS)
    address = raw.get("address")
    if address is not None and (not isinstance(address, str) or "refuge" in offers):
        # A refuge's address is secret: it is what keeps the people in it safe.
        raise DirectoryError(f"{where}: field 'address' is for drop-ins only, never a refuge")
    extra = {k: v for k, v in raw.items() if k not in ROUTE_FIELDS}
    for key, value in extra.items():
        if not isinstance(value, str):
            raise DirectoryError(f"{where}: field '{key}' must be text")
    return Route(
        id=route_id,
        name=_need(raw, "name", where),
        kind=kind,
        contacts=tuple(_contact(c, f"{where} contact {i + 1}") for i, c in enumerate(contacts)),
        sources=_sources(raw, where),
        checked=_date(raw, "checked", where),
        availability=_availability(raw, where),
        who=who,
        free=_flag(raw, "free", where),
        needs=_words(raw, "needs", where, NEED_IDS),
        areas=areas,
        offers=offers,
        way_in=_choice(raw, "way_in", where, WAYS_IN),
        run_by=_words(raw, "run_by", where),
        languages=_words(raw, "languages", where),
        address=address,
        point_men_to=raw.get("point_men_to"),
        through=raw.get("through"),
        min_age=_age(raw, where),
        extra=extra,
    )


def _places(data: dict) -> tuple[Place, ...]:
    raw = data.get("place", [])
    if not isinstance(raw, list):
        raise DirectoryError("directory: [[place]] entries must be tables")
    found = []
    for i, entry in enumerate(raw):
        where = f"place {i + 1}"
        if not isinstance(entry, dict):
            raise DirectoryError(f"{where}: must be a table {{id, name}}")
        place_id = _need(entry, "id", where)
        if not _ID.match(place_id):
            raise DirectoryError(f"{where}: field 'id' '{place_id}' must be lower-case words joined by '-'")
        found.append(Place(place_id, _need(entry, "name", f"place '{place_id}'")))
    if len({p.id for p in found}) != len(found):
        raise DirectoryError("directory: a [[place]] id is used twice")
    return tuple(found)


def _bank_holidays(data: dict) -> BankHolidays | None:
    raw = data.get("bank_holidays")
    if raw is None:
        return None
    where = "bank_holidays"
    dates = raw.get("dates")
    if not isinstance(dates, list) or not all(isinstance(d, date) and not isinstance(d, datetime) for d in dates):
        raise DirectoryError(f"{where}: field 'dates' must be a list of dates like 2026-12-25")
    until = _date(raw, "until", where)
    if any(d > until for d in dates):
        raise DirectoryError(f"{where}: a date is after 'until'")
    return BankHolidays(frozenset(dates), until, _sources(raw, where), _date(raw, "checked", where))


def _check_references(directory: Directory) -> None:
    ids = {r.id for r in directory.routes}
    for route in directory.routes:
        for key in ("point_men_to", "through"):
            if (target := getattr(route, key)) is not None and target not in ids:
                raise DirectoryError(f"route '{route.id}': field '{key}' names no route '{target}'")
        if route.way_in == "referral-line" and directory.referral_line is None:
            raise DirectoryError(f"route '{route.id}': way_in is the referral line, but [support] names none")
        if route.availability.closed_bank_holidays and directory.bank_holidays is None:
            raise DirectoryError(f"route '{route.id}': closes on bank holidays, but [bank_holidays] lists none")
    for route_id in (directory.referral_line, *directory.national):
        if route_id is not None and route_id not in ids:
            raise DirectoryError(f"support: names no route '{route_id}'")


def parse_directory(data: dict[str, Any]) -> Directory:
    area = _need(data, "area", "directory")
    try:
        zone = ZoneInfo(_need(data, "timezone", "directory"))
    except (ZoneInfoNotFoundError, ValueError):
        raise DirectoryError(f"directory: field 'timezone' '{data['timezone']}' is not a known time zone") from None
    raw_routes = data.get("route")
    if not isinstance(raw_routes, list) or not raw_routes:
        raise DirectoryError("directory: no [[route]] entries")
    places = _places(data)
    routes = tuple(_route(raw, i, tuple(p.id for p in places)) for i, raw in enumerate(raw_routes))
    seen: set[str] = set()
    for route in routes:
        if route.id in seen:
            raise DirectoryError(f"route '{route.id}': field 'id' is used twice")
        seen.add(route.id)
    for required in REQUIRED_IDS:
        if required not in seen:
            raise DirectoryError(f"route '{required}': missing (every area must say how this works there)")
    support = data.get("support", {})
    if not isinstance(support, dict):
        raise DirectoryError("support: must be a table")
    national = _words(support, "national", "support")
    directory = Directory(
        area=area,
        timezone=zone,
        routes=routes,
        places=places,
        bank_holidays=_bank_holidays(data),
        referral_line=support.get("referral_line"),
        national=national or tuple(r.id for r in routes if r.kind == "helpline" and r.national),
        region=data.get("region") or area,
    )
    _check_references(directory)
    return directory


def load_directory(path: Path) -> Directory:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise DirectoryError(f"directory file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise DirectoryError(f"directory file {path} is not valid TOML: {exc}") from None
    return parse_directory(data)
