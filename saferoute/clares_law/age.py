"""How old the person asked about is, from one box: an age, a year of birth or a date of birth.

People rarely know a partner's exact date of birth, and three boxes for a date
they do not know ask too much. One box takes "35", "about 35", "1990" or
"14 3 1990" (day, month, year; year first when it has four digits, as some
languages write it), in any digits Python reads as numbers. Anything else is
refused with an example, never guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# What the form shows as examples, in the words every language's messages put around them.
EXAMPLE_YEARS = "35"
EXAMPLE_BORN = "14 3 1990"
OLDEST = 110  # years: an age or birth date further back is a typing mistake
YOUNGEST = 10


class NotAnAge(ValueError):
    """Not an age, a year or a date we can read."""


class NotYet(ValueError):
    """A birth date or year after today."""


@dataclass(frozen=True)
class Age:
    """Exactly one of the three is set."""

    years: int | None = None
    born_year: int | None = None
    born: date | None = None

    def sealed(self) -> str:
        """As sealed: "35", "1990" or "1990-03-14"."""
        if self.born is not None:
            return self.born.isoformat()
        return str(self.born_year if self.born_year is not None else self.years)


def _whole(typed: str) -> int:
    return int(typed)  # int() reads any Unicode decimal digits: ٣٥ is 35


def parse(typed: str, today: date) -> Age:
    numbers = re.findall(r"\d+", typed)
    if len(numbers) == 1 and len(numbers[0]) <= 3:
        years = _whole(numbers[0])
        if not YOUNGEST <= years <= OLDEST:
            raise NotAnAge(typed)
        return Age(years=years)
    if len(numbers) == 1 and len(numbers[0]) == 4:
        year = _whole(numbers[0])
        if year > today.year:
            raise NotYet(typed)
        if not today.year - OLDEST <= year <= today.year - YOUNGEST:
            raise NotAnAge(typed)
        return Age(born_year=year)
    if len(numbers) == 3:
        first, middle, last = numbers
        if len(first) == 4:
            first, last = last, first
        if len(last) != 4:
            raise NotAnAge(typed)  # a two-digit year could be either century
        try:
            born = date(_whole(last), _whole(middle), _whole(first))
        except ValueError:
            raise NotAnAge(typed) from None
        if born > today:
            raise NotYet(typed)
        if born.year < today.year - OLDEST or born.year > today.year - YOUNGEST:
            raise NotAnAge(typed)
        return Age(born=born)
    raise NotAnAge(typed)


def read_sealed(value: str) -> Age:
    """The sealed form back (for the console); ValueError if it is not one."""
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return Age(born=date.fromisoformat(value))
    if re.fullmatch(r"[0-9]{4}", value):
        return Age(born_year=int(value))
    if re.fullmatch(r"[0-9]{1,3}", value):
        return Age(years=int(value))
    raise ValueError("not a sealed age")
