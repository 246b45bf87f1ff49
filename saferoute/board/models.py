"""The board's counts: one number per period, measure and key, with nothing to tie it to a request.

Written as things happen (board/tally.py) and kept after the requests they
count are withdrawn or purged. A row holds a week's or a month's start (in
the hub's time zone), what is counted ("received-language") and which one
("pl"): no reference, no time of day, no row to join. A withdrawal writes
nothing at all (figures.py works it out).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Base


class Count(Base):
    __tablename__ = "board_count"

    period: Mapped[str] = mapped_column(String(8), primary_key=True)  # "week" or "month"
    starts: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day, UK time
    measure: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
