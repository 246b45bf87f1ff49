"""CSV that a spreadsheet opens as data: a text cell never starts a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# A cell starting with one of these is a formula (or starts one) to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value: object) -> str | int | float:
    """Numbers as they are; text that a spreadsheet would run, made plain text with a leading '."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value)
    # A dash alone is no formula (the audit's "unknown" actor): left as it reads.
    return "'" + text if text.startswith(FORMULA_STARTS) and text != "-" else text


def lines(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterable[str]:
    """The header and each row as CSV lines (CRLF), every cell made safe, one line at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in _chain(header, rows):
        writer.writerow([safe_cell(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _chain(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterable[Sequence[object]]:
    yield header
    yield from rows
