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

from ..board import facts, tally
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
from .outcomes import BY_CODE, COMPLETED, REFERRED, Result

RELAY_UK = "18002"  # Relay UK from a textphone or the app: 18002, then the number


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
    done: tuple[str, ...] = ()  # action codes (outcomes.py), sealed with the note
    referred: tuple[str, ...] = ()  # directory route ids, sealed with the note


def _codes(opened: dict, key: str) -> tuple[str, ...]:
    value = opened.get(key, [])
    return tuple(code for code in value if isinstance(code, str)) if isinstance(value, list) else ()


def history(request: CallbackRequest, outcomes: list[Outcome]) -> list[Step]:
    """Each outcome with its sealed part opened (the note, what was done, where they were referred);
    one the console did not seal is shown as such, with none of it."""
    steps = []
    for outcome, sound in sound_outcomes(request, outcomes):
        if not (sound and outcome.note_sealed):
            steps.append(Step(outcome, None, False, not sound))
            continue
        opened = open_sealed(outcome.note_sealed)
        if not isinstance(opened, dict) or not isinstance(opened.get("note"), str):
            steps.append(Step(outcome, None, True, False))
            continue
        steps.append(Step(outcome, opened["note"], False, False, _codes(opened, "done"), _codes(opened, "referred")))
    return steps


def _first_try(request: CallbackRequest, result: Result, now: datetime) -> int | None:
    """On the first try to reach the person: mark it on the request (for the board), and return
    the minutes since the first chosen time."""
    if not result.attempt or request.first_attempt_at is not None:
        return None
    request.first_attempt_at = now
    return facts.waited_minutes(min(w.starts_at for w in request.windows), now) if request.windows else None


def record(
    request: CallbackRequest,
    code: str,
    note: str,
    staff_name: str,
    now: datetime,
    retention_days: int,
    done: tuple[str, ...] = (),
    referred: tuple[str, ...] = (),
) -> Result:
    """Record an outcome; what was done and where they were referred (a completed contact only) are
    sealed with the note. The board counts it apart. A closing outcome starts the deletion clock."""
    kind = BY_CODE[code]
    did, to = (sorted(set(done)), sorted(set(referred))) if code == COMPLETED else ([], [])
    note = clean_text(note, multiline=True)
    sealed = None
    if note or did or to:
        sealed = seal(
            {"note": note, "request": request.reference, "done": did, "referred": to}, private_key().public_key
        )
    tally.recorded(kind.code, [*did, REFERRED.code] if to else did, to, _first_try(request, kind, now), now)
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
