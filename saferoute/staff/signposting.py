"""Signposting while on a call: the directory's services by place and need, as the public page finds them.

The same lookup (directory/support.py) and the same cards (help/presenters.py)
as Find support, so staff read out exactly what a person would see. The
services staff may refer to are the directory's own entries, by their
stable ids: local services and helplines.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField

from ..directory import ANY_PLACE, Directory, Route, Support, services_for
from ..help.presenters import NEEDS

REFERRABLE_KINDS = ("local", "helpline")


def service_name(directory: Directory, route_id: str) -> str:
    """A referral's service by its id; one the directory no longer lists, said so."""
    route = directory.get(route_id)
    return route.name if route else f"No longer listed ({route_id})"


def referrable(directory: Directory) -> tuple[Route, ...]:
    """The services a contact can be referred to, in the directory's order."""
    return tuple(route for route in directory.routes if route.kind in REFERRABLE_KINDS)


class LookupForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: nothing changes

    place = SelectField("Where do they live?", validate_choice=False)
    need = SelectField("A particular kind of support (optional)", validate_choice=False)
    request = HiddenField()  # the request being worked, for the way back

    def __init__(self, *args, directory: Directory, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.places = [(p.id, p.name) for p in directory.places] + [
            (ANY_PLACE, "Not known: services that cover everywhere")
        ]
        self.needs = [(code, str(words)) for code, words in NEEDS.items()]
        self.place.choices = [("", "Choose a place"), *self.places]
        self.need.choices = [("", "Any support"), *self.needs]

    @property
    def asked(self) -> bool:
        return bool(self.place.data)

    def answer(self, directory: Directory) -> Support | None:
        """The services for a valid choice; None before one is made (or for one not on the lists)."""
        places = {value for value, _label in self.places}
        needs = {"", *(value for value, _label in self.needs)}
        if self.place.data not in places or (self.need.data or "") not in needs:
            return None
        return services_for(directory, self.place.data, self.need.data or None)

    def request_id(self) -> int | None:
        value = self.request.data or ""
        return int(value) if value.isdigit() else None
