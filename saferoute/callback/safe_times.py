"""Safe times: one component for any request that asks when it is safe to contact someone.

A person ticks whole parts of a day (morning, afternoon, evening) in a few taps,
or opens "exact times" and ticks single windows. Either way every box sends
exact windows (a part of a day sends all of its windows), so what is stored and
shown to staff is exactly what was on the screen. Without JavaScript a window
ticked below is added to the parts ticked above; with it, static/js/forms.js
keeps the two in step.

The pieces, and all another form needs to ask for safe times:

    times = SafeTimesField(_l("When is it safe ...?"), none_chosen=_l("Choose ..."))  # on the form
    form.times.offered = windows.offered(hours, zone, now, rules)  # before validating
    form.times.chosen  # after validating: the exact windows (Window), in order
    form.times.anchor  # the error summary's link: the first box offered
    safe_times(form.times, picker(form.times, zone, today), hint=...)  # in the template

`SafeTimesField` checks what was sent against what is on offer; `picker()` is the
presenter (days, parts of days and windows, already labelled); the `safe_times`
macro is in templates/components/safe_times.html, its look in static/css/site.css
(.safe-times, .week) and its ticking in step in static/js/forms.js ([data-safe-times]).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.validators import ValidationError

from . import text
from .windows import Window, by_day, choose


@dataclass(frozen=True)
class Part:
    """A part of the day: the windows that start before `until` (and after the part before)."""

    key: str
    name: object  # a lazy string
    until: time | None  # None: to the end of the day


PARTS = (
    Part("morning", _l("Morning"), time(12)),
    Part("afternoon", _l("Afternoon"), time(18)),
    Part("evening", _l("Evening"), None),
)


def part_of(start: datetime) -> Part:
    """The part of the day a window belongs to, by its local start."""
    return next(part for part in PARTS if part.until is None or start.time() < part.until)


class SafeTimesField(Field):
    """The windows a person chose, checked against `offered` (set by the form).

    Messages are the form's to give where they name what happens at those times
    ("safe for you to get a call"); the ones about times that have passed are shared.
    """

    def __init__(self, label=None, *, none_chosen, **kwargs) -> None:
        super().__init__(label, **kwargs)
        self.none_chosen = none_chosen
        self.offered: list[Window] = []
        self.chosen: list[Window] = []

    def process_formdata(self, valuelist) -> None:
        # A box sends one window, or a part of a day's windows separated by spaces. The app's
        # cap on a request's size bounds how many arrive; each is checked against the offer.
        self.data = [value for sent in valuelist for value in str(sent).split()]

    def _value(self) -> str:
        return ""

    def pre_validate(self, form) -> None:
        self.chosen, rejected = choose(self.data or [], self.offered)
        # Keep only the boxes that can still be ticked, so the form shows the truth.
        self.data = [window.value for window in self.chosen]
        if rejected and self.chosen:
            raise ValidationError(_l("Some of the times you chose have passed. Check the times you want."))
        if rejected:
            raise ValidationError(_l("The times you chose have passed. Choose at least one time."))
        if not self.chosen:
            raise ValidationError(self.none_chosen)

    @property
    def anchor(self) -> str:
        """The id an error summary links to: the first box a person can tick (the first part of the first day)."""
        return part_id(self.id, self.offered[0]) if self.offered else self.id


def part_id(field_id: str, first: Window) -> str:
    """A part of a day's box, named by its first window."""
    return f"{field_id}-{first.value}-part"


# The presenter ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A part of the day as a column: its name and its usual times ("08:00 to 12:00")."""

    key: str
    name: str
    times: str


@dataclass(frozen=True)
class Box:
    id: str
    value: str  # one window's value, or a part's window values separated by spaces
    label: str  # "08:00 to 10:00" for a window; "Morning" for a part
    times: str  # a part's times ("10:00 to 12:00"); "" for a window (its label says it)
    checked: bool
    usual: bool = True  # a part's times are its column's: no need to show them again


@dataclass(frozen=True)
class Day:
    name: str  # "Today, Monday 23 November": what a screen reader says
    short: str  # "Today", "Wednesday 25": what fits at the start of a row on a phone
    parts: tuple[Box | None, ...]  # one per column; None where nothing is left that day
    windows: tuple[Box, ...]


@dataclass(frozen=True)
class Picker:
    columns: tuple[Column, ...]
    days: tuple[Day, ...]
    exact_open: bool  # a choice only the exact boxes can show: open them


def _spans(windows: list[Window]) -> list[Window]:
    """Back-to-back windows joined, so a part reads "08:00 to 12:00"; a gap keeps them apart."""
    joined: list[Window] = []
    for window in windows:
        if joined and joined[-1].end == window.start:
            joined[-1] = Window(joined[-1].start, window.end)
        else:
            joined.append(window)
    return joined


def picker(field: SafeTimesField, zone: ZoneInfo, today: date) -> Picker:
    """The offered windows as a week of days (rows) and parts of the day (columns), with exact windows.

    A part is ticked when every window in it is chosen; its windows then stay
    unticked below (they are sent by the part). A chosen window outside a fully
    chosen part is ticked below, and the exact times start open so it shows.
    """
    chosen = set(field.data or [])
    grouped = by_day(field.offered, zone)
    # A column's usual times: what most days offer in that part (a part already under way today differs).
    seen: dict[str, list[str]] = {}
    rows = []
    for day, windows in grouped:
        parts: dict[str, list[Window]] = {}
        for window in windows:
            parts.setdefault(part_of(window.start.astimezone(zone)).key, []).append(window)
        spans = {
            key: ", ".join(text.time_range(span, zone) for span in _spans(inside)) for key, inside in parts.items()
        }
        for key, times in spans.items():
            seen.setdefault(key, []).append(times)
        rows.append((day, windows, parts, spans))
    usual = {key: max(set(times), key=times.count) for key, times in seen.items()}
    columns = tuple(Column(part.key, str(part.name), usual[part.key]) for part in PARTS if part.key in usual)

    days, exact_open = [], False
    for day, windows, parts, spans in rows:
        cells: list[Box | None] = []
        covered: set[str] = set()
        for column in columns:
            inside = parts.get(column.key)
            if not inside:
                cells.append(None)
                continue
            values = [w.value for w in inside]
            whole = all(value in chosen for value in values)
            if whole:
                covered.update(values)
            times = spans[column.key]
            cells.append(
                Box(part_id(field.id, inside[0]), " ".join(values), column.name, times, whole, times == column.times)
            )
        exact = []
        for window in windows:
            ticked = window.value in chosen and window.value not in covered
            exact_open = exact_open or ticked
            exact.append(Box(f"{field.id}-{window.value}", window.value, text.time_range(window, zone), "", ticked))
        days.append(Day(text.day_name(day, today), text.short_day_name(day, today), tuple(cells), tuple(exact)))
    return Picker(columns, tuple(days), exact_open)
