"""What makes a kind of sealed request: the one core (this package) carries every kind.

Each kind is data: its code (stored in clear beside the request, and sealed
inside it), what the console calls it, the outcomes staff can record on it,
its own sealed answers and how the console checks them, and the room they
need when sealed. The call-back is the first kind and needs nothing beyond the
core's safe contact; another kind is a small module that defines one of these
(clares_law/kind.py) with its form and templates, listed in saferoute/kinds.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .plaintext import clean_text


@dataclass(frozen=True)
class Outcome:
    """One thing staff can record on a request, in the console's English."""

    code: str  # stored; unique across every kind, so the audit log reads it without its kind
    label: str
    closes: bool  # out of the queue, and the deletion clock starts


@dataclass(frozen=True)
class RequestKind:
    code: str
    name: str  # the console's English
    outcomes: tuple[Outcome, ...]
    # The kind's own sealed answers, by key, each with the console's check (which returns the
    # value, or raises ValueError): the console trusts only what these let through.
    answers: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    typed_room: int = 0  # sealed bytes its own answers may take, beyond the core's safe contact
    # Days the hub has to answer, from the directory (one home for the number), or None: no clock.
    answer_days: Callable[[Any], int | None] = lambda _directory: None
    # The console's rows about who the request is about, from its checked sealed answers: shown
    # before how to contact the person. None: there is nothing to show first.
    about: Callable[[dict], list[tuple[str, str]]] | None = None


CALLBACK_KIND = RequestKind(
    "callback",
    "Call-back",
    (
        Outcome("no-answer", "Tried - no answer", False),
        Outcome("someone-else", "Tried - someone else answered", False),
        Outcome("not-safe", "Tried - not safe to talk", False),
        Outcome("done", "Spoke - done", True),
        Outcome("stop", "Closed - person asked us to stop", True),
    ),
)


def text(limit: int, multiline: bool = False) -> Callable[[Any], str]:
    """A check for sealed text: at most `limit` characters, cleaned again (the console relies on nothing)."""

    def check(value: Any) -> str:
        if not isinstance(value, str) or len(value) > limit:
            raise ValueError("not text, or too long")
        return clean_text(value, multiline)

    return check


def one_of(codes: Iterable[str]) -> Callable[[Any], str]:
    """A check for a sealed code from a fixed list."""
    allowed = frozenset(codes)

    def check(value: Any) -> str:
        if value not in allowed:
            raise ValueError("not a known code")
        return value

    return check
