"""A small bar chart of requests received per period, drawn by the server as SVG.

Geometry only: the template (staff/board.html) writes the SVG, escaped like
any page. No script, no library. A suppressed count is drawn as an outlined
bar of the suppressed height and labelled "fewer than 5", so its height
tells no more than the table does.
"""

from __future__ import annotations

from dataclasses import dataclass

from .presenters import SMALL, Cell

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 16, 40
STEPS = 4  # gridlines above zero


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the period, under the bar
    value: str  # over the bar
    suppressed: bool

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Gridline:
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: float
    baseline: float
    bars: list[Bar]
    gridlines: list[Gridline]


def _nice_top(largest: int) -> int:
    """A round number at least `largest`, divisible into STEPS gridlines."""
    top, scale = max(largest, SMALL), 1
    while True:
        for step in (1, 2, 5):
            if step * scale * STEPS >= top:
                return step * scale * STEPS
        scale *= 10


def bars(labels: list[str], cells: list[Cell]) -> Chart:
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = _nice_top(max((int(c.value or 0) for c in cells), default=0))
    slot = plot_width / max(1, len(cells))
    baseline = TOP + plot_height
    drawn = []
    for index, (label, cell) in enumerate(zip(labels, cells, strict=True)):
        number = SMALL if cell.suppressed else int(cell.value or 0)
        height = plot_height * number / top
        drawn.append(
            Bar(
                x=round(LEFT + index * slot + slot * 0.15, 1),
                y=round(baseline - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label=label,
                value=cell.text,
                suppressed=cell.suppressed,
            )
        )
    grid = [Gridline(round(baseline - plot_height * i / STEPS, 1), f"{top * i // STEPS:,}") for i in range(STEPS + 1)]
    return Chart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, baseline, drawn, grid)
