"""The board's figures as tables a person can read: labelled, and with small counts suppressed.

Any count under SMALL shows as "fewer than 5", so no one can be picked out.
In a breakdown that adds up to a total shown elsewhere, one suppressed cell
could be found by subtraction, so the next smallest is suppressed with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..callback.vocabulary import CONTACT_METHODS, INTERPRETERS, interpreter_name, method_name
from ..kinds import KINDS, kind_name
from ..staff.outcomes import action_label, result_label
from . import periods, tally
from .figures import WITHDRAWN, Figures, middle, percentile

SMALL = 5
FEWER = f"fewer than {SMALL}"


@dataclass(frozen=True)
class Cell:
    value: int | float | None  # None: suppressed
    text: str

    @property
    def suppressed(self) -> bool:
        return self.value is None


def count_cell(number: int) -> Cell:
    return Cell(None, FEWER) if number < SMALL else Cell(number, f"{number:,}")


def minutes_cell(waits: list[int], share: float | None) -> Cell:
    """The median (share None) or a percentile of the waits, once there are enough of them."""
    if len(waits) < SMALL:
        return Cell(None, f"{FEWER} tries")
    value = middle(waits) if share is None else percentile(waits, share)
    return Cell(value, duration(value))


def duration(minutes: float) -> str:
    """ "45 min", "3 h 05 min", "2 days 1 h"; a try before the first chosen time, as "-10 min"."""
    sign, whole = ("-" if minutes < 0 else ""), round(abs(minutes))
    if whole < 60:
        return f"{sign}{whole} min"
    hours, rest = divmod(whole, 60)
    if hours < 48:
        return f"{sign}{hours} h {rest:02d} min"
    days, hours = divmod(hours, 24)
    return f"{sign}{days} days {hours} h"


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]
    unit: str = "count"  # or "minutes" (the CSV says which)


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    caption: str
    rows: list[Row]
    heading: str  # over the row labels
    empty: str = "Nothing recorded in these periods."


@dataclass(frozen=True)
class Board:
    period: str
    columns: list[str]  # each period's name
    starts: list[date]
    summary: Table
    breakdowns: list[Table]


def _secondary(rows: list[Row]) -> list[Row]:
    """Per column: where exactly one cell is suppressed, suppress the smallest shown one too."""
    if not rows:
        return rows
    cells = [list(row.cells) for row in rows]
    for column in range(len(cells[0])):
        hidden = [i for i, row in enumerate(cells) if row[column].suppressed]
        shown = [i for i, row in enumerate(cells) if not row[column].suppressed]
        if len(hidden) == 1 and shown:
            smallest = min(shown, key=lambda i: cells[i][column].value or 0)
            cells[smallest][column] = Cell(None, FEWER)
    return [Row(row.label, row_cells) for row, row_cells in zip(rows, cells, strict=True)]


def _breakdown(
    figures: Figures, measure: str, label: Callable[[str], str], every: tuple[str, ...] | None = None
) -> list[Row]:
    """One row per key with a count; with `every` (a breakdown that adds up to the received total),
    a row for each possible key too, so a zero is suppressed like any small count and the
    smallest shown cell is suppressed beside a lone suppressed one."""
    found = figures.keys(measure)
    keys = [*every, *(k for k in found if k not in every)] if every is not None else found
    rows = [Row(label(key), [count_cell(figures.of(measure, key, s)) for s in figures.starts]) for key in keys]
    return _secondary(rows) if every is not None else rows


def language_label(code: str) -> str:
    return "No interpreter" if code == tally.NO_INTERPRETER else interpreter_name(code)


def board(figures: Figures, service_name: Callable[[str], str]) -> Board:
    starts = figures.starts
    received = [figures.total(tally.RECEIVED, s) for s in starts]
    summary = Table(
        "summary",
        "Requests",
        "Requests received, withdrawn, completed and missed, and the wait for a first try",
        [
            Row("Received", [count_cell(n) for n in received]),
            Row("Withdrawn by the person", [count_cell(figures.total(WITHDRAWN, s)) for s in starts]),
            Row(
                "Completed (spoke - contact complete)",
                [count_cell(figures.of(tally.RESULT, "done", s)) for s in starts],
            ),
            Row(
                "Missed (every chosen time passed with no try)",
                [count_cell(figures.total(tally.MISSED, s)) for s in starts],
            ),
            Row("First tries recorded", [count_cell(len(figures.waits.get(s, []))) for s in starts]),
            Row(
                "Median wait, first chosen time to first try",
                [minutes_cell(figures.waits.get(s, []), None) for s in starts],
                "minutes",
            ),
            Row(
                "90th percentile of that wait", [minutes_cell(figures.waits.get(s, []), 0.9) for s in starts], "minutes"
            ),
        ],
        "Figure",
    )
    breakdowns = [
        Table(
            "kind",
            "Received by kind",
            "Requests received, by kind",
            _breakdown(figures, tally.RECEIVED, kind_name, tuple(KINDS)),
            "Kind",
        ),
        Table(
            "method",
            "Received by contact method",
            "Requests received, by how the person asked to be contacted",
            _breakdown(figures, tally.RECEIVED_METHOD, method_name, tuple(a.code for a in CONTACT_METHODS)),
            "Contact method",
        ),
        Table(
            "language",
            "Received by interpreter language",
            "Requests received, by the interpreter the person asked for",
            _breakdown(figures, tally.RECEIVED_LANGUAGE, language_label, (tally.NO_INTERPRETER, *INTERPRETERS)),
            "Interpreter",
        ),
        Table(
            "results",
            "Results recorded",
            "Results of calls recorded by staff",
            _breakdown(figures, tally.RESULT, result_label),
            "Result",
        ),
        Table(
            "actions",
            "What was done in completed contacts",
            "What was done in completed contacts (one contact can do several)",
            _breakdown(figures, tally.ACTION, action_label),
            "What was done",
        ),
        Table(
            "referrals",
            "Referrals per service",
            "Referrals made to each service in the directory",
            _breakdown(figures, tally.REFERRAL, service_name),
            "Service",
        ),
    ]
    return Board(figures.period, [periods.name(figures.period, s) for s in starts], starts, summary, breakdowns)
