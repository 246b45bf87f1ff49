"""What the console's pages show, decided here: templates only lay it out.

The queue arrives grouped, labelled and pluralised; audit entries arrive in
words; the console's rules (lock-out, time-outs, codes) are worded from the
modules that enforce them, so a page can never state an old number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from ..callback.models import CallbackRequest
from ..callback.reference import format as format_reference
from ..callback.vocabulary import method_name
from ..callback.windows import Window
from . import audit
from .auth import CODE_DIGITS, LOCK_FOR, MAX_FAILURES
from .casework import language_name, outcome_label
from .display import age, clock, duration, plural, staff_datetime
from .models import AuditEntry
from .queue import CLOSED, Entry, Group, status_name
from .sessions import ABSOLUTE, IDLE


@dataclass(frozen=True)
class Rules:
    """The console's rules in the words its pages use."""

    idle: str  # "15 minutes": signed out after this long without a staff action
    absolute: str  # "8 hours": signed out this long after signing in, whatever happens
    lock_out: str
    code: str


RULES = Rules(
    idle=duration(IDLE),
    absolute=duration(ABSOLUTE),
    lock_out=f"After {MAX_FAILURES} wrong tries in a row an account is locked for {duration(LOCK_FOR)}.",
    code=f"{CODE_DIGITS} digits. Each code works once.",
)


# The queue ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    id: int
    reference: str  # as the person was shown it
    when: str
    when_note: str  # shown quieter beside `when`: "(open since 08:00)"
    more: str  # "and 2 more times", or nothing
    how: str
    interpreter: str
    received: str
    status: str
    status_note: str  # "14:05, 2 tries" after an outcome, or nothing


@dataclass(frozen=True)
class GroupView:
    group: Group
    rows: list[Row]

    @property
    def count(self) -> str:
        return f"{len(self.rows)} {self.group.name.lower()}"


def _when(entry: Entry, in_words: Callable[[Window], str]) -> tuple[str, str]:
    if entry.group == CLOSED.key:
        return staff_datetime(entry.request.delete_after), ""
    if entry.group == "due":
        return clock(entry.window.end), f"(open since {clock(entry.window.start)})"
    return in_words(entry.window), ""


def _status(entry: Entry) -> tuple[str, str]:
    last = entry.last_outcome
    if last is None:
        return status_name(entry.request.status), ""
    return outcome_label(last.outcome), f"{clock(last.at)}, {plural(entry.attempts, 'try', 'tries')}"


def _row(entry: Entry, now: datetime, in_words: Callable[[Window], str]) -> Row:
    request: CallbackRequest = entry.request
    when, when_note = _when(entry, in_words)
    status, status_note = _status(entry)
    more = entry.later and entry.group != CLOSED.key
    return Row(
        id=request.id,
        reference=format_reference(request.reference),
        when=when,
        when_note=when_note,
        more=f"and {plural(len(entry.later), 'more time', 'more times')}" if more else "",
        how=method_name(request.contact_method),
        interpreter=language_name(request.interpreter_language),
        received=age(request.created_at, now),
        status=status,
        status_note=status_note,
    )


def queue_groups(
    shown: Iterable[Group], entries: dict[str, list[Entry]], now: datetime, in_words: Callable[[Window], str]
) -> list[GroupView]:
    """The groups to show, in order, each with its rows ready to lay out."""
    return [GroupView(group, [_row(entry, now, in_words) for entry in entries[group.key]]) for group in shown]


def counts_sentence(groups: list[GroupView]) -> str:
    """ "2 due now, 0 later today, 1 upcoming, 0 missed." for screen readers when the queue refreshes."""
    return ", ".join(view.count for view in groups) + "."


# The audit log ------------------------------------------------------------------------------------

ACTORS = {audit.UNKNOWN_ACTOR: "Unknown name", audit.CLI_ACTOR: "Command line"}


@dataclass(frozen=True)
class AuditRow:
    when: str
    who: str
    what: str
    reference: str
    detail: str


def audit_detail(action: str, detail: str | None) -> str:
    """A detail in words: why a sign-in failed, or which outcome. Anything else (an account's name) as it is."""
    if not detail:
        return ""
    if action == "sign_in_failed":
        return audit.DETAILS.get(detail, detail)
    if action == "outcome":
        return outcome_label(detail)
    return detail


def audit_rows(entries: Iterable[AuditEntry]) -> list[AuditRow]:
    return [
        AuditRow(
            when=staff_datetime(entry.at, seconds=True),
            who=ACTORS.get(entry.actor, entry.actor),
            what=audit.ACTIONS.get(entry.action, entry.action),
            reference=format_reference(entry.reference) if entry.reference else "",
            detail=audit_detail(entry.action, entry.detail),
        )
        for entry in entries
    ]
