"""Call-back windows: when the hub may call, worked out from the directory's hours.

Windows are laid out in the hub's wall-clock time (8:00-10:00, 10:00-12:00 ...
in Europe/London for Kent), so they stay at 8am across the clock changes, and
are stored in UTC. A window is offered only if it starts at least `lead` from
now and within `horizon`; what a person sends is checked against the windows
offered at that moment, so a past, too-close or invented window is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from zoneinfo import ZoneInfo

from ..directory import Hours, spans

VALUE_FORMAT = "%Y%m%dT%H%MZ"


@dataclass(frozen=True, order=True)
class Window:
    start: datetime  # aware, UTC
    end: datetime  # aware, UTC

    @property
    def value(self) -> str:
        """The form value: the start in UTC, e.g. 20261123T0800Z."""
        return self.start.strftime(VALUE_FORMAT)

    def local(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        return self.start.astimezone(zone), self.end.astimezone(zone)


@dataclass(frozen=True)
class Rules:
    length: timedelta
    lead: timedelta
    horizon: timedelta

    @classmethod
    def from_settings(cls, settings) -> Rules:
        return cls(
            length=timedelta(minutes=settings.callback_window_minutes),
            lead=timedelta(minutes=settings.callback_lead_minutes),
            horizon=timedelta(days=settings.callback_horizon_days),
        )


def _split(opens: datetime, closes: datetime, length: timedelta):
    """Cut one opening span into windows of `length` wall-clock time; the last may be shorter."""
    start = opens
    while start < closes:
        end = min(start + length, closes)  # aware + timedelta is wall-clock arithmetic
        yield Window(start.astimezone(UTC), end.astimezone(UTC))
        start = end


def offered(hours: tuple[Hours, ...], zone: ZoneInfo, now: datetime, rules: Rules) -> list[Window]:
    """Every window a person may choose at `now`, in order, without overlaps."""
    earliest, latest = now + rules.lead, now + rules.horizon
    first_day = now.astimezone(zone).date() - timedelta(days=1)
    days = rules.horizon.days + 3
    found: dict[datetime, Window] = {}
    for opens, closes in spans(hours, zone, first_day, days):
        for window in _split(opens, closes, rules.length):
            # A wall-clock hour that the clocks skip can make a window empty.
            if window.end > window.start and earliest <= window.start <= latest:
                found.setdefault(window.start, window)
    windows = sorted(found.values())
    # Hours given twice for a day could overlap; keep the earlier window.
    kept: list[Window] = []
    for window in windows:
        if not kept or window.start >= kept[-1].end:
            kept.append(window)
    return kept


def by_day(windows: list[Window], zone: ZoneInfo) -> list[tuple[date, list[Window]]]:
    """Group windows by the local day they start on, for the form."""
    return [(day, list(group)) for day, group in groupby(windows, key=lambda w: w.start.astimezone(zone).date())]


def choose(values: list[str], windows: list[Window]) -> tuple[list[Window], list[str]]:
    """Split what was sent into windows on offer now, and values that are not (past, invented, absurd)."""
    on_offer = {w.value: w for w in windows}
    chosen = {on_offer[v] for v in values if v in on_offer}
    rejected = [v for v in values if v not in on_offer]
    return sorted(chosen), rejected
