"""The find-support form: a place and, if they like, a need. Nothing is kept.

The choice travels only in a POST body: never in an address (the History list
and server logs keep those), never in the page title (the History list keeps
that too), never in a log line.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from ..directory import ANY_PLACE, Directory, Support, services_for
from ..forms import OneOf, fail
from .presenters import NEEDS

TITLE = _l("Find support")


class SupportForm(FlaskForm):
    class Meta:
        csrf = False  # nothing changes on the server, and public pages set no cookie

    place = OneOf(_l("Where do you live?"), radio=False)
    need = OneOf(_l("Do you need a particular kind of support? (optional)"), radio=False)

    def __init__(self, *args, directory: Directory, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.directory = directory
        self.place.choices = [("", _l("Choose a place"))]
        self.place.choices += [(p.id, p.name) for p in directory.places]
        self.place.choices += [(ANY_PLACE, _l("Not sure, or I would rather not say"))]
        self.need.choices = [("", _l("No, show me everything"))] + [(k, v) for k, v in NEEDS.items()]

    @property
    def proper_names(self) -> set[str]:
        """Options that are place names: shown as written, never machine-translated."""
        return {p.id for p in self.directory.places}

    def validate(self, extra_validators=None) -> bool:
        if self.directory.places and not (self.place.data and self.place.valid()):
            fail(self.place, _l("Choose where you live, or choose 'Not sure'"))
        if self.need.data and not self.need.valid():
            fail(self.need, _l("Choose a kind of support from the list"))
        return not (self.place.errors or self.need.errors)

    def answer(self) -> Support:
        place = self.place.data if self.directory.places else None
        return services_for(self.directory, place or None, self.need.data or None)
