"""The console trusts only the sealed copy of a request, and its own sealed outcomes.

The public site stores a request twice: sealed (everything, readable only
here) and in clear (the kind, windows, contact method and interpreter, which the
queue sorts on). Anyone who can write the database can change the clear copy,
for example move a person's window or turn "phone" into "video". So:

- `open_request` opens the sealed copy, reads it field by field
  (callback/payload.py) and compares the clear columns with it. The request
  page shows only the sealed values; a clear column that disagrees is named
  (`Facts.changed`), flagged on the page and in the queue, audited, and never
  used. A payload that cannot be opened, is malformed, or belongs to another
  reference raises CannotOpen with the reason.
- `facts` gives the queue the same guarantee cheaply: the first time the
  console sees a request it opens and compares it, and seals the clear columns
  (`checked_mac`). After that the queue uses them while that seal holds; a row
  changed since no longer fits it, so it is opened and compared again. The
  queue shows nothing from inside a request.
- A request's status is worked out from the outcomes the console sealed, not
  read from its clear column, so a request cannot be hidden from the queue, or
  brought back into it, by a database write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from nacl.exceptions import CryptoError
from sqlalchemy import update

from ..callback.models import CallbackRequest, Status
from ..callback.payload import Malformed, Payload, SealedWindow, read
from ..callback.sealing import unseal
from ..callback.windows import Window
from ..extensions import db
from . import integrity
from .integrity import Seal
from .keyfile import private_keys
from .models import Outcome
from .problems import REASONS, Problem  # noqa: F401  (REASONS: read here by the pages)


class CannotOpen(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class Facts:
    """What the console may rely on about a request: sealed, or checked against the sealed copy."""

    windows: tuple[Window, ...]
    contact_method: str
    interpreter_language: str | None
    status: Status
    kind: str  # a code from saferoute/kinds.py
    arrived: datetime  # when it was sent (sealed; a call-back sealed before that was: its clear time)
    changed: tuple[str, ...] = ()  # the clear columns that disagree, in words


@dataclass(frozen=True)
class Opened:
    payload: Payload
    facts: Facts


def open_sealed(sealed: bytes) -> object | None:
    """Open with whichever key sealed it (more than one only during a key rotation); None if none can."""
    for key in private_keys():
        try:
            return unseal(sealed, key)
        except CryptoError:
            continue
        except (ValueError, TypeError, RecursionError):  # opened, but not JSON (or nested past Python's limit)
            return None
    return None


def sound_outcomes(request: CallbackRequest, outcomes: list[Outcome]) -> list[tuple[Outcome, bool]]:
    """Each outcome, and whether it carries the console's seal for this request."""
    return [
        (outcome, integrity.check("outcome", outcome.mac, *outcome.sealed_values(request.reference)) is not Seal.BROKEN)
        for outcome in outcomes
    ]


def status_from(outcomes: list[Outcome]) -> Status:
    """A request's status from its sealed outcomes, oldest first."""
    from .outcomes import BY_CODE

    if not outcomes:
        return Status.NEW
    last = BY_CODE.get(outcomes[-1].outcome)
    return Status.CLOSED if last is not None and last.closes else Status.TRIED


def clear_windows(request: CallbackRequest) -> list[Window]:
    return sorted(Window(w.starts_at, w.ends_at) for w in request.windows)


def _stamp_values(request: CallbackRequest, windows: list[Window]) -> tuple:
    spans = [[w.start, w.end] for w in windows]
    values = (request.reference, request.kind, request.created_at, request.contact_method, request.interpreter_language)
    return (*values, spans)


def _windows(
    sealed: tuple[SealedWindow, ...], clear: list[Window], longest: timedelta
) -> tuple[tuple[Window, ...], bool]:
    """The sealed windows, and whether the clear ones disagree with them."""
    by_start = {window.start: window for window in clear}
    changed = len(clear) != len(sealed) or len(by_start) != len(clear)
    kept = []
    for window in sealed:
        found = by_start.get(window.start)
        if window.end is not None:
            kept.append(Window(window.start, window.end))
            changed |= found is None or found.end != window.end
        elif found is not None and window.start < found.end <= window.start + longest:
            kept.append(found)  # version 1: the clear end, which is no longer than a window
        else:
            kept.append(Window(window.start, window.start + longest))
            changed = True
    return tuple(kept), changed


def open_request(request: CallbackRequest, outcomes: list[Outcome], longest: timedelta) -> Opened:
    """The sealed copy, read and compared with the clear columns; CannotOpen if it cannot be trusted.

    `outcomes`: the request's outcomes, oldest first; `longest`: the longest a window can be."""
    opened = open_sealed(request.sealed)
    if opened is None:
        raise CannotOpen(Problem.DAMAGED)
    try:
        payload = read(opened)
    except Malformed:
        raise CannotOpen(Problem.MALFORMED) from None
    if payload.reference != request.reference:
        raise CannotOpen(Problem.MOVED)
    windows, windows_changed = _windows(payload.windows, clear_windows(request), longest)
    sound = [outcome for outcome, ok in sound_outcomes(request, outcomes) if ok]
    status = status_from(sound)
    changed = tuple(
        what
        for what, differs in (
            ("kind", request.kind != payload.kind),
            ("arrived", payload.sent is not None and request.created_at != payload.sent),
            ("windows", windows_changed),
            ("contact method", request.contact_method != payload.contact_method),
            ("interpreter", request.interpreter_language != payload.interpreter_language),
            ("status", request.status != status),
        )
        if differs
    )
    arrived = payload.sent or request.created_at
    facts = Facts(windows, payload.contact_method, payload.interpreter_language, status, payload.kind, arrived, changed)
    return Opened(payload, facts)


def facts(request: CallbackRequest, outcomes: list[Outcome], longest: timedelta) -> Facts | Problem:
    """For the queue: the request's facts without opening it when its clear columns still carry the
    console's seal; otherwise opened and compared, and sealed when they agree. The caller commits."""
    clear = clear_windows(request)
    seal = integrity.check("request", request.checked_mac, *_stamp_values(request, clear))
    if seal is Seal.GOOD:
        status = status_from([outcome for outcome, ok in sound_outcomes(request, outcomes) if ok])
        changed = ("status",) if status != request.status else ()
        return Facts(
            tuple(clear),
            request.contact_method,
            request.interpreter_language,
            status,
            request.kind,
            request.created_at,
            changed,
        )
    try:
        opened = open_request(request, outcomes, longest)
    except CannotOpen as cannot:
        return cannot.problem
    if not set(opened.facts.changed) - {"status"}:
        stamp(request, clear)
    return opened.facts


def stamp(request: CallbackRequest, windows: list[Window]) -> None:
    """Seal the clear columns, which have just been found to agree with the sealed copy."""
    db.session.execute(
        update(CallbackRequest)
        .where(CallbackRequest.id == request.id)
        .values(checked_mac=integrity.seal("request", *_stamp_values(request, windows)))
        .execution_options(synchronize_session=False)
    )
