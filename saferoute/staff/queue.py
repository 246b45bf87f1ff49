"""The queue: open requests grouped by their windows in the hub's time zone.

Only the windows, method, interpreter language and status are used here, and
only as the console has checked them (checking.py): the clear columns while
they carry the console's seal, else the sealed copy, and the status from the
console's own sealed outcomes. Nothing from inside a request is shown. A
request that cannot be opened goes under "Check first", never breaks the
queue, and is never placed by its clear columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..callback.deadline import DaysLeft, answer_by, days_left
from ..callback.models import OPEN, CallbackRequest, Status
from ..callback.windows import Window
from ..extensions import db
from ..kinds import REQUEST_KINDS
from ..services import directory
from .checking import Facts, Problem, facts, sound_outcomes, status_from
from .models import Outcome

STATUS_NAMES: dict[str, str] = {Status.NEW: "New", Status.TRIED: "Tried", Status.CLOSED: "Closed"}


def status_name(code: str) -> str:
    return STATUS_NAMES.get(code, code)


# Filter choices: every open request (the default), or one status.
ANY_OPEN = "open"
STATUS_FILTERS = [
    (ANY_OPEN, f"Open ({' or '.join(STATUS_NAMES[status].lower() for status in OPEN)})"),
    *STATUS_NAMES.items(),
]
ANY_LANGUAGE, NO_INTERPRETER = "", "none"


@dataclass(frozen=True)
class Group:
    key: str
    name: str
    empty: str  # said when the group has no request
    when: str  # the heading of the column that says when to call
    hint: str = ""  # said above the group's requests


GROUPS = (
    Group("due", "Due now", "No request has a time open now.", "Safe until", "Closing soonest first."),
    Group("today", "Later today", "No more requests today.", "Next safe time"),
    Group("upcoming", "Upcoming", "Nothing after today.", "Next safe time"),
    Group(
        "missed",
        "Missed",
        "No missed requests.",
        "Last safe time",
        "Every time these people chose has passed. Do not call outside the times they chose.",
    ),
)
CLOSED = Group("closed", "Closed", "No closed requests.", "Deleted after")
# Requests that cannot be opened: listed first, without a time, only when there are any.
CHECK = Group(
    "check",
    "Check first",
    "Nothing to check.",
    "Why",
    "These requests cannot be opened, so the console does not know when or how to call. "
    "Do not guess: tell the console administrator.",
)


@dataclass
class Entry:
    request: CallbackRequest
    group: str
    window: Window | None  # the open window, the next one, or (missed) the last one; None if unreadable
    later: list[Window] = field(default_factory=list)  # further windows after `window`
    last_outcome: Outcome | None = None
    attempts: int = 0
    facts: Facts | None = None  # None: it cannot be opened (see `problem`)
    problem: Problem | None = None
    days_left: DaysLeft | None = None  # for a kind with an answer time (Clare's Law)
    answer_by: datetime | None = None  # when that time runs out


def place(windows: list[Window], now: datetime, zone: ZoneInfo) -> tuple[str, Window, list[Window]]:
    """Which group a request's windows put it in, the window that decides it, and those after."""
    if not windows:
        raise ValueError("a request without windows")
    for index, window in enumerate(windows):
        if window.start <= now < window.end:
            return "due", window, windows[index + 1 :]
        if window.start > now:
            today = now.astimezone(zone).date()
            group = "today" if window.start.astimezone(zone).date() == today else "upcoming"
            return group, window, windows[index + 1 :]
    return "missed", windows[-1], []


def _sort_key(entry: Entry):
    """By the window (closing soonest first when due), or by when its answer time runs out if sooner."""
    if entry.window is None:
        return (entry.request.created_at, entry.request.created_at)
    moment = entry.window.end if entry.group == "due" else entry.window.start
    if entry.answer_by is not None:
        moment = min(moment, entry.answer_by)
    return (moment, entry.request.created_at)


def _missed_key(entry: Entry):
    """Missed: a request whose answer time still runs first, fewest days left first; then the most
    recently missed."""
    if entry.days_left is not None:
        return (0, entry.days_left.left, entry.request.created_at.timestamp())
    start = entry.window.start.timestamp() if entry.window else 0
    return (1, -start, -entry.request.created_at.timestamp())


def answer_time(found: Facts, now: datetime, zone: ZoneInfo) -> tuple[DaysLeft | None, datetime | None]:
    """For a kind with an answer time (from the directory): the days left, and when they run out,
    from the checked facts (the sealed kind and arrival time)."""
    kind = REQUEST_KINDS.get(found.kind)
    days = kind.answer_days(directory()) if kind else None
    if days is None:
        return None, None
    return days_left(found.arrived, days, now, zone), answer_by(found.arrived, days, zone)


def _answer_times(entries: list[Entry], now: datetime, zone: ZoneInfo) -> None:
    for entry in entries:
        if entry.facts is not None:
            entry.days_left, entry.answer_by = answer_time(entry.facts, now, zone)


def _wanted(status: str, status_filter: str) -> bool:
    return status in OPEN if status_filter == ANY_OPEN else status == status_filter


def load(status: str, language: str, now: datetime, zone: ZoneInfo, longest: timedelta) -> dict[str, list[Entry]]:
    """Requests matching the filters, by group key, each group in order. `longest`: the longest window.

    Every stored request is looked at, and the filters applied to what the console has checked, so
    a database write to a clear column cannot hide a request or move it to another group."""
    requests = db.session.scalars(select(CallbackRequest)).all()
    outcomes = _outcomes([r.id for r in requests])
    groups: dict[str, list[Entry]] = {g.key: [] for g in (CHECK, *GROUPS, CLOSED)}
    for request in requests:
        history = outcomes.get(request.id, [])
        sound = [outcome for outcome, ok in sound_outcomes(request, history) if ok]
        last, attempts = (sound[-1] if sound else None), sum(1 for o in sound if o.outcome != "unreadable")
        found = facts(request, history, longest)
        if isinstance(found, Problem):
            closed = status_from(sound) == Status.CLOSED
            if _wanted(Status.CLOSED if closed else Status.NEW, status) and language == ANY_LANGUAGE:
                group = CLOSED.key if closed else CHECK.key
                groups[group].append(Entry(request, group, None, [], last, attempts, problem=found))
            continue
        if not _wanted(found.status, status) or not _language_wanted(found.interpreter_language, language):
            continue
        group, window, later = place(list(found.windows), now, zone)
        if found.status == Status.CLOSED:
            group = CLOSED.key
        groups[group].append(Entry(request, group, window, later, last, attempts, facts=found))
    db.session.commit()  # the checks sealed on requests seen for the first time
    for entries in groups.values():
        _answer_times(entries, now, zone)
        entries.sort(key=_missed_key if entries is groups["missed"] else _sort_key)
    return groups


def _language_wanted(code: str | None, language: str) -> bool:
    if language == NO_INTERPRETER:
        return code is None
    return not language or code == language


def _outcomes(ids: list[int]) -> dict[int, list[Outcome]]:
    found: dict[int, list[Outcome]] = {}
    if not ids:
        return found
    for outcome in db.session.scalars(
        select(Outcome).where(Outcome.request_id.in_(ids)).order_by(Outcome.at, Outcome.id)
    ):
        found.setdefault(outcome.request_id, []).append(outcome)
    return found
