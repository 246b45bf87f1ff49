"""The Clare's Law request form: who it is about, then safe contact exactly as a call-back.

Only what the hub needs first: the person's full name and how they are linked
to the one at risk; what else is known ("if you know"); for someone else's
partner, the first name of the person at risk and how the asker knows them.
The rest is asked on the call. The safe-contact part is the call-back form
itself (this form extends it), so both ask, check and seal it the same way.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import Field, StringField
from wtforms.validators import Length

from ..callback.forms import NAME_MAX, CallbackForm
from ..callback.vocabulary import choices
from ..forms import OneOf, fail
from . import age as ages
from .vocabulary import KNOWS_AT_RISK, OWN, RELATIONS, SOMEONE

SUBJECT_NAME_MAX = 100
OTHER_NAMES_MAX = 200
AREA_MAX = 60
AGE_MAX = 20  # "about 35", "14 03 1990": more is not an age

SUBJECT_FIELDS = ("subject_name", "other_names", "age", "area", "relation", "at_risk_name", "knows_at_risk")
ONLY_SOMEONE = ("at_risk_name", "knows_at_risk")
AGE_EXAMPLE = _l(
    "Enter their age, like %(age)s, or their date of birth, like %(born)s",
    age=ages.EXAMPLE_YEARS,
    born=ages.EXAMPLE_BORN,
)
AGE_HINT = _l("For example, %(age)s, or %(born)s.", age=ages.EXAMPLE_YEARS, born=ages.EXAMPLE_BORN)


def has_letter(text: str) -> bool:
    return any(unicodedata.category(c).startswith("L") for c in text)


class ClaresLawForm(CallbackForm):
    ASKS_PURPOSE = False  # why they asked is the call-back's question; safe contact is shared
    subject_name = StringField(
        _l("Their full name"),
        [Length(max=SUBJECT_NAME_MAX, message=_l("Their name must be %(max)s characters or fewer"))],
    )
    other_names = StringField(
        _l("Other names they use (if you know)"),
        [Length(max=OTHER_NAMES_MAX, message=_l("Other names must be %(max)s characters or fewer"))],
    )
    age = StringField(_l("Their age or date of birth (if you know)"), [Length(max=AGE_MAX, message=AGE_EXAMPLE)])
    area = StringField(
        _l("The town or area where they live (if you know)"),
        [Length(max=AREA_MAX, message=_l("The town or area must be %(max)s characters or fewer"))],
    )
    relation = OneOf(_l("How are they linked to you?"))
    at_risk_name = StringField(
        _l("The first name of the person you are worried about (optional)"),
        [Length(max=NAME_MAX, message=_l("The first name must be %(max)s characters or fewer"))],
    )
    knows_at_risk = OneOf(_l("How do you know them? (optional)"), choices(KNOWS_AT_RISK))

    def __init__(self, *args, way: str, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.way = way
        self.today = today
        self.born: ages.Age | None = None
        self.relation.choices = choices(RELATIONS[way])
        if way == SOMEONE:
            self.relation.label.text = _l("How are they linked to the person you are worried about?")
        # Who they are comes first on the page, so first in the error summary; the second way
        # in alone asks about the person at risk.
        asked = [name for name in SUBJECT_FIELDS if way == SOMEONE or name not in ONLY_SOMEONE]
        fields: dict[str, Field] = self._fields  # type: ignore[has-type]  # WTForms sets it untyped
        self._fields = {
            **{name: fields[name] for name in asked},
            **{name: field for name, field in fields.items() if name not in (*SUBJECT_FIELDS, "purpose")},
        }

    def validate(self, extra_validators=None) -> bool:
        safe_contact = super().validate(extra_validators)
        self._clean(self.subject_name)
        if not self.subject_name.errors:
            if not self.subject_name.data:
                fail(self.subject_name, _l("Enter their full name"))
            elif not has_letter(self.subject_name.data):
                fail(self.subject_name, _l("Enter their name in letters"))
        for field in (self.other_names, self.area, self.at_risk_name):
            self._clean(field)
        self._age()
        self._must_choose(
            self.relation,
            _l("Choose how they are linked to you")
            if self.way == OWN
            else _l("Choose how they are linked to the person you are worried about"),
        )
        if not self.knows_at_risk.data:
            self.knows_at_risk.data = ""
        elif not self.knows_at_risk.valid():
            self._must_choose(self.knows_at_risk, _l("Choose how you know them, or leave it blank"))
        return safe_contact and not any(field.errors for field in self)

    def _age(self) -> None:
        self.born = None
        if self.age.errors:
            return
        self.age.data = " ".join((self.age.data or "").split())
        if not self.age.data:
            return
        try:
            self.born = ages.parse(self.age.data, self.today)
        except ages.NotYet:
            fail(self.age, _l("Their date of birth must be in the past"))
        except ages.NotAnAge:
            fail(self.age, AGE_EXAMPLE)

    def about(self) -> dict:
        """Who the request is about, to be sealed beside the safe-contact answers."""
        return {
            "way": self.way,
            "subject_name": self.subject_name.data,
            "other_names": self.other_names.data or "",
            "age": self.born.sealed() if self.born else "",
            "area": self.area.data or "",
            "relation": self.relation.data,
            "at_risk_name": (self.at_risk_name.data or "") if self.way == SOMEONE else "",
            "knows_at_risk": (self.knows_at_risk.data or "") if self.way == SOMEONE else "",
        }

    def private(self) -> dict:
        return {**super().private(), **self.about()}
