"""The directory's data model: routes to help, the places they cover, and when each was checked.

The loader (loader.py) builds these from the data file and refuses a malformed
one; everything here is plain data that can be used without a request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from .hours import Hours

KINDS = ("emergency", "report", "access", "hub", "helpline", "local", "in-person")
CONTACT_TYPES = ("tel", "sms", "textphone", "video", "web", "chat")
# Who a route is for: the presenter (help/presenters.py) says each in words.
WHO = (
    "everyone",
    "women",
    "women-children",
    "men",
    "lgbt",
    "stalking",
    "honour",
    "children",
    "adults-worried-child",
    "older",
    "deaf",
    "sexual-violence",
    "own-behaviour",
)
# Routes for everyone in an area; the others are for a need, and listed under it.
GENERAL_WHO = ("everyone", "women", "women-children")
# What a local service offers (help/presenters.py names each).
OFFERS = (
    "helpline",
    "refuge",
    "idva",
    "outreach",
    "counselling",
    "one-stop-shop",
    "freedom-programme",
    "children",
    "home-security",
    "legal",
    "medical-care",
    "referral",
)
# How a person reaches a local service: by themselves, or through the area's referral line.
WAYS_IN = ("self", "referral-line", "drop-in")


class DirectoryError(Exception):
    """The directory file is unusable; the message names the entry and field."""


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Availability:
    """When a route (or one of its contacts) answers.

    `confirmed` is False when sources disagree or only an old source gives the
    hours: the page then says "check before you call" and never "open" or
    "closed". `stated` is when the source gave the hours it did give.
    """

    always_open: bool = False
    hours: tuple[Hours, ...] = ()
    confirmed: bool = True
    stated: date | None = None
    closed_bank_holidays: bool = False

    @property
    def known(self) -> bool:
        return self.always_open or (bool(self.hours) and self.confirmed)


UNKNOWN = Availability(confirmed=False)


@dataclass(frozen=True)
class Contact:
    type: str
    value: str
    label: str
    # Only a chat states its own hours; calls follow the route's.
    availability: Availability | None = None

    @property
    def href(self) -> str:
        if self.type == "tel" or self.type == "textphone":
            return f"tel:{self.value}"
        if self.type == "sms":
            return f"sms:{self.value}"
        return self.value


@dataclass(frozen=True)
class Place:
    id: str
    name: str  # a proper name, shown as written


@dataclass(frozen=True)
class Route:
    id: str
    name: str
    kind: str
    contacts: tuple[Contact, ...]
    sources: tuple[Source, ...]
    checked: date
    availability: Availability = UNKNOWN
    who: str | None = None
    free: bool = False
    needs: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()  # place ids; empty for a national route
    offers: tuple[str, ...] = ()
    way_in: str | None = None
    run_by: tuple[str, ...] = ()  # proper names
    languages: tuple[str, ...] = ()  # only where a source names them
    address: str | None = None  # drop-ins only: never a refuge's
    point_men_to: str | None = None  # a route id, for lines that are not for men
    through: str | None = None  # a route id: the line to ask, where no contact of its own is confirmed
    min_age: int | None = None
    video_sources: tuple[Source, ...] = ()  # the hub: where what the call-back form says of video was checked
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> Source:
        return self.sources[0]

    def contact(self, type_: str) -> Contact | None:
        return next((c for c in self.contacts if c.type == type_), None)

    @property
    def phone(self) -> Contact | None:
        return self.contact("tel")

    @property
    def web(self) -> Contact | None:
        return self.contact("web")

    @property
    def chat(self) -> Contact | None:
        return self.contact("chat")

    # Shorthand for the hub's hours (call-back windows) and the pages.
    @property
    def hours(self) -> tuple[Hours, ...]:
        return self.availability.hours

    @property
    def always_open(self) -> bool:
        return self.availability.always_open

    @property
    def national(self) -> bool:
        return not self.areas


@dataclass(frozen=True)
class BankHolidays:
    """Days services that close on bank holidays are shut, listed up to `until`.

    After `until` no one can say whether a day is a bank holiday, so those
    services' hours stop being confirmed until the list is renewed.
    """

    dates: frozenset[date]
    until: date
    sources: tuple[Source, ...]
    checked: date


@dataclass(frozen=True)
class ClaresLaw:
    """Clare's Law (the Domestic Violence Disclosure Scheme) through the area's hub.

    `answer_days`: how long the police aim to take to answer a "right to ask"
    request; the public pages say it and the console counts down from it.
    """

    answer_days: int
    sources: tuple[Source, ...]
    checked: date


@dataclass(frozen=True)
class Directory:
    area: str
    timezone: ZoneInfo
    routes: tuple[Route, ...]
    places: tuple[Place, ...] = ()
    bank_holidays: BankHolidays | None = None
    referral_line: str | None = None  # route id: the way into local services
    national: tuple[str, ...] = ()  # route ids: the lines every answer ends with
    region: str = ""  # what all its places together are called ("Kent and Medway"), as written
    clares_law: ClaresLaw | None = None

    def __getitem__(self, route_id: str) -> Route:
        for route in self.routes:
            if route.id == route_id:
                return route
        raise KeyError(route_id)

    def get(self, route_id: str) -> Route | None:
        return next((r for r in self.routes if r.id == route_id), None)

    def of_kind(self, kind: str) -> list[Route]:
        return [r for r in self.routes if r.kind == kind]

    def place(self, place_id: str) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)

    @property
    def hub(self) -> Route | None:
        """The callback form exists only where the directory names a hub with hours."""
        hub = self.get("hub")
        return hub if hub and hub.hours else None

    @property
    def clares_law_online(self) -> ClaresLaw | None:
        """Clare's Law requests are taken online only where the hub takes call-backs and the
        directory says how long an answer takes."""
        return self.clares_law if self.hub is not None else None
