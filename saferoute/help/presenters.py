"""What the help pages say about a route: decided here, so templates only lay it out.

Every sentence is translatable; numbers, hours and names come from the
directory. Hours are told in four states only (directory/status.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from babel.lists import format_list
from flask_babel import format_date, format_time, get_locale, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..clock import now
from ..directory import Availability, ClaresLaw, Contact, Directory, Route, hours_state
from ..directory.hours import Hours
from ..directory.model import UNKNOWN
from ..directory.status import ALWAYS, OPEN, OPENS
from ..directory.support import covers
from ..services import directory

WHO = {
    "everyone": _l("For anyone affected by domestic abuse."),
    "women": _l("For women, and for anyone supporting a woman."),
    "women-children": _l("For women and their children."),
    "men": _l("For men who are being abused, and the people supporting them."),
    "lgbt": _l("For lesbian, gay, bi, trans and queer people."),
    "stalking": _l("If someone is following, watching or contacting you again and again."),
    "honour": _l("For forced marriage and abuse in the name of 'honour'."),
    "children": _l("For children and young people."),
    "adults-worried-child": _l("For adults who are worried about a child."),
    "older": _l("For older people, and anyone worried about an older person."),
    "deaf": _l("For Deaf people who use British Sign Language."),
    "sexual-violence": _l("For anyone affected by rape or sexual violence."),
    "own-behaviour": _l("For people who are worried they are hurting someone they love."),
}
OFFERS = {
    "helpline": _l("Someone to talk to on the phone"),
    "referral": _l("They can refer you to local support: a safe place to stay, an adviser, drop-ins and courses"),
    "refuge": _l("Refuge: a safe place to stay"),
    "idva": _l("An adviser on your side, who helps with safety, the police, courts and housing"),
    "outreach": _l("Support near where you live"),
    "counselling": _l("Counselling"),
    "one-stop-shop": _l("A drop-in: come without an appointment and get advice from several services"),
    "freedom-programme": _l("Group courses, like the Freedom Programme"),
    "children": _l("Help for children and young people"),
    "home-security": _l("Making your home safer, like new locks"),
    "legal": _l("Help with the law and court orders"),
    "medical-care": _l("Medical care and support after rape or sexual assault"),
}
NEEDS = {
    "men": _l("Support for men"),
    "lgbt": _l("Support for LGBT+ people"),
    "honour": _l("Honour-based abuse or forced marriage"),
    "stalking": _l("Stalking"),
    "children": _l("Children and young people"),
    "older": _l("Older people"),
    "deaf": _l("Deaf people who use sign language (BSL)"),
    "sexual-violence": _l("Rape or sexual violence"),
    "own-behaviour": _l("Worried about your own behaviour"),
    "friends-family": _l("Worried about someone else"),
}


@dataclass(frozen=True)
class HoursLine:
    state: str  # one of directory/status.py's four
    text: str
    stated: str | None  # the hours a source gave, in words, with when if they are not confirmed
    bank_holidays: bool  # "closed on bank holidays" is worth saying


@dataclass(frozen=True)
class Chat:
    contact: Contact
    hours: HoursLine


@dataclass(frozen=True)
class Card:
    """Everything a page shows about one route, decided."""

    route: Route
    who: str | None
    offers: list[str]
    places: list[str]  # proper names; empty for a national route or one that covers everywhere
    everywhere: str | None  # the region's name, for a route that covers every place in it
    way_in: str | None  # "self", "referral-line", "drop-in"
    line: Route | None  # the line to contact first, or to ask for their details
    hours: HoursLine | None  # None where there is no way to reach it directly, so hours would not help
    chats: list[Chat]
    men_line: Route | None


def local_time(moment: datetime) -> str:
    return format_time(moment.astimezone(directory().timezone), "short", rebase=False)


def _clock(value: time) -> str:
    return format_time(datetime.combine(date(2026, 1, 5), value), "short", rebase=False)


def _day_name(day: int) -> str:
    # 5 January 2026 is a Monday: day 0.
    return format_date(date(2026, 1, 5 + day), "EEEE", rebase=False)


def _days(hours: Hours) -> str:
    days = sorted(hours.days)
    if len(days) == 1:
        return _day_name(days[0])
    return gettext("%(first)s to %(last)s", first=_day_name(days[0]), last=_day_name(days[-1]))


def stated_hours(availability: Availability) -> str | None:
    """ "Monday to Friday, 08:00 to 20:00; ..." from the data, in the reader's language."""
    if not availability.hours:
        return None
    ordered = sorted(availability.hours, key=lambda h: (min(h.days), h.opens))
    words = "; ".join(
        gettext("%(days)s, %(opens)s to %(closes)s", days=_days(h), opens=_clock(h.opens), closes=_clock(h.closes))
        for h in ordered
    )
    if availability.confirmed or availability.stated is None:
        return words
    return gettext(
        "Hours a source gave in %(month)s: %(hours)s", month=format_date(availability.stated, "LLLL y"), hours=words
    )


def opens_text(moment: datetime) -> str:
    """ "Closed now. Opens today at 8:00", "... tomorrow at ...", "... on Saturday at ..." """
    zone = directory().timezone
    local, today = moment.astimezone(zone), now().astimezone(zone).date()
    when = local_time(local)
    if local.date() == today:
        return gettext("Closed now. Opens today at %(time)s", time=when)
    if (local.date() - today).days == 1:
        return gettext("Closed now. Opens tomorrow at %(time)s", time=when)
    return gettext("Closed now. Opens on %(day)s at %(time)s", day=format_date(local, "EEEE", rebase=False), time=when)


UNCONFIRMED_TEXT = {
    "call": _l("Hours not confirmed. Check before you call."),
    "go": _l("Hours not confirmed. Check before you go."),
    "chat": _l("Chat hours not confirmed."),
}


def hours_line(availability: Availability, how: str = "call") -> HoursLine:
    """`how`: "call", "go" (a drop-in) or "chat": what to check before, when hours are not confirmed."""
    d = directory()
    state = hours_state(availability, d.timezone, now(), d.bank_holidays)
    if state.state == ALWAYS:
        text = gettext("Open 24 hours, every day")
    elif state.state == OPEN and state.closes:
        text = gettext("Open now, until %(time)s", time=local_time(state.closes))
    elif state.state == OPENS and state.opens:
        text = opens_text(state.opens)
    else:
        text = str(UNCONFIRMED_TEXT[how])
    return HoursLine(state.state, text, stated_hours(availability), availability.closed_bank_holidays)


def checked_text(route: Route | ClaresLaw) -> str:
    """ "Checked December 2026": when a route, or another fact with sources, was last checked."""
    return gettext("Checked %(month)s", month=format_date(route.checked, "LLLL y"))


def _line_for(route: Route, d: Directory) -> Route | None:
    if route.through:
        return d.get(route.through)
    if route.way_in == "referral-line" and d.referral_line:
        return d.get(d.referral_line)
    return None


def card(route: Route) -> Card:
    d = directory()
    everywhere = bool(route.areas) and covers(route, None, d)
    chats = [Chat(c, hours_line(c.availability or UNKNOWN, "chat")) for c in route.contacts if c.type == "chat"]
    reachable = route.address or any(c.type in ("tel", "textphone", "sms", "web") for c in route.contacts)
    return Card(
        route=route,
        who=str(WHO[route.who]) if route.who else None,
        offers=[str(OFFERS[o]) for o in route.offers],
        places=[] if everywhere else [p.name for p in d.places if p.id in route.areas],
        everywhere=d.region if everywhere else None,
        way_in=route.way_in,
        line=_line_for(route, d),
        hours=hours_line(route.availability, "go" if route.address else "call") if reachable else None,
        chats=chats,
        men_line=d.get(route.point_men_to) if route.point_men_to else None,
    )


def proper_names(names) -> Markup:
    """Names shown as written (never machine-translated), joined the reader's way: "A, B and C"."""
    names = list(names)
    # CLDR gives the joining words; list it over placeholders so only the names become markup.
    pattern = format_list([f"\x00{i}\x00" for i in range(len(names))], locale=get_locale() or "en") if names else ""
    parts = re.split("\x00([0-9]+)\x00", pattern)
    joined = Markup("")
    for i, part in enumerate(parts):
        joined += Markup('<span translate="no">{}</span>').format(names[int(part)]) if i % 2 else part
    return joined


def cards(routes) -> list[Card]:
    return [card(r) for r in routes]


def chat_cards() -> list[Card]:
    """Every route with a chat, for people who cannot speak: beside textphone, Relay UK and text."""
    return cards(r for r in directory().routes if r.chat)
