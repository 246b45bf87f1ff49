"""The directory's data model, and the loader that refuses a malformed file.

A mistake in this file could send someone in danger to a dead number, so every
entry is checked at start-up and an error names the entry and the field.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .hours import DAY_NAMES, Hours, parse_days

KINDS = ("emergency", "report", "access", "hub", "helpline", "in-person")
CONTACT_TYPES = ("tel", "sms", "textphone", "video", "web")
AUDIENCES = ("everyone", "kent", "men", "lgbt", "stalking", "honour", "perpetrators")
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
_DIALLABLE = re.compile(r"^\+?[0-9]{3,15}$")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class DirectoryError(Exception):
    """The directory file is unusable; the message names the entry and field."""


@dataclass(frozen=True)
class Contact:
    type: str
    value: str
    label: str

    @property
    def href(self) -> str:
        if self.type == "tel" or self.type == "textphone":
            return f"tel:{self.value}"
        if self.type == "sms":
            return f"sms:{self.value}"
        return self.value


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Route:
    id: str
    name: str
    kind: str
    contacts: tuple[Contact, ...]
    source: Source
    hours: tuple[Hours, ...] = ()
    always_open: bool = False
    audience: str | None = None
    free: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    def contact(self, type_: str) -> Contact | None:
        return next((c for c in self.contacts if c.type == type_), None)

    @property
    def phone(self) -> Contact | None:
        return self.contact("tel")

    @property
    def web(self) -> Contact | None:
        return self.contact("web")

    @property
    def has_hours(self) -> bool:
        return self.always_open or bool(self.hours)


@dataclass(frozen=True)
class Directory:
    area: str
    timezone: ZoneInfo
    routes: tuple[Route, ...]

    def __getitem__(self, route_id: str) -> Route:
        for route in self.routes:
            if route.id == route_id:
                return route
        raise KeyError(route_id)

    def get(self, route_id: str) -> Route | None:
        return next((r for r in self.routes if r.id == route_id), None)

    def of_kind(self, kind: str) -> list[Route]:
        return [r for r in self.routes if r.kind == kind]

    @property
    def hub(self) -> Route | None:
        """The callback form exists only where the directory names a hub with hours."""
        hub = self.get("hub")
        return hub if hub and hub.hours else None


def _need(entry: dict, key: str, where: str) -> str:
    """A required text field."""
    if key not in entry:
        raise DirectoryError(f"{where}: missing field '{key}'")
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise DirectoryError(f"{where}: field '{key}' must be a non-empty str")
    return value


def _need_table(entry: dict, key: str, where: str) -> dict:
    if key not in entry:
        raise DirectoryError(f"{where}: missing field '{key}'")
    value = entry[key]
    if not isinstance(value, dict):
        raise DirectoryError(f"{where}: field '{key}' must be a non-empty dict")
    return value


def _https(url: str, where: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise DirectoryError(f"{where}: '{url}' is not an https:// address")
    return url


def _contact(raw: object, where: str) -> Contact:
    if not isinstance(raw, dict):
        raise DirectoryError(f"{where}: must be a table {{type, value}}")
    type_ = _need(raw, "type", where)
    if type_ not in CONTACT_TYPES:
        raise DirectoryError(f"{where}: field 'type' is '{type_}', expected one of {', '.join(CONTACT_TYPES)}")
    value = _need(raw, "value", where)
    if type_ == "web":
        _https(value, f"{where} field 'value'")
    elif not _DIALLABLE.match(value):
        raise DirectoryError(f"{where}: field 'value' '{value}' is not a number that can be dialled")
    return Contact(type=type_, value=value, label=raw.get("label", value))


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


def _route(raw: object, index: int) -> Route:
    where = f"route {index + 1}"
    if not isinstance(raw, dict):
        raise DirectoryError(f"{where}: must be a table")
    route_id = _need(raw, "id", where)
    if not _ID.match(route_id):
        raise DirectoryError(f"{where}: field 'id' '{route_id}' must be lower-case words joined by '-'")
    where = f"route '{route_id}'"
    kind = _need(raw, "kind", where)
    if kind not in KINDS:
        raise DirectoryError(f"{where}: field 'kind' is '{kind}', expected one of {', '.join(KINDS)}")
    contacts = raw.get("contacts", [])
    if not isinstance(contacts, list):
        raise DirectoryError(f"{where}: field 'contacts' must be a list")
    source = _need_table(raw, "source", where)
    hours = raw.get("hours", [])
    if not isinstance(hours, list):
        raise DirectoryError(f"{where}: field 'hours' must be a list")
    always_open = raw.get("always_open", False)
    if not isinstance(always_open, bool):
        raise DirectoryError(f"{where}: field 'always_open' must be true or false")
    if always_open and hours:
        raise DirectoryError(f"{where}: field 'hours' cannot be given with always_open = true")
    audience = raw.get("audience")
    if kind == "helpline" and audience not in AUDIENCES:
        raise DirectoryError(f"{where}: field 'audience' must be one of {', '.join(AUDIENCES)}")
    known = {"id", "name", "kind", "contacts", "source", "hours", "always_open", "audience", "free"}
    extra = {k: v for k, v in raw.items() if k not in known}
    for key, value in extra.items():
        if not isinstance(value, str):
            raise DirectoryError(f"{where}: field '{key}' must be text")
    return Route(
        id=route_id,
        name=_need(raw, "name", where),
        kind=kind,
        contacts=tuple(_contact(c, f"{where} contact {i + 1}") for i, c in enumerate(contacts)),
        source=Source(
            title=_need(source, "title", f"{where} source"),
            url=_https(_need(source, "url", f"{where} source"), f"{where} source field 'url'"),
        ),
        hours=tuple(_hours(h, f"{where} hours {i + 1}") for i, h in enumerate(hours)),
        always_open=always_open,
        audience=audience,
        free=bool(raw.get("free", False)),
        extra=extra,
    )


def parse_directory(data: dict) -> Directory:
    area = _need(data, "area", "directory")
    try:
        zone = ZoneInfo(_need(data, "timezone", "directory"))
    except (ZoneInfoNotFoundError, ValueError):
        raise DirectoryError(f"directory: field 'timezone' '{data['timezone']}' is not a known time zone") from None
    raw_routes = data.get("route")
    if not isinstance(raw_routes, list) or not raw_routes:
        raise DirectoryError("directory: no [[route]] entries")
    routes = tuple(_route(raw, i) for i, raw in enumerate(raw_routes))
    seen: set[str] = set()
    for route in routes:
        if route.id in seen:
            raise DirectoryError(f"route '{route.id}': field 'id' is used twice")
        seen.add(route.id)
    for required in REQUIRED_IDS:
        if required not in seen:
            raise DirectoryError(f"route '{required}': missing (every area must say how this works there)")
    return Directory(area=area, timezone=zone, routes=routes)


def load_directory(path: Path) -> Directory:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise DirectoryError(f"directory file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise DirectoryError(f"directory file {path} is not valid TOML: {exc}") from None
    return parse_directory(data)
