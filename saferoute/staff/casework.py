"""One request at a time: how to call, what has happened, recording what happened.

A request is opened (checking.py) for the page that shows it and never kept
open. Anything that cannot be opened (a wrong key, damaged, malformed or
swapped data) is reported as such and audited, never raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import phonenumbers
from sqlalchemy import select

from .. import kinds
from ..callback.models import CallbackRequest, Status
from ..callback.payload import Payload
from ..callback.plaintext import clean_text
from ..callback.sealing import seal
from ..callback.vocabulary import OTHER_LANGUAGE, interpreter_name
from ..extensions import db
from . import audit, integrity
from .checking import open_sealed, sound_outcomes
from .keyfile import private_key
from .models import Outcome

RELAY_UK = "18002"  # Relay UK from a textphone or the app: 18002, then the number


def outcomes_for(kind: str | None) -> tuple[kinds.Outcome, ...]:
    """What staff can record on a request of this (sealed) kind; None: it cannot be opened, so only
    closing it unread."""
    found = kinds.REQUEST_KINDS.get(kind) if kind else None
    return found.outcomes if found else (kinds.UNREADABLE,)


def outcome_label(code: str) -> str:
    """An outcome in words; a code this version does not know, as it is."""
    return kinds.OUTCOMES[code].label if code in kinds.OUTCOMES else code


def get(request_id: int) -> CallbackRequest | None:
    return db.session.get(CallbackRequest, request_id)


def outcomes_of(request: CallbackRequest) -> list[Outcome]:
    return list(
        db.session.scalars(select(Outcome).where(Outcome.request_id == request.id).order_by(Outcome.at, Outcome.id))
    )


@dataclass(frozen=True)
class Dial:
    href: str  # tel: link
    shown: str  # what the worker reads
    relay: bool
    international: bool


def dial(number: str, method: str) -> Dial:
    """How to call `number` (E.164) for this contact method."""
    parsed = phonenumbers.parse(number)
    uk = parsed.country_code == 44  # the UK (with the Crown Dependencies, which share +44)
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    if method == "textphone" and uk:
        digits = "".join(c for c in national if c.isdigit())
        return Dial(f"tel:{RELAY_UK}{digits}", f"{RELAY_UK} {national}", relay=True, international=False)
    shown = national if uk else phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Dial(f"tel:{number}", shown, relay=False, international=not uk)


def interpreter(payload: Payload) -> str | None:
    code = payload.interpreter_language
    if not code:
        return None
    if code == OTHER_LANGUAGE:
        typed = payload.interpreter_other
        return f"{interpreter_name(code)}: {typed}" if typed else f"{interpreter_name(code)} (not named)"
    return interpreter_name(code)


def language_name(code: str | None) -> str:
    return interpreter_name(code) if code else "Not needed"


@dataclass(frozen=True)
class Step:
    outcome: Outcome
    note: str | None
    note_broken: bool  # a note that cannot be opened
    forged: bool  # not sealed by the console for this request: ignored


def history(request: CallbackRequest, outcomes: list[Outcome]) -> list[Step]:
    """Each outcome with its note opened; one the console did not seal is shown as such, with no note."""
    steps = []
    for outcome, sound in sound_outcomes(request, outcomes):
        note, broken = None, False
        if sound and outcome.note_sealed:
            opened = open_sealed(outcome.note_sealed)
            note = opened.get("note") if isinstance(opened, dict) and isinstance(opened.get("note"), str) else None
            broken = note is None
        steps.append(Step(outcome, note, broken, not sound))
    return steps


def record(
    request: CallbackRequest, code: str, note: str, staff_name: str, now: datetime, retention_days: int
) -> kinds.Outcome:
    """Record an outcome (and its sealed note); a closing outcome starts the deletion clock."""
    kind = kinds.OUTCOMES[code]
    note = clean_text(note, multiline=True)
    sealed = seal({"note": note, "request": request.reference}, private_key().public_key) if note else None
    outcome = Outcome(request_id=request.id, at=now, staff_name=staff_name, outcome=kind.code, note_sealed=sealed)
    outcome.mac = integrity.seal("outcome", *outcome.sealed_values(request.reference))
    db.session.add(outcome)
    request.updated_at = now
    if kind.closes:
        request.status = Status.CLOSED
        request.delete_after = now + timedelta(days=retention_days)
    else:
        request.status = Status.TRIED
    audit.record(staff_name, "outcome", request.reference, kind.code, at=now)
    db.session.commit()
    return kind
