"""Suppression, waits, the chart's geometry and formula-safe cells: the board's rules on their own."""

from __future__ import annotations

from collections import Counter
from datetime import date

from saferoute import spreadsheet
from saferoute.board import chart, periods
from saferoute.board.figures import Figures, middle, percentile
from saferoute.board.presenters import FEWER, Row, _secondary, count_cell, duration, minutes_cell


def test_any_count_under_five_is_fewer_than_five():
    assert [count_cell(n).text for n in (0, 1, 4, 5, 1234)] == [FEWER, FEWER, FEWER, "5", "1,234"]
    assert count_cell(3).value is None and count_cell(5).value == 5


def test_a_lone_suppressed_cell_takes_the_smallest_shown_with_it():
    rows = [
        Row("a", [count_cell(9), count_cell(9)]),
        Row("b", [count_cell(6), count_cell(2)]),
        Row("c", [count_cell(2), count_cell(1)]),
    ]
    shown = [[cell.text for cell in row.cells] for row in _secondary(rows)]
    # First column: only c is small, so b (the smallest shown) goes too. Second: two are small already.
    assert shown == [["9", "9"], [FEWER, FEWER], [FEWER, FEWER]]


def test_waits_need_five_tries_and_use_the_nearest_rank():
    assert minutes_cell([1, 2, 3, 4], None).text == "fewer than 5 tries"
    waits = [5, 10, 15, 20, 25, 30, 35, 40, 45, 600]
    assert middle(waits) == 27.5 and percentile(waits, 0.9) == 45 and percentile([*waits, 700], 0.9) == 600
    assert minutes_cell(waits, 0.9).text == "45 min"
    assert [duration(m) for m in (-10, 59, 60, 185, 2880 + 61)] == [
        "-10 min",
        "59 min",
        "1 h 00 min",
        "3 h 05 min",
        "2 days 1 h",
    ]


def test_figures_total_and_keys():
    weeks = [date(2026, 11, 16), date(2026, 11, 23)]
    found = Figures(
        "week", weeks, {"received-method": {"phone": Counter({weeks[1]: 3}), "video": Counter({weeks[0]: 1})}}
    )
    assert found.total("received-method", weeks[1]) == 3 and found.keys("received-method") == ["phone", "video"]
    assert found.of("received-method", "textphone", weeks[0]) == 0


def test_months_and_weeks_step_over_year_ends():
    assert periods.after("month", date(2026, 12, 1)) == date(2027, 1, 1)
    assert periods.before("month", date(2027, 1, 1)) == date(2026, 12, 1)
    assert periods.recent("week", date(2027, 1, 3), 2) == [date(2026, 12, 21), date(2026, 12, 28)]
    assert periods.name("week", date(2026, 12, 28)) == "Week of Mon 28 Dec 2026"


def test_a_suppressed_bar_is_drawn_at_the_suppressed_height_whatever_the_count():
    drawn = chart.bars(["a", "b", "c"], [count_cell(0), count_cell(4), count_cell(40)])
    assert drawn.bars[0].height == drawn.bars[1].height > 0 and drawn.bars[0].suppressed
    assert drawn.bars[2].height > drawn.bars[1].height and drawn.gridlines[-1].label == "40"
    assert all(bar.y + bar.height == drawn.baseline for bar in drawn.bars)


def test_cells_a_spreadsheet_would_run_become_text():
    assert [
        spreadsheet.safe_cell(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=x", "|x", "%x", "plain", "-", -10, 3.5)
    ] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\t=x",
        "'|x",
        "'%x",
        "plain",
        "-",
        -10,
        3.5,
    ]
    assert "".join(spreadsheet.lines(("a", "b"), [["=x", 1]])) == "a,b\r\n'=x,1\r\n"
