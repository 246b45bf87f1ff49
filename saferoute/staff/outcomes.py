"""What the hub records about a request, as data: the one list of results, and what was done.

Plain data with no database or key in sight, so the board's figures
(board/) can word the codes without importing anything that opens a request.
Each entry names the kinds of request it applies to (saferoute/kinds.py): a
new kind brings its own entries. A result's code is unique across every kind,
so the audit log and the board read it without its kind. Clare's Law's results
are the steps of the Domestic Violence Disclosure Scheme, not of a call: a
request stays in the queue while checks go on, and leaves it (its deletion
clock started) once a disclosure is arranged, there is nothing to disclose, or
it is passed on.

Only the result code is stored in clear on the outcome row (the queue and the
request's status need it). What was done and where they were referred are
sealed with the note; the board counts them, apart from the request, as they
are recorded (board/tally.py). Nothing that belongs in police records (risk
answers, evidence) is ever recorded here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kinds import CALLBACK, CLARES_LAW


@dataclass(frozen=True)
class Result:
    code: str
    label: str
    closes: bool  # the request leaves the queue, and its deletion clock starts
    attempt: bool  # a try to reach the person: the board times the first one
    kinds: tuple[str, ...] = (CALLBACK,)


RESULTS = (
    Result("no-answer", "Tried - no answer", closes=False, attempt=True),
    Result("someone-else", "Tried - someone else answered", closes=False, attempt=True),
    Result("not-safe", "Tried - not safe to talk", closes=False, attempt=True),
    Result("done", "Spoke - contact complete", closes=True, attempt=True),
    Result("stop", "Closed - person asked us to stop", closes=True, attempt=False),
    Result("checks-started", "Checks started", closes=False, attempt=False, kinds=(CLARES_LAW,)),
    Result("more-information", "More information needed", closes=False, attempt=True, kinds=(CLARES_LAW,)),
    Result("not-reached", "Tried - could not reach", closes=False, attempt=True, kinds=(CLARES_LAW,)),
    Result("disclosure-arranged", "Disclosure arranged", closes=True, attempt=True, kinds=(CLARES_LAW,)),
    Result("nothing-to-disclose", "Nothing to disclose", closes=True, attempt=False, kinds=(CLARES_LAW,)),
    Result("referred-on", "Referred on", closes=True, attempt=False, kinds=(CLARES_LAW,)),
)
# What the console records on a request it cannot open, whatever its kind.
UNREADABLE = Result("unreadable", "Closed - could not be opened", closes=True, attempt=False, kinds=())
BY_CODE = {result.code: result for result in (*RESULTS, UNREADABLE)}
# The one result after which staff record what was done.
COMPLETED = "done"


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    kinds: tuple[str, ...] = (CALLBACK,)


# What a completed contact did (any of). Referrals are chosen from the directory, by id.
ACTIONS = (
    Action("advice", "Advice given"),
    Action("video-response", "Video response done"),
    Action("crime-report", "Crime report taken"),
    Action("clares-application", "Clare's Law application taken"),
    Action("risk-assessment", "Risk assessment done (recorded in police systems, not here)"),
    Action("marac", "Multi-agency risk assessment conference (MARAC) referral made"),
)
ACTION_BY_CODE = {action.code: action for action in ACTIONS}
# The board counts a referral under this action too, so "referred" sits beside the others.
REFERRED = Action("referred", "Referred to one or more support services")


def results_for(kind: str | None) -> tuple[Result, ...]:
    """What staff can record on a request of this (sealed) kind; None or a kind this version does
    not know: it cannot be opened, so only closing it unread."""
    found = tuple(result for result in RESULTS if kind is not None and kind in result.kinds)
    return found or (UNREADABLE,)


def actions_for(kind: str) -> tuple[Action, ...]:
    return tuple(action for action in ACTIONS if kind in action.kinds)


def result_label(code: str) -> str:
    """A result in words; a code this version does not know, as it is."""
    return BY_CODE[code].label if code in BY_CODE else code


def action_label(code: str) -> str:
    if code == REFERRED.code:
        return REFERRED.label
    return ACTION_BY_CODE[code].label if code in ACTION_BY_CODE else code
