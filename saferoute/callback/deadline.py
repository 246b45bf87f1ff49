"""Days left to answer a request of a kind with an answer time (Clare's Law), for the console.

Counted in the hub's calendar days from the day the request arrived, to the
answer time the directory states (one home: the kind's answer_days, from the directory).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
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


def answer_by(arrived: datetime, answer_days: int, zone: ZoneInfo) -> datetime:
    """The moment the last day ends, in the hub's time zone."""
    last_day = arrived.astimezone(zone).date() + timedelta(days=answer_days)
    return datetime.combine(last_day + timedelta(days=1), time(0), zone)


def days_left(arrived: datetime, answer_days: int, now: datetime, zone: ZoneInfo) -> DaysLeft:
    first_day = arrived.astimezone(zone).date()
    today = now.astimezone(zone).date()
    return DaysLeft((first_day + timedelta(days=answer_days) - today).days, answer_days)
