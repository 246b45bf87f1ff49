"""What a Clare's Law request can say, as codes, with the words each side reads.

The codes are what is sealed; the public form asks in the reader's language,
and the staff console (in English) shows the same codes in its own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from ..callback.vocabulary import Answer

OWN, SOMEONE = "own", "someone"  # asking about your own partner, or about someone else's


@dataclass(frozen=True)
class Way:
    """One of the two ways in: who is asking about whom."""

    code: str
    title: Any  # which way this is, as the Clare's Law page and the form's heading say it
    who: Any  # who it is for, in plain words
    link: Any  # the link to the form for this way
    console: str  # the console's English


WAYS = (
    Way(
        OWN,
        _l("Ask about your partner or ex-partner"),
        _l("If you are worried about someone you are with, or were with."),
        _l("Ask about my partner"),
        "About their own partner or ex-partner",
    ),
    Way(
        SOMEONE,
        _l("Ask about the partner of someone you know"),
        _l("If you are worried about a friend, relative or neighbour because of their partner or ex-partner."),
        _l("Ask about someone else's partner"),
        "About the partner of someone they know",
    ),
)
BY_WAY = {way.code: way for way in WAYS}

# How the person asked about is linked to the one at risk: the applicant for OWN, the
# person the applicant knows for SOMEONE.
RELATIONS = {
    OWN: (
        Answer("partner", _l("They are my partner"), "Partner"),
        Answer("ex-partner", _l("They are my ex-partner"), "Ex-partner"),
        Answer("new", _l("We have just started seeing each other"), "New relationship"),
    ),
    SOMEONE: (
        Answer("partner", _l("They are that person's partner"), "Partner of the person at risk"),
        Answer("ex-partner", _l("They are that person's ex-partner"), "Ex-partner of the person at risk"),
        Answer("new", _l("They have just started seeing that person"), "New relationship with the person at risk"),
    ),
}
# How the applicant knows the person who may be at risk (second way in only; optional).
KNOWS_AT_RISK = (
    Answer("family", _l("We are family"), "Family"),
    Answer("friend", _l("We are friends"), "Friend"),
    Answer("neighbour", _l("We are neighbours"), "Neighbour"),
    Answer("work", _l("We work together"), "Works with them"),
    Answer("other", _l("Another way"), "Another way"),
)


def words(answers: tuple[Answer, ...], code: str | None, unknown: str = "Not given") -> str:
    """An answer's console words; `unknown` when there was none."""
    return next((a.instruction for a in answers if a.code == code), unknown)
