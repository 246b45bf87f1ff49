"""What a sealed request of any kind holds, and the one check that an opened one is whole.

The public site seals it (store.py); the staff console opens it and trusts
nothing else (staff/checking.py): the windows, contact method and interpreter
are sealed beside what the person typed, so the console can show them from
here and notice when the clear columns that the queue sorts on disagree.

Version 2 seals each window as its start and its length in minutes (short, so
the largest request still fits sealing.PADDED_SIZE). Version 1 (before) sealed
starts only; its ends are taken from the clear columns, and only when they are
no longer than one window.

A request is padded to a size set by its window count alone (padded_size), so
what was typed never changes the sealed size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import phonenumbers

from ..kinds import CALLBACK, REQUEST_KINDS
from . import reference as references
from . import sealing
from .forms import AVOID_MAX, LANGUAGE_MAX, NAME_MAX, NOTE_MAX
from .plaintext import clean_text
from .vocabulary import CONTACT_METHODS, INTERPRETERS, PURPOSES, SOMEONE_ELSE
from .windows import VALUE_FORMAT, Window

MAX_WINDOWS = 64  # far more than the form offers
LONGEST_MINUTES = 24 * 60  # the longest window a payload may hold (the settings allow 12 hours)
# Far outside any real request's windows, and far inside what a datetime can shift and show in
# UK time: a sealed time outside these would otherwise break the queue for every request.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)


class Malformed(ValueError):
    """An opened payload with a field missing, of the wrong kind, or out of range."""


@dataclass(frozen=True)
class SealedWindow:
    start: datetime
    end: datetime | None  # None: sealed before ends were (version 1)


@dataclass(frozen=True)
class Payload:
    reference: str
    kind: str  # a code from saferoute/kinds.py; sealed before kinds were, a call-back
    sent: datetime | None  # when it arrived (None: sealed before that was)
    windows: tuple[SealedWindow, ...]
    contact_method: str
    interpreter_language: str | None
    phone: str  # E.164
    name: str
    note: str
    voicemail: bool
    texts: bool
    say_who: bool
    someone_else: str
    interpreter_other: str
    about: dict[str, Any] = field(default_factory=dict)  # the kind's own answers (RequestKind.answers), checked
    purpose: str = ""  # why they asked a call-back (vocabulary.PURPOSES), or "" when not said or another kind
    avoid: str = ""  # anyone we must not speak to (safe contact, every kind), as typed


def contents(
    reference: str,
    kind: str,
    sent: datetime,
    windows: list[Window],
    contact_method: str,
    interpreter_language: str | None,
    private: dict,
) -> dict:
    """What the public site seals for one request (sealing.seal adds the version)."""
    return {
        "reference": reference,
        "kind": kind,
        "sent": sent.astimezone(UTC).isoformat(),
        "windows": [_sealed(w) for w in sorted(windows)],
        "contact_method": contact_method,
        "interpreter_language": interpreter_language,
        **private,
    }


def _sealed(window: Window) -> list:
    """One window as version 2 seals it: its start, and its length in minutes."""
    return [window.value, _minutes(window)]


def _minutes(window: Window) -> int:
    return int((window.end - window.start).total_seconds() // 60)


# What one more window adds to a sealed request at most: the longest one there can be, and a comma.
WINDOW_BYTES = len(sealing.encode(_sealed(Window(EARLIEST, EARLIEST + timedelta(minutes=LONGEST_MINUTES))))) + 1
# Every request with up to this many windows has sealing.PADDED_SIZE, the size of all of them under
# the default rules (eight days of seven windows is more than they offer).
WINDOWS_IN_PADDED_SIZE = 56
# The room left for everything but the windows: the longest answers the form accepts, at 4 bytes a
# character (the most UTF-8 needs, and more than any JSON escape the form lets through), fit it:
# tests/unit/test_callback_payload.py builds the worst case from the form's limits.
TYPED_ROOM = sealing.PADDED_SIZE - WINDOWS_IN_PADDED_SIZE * WINDOW_BYTES


def padded_size(windows: int, kind_room: int = 0) -> int:
    """The size a request with this many windows is padded to: never what was typed. `kind_room`:
    what a kind's own answers may take beyond the call-back's (RequestKind.typed_room), so every
    request of one kind with as many windows is the same size."""
    need = TYPED_ROOM + kind_room + windows * WINDOW_BYTES
    return max(sealing.PADDED_SIZE, -(-need // 1024) * 1024)


def _moment(value: object) -> datetime:
    if not isinstance(value, str):
        raise Malformed("a time that is not text")
    try:
        moment = datetime.strptime(value, VALUE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise Malformed("a time in an unknown form") from None
    if not EARLIEST <= moment < LATEST:
        raise Malformed("a time no request could have")
    return moment


def _sent(value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise Malformed("sent: not a time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Malformed("sent: not a time") from None
    if moment.tzinfo is None or not EARLIEST <= moment < LATEST:
        raise Malformed("sent: a time no request could have")
    return moment.astimezone(UTC)


def _window(value: object, version: int) -> SealedWindow:
    if version == 1:
        return SealedWindow(_moment(value), None)
    if not (isinstance(value, list) and len(value) == 2):
        raise Malformed("a window that is not a start and a length")
    minutes = value[1]
    if not (isinstance(minutes, int) and not isinstance(minutes, bool) and 0 < minutes <= LONGEST_MINUTES):
        raise Malformed("a window's length is not a number of minutes in a day")
    start = _moment(value[0])
    return SealedWindow(start, start + timedelta(minutes=minutes))


def _text(data: dict, key: str, limit: int, multiline: bool = False) -> str:
    value = data.get(key)
    if not isinstance(value, str) or len(value) > limit:
        raise Malformed(f"{key}: not text, or too long")
    try:
        value.encode()
    except UnicodeEncodeError:  # half of a character (JSON allows "\ud800"): no page could show it
        raise Malformed(f"{key}: not text") from None
    # Cleaned again: the console does not rely on the public site having done it.
    return clean_text(value, multiline)


def _flag(data: dict, key: str) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise Malformed(f"{key}: not yes or no")
    return value


def _phone(value: object) -> str:
    if not (
        isinstance(value, str)
        and value.startswith("+")
        and value[1:].isascii()
        and value[1:].isdigit()
        and len(value) <= 16
    ):
        raise Malformed("phone: not an international number")
    try:
        phonenumbers.parse(value)
    except phonenumbers.NumberParseException:
        raise Malformed("phone: not a number") from None
    return value


def _choice(data: dict, key: str, choices, optional: bool = False):
    """One of `choices` (text, or None when `optional`): never compared unless it is one of those kinds."""
    value = data.get(key)
    if (value is None and optional) or (isinstance(value, str) and value in choices):
        return value
    raise Malformed(f"{key}: unknown")


def read(data: object) -> Payload:
    """An opened payload, checked field by field; Malformed if anything is missing or wrong."""
    version = sealing.version_of(data)
    if not isinstance(data, dict) or version is None:
        raise Malformed("not a request payload in a format this code reads")
    windows = data.get("windows")
    if not (isinstance(windows, list) and 0 < len(windows) <= MAX_WINDOWS):
        raise Malformed("windows: none, or not a list")
    reference = data.get("reference")
    if not (isinstance(reference, str) and references.normalise(reference) == reference):
        raise Malformed("reference: not one we give")
    code = data.get("kind", CALLBACK)
    kind = REQUEST_KINDS.get(code) if isinstance(code, str) else None
    if kind is None:
        raise Malformed("kind: unknown")
    try:
        about = {key: check(data.get(key)) for key, check in kind.answers.items()}
    except ValueError as refused:
        raise Malformed(f"{kind.code}: {refused}") from None
    return Payload(
        reference=reference,
        kind=kind.code,
        sent=_sent(data.get("sent")),
        about=about,
        windows=tuple(sorted((_window(w, version) for w in windows), key=lambda w: w.start)),
        contact_method=_choice(data, "contact_method", {answer.code for answer in CONTACT_METHODS}),
        interpreter_language=_choice(data, "interpreter_language", INTERPRETERS, optional=True),
        phone=_phone(data.get("phone")),
        name=_text(data, "name", NAME_MAX),
        note=_text(data, "note", NOTE_MAX, multiline=True),
        voicemail=_flag(data, "voicemail"),
        texts=_flag(data, "texts"),
        say_who=_flag(data, "say_who"),
        someone_else=_choice(data, "someone_else", {answer.code for answer in SOMEONE_ELSE}),
        interpreter_other=_text(data, "interpreter_other", LANGUAGE_MAX),
        # Asked since (issue 15): a request sealed before has neither; why they asked is the
        # call-back's own question, so another kind's is never read.
        purpose=_choice(data, "purpose", {"", *(answer.code for answer in PURPOSES)})
        if "purpose" in data and kind.code == CALLBACK
        else "",
        avoid=_text(data, "avoid", AVOID_MAX) if "avoid" in data else "",
    )
