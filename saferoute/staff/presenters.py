"""What the console's pages show, decided here: templates only lay it out.

The queue arrives grouped, labelled and pluralised; audit entries arrive in
words; the console's rules (lock-out, time-outs, codes) are worded from the
modules that enforce them, so a page can never state an old number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from ..callback.models import CallbackRequest, Status
from ..callback.reference import format as format_reference
from ..callback.vocabulary import method_name
from ..callback.windows import Window
from ..kinds import kind_name
from . import audit
from .auth import CODE_DIGITS, LOCK_FOR, MAX_CODE_FAILURES
from .casework import Step, language_name
from .checking import REASONS
from .display import age, clock, duration, plural, staff_datetime
from .models import AuditEntry
from .outcomes import action_label
from .outcomes import result_label as outcome_label
from .queue import CLOSED, Entry, Group, status_name
from .sessions import ABSOLUTE, IDLE
from .throttle import FIRST_WAIT, FREE_TRIES, LONGEST_WAIT


@dataclass(frozen=True)
class Rules:
    """The console's rules in the words its pages use."""

    idle: str  # "15 minutes": signed out after this long without a staff action
    absolute: str  # "8 hours": signed out this long after signing in, whatever happens
    lock_out: str
    code: str
    warnings_for: str  # "24 hours": how far back the admins' warnings above the queue go


RULES = Rules(
    idle=duration(IDLE),
    absolute=duration(ABSOLUTE),
    lock_out=(
        f"After {FREE_TRIES} wrong tries, further tries from the same place wait, from {duration(FIRST_WAIT)} "
        f"up to {duration(LONGEST_WAIT)}. {MAX_CODE_FAILURES} wrong codes in a row after the right password "
        f"lock the account for {duration(LOCK_FOR)}."
    ),
    code=f"{CODE_DIGITS} digits. Each code works once.",
    warnings_for=duration(audit.WARNINGS_FOR),
)


# The queue ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    id: int
    reference: str  # as the person was shown it
    kind: str  # "Call-back", "Clare's Law"
    days_left: str  # "12 of 28 days left" for a kind with an answer time, or nothing
    when: str
    when_note: str  # shown quieter beside `when`: "(open since 08:00)"
    more: str  # "and 2 more times", or nothing
    how: str
    interpreter: str
    received: str
    status: str
    status_note: str  # "14:05, 2 tries" after an outcome, or nothing
    changed: bool  # a column the queue sorts on disagreed with the sealed copy: open it to check


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
    if entry.window is None:  # it cannot be opened, so nothing says when
        return f"Cannot be opened: {REASONS[entry.problem]}" if entry.problem else "Unknown", ""
    if entry.group == "due":
        return clock(entry.window.end), f"(open since {clock(entry.window.start)})"
    return in_words(entry.window), ""


def _status(entry: Entry) -> tuple[str, str]:
    last = entry.last_outcome
    if last is None:  # only the console's own sealed outcomes count, never the stored status
        return status_name(Status.NEW), ""
    return outcome_label(last.outcome), f"{clock(last.at)}, {plural(entry.attempts, 'try', 'tries')}"


def _row(entry: Entry, now: datetime, in_words: Callable[[Window], str]) -> Row:
    request: CallbackRequest = entry.request
    when, when_note = _when(entry, in_words)
    status, status_note = _status(entry)
    more = entry.later and entry.group != CLOSED.key
    return Row(
        id=request.id,
        reference=format_reference(request.reference),
        kind=kind_name(request.kind),
        days_left=entry.days_left.words if entry.days_left and entry.group != CLOSED.key else "",
        when=when,
        when_note=when_note,
        more=f"and {plural(len(entry.later), 'more time', 'more times')}" if more else "",
        # As the console checked them against the sealed copy (checking.py), never the clear columns alone.
        how=method_name(entry.facts.contact_method) if entry.facts else "Unknown",
        interpreter=language_name(entry.facts.interpreter_language) if entry.facts else "Unknown",
        received=age(request.created_at, now),
        status=status,
        status_note=status_note,
        changed=bool(entry.facts and entry.facts.changed),
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


# The actions whose detail is a code from audit.DETAILS.
WORDED_DETAILS = {"sign_in_failed", "backoff", "tampered", "refused", "cannot_decrypt"}


@dataclass(frozen=True)
class AuditRow:
    when: str
    who: str
    what: str
    reference: str
    detail: str
    session: str  # the console session's public id, or nothing (a command)


def audit_detail(action: str, detail: str | None) -> str:
    """A detail in words: why a sign-in failed or was refused, which outcome. Anything else (an account's
    name) as it is."""
    if not detail:
        return ""
    if action in WORDED_DETAILS:
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
            session=entry.session or "",
        )
        for entry in entries
    ]


@dataclass(frozen=True)
class Alert:
    """One line of the admins' warnings above the queue."""

    when: str
    who: str
    what: str
    reference: str


def warnings(entries: Iterable[AuditEntry]) -> list[Alert]:
    """Lock-outs, back-off, tampering and heavy opening from the audit log, in words."""
    return [
        Alert(
            staff_datetime(entry.at),
            ACTORS.get(entry.actor, entry.actor),
            audit.ACTIONS[entry.action] + (f" ({audit_detail(entry.action, entry.detail)})" if entry.detail else ""),
            format_reference(entry.reference) if entry.reference else "",
        )
        for entry in entries
    ]


# One request's history ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    result: str
    when: str  # "Mon 23 Nov 2026, 14:05, ana"
    done: list[str]  # what was done, in words
    referred: list[str]  # service names from the directory
    note: str | None
    note_broken: bool
    forged: bool  # not sealed by this console: shown as such, and ignored


def history_rows(steps: Iterable[Step], service_name: Callable[[str], str]) -> list[HistoryRow]:
    return [
        HistoryRow(
            result=outcome_label(step.outcome.outcome),
            when=f"{staff_datetime(step.outcome.at)}, {step.outcome.staff_name}",
            done=[action_label(code) for code in step.done],
            referred=[service_name(route_id) for route_id in step.referred],
            note=step.note,
            note_broken=step.note_broken,
            forged=step.forged,
        )
        for step in steps
    ]
