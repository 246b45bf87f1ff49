"""Which facts are due to be checked again: for `flask directory stale`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .model import Directory, Source


@dataclass(frozen=True)
class Due:
    what: str  # a route id, "clares_law" or "bank_holidays"
    name: str
    checked: date
    sources: tuple[Source, ...]
    reason: str


def due(directory: Directory, today: date, days: int) -> list[Due]:
    """Entries checked more than `days` ago (oldest first), and a bank-holiday list that runs out within `days`."""
    cutoff = today - timedelta(days=days)
    found = [
        Due(r.id, r.name, r.checked, r.sources, f"checked {(today - r.checked).days} days ago")
        for r in directory.routes
        if r.checked < cutoff
    ]
    clares_law = directory.clares_law
    if clares_law and clares_law.checked < cutoff:
        found.append(
            Due(
                "clares_law",
                "Clare's Law answer time",
                clares_law.checked,
                clares_law.sources,
                f"checked {(today - clares_law.checked).days} days ago",
            )
        )
    found.sort(key=lambda d: (d.checked, d.what))
    holidays = directory.bank_holidays
    if holidays and (holidays.checked < cutoff or holidays.until < today + timedelta(days=days)):
        found.append(
            Due(
                "bank_holidays",
                "Bank holidays",
                holidays.checked,
                holidays.sources,
                f"listed only until {holidays.until.isoformat()}",
            )
        )
    return found
