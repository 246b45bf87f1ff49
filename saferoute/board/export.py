"""The board's figures as CSV, suppressed exactly as the page shows them."""

from __future__ import annotations

from collections.abc import Iterable

from .. import spreadsheet
from .presenters import Board, Table

COLUMNS = ("period", "period_starts", "table", "row", "unit", "value")


def _rows(board: Board, table: Table) -> Iterable[list[object]]:
    for row in table.rows:
        for starts, cell in zip(board.starts, row.cells, strict=True):
            value = cell.text if cell.suppressed else cell.value
            yield [board.period, starts.isoformat(), table.title, row.label, row.unit, value]


def lines(board: Board) -> Iterable[str]:
    tables = [board.summary, *board.breakdowns]
    return spreadsheet.lines(COLUMNS, (row for table in tables for row in _rows(board, table)))
