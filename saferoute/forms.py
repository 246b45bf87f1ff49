"""Form pieces the public forms and the staff console share.

Both render with the same macros (templates/components/form.html): a field
offers `choices` as (value, label) pairs, and the error summary is the list
`error_list` makes.
"""

from __future__ import annotations

from typing import Any

from wtforms import Field, StringField


def fail(field: Field, message: Any) -> None:
    """Add an error in our own words (lazy strings are translated when shown)."""
    field.errors = [*field.errors, message]


class OneOf(StringField):
    """One answer from a fixed list (radios, or a select when `radio` is false).

    The list is ours to render and check, in our own words: WTForms' choice
    handling would add its own untranslated messages.
    """

    def __init__(self, label=None, choices=(), radio: bool = True, **kwargs) -> None:
        super().__init__(label, **kwargs)
        self.choices = list(choices)
        self.radio = radio

    def valid(self) -> bool:
        return self.data in {value for value, _label in self.choices}


def anchor(field: Field) -> str:
    """Where an error summary's link goes: the box itself, or the first of a group's boxes.

    A field whose first box has another id says so in its `anchor` attribute.
    """
    if (chosen := getattr(field, "anchor", None)) is not None:
        return chosen
    if getattr(field, "radio", False):
        return f"{field.id}-0"
    return field.id


def error_list(form: Any, notice: Any = None, notice_target: str = "send") -> list[tuple[str, str]]:
    """(id, message) pairs for the error summary: a notice about the whole form first, linked to
    `notice_target` (its button unless said otherwise), then each field's first message, in order."""
    found = [(anchor(field), str(field.errors[0])) for field in form if field.errors and field.name != "leave_blank"]
    return ([(notice_target, str(notice))] if notice else []) + found
