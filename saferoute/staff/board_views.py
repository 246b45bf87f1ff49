"""The board's figures, for admins: a page of tables with a chart, and the same as CSV.

Nothing here opens a request: the figures come from counts and clear columns
(saferoute/board/). Looking and exporting are audited like everything else.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask import Response, g, render_template, request, url_for

from ..board import chart, export, figures, periods, presenters
from ..clock import now
from ..extensions import db
from ..services import directory
from . import audit, bp, signposting
from .display import zone

SHOWN = 6  # periods on the page and in the CSV
OLDEST = timedelta(days=366 * 5)  # far enough back for any board; no further


def _choice() -> tuple[str, list[date], date]:
    """The period kind and the run of periods asked for, checked: (kind, starts, this period's start)."""
    period = request.args.get("by", periods.MONTH)
    if period not in periods.PERIODS:
        period = periods.MONTH
    today = now().astimezone(zone()).date()
    current = periods.start_of(period, today)
    try:
        ending = periods.start_of(period, date.fromisoformat(request.args.get("ending", "")))
    except ValueError:
        ending = current
    ending = min(max(ending, periods.start_of(period, today - OLDEST)), current)
    return period, periods.recent(period, ending, SHOWN), current


def _board(action: str) -> tuple[presenters.Board, date]:
    """The figures asked for, the looking audited; and the current period's start."""
    period, starts, current = _choice()
    found = figures.compute(period, starts, now(), zone())
    audit.record(g.staff_user.name, action, detail=period)
    db.session.commit()
    return presenters.board(found, lambda route_id: signposting.service_name(directory(), route_id)), current


@bp.get("/board")
def board():
    shown, current = _board("board_view")
    period, starts = shown.period, shown.starts
    received = shown.summary.rows[0].cells
    earlier = periods.before(period, starts[-1])
    later = periods.after(period, starts[-1])
    return render_template(
        "staff/board.html",
        board=shown,
        chart=chart.bars([periods.short_name(period, s) for s in starts], received),
        chart_title=f"Requests received per {period}",
        small=presenters.SMALL,
        other=periods.WEEK if period == periods.MONTH else periods.MONTH,
        earlier_url=url_for("staff.board", by=period, ending=earlier.isoformat()),
        later_url=url_for("staff.board", by=period, ending=later.isoformat()) if later <= current else None,
        csv_url=url_for("staff.board_csv", by=period, ending=starts[-1].isoformat()),
    )


@bp.get("/board.csv")
def board_csv():
    shown, _current = _board("board_export")
    name = f"saferoute-board-{shown.period}s-to-{shown.starts[-1].isoformat()}.csv"
    return Response(
        "".join(export.lines(shown)),
        200,
        {"Content-Type": "text/csv; charset=utf-8", "Content-Disposition": f'attachment; filename="{name}"'},
    )
