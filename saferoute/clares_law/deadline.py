"""The days left to answer a Clare's Law request: the console shows them and orders by them.

Counted in the hub's calendar days from the day the request arrived, to the
answer time the directory states (one home: directory.ClaresLaw.answer_days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True, order=True)
class DaysLeft:
    left: int  # 0 on the last day; below 0 once overdue
    of: int

    @property
    def words(self) -> str:
        """The console's English: "12 of 28 days left", "Last day", "3 days overdue"."""
        if self.left == 0:
            return f"Last day of {self.of}"
        if self.left < 0:
            late = -self.left
            return f"{late} day{'s' if late != 1 else ''} overdue (of {self.of})"
        return f"{self.left} of {self.of} day{'s' if self.of != 1 else ''} left"


def days_left(arrived: datetime, answer_days: int, now: datetime, zone: ZoneInfo) -> DaysLeft:
    first_day = arrived.astimezone(zone).date()
    today = now.astimezone(zone).date()
    return DaysLeft((first_day + timedelta(days=answer_days) - today).days, answer_days)
