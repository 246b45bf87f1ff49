"""The kinds of sealed request the hub receives, as data: the one list to add a kind to.

A kind's code is stored in clear beside each request (and sealed inside it);
`KINDS` words each code for the console. What a kind is (its outcomes, its own
sealed answers, its answer time) is its RequestKind, in `REQUEST_KINDS`.
"""

from __future__ import annotations

from .callback.kind import CALLBACK_KIND, Outcome, RequestKind
from .clares_law.kind import CLARES_LAW_KIND

__all__ = ["CALLBACK", "CLARES_LAW", "KINDS", "OUTCOMES", "REQUEST_KINDS", "UNREADABLE", "Outcome", "kind_name"]

REQUEST_KINDS: dict[str, RequestKind] = {kind.code: kind for kind in (CALLBACK_KIND, CLARES_LAW_KIND)}
CALLBACK, CLARES_LAW = CALLBACK_KIND.code, CLARES_LAW_KIND.code
KINDS = {code: kind.name for code, kind in REQUEST_KINDS.items()}
# What the console records on a request it cannot open, whatever its kind.
UNREADABLE = Outcome("unreadable", "Closed - could not be opened", True)
OUTCOMES: dict[str, Outcome] = {o.code: o for kind in REQUEST_KINDS.values() for o in (*kind.outcomes, UNREADABLE)}


def kind_name(code: str) -> str:
    """A kind in words; a code this version does not know, as it is."""
    return KINDS.get(code, code)
