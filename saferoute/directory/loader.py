"""The loader that refuses a malformed directory file.

A mistake in the file could send someone in danger to a dead number, so every
entry is checked at start-up and an error names the entry and the field.
"""

from __future__ import annotations

import functools
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import fields
from .model import KINDS, OFFERS, WAYS_IN, WHO, BankHolidays, ClaresLaw, Directory, DirectoryError, Place, Route
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
    "video_sources",
}


def _route(raw: object, index: int, places: tuple[str, ...]) -> Route:
    where = f"route {index + 1}"
    if not isinstance(raw, dict):
        raise DirectoryError(f"{where}: must be a table")
    route_id = fields.ident(raw, where)
    where = f"route '{route_id}'"
    kind = fields.choice(raw, "kind", where, KINDS) or fields.text(raw, "kind", where)
    contacts = raw.get("contacts", [])
    if not isinstance(contacts, list):
        raise DirectoryError(f"{where}: field 'contacts' must be a list")
    who = fields.choice(raw, "who", where, WHO)
    if kind in ("helpline", "local") and who is None:
        raise DirectoryError(f"{where}: field 'who' must be one of {', '.join(WHO)}")
    areas = places if raw.get("areas") == "all" else fields.words(raw, "areas", where)
    for area in areas:
        if area not in places:
            raise DirectoryError(f"{where}: field 'areas' has '{area}', which is not a [[place]] in this directory")
    if kind == "local" and not areas:
        raise DirectoryError(f"{where}: a local service needs field 'areas' (place ids, or \"all\")")
    offers = fields.words(raw, "offers", where, OFFERS)
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
        name=fields.text(raw, "name", where),
        kind=kind,
        contacts=tuple(fields.contact_of(c, f"{where} contact {i + 1}") for i, c in enumerate(contacts)),
        sources=fields.sources_of(raw, where),
        checked=fields.day(raw, "checked", where),
        availability=fields.availability_of(raw, where),
        who=who,
        free=fields.flag(raw, "free", where),
        needs=fields.words(raw, "needs", where, NEED_IDS),
        areas=areas,
        offers=offers,
        way_in=fields.choice(raw, "way_in", where, WAYS_IN),
        run_by=fields.words(raw, "run_by", where),
        languages=fields.words(raw, "languages", where),
        address=address,
        point_men_to=raw.get("point_men_to"),
        through=raw.get("through"),
        min_age=fields.age(raw, where),
        video_sources=(
            fields.source_list(raw["video_sources"], "video_sources", where, "video source")
            if "video_sources" in raw
            else ()
        ),
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
        place_id = fields.ident(entry, where)
        found.append(Place(place_id, fields.text(entry, "name", f"place '{place_id}'")))
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
    until = fields.day(raw, "until", where)
    if any(d > until for d in dates):
        raise DirectoryError(f"{where}: a date is after 'until'")
    return BankHolidays(frozenset(dates), until, fields.sources_of(raw, where), fields.day(raw, "checked", where))


# Longer than any answer time a police force states: a bigger number is a typing mistake.
ANSWER_DAYS_MAX = 90


def _clares_law(data: dict) -> ClaresLaw | None:
    raw = data.get("clares_law")
    if raw is None:
        return None
    where = "clares_law"
    if not isinstance(raw, dict):
        raise DirectoryError(f"{where}: must be a table")
    days = raw.get("answer_days")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= ANSWER_DAYS_MAX:
        raise DirectoryError(f"{where}: field 'answer_days' must be a whole number of days from 1 to {ANSWER_DAYS_MAX}")
    return ClaresLaw(days, fields.sources_of(raw, where), fields.day(raw, "checked", where))


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
    area = fields.text(data, "area", "directory")
    try:
        zone = ZoneInfo(fields.text(data, "timezone", "directory"))
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
    national = fields.words(support, "national", "support")
    directory = Directory(
        area=area,
        timezone=zone,
        routes=routes,
        places=places,
        bank_holidays=_bank_holidays(data),
        referral_line=support.get("referral_line"),
        national=national or tuple(r.id for r in routes if r.kind == "helpline" and r.national),
        region=data.get("region") or area,
        clares_law=_clares_law(data),
    )
    _check_references(directory)
    return directory


def load_directory(path: Path) -> Directory:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DirectoryError(f"directory file {path} does not exist") from None
    try:
        return _parse_file(raw)
    except tomllib.TOMLDecodeError as exc:
        raise DirectoryError(f"directory file {path} is not valid TOML: {exc}") from None


@functools.lru_cache(maxsize=4)
def _parse_file(raw: bytes) -> Directory:
    """One parse for each content in a process (the Directory is frozen): every app the tests build, or
    a command builds, reads the same file, and reading TOML in Python costs 40 ms."""
    return parse_directory(tomllib.loads(raw.decode()))
