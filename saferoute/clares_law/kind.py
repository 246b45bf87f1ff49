"""Clare's Law as a kind of sealed request: its sealed answers as the console checks them.

Its outcomes (the steps of the Domestic Violence Disclosure Scheme, not of a
call) are entries tagged with this kind in the one list, staff/outcomes.py.
"""

from __future__ import annotations

from ..callback.forms import NAME_MAX
from ..callback.kind import RequestKind
from ..callback.kind import one_of as _one_of
from ..callback.kind import text as _text
from . import age as ages
from .forms import AGE_MAX, AREA_MAX, OTHER_NAMES_MAX, SUBJECT_NAME_MAX, has_letter
from .vocabulary import BY_WAY, KNOWS_AT_RISK, RELATIONS, SOMEONE, words

BYTES_A_CHARACTER = 4  # the most UTF-8 needs, as the core counts the call-back's answers


def _name(value: object) -> str:
    name = _text(SUBJECT_NAME_MAX)(value)
    if not has_letter(name):
        raise ValueError("subject_name: no name")
    return name


def _age(value: object) -> str:
    if value == "":
        return ""
    if not isinstance(value, str) or len(value) > AGE_MAX:
        raise ValueError("age: not text")
    ages.read_sealed(value)
    return value


def _age_words(sealed: str) -> str:
    if not sealed:
        return "Not given"
    found = ages.read_sealed(sealed)
    if found.born is not None:
        return f"Born {found.born.day} {found.born:%B %Y}"
    if found.born_year is not None:
        return f"Born in {found.born_year}"
    return f"About {found.years}"


def about(answers: dict) -> list[tuple[str, str]]:
    """Who the request is about, in the console's English, from its checked sealed answers."""
    way = answers["way"]
    rows = [
        ("Asking", BY_WAY[way].console),
        ("Full name", answers["subject_name"]),
        ("Other names", answers["other_names"] or "Not given"),
        ("Age", _age_words(answers["age"])),
        ("Where they live", answers["area"] or "Not given"),
        ("Linked how", words(RELATIONS[way], answers["relation"])),
    ]
    if way == SOMEONE:
        rows.append(("Person at risk (first name)", answers["at_risk_name"] or "Not given"))
        rows.append(("How the person asking knows them", words(KNOWS_AT_RISK, answers["knows_at_risk"])))
    return rows


CLARES_LAW_KIND = RequestKind(
    "clares-law",
    "Clare's Law",
    answers={
        "way": _one_of(BY_WAY),
        "subject_name": _name,
        "other_names": _text(OTHER_NAMES_MAX),
        "age": _age,
        "area": _text(AREA_MAX),
        "relation": _one_of({a.code for answers in RELATIONS.values() for a in answers}),
        "at_risk_name": _text(NAME_MAX),
        "knows_at_risk": _one_of({a.code for a in KNOWS_AT_RISK} | {""}),
    },
    answer_days=lambda directory: directory.clares_law.answer_days if directory.clares_law else None,
    about=about,
    typed_room=BYTES_A_CHARACTER * (SUBJECT_NAME_MAX + OTHER_NAMES_MAX + AGE_MAX + AREA_MAX + NAME_MAX) + 256,
)
