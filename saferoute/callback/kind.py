"""What makes a kind of sealed request: the one core (this package) carries every kind.

Each kind is data: its code (stored in clear beside the request, and sealed
inside it), what the console calls it, its own sealed answers and how the
console checks them, and the room they
need when sealed. What staff can record on each kind is one list, each entry
tagged with its kinds (staff/outcomes.py). The call-back is the first kind and needs nothing beyond the
core's safe contact; another kind is a small module that defines one of these
(clares_law/kind.py) with its form and templates, listed in saferoute/kinds.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .plaintext import clean_text


@dataclass(frozen=True)
class RequestKind:
    code: str
    name: str  # the console's English
    # The kind's own sealed answers, by key, each with the console's check (which returns the
    # value, or raises ValueError): the console trusts only what these let through.
    answers: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    typed_room: int = 0  # sealed bytes its own answers may take, beyond the core's safe contact
    # Days the hub has to answer, from the directory (one home for the number), or None: no clock.
    answer_days: Callable[[Any], int | None] = lambda _directory: None
    # The console's rows about who the request is about, from its checked sealed answers: shown
    # before how to contact the person. None: there is nothing to show first.
    about: Callable[[dict], list[tuple[str, str]]] | None = None


CALLBACK_KIND = RequestKind("callback", "Call-back")


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
