"""The board's figures for a run of weeks or months: counts, plus what the stored requests still show.

- received, by kind, contact method and interpreter language: counted as each
  request arrives (tally.py);
- withdrawn: received, less those still stored, less those purged, for the
  period each was received in. Nothing is written when someone withdraws;
- missed (every chosen time passed with no try to call): counted when a
  request is purged, plus the stored requests that are missed now;
- results, what was done, referrals per service and the wait from the first
  chosen time to the first try: counted as staff record them.

Only counts and clear columns are read. Suppression is the presenter's job
(presenters.py): these are the true numbers.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..extensions import db
from . import live, periods, tally
from .models import Count


@dataclass
class Figures:
    period: str
    starts: list[date]  # oldest first
    # counts[measure][key][period start]
    counts: dict[str, dict[str, Counter[date]]] = field(default_factory=dict)
    waits: dict[date, list[int]] = field(default_factory=dict)  # minutes, one per first try

    def total(self, measure: str, starts: date) -> int:
        return sum(by_start[starts] for by_start in self.counts.get(measure, {}).values())

    def keys(self, measure: str) -> list[str]:
        """Keys with any count in the run, most first."""
        found = self.counts.get(measure, {})
        return sorted(
            (k for k, v in found.items() if any(v[s] for s in self.starts)), key=lambda k: -sum(found[k].values())
        )

    def of(self, measure: str, key: str, starts: date) -> int:
        return self.counts.get(measure, {}).get(key, Counter())[starts]


def percentile(values: list[int], share: float) -> int:
    """Nearest-rank percentile: the smallest value with at least `share` of them at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def middle(values: list[int]) -> float:
    return median(values)


def compute(period: str, starts: list[date], now: datetime, zone: ZoneInfo) -> Figures:
    figures = Figures(period, starts)
    counts: dict[str, dict[str, Counter[date]]] = defaultdict(lambda: defaultdict(Counter))
    for row in db.session.scalars(select(Count).where(Count.period == period, Count.starts.in_(starts))):
        counts[row.measure][row.key][row.starts] += row.count
    still: dict[str, Counter[date]] = defaultdict(Counter)
    for request in live.requests():
        received = periods.start_of(period, request.received_at.astimezone(zone).date())
        still[request.kind][received] += 1
        missed = request.missed_at(now)
        if missed is not None:
            counts[tally.MISSED][request.kind][periods.start_of(period, missed.astimezone(zone).date())] += 1
    for kind, by_start in counts[tally.RECEIVED].items():
        for starts_on in starts:
            gone = by_start[starts_on] - still[kind][starts_on] - counts[tally.PURGED][kind][starts_on]
            counts[WITHDRAWN][kind][starts_on] = max(0, gone)
    for minutes, by_start in counts[tally.FIRST_ATTEMPT].items():
        for starts_on, number in by_start.items():
            figures.waits.setdefault(starts_on, []).extend([int(minutes)] * number)
    figures.counts = {measure: dict(by_key) for measure, by_key in counts.items()}
    return figures


WITHDRAWN = "withdrawn"  # worked out here, never stored
