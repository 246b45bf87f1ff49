"""The kinds of sealed request the hub receives, as data: the one list to add a kind to.

A kind's code is stored in clear beside each request (and sealed inside it);
`KINDS` words each code for the console (the board's figures count by it).
What a kind is (its own sealed answers, its answer time) is its RequestKind, in
`REQUEST_KINDS`; what staff can record on it is in the one list of
staff/outcomes.py, each entry tagged with its kinds.
"""

from __future__ import annotations

from .callback.kind import CALLBACK_KIND, RequestKind
from .clares_law.kind import CLARES_LAW_KIND

__all__ = ["CALLBACK", "CLARES_LAW", "KINDS", "REQUEST_KINDS", "kind_name"]

REQUEST_KINDS: dict[str, RequestKind] = {kind.code: kind for kind in (CALLBACK_KIND, CLARES_LAW_KIND)}
CALLBACK, CLARES_LAW = CALLBACK_KIND.code, CLARES_LAW_KIND.code
KINDS = {code: kind.name for code, kind in REQUEST_KINDS.items()}


def kind_name(code: str) -> str:
    """A kind in words; a code this version does not know, as it is."""
    return KINDS.get(code, code)
