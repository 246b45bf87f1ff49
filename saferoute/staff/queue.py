"""The queue: open requests grouped by their windows in the hub's time zone.

Only what is stored in clear is used here (windows, method, interpreter
language, status, times): nothing is opened to build the queue, so a request
that cannot be decrypted never breaks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..callback.models import OPEN, CallbackRequest, Status
from ..callback.windows import Window
from ..extensions import db
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


@dataclass
class Entry:
    request: CallbackRequest
    group: str
    window: Window  # the open window, the next one, or (missed) the last one
    later: list[Window] = field(default_factory=list)  # further windows after `window`
    last_outcome: Outcome | None = None
    attempts: int = 0


def windows_of(request: CallbackRequest) -> list[Window]:
    return sorted(Window(w.starts_at, w.ends_at) for w in request.windows)


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
    if entry.group == "due":
        return (entry.window.end, entry.request.created_at)  # closing soonest first
    return (entry.window.start, entry.request.created_at)


def load(status: str, language: str, now: datetime, zone: ZoneInfo) -> dict[str, list[Entry]]:
    """Requests matching the filters, by group key, each group in order."""
    query = select(CallbackRequest)
    if status == ANY_OPEN:
        query = query.where(CallbackRequest.status.in_(OPEN))
    else:
        query = query.where(CallbackRequest.status == status)
    if language == NO_INTERPRETER:
        query = query.where(CallbackRequest.interpreter_language.is_(None))
    elif language:
        query = query.where(CallbackRequest.interpreter_language == language)
    requests = db.session.scalars(query).all()
    outcomes = _outcomes([r.id for r in requests])
    groups: dict[str, list[Entry]] = {g.key: [] for g in (*GROUPS, CLOSED)}
    for request in requests:
        windows = windows_of(request)
        if not windows:
            continue
        group, window, later = place(windows, now, zone)
        if request.closed:
            group = CLOSED.key
        history = outcomes.get(request.id, [])
        groups[group].append(
            Entry(
                request,
                group,
                window,
                later,
                history[-1] if history else None,
                sum(1 for o in history if o.outcome != "unreadable"),
            )
        )
    for entries in groups.values():
        entries.sort(key=_sort_key)
    groups["missed"].reverse()  # the most recently missed first
    return groups


def _outcomes(ids: list[int]) -> dict[int, list[Outcome]]:
    found: dict[int, list[Outcome]] = {}
    if not ids:
        return found
    for outcome in db.session.scalars(
        select(Outcome).where(Outcome.request_id.in_(ids)).order_by(Outcome.at, Outcome.id)
    ):
        found.setdefault(outcome.request_id, []).append(outcome)
    return found
