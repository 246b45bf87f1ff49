"""The four things a page may say about hours, and nothing else.

Open 24 hours; open now until a time; opens at a time; or hours not
confirmed (check before you call). A page never says "open" or "closed"
where the source is unsure: unconfirmed hours, a service that closes on bank
holidays beyond the list we hold, or no opening in the fortnight ahead all
come out as "not confirmed".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from .hours import spans
from .model import Availability, BankHolidays

ALWAYS, OPEN, OPENS, UNCONFIRMED = "always", "open", "opens", "unconfirmed"
LOOK_AHEAD_DAYS = 14


@dataclass(frozen=True)
class HoursState:
    state: str
    closes: datetime | None = None  # when OPEN
    opens: datetime | None = None  # when OPENS


NOT_CONFIRMED = HoursState(UNCONFIRMED)


def hours_state(
    availability: Availability, zone: ZoneInfo, now: datetime, bank_holidays: BankHolidays | None = None
) -> HoursState:
    if availability.always_open:
        return HoursState(ALWAYS)
    if not availability.known:
        return NOT_CONFIRMED
    local = now.astimezone(zone)
    closed = bank_holidays.dates if bank_holidays and availability.closed_bank_holidays else frozenset()
    for opens, closes in spans(availability.hours, zone, local.date(), LOOK_AHEAD_DAYS, closed):
        if availability.closed_bank_holidays and (bank_holidays is None or opens.date() > bank_holidays.until):
            return NOT_CONFIRMED  # past the bank holidays we know of
        if opens <= local < closes:
            return HoursState(OPEN, closes=closes)
        if local < opens:
            return HoursState(OPENS, opens=opens)
    return NOT_CONFIRMED
